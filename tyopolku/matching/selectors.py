"""Reads for matching: the client's preferences, and suggestions both ways.

The database narrows thousands of openings, employers or clients to at most a few hundred
candidates (by field, municipality and keywords, roughly ranked in SQL); the exact score
with its reasons is computed in Python by `matching.rules` for those only.
"""

import functools
import operator
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, NotFound
from tyopolku.employers.models import Employer, Opening
from tyopolku.matching import rules
from tyopolku.matching.models import JobPreference
from tyopolku.matching.rules import Match, Preferences
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange
from tyopolku.pathway.selectors import enrollment_get, enrollments_visible_to

# Candidates scored in Python at most; the rough SQL ranking decides which ones.
CANDIDATE_LIMIT = 300
TOP = 10


def preference_of(enrollment: Enrollment) -> JobPreference | None:
    """The preferences of an enrollment fetched through `enrollment_get` (which logged it)."""
    return JobPreference.objects.filter(enrollment=enrollment).select_related("updated_by").first()


def preference_get(
    *, user: User, enrollment_id: int, action: AccessAction = AccessAction.READ
) -> tuple[Enrollment, JobPreference | None]:
    enrollment = enrollment_get(
        user=user, enrollment_id=enrollment_id, target="preferences", action=action
    )
    return enrollment, preference_of(enrollment)


def _any(conditions: list[Q]) -> Q:
    return functools.reduce(operator.or_, conditions, Q(pk__in=[]))


def _rough_score(weighted: list[tuple[Q, int]]):
    """The SQL twin of the Python score, without the fine print: orders the candidates."""
    cases = [Case(When(q, then=Value(points)), default=Value(0)) for q, points in weighted]
    return functools.reduce(operator.add, cases, Value(0, output_field=IntegerField()))


def _field_q(prefix: str, codes: tuple[str, ...]) -> Q:
    """Employers in a wanted field: 47 covers 47111; an employer coded 47 fits a wanted 4711."""
    coarser = {code[:n] for code in codes for n in range(2, len(code))}
    return _any(
        [Q(**{f"{prefix}industry_code__startswith": code}) for code in codes]
        + ([Q(**{f"{prefix}industry_code__in": coarser})] if coarser else [])
    )


def _ranked(queryset: QuerySet, weighted: list[tuple[Q, int]], *order: str) -> list:
    # SQLite's LIKE folds ASCII only; PostgreSQL folds Ä and Ö too. The Python score that
    # follows folds everything, so the prefilter at worst misses a capitalised "Ä…".
    return list(
        queryset.filter(_any([q for q, _points in weighted]))
        .alias(rough=_rough_score(weighted))
        .order_by("-rough", *order)[:CANDIDATE_LIMIT]
    )


def _place_weights(prefs: Preferences, prefix: str) -> list[tuple[Q, int]]:
    weighted = []
    if prefs.industry_codes:
        weighted.append((_field_q(prefix, prefs.industry_codes), rules.SAME_FIELD))
    if prefs.municipality_codes:
        weighted.append(
            (
                Q(**{f"{prefix}municipality_code__in": prefs.municipality_codes}),
                rules.WANTED_MUNICIPALITY,
            )
        )
    return weighted


def _open_openings(organization_id: int) -> QuerySet[Opening]:
    return Opening.objects.filter(
        employer__organization_id=organization_id, status=Opening.Status.OPEN
    ).filter(Q(open_until__isnull=True) | Q(open_until__gte=today()))


def opening_suggestions(organization_id: int, prefs: Preferences) -> list[tuple[Opening, Match]]:
    weighted = _place_weights(prefs, "employer__")
    for word in prefs.keywords:
        weighted.append((Q(title__icontains=word), rules.KEYWORD_IN_TITLE))
        weighted.append((Q(description__icontains=word), rules.KEYWORD_IN_TEXT))
    candidates = _ranked(
        _open_openings(organization_id).select_related("employer"), weighted, "-created_at", "-pk"
    )
    return rules.top(
        [
            (
                opening,
                rules.score_opening(
                    prefs,
                    title=opening.title,
                    description=opening.description,
                    hours_per_week=opening.hours_per_week,
                    industry_code=opening.employer.industry_code,
                    municipality_code=opening.employer.municipality_code,
                ),
            )
            for opening in candidates
        ],
        TOP,
    )


