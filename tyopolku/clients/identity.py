"""Finnish personal identity codes (henkilötunnus). python-stdnum checks them; we only read
the birth date out of a code it has accepted."""

import datetime
import re

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import hetu

from tyopolku.core.dates import today as local_today
from tyopolku.core.errors import InvalidInput

# The century sign, including the signs added on 1.1.2023 (Y X W V U and B C D E F).
_CENTURY = {"+": 1800} | dict.fromkeys("-YXWVU", 1900) | dict.fromkeys("ABCDEF", 2000)


def personal_id_clean(
    value: str, *, field: str = "personal_id", today: datetime.date | None = None
) -> tuple[str, datetime.date]:
    """Return the normalised code and the birth date it carries, or raise InvalidInput.

    Temporary codes (individual number 900–999) are valid: people get them before a
    permanent one.
    """
    try:
        code = hetu.validate(value, allow_temporary=True)
    except stdnum_errors.InvalidChecksum:
        raise InvalidInput.for_field(
            field, _("The check character of the personal identity code is wrong.")
        ) from None
    except stdnum_errors.InvalidComponent:
        raise InvalidInput.for_field(
            field, _("The personal identity code has an impossible date or individual number.")
        ) from None
    except stdnum_errors.ValidationError:
        raise InvalidInput.for_field(
            field, _("Not a Finnish personal identity code (format ppkkvvXnnnT).")
        ) from None
    birth_date = datetime.date(_CENTURY[code[6]] + int(code[4:6]), int(code[2:4]), int(code[0:2]))
    if birth_date > (today or local_today()):
        raise InvalidInput.for_field(
            field, _("The personal identity code has a date in the future.")
        )
    return code, birth_date


# Individual numbers 900–999 are temporary codes, given before a permanent one.
TEMPORARY_INDIVIDUAL_NUMBERS = range(900, 1000)


def is_temporary_personal_id(code: str | None) -> bool:
    """Is this (normalised) code a temporary one? The record should get the permanent code."""
    return bool(code) and int(code[7:10]) in TEMPORARY_INDIVIDUAL_NUMBERS


_CENTURY_SIGN = {1800: "+", 1900: "-", 2000: "A"}
_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def synthetic_personal_id(birth_date: datetime.date, individual: int = 900) -> str:
    """A valid code in the temporary range 900–999, never given to a real person as a
    permanent code: for demo data, tests and the data generator. The check character is the
    remainder of the nine digits divided by 31; python-stdnum confirms the result."""
    if not 900 <= individual <= 999:
        raise ValueError("synthetic codes use the temporary range 900–999")
    digits = f"{birth_date:%d%m%y}{individual:03d}"
    code = (
        f"{digits[:6]}{_CENTURY_SIGN[birth_date.year // 100 * 100]}{digits[6:]}"
        f"{_CHECK_CHARACTERS[int(digits) % 31]}"
    )
    if not hetu.is_valid(code, allow_temporary=True):
        raise ValueError(f"not a valid code: {code}")
    return code


# Six digits of the birth date, a century sign and the individual number, with or without
# the check character: enough to be someone's code (or most of it).
_PERSONAL_ID_SHAPE = re.compile(r"\d{6}[-+A-FU-Y]\d{3}", re.IGNORECASE)


def contains_personal_id(text: str) -> bool:
    """Whether the text holds something shaped like a personal identity code."""
    return bool(_PERSONAL_ID_SHAPE.search(text))
