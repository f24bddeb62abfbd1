"""Writes of the client's job preferences (client data: logged)."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.core.errors import FieldErrors
from tyopolku.employers.codes import municipality_is_valid
from tyopolku.matching.industries import is_industry_code
from tyopolku.matching.models import JobPreference
from tyopolku.pathway.models import Enrollment

MAX_WORDS = 30
MAX_WORD_LENGTH = 60
MAX_TEXT_LENGTH = 4000
MAX_HOURS = Decimal(80)


def _words(values: Iterable[str], field: str, errors: FieldErrors) -> list[str]:
    """Lower-case, trimmed, each once, in the order given."""
    words = list(dict.fromkeys(w.strip().casefold() for w in values or () if w and w.strip()))
    if len(words) > MAX_WORDS:
        errors.add(field, _("At most %(n)s words.") % {"n": MAX_WORDS})
    elif any(len(w) > MAX_WORD_LENGTH for w in words):
        errors.add(field, _("A word has at most %(n)s characters.") % {"n": MAX_WORD_LENGTH})
    return words


def _codes(values: Iterable[str], field: str, valid, message: str, errors: FieldErrors):
    codes = list(dict.fromkeys(c.strip() for c in values or () if c and c.strip()))
    wrong = [c for c in codes if not valid(c)]
    if wrong:
        errors.add(field, message % {"codes": ", ".join(wrong)})
    return codes


def _text(value: str, field: str, errors: FieldErrors) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT_LENGTH:
        errors.add(field, _("At most %(n)s characters.") % {"n": MAX_TEXT_LENGTH})
    return value


def _hours(value, field: str, errors: FieldErrors) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if not 0 <= hours <= MAX_HOURS:
        errors.add(field, _("Give the hours a week, 0–80."))
        return None
    return hours


@transaction.atomic
def preference_set(
    *,
    user: User,
    enrollment: Enrollment,
    wanted_work: str = "",
    keywords: Iterable[str] = (),
    industry_codes: Iterable[str] = (),
    hours_min=None,
    hours_max=None,
    municipality_codes: Iterable[str] = (),
    avoid: str = "",
    avoid_keywords: Iterable[str] = (),
    strengths: str = "",
) -> JobPreference:
    """Replace the job preferences of an enrollment fetched through `enrollment_get`."""
    errors = FieldErrors()
    data = {
        "wanted_work": _text(wanted_work, "wanted_work", errors),
        "keywords": _words(keywords, "keywords", errors),
        "industry_codes": _codes(
            industry_codes,
            "industry_codes",
            is_industry_code,
            _("Unknown TOL 2008 industry code: %(codes)s"),
            errors,
        ),
        "hours_min": _hours(hours_min, "hours_min", errors),
        "hours_max": _hours(hours_max, "hours_max", errors),
        "municipality_codes": _codes(
            municipality_codes,
            "municipality_codes",
            municipality_is_valid,
            _("Not a municipality code of the official list, e.g. 405: %(codes)s"),
            errors,
        ),
        "avoid": _text(avoid, "avoid", errors),
        "avoid_keywords": _words(avoid_keywords, "avoid_keywords", errors),
        "strengths": _text(strengths, "strengths", errors),
    }
    low, high = data["hours_min"], data["hours_max"]
    if low is not None and high is not None and low > high:
        errors.add("hours_max", _("The most hours are fewer than the least hours."))
    errors.raise_if_any()

    data["match_index"] = JobPreference.index_text(
        data["industry_codes"], data["municipality_codes"]
    )
    preference, _created = JobPreference.objects.update_or_create(
        enrollment=enrollment, defaults={**data, "updated_by": user}
    )
    access_log_record(
        user=user,
        client_ids=[enrollment.client_id],
        action=AccessAction.UPDATE,
        target="preferences",
    )
    return preference