def employer_suggestions(organization_id: int, prefs: Preferences) -> list[tuple[Employer, Match]]:
    weighted = _place_weights(prefs, "")
    weighted += [(Q(name__icontains=word), rules.KEYWORD_IN_NAME) for word in prefs.keywords]
    open_now = Q(openings__status=Opening.Status.OPEN) & (
        Q(openings__open_until__isnull=True) | Q(openings__open_until__gte=today())
    )
    employers = Employer.objects.filter(organization_id=organization_id).annotate(
        open_openings=Count("openings", filter=open_now)
    )
    candidates = _ranked(employers, weighted, "name", "pk")
    return rules.top(
        [
            (
                employer,
                rules.score_employer(
                    prefs,
                    name=employer.name,
                    industry_code=employer.industry_code,
                    municipality_code=employer.municipality_code,
                    open_openings=employer.open_openings,
                ),
            )
            for employer in candidates
        ],
        TOP,
    )


@dataclass(frozen=True)
class Suggestions:
    enrollment: Enrollment
    preference: JobPreference | None
    openings: list[tuple[Opening, Match]]
    employers: list[tuple[Employer, Match]]


def suggestions_for(*, user: User, enrollment_id: int) -> Suggestions:
    """Open jobs and employers for a client, best first, with the reasons."""
    enrollment = enrollment_get(user=user, enrollment_id=enrollment_id, target="suggestions")
    preference = preference_of(enrollment)
    prefs = Preferences.of(preference) if preference else Preferences()
    if not prefs.can_search:
        return Suggestions(enrollment, preference, [], [])
    organization_id = enrollment.client.organization_id
    return Suggestions(
        enrollment,
        preference,
        opening_suggestions(organization_id, prefs),
        employer_suggestions(organization_id, prefs),
    )


def opening_get(*, user: User, opening_id: int) -> Opening:
    """An opening of the user's organisation's register, or NotFound."""
    opening = (
        Opening.objects.filter(pk=opening_id, employer__organization_id=user.organization_id)
        .select_related("employer")
        .first()
    )
    if opening is None:
        raise NotFound(_("Job opening not found."))
    return opening


def _phase_today():
    return Subquery(
        PhaseChange.objects.filter(enrollment=OuterRef("pk"), effective_date__lte=today())
        .order_by("-effective_date", "-pk")
        .values("phase")[:1]
    )


def _searching_enrollments(user: User) -> QuerySet[Enrollment]:
    """Open enrollments in job search today that have preferences, among those the user may
    see."""
    return (
        enrollments_visible_to(user)
        .filter(end_date__isnull=True, job_preference__isnull=False)
        .alias(phase_today=_phase_today())
        .filter(phase_today=Phase.JOB_SEARCH)
    )


def _opening_weights(opening: Opening) -> list[tuple[Q, int]]:
    """Clients wanting the opening's field (any prefix of its code, or a finer code when the
    employer is coded coarsely) or its municipality, through the preferences' code index."""
    code = opening.employer.industry_code
    index = "job_preference__match_index__contains"
    weighted = []
    if code:
        field = [Q(**{index: f" i:{code[:n]} "}) for n in range(2, len(code))]
        field.append(Q(**{index: f" i:{code}"}))
        weighted.append((_any(field), rules.SAME_FIELD))
    if opening.employer.municipality_code:
        weighted.append(
            (Q(**{index: f" m:{opening.employer.municipality_code} "}), rules.WANTED_MUNICIPALITY)
        )
    return weighted


@dataclass(frozen=True)
class Candidates:
    opening: Opening
    items: list[tuple[Enrollment, Match]]


def opening_candidates(*, user: User, opening_id: int) -> Candidates:
    """Clients in job search the user may see, best fit for the opening first. The list is
    client data: reading it logs every client shown."""
    if user.role not in CLIENT_RECORD_ROLES:
        raise Forbidden(_("Your role has no access to client records."))
    opening = opening_get(user=user, opening_id=opening_id)
    weighted = _opening_weights(opening)
    enrollments = _searching_enrollments(user).select_related("client", "job_preference")
    # Clients whose only fit is a keyword in the title are found too while the candidate
    # set is small; in a big organisation field and place decide who gets scored.
    candidates = list(
        enrollments.alias(rough=_rough_score(weighted)).order_by("-rough", "-start_date", "-pk")[
            :CANDIDATE_LIMIT
        ]
    )
    scored = rules.top(
        [
            (
                enrollment,
                rules.score_opening(
                    Preferences.of(enrollment.job_preference),
                    title=opening.title,
                    description=opening.description,
                    hours_per_week=opening.hours_per_week,
                    industry_code=opening.employer.industry_code,
                    municipality_code=opening.employer.municipality_code,
                ),
            )
            for enrollment in candidates
        ],
        TOP,
    )
    access_log_record(
        user=user,
        client_ids=[enrollment.client_id for enrollment, _match in scored],
        action=AccessAction.READ,
        target="candidates",
    )
    return Candidates(opening, scored)
