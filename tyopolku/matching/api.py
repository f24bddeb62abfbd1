import datetime
from decimal import Decimal

from ninja import Router, Schema

from tyopolku.audit.models import AccessAction
from tyopolku.core.api import ERRORS, PathId, decimal, text, words
from tyopolku.core.validation import MUNICIPALITY_PATTERN
from tyopolku.matching import services
from tyopolku.matching.models import JobPreference
from tyopolku.matching.rules import Match
from tyopolku.matching.selectors import opening_candidates, preference_get, suggestions_for
from tyopolku.matching.services import MAX_HOURS, MAX_TEXT_LENGTH, MAX_WORD_LENGTH, MAX_WORDS
from tyopolku.pathway.selectors import enrollment_get

router = Router(tags=["matching"])


# Words the service keeps (each once, lower-case).
Words = words(MAX_WORDS, MAX_WORD_LENGTH)
Hours = decimal(Decimal(0), MAX_HOURS) | None


class PreferencesIn(Schema):
    wanted_work: text(MAX_TEXT_LENGTH) = ""
    keywords: Words = []
    # TOL 2008 codes (a section letter or 2–5 digits), checked by the service.
    industry_codes: list[text(5, r"^([A-Ua-u]|[0-9]{2,5})$")] = []
    hours_min: Hours = None
    hours_max: Hours = None
    municipality_codes: list[text(3, MUNICIPALITY_PATTERN)] = []
    avoid: text(MAX_TEXT_LENGTH) = ""
    avoid_keywords: Words = []
    strengths: text(MAX_TEXT_LENGTH) = ""


class PreferencesOut(Schema):
    enrollment_id: int
    wanted_work: str
    keywords: list[str]
    industry_codes: list[str]
    hours_min: float | None
    hours_max: float | None
    municipality_codes: list[str]
    avoid: str
    avoid_keywords: list[str]
    strengths: str
    updated_at: datetime.datetime | None
    updated_by: str | None


class ReasonOut(Schema):
    points: int
    text: str


class OpeningSuggestionOut(Schema):
    opening_id: int
    title: str
    employer_id: int
    employer_name: str
    hours_per_week: float | None
    score: int
    reasons: list[ReasonOut]


class EmployerSuggestionOut(Schema):
    employer_id: int
    name: str
    industry_code: str
    municipality_code: str
    open_openings: int
    score: int
    reasons: list[ReasonOut]


class SuggestionsOut(Schema):
    enrollment_id: int
    openings: list[OpeningSuggestionOut]
    employers: list[EmployerSuggestionOut]


class CandidateOut(Schema):
    enrollment_id: int
    client_id: int
    client_name: str
    score: int
    reasons: list[ReasonOut]


class CandidatesOut(Schema):
    opening_id: int
    count: int
    items: list[CandidateOut]


def _preferences_out(enrollment_id: int, preference: JobPreference | None) -> dict:
    if preference is None:
        preference = JobPreference()  # nothing recorded yet: the empty profile
    return {
        "enrollment_id": enrollment_id,
        **{
            name: getattr(preference, name)
            for name in (
                "wanted_work",
                "keywords",
                "industry_codes",
                "hours_min",
                "hours_max",
                "municipality_codes",
                "avoid",
                "avoid_keywords",
                "strengths",
            )
        },
        "updated_at": preference.updated_at,
        "updated_by": preference.updated_by.username if preference.updated_by_id else None,
    }


def _scored(match: Match) -> dict:
    return {"score": match.score, "reasons": list(match.reasons)}


@router.get("/enrollments/{enrollment_id}/preferences", response={200: PreferencesOut, **ERRORS})
def get_preferences(request, enrollment_id: PathId):
    enrollment, preference = preference_get(user=request.user, enrollment_id=enrollment_id)
    return _preferences_out(enrollment.pk, preference)


@router.put("/enrollments/{enrollment_id}/preferences", response={200: PreferencesOut, **ERRORS})
def set_preferences(request, enrollment_id: PathId, payload: PreferencesIn):
    """Replace the client's job preferences (all fields; an omitted one is emptied)."""
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="preferences",
        action=AccessAction.UPDATE,
    )
    preference = services.preference_set(user=request.user, enrollment=enrollment, **payload.dict())
    return _preferences_out(enrollment.pk, preference)


@router.get("/enrollments/{enrollment_id}/suggestions", response={200: SuggestionsOut, **ERRORS})
def get_suggestions(request, enrollment_id: PathId):
    """The ten open openings and the ten employers that fit the client's preferences best,
    each with the reasons (negative points: something the client wants to avoid)."""
    found = suggestions_for(user=request.user, enrollment_id=enrollment_id)
    return {
        "enrollment_id": found.enrollment.pk,
        "openings": [
            {
                "opening_id": opening.pk,
                "title": opening.title,
                "employer_id": opening.employer_id,
                "employer_name": opening.employer.name,
                "hours_per_week": opening.hours_per_week,
                **_scored(match),
            }
            for opening, match in found.openings
        ],
        "employers": [
            {
                "employer_id": employer.pk,
                "name": employer.name,
                "industry_code": employer.industry_code,
                "municipality_code": employer.municipality_code,
                "open_openings": employer.open_openings,
                **_scored(match),
            }
            for employer, match in found.employers
        ],
    }


@router.get("/openings/{opening_id}/candidates", response={200: CandidatesOut, **ERRORS})
def get_candidates(request, opening_id: PathId):
    """Clients in job search (those the user may see) who fit the opening best."""
    found = opening_candidates(user=request.user, opening_id=opening_id)
    return {
        "opening_id": found.opening.pk,
        "count": len(found.items),
        "items": [
            {
                "enrollment_id": enrollment.pk,
                "client_id": enrollment.client_id,
                "client_name": enrollment.client.full_name,
                **_scored(match),
            }
            for enrollment, match in found.items
        ],
    }
