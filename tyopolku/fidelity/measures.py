"""The items of the scale measured from a unit's own records over a period, and the score
each value suggests by its item's thresholds (`items.py`). The reviewer decides the score;
the measured value and the suggestion are kept beside it.

Which records count (docs/fidelity.md explains the choices):
- the unit's enrollments: those of the unit that overlap the period;
- its coaches: the coaches of those enrollments;
- its jobs: placements of the unit's enrollments that start in the period.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Min, Q, QuerySet, Sum

from tyopolku.accounts.models import Unit
from tyopolku.employers.models import FACE_TO_FACE, EmployerContact
from tyopolku.fidelity.items import ITEMS_BY_CODE
from tyopolku.pathway.models import Enrollment, Visit, VisitKind
from tyopolku.placements.models import Placement

# A job's first month of follow-along support, counted from its first day.
FOLLOW_ALONG_DAYS = 30
# Visits of these kinds happen out in the community (a workplace), not at the office.
COMMUNITY_VISITS = frozenset({VisitKind.WORKPLACE})


@dataclass(frozen=True)
class Measure:
    code: str
    value: Decimal | None  # None: nothing in the records to measure
    basis: int  # how many records the value rests on (enrollments, jobs, visits, coaches)
    suggested_score: int | None


@dataclass(frozen=True)
class Period:
    unit: Unit
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def enrollments(self) -> QuerySet[Enrollment]:
        return Enrollment.objects.filter(unit=self.unit, start_date__lte=self.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.start)
        )

    def coach_ids(self) -> set[int]:
        return set(
            self.enrollments().exclude(coach=None).values_list("coach_id", flat=True).distinct()
        )

    def jobs(self) -> QuerySet[Placement]:
        return Placement.objects.filter(
            enrollment__unit=self.unit, start_date__range=(self.start, self.end)
        )


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _ratio(part: int, whole: int, scale: int = 1) -> Decimal | None:
    return _round(Decimal(part * scale) / Decimal(whole)) if whole else None


def caseload_size(p: Period) -> tuple[Decimal | None, int]:
    """Enrollments open on the last day of the period per coach who has any of them."""
    open_on_end = p.enrollments().filter(start_date__lte=p.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=p.end)
    ).exclude(coach=None)
    row = open_on_end.aggregate(n=Count("pk"), coaches=Count("coach", distinct=True))
    return _ratio(row["n"], row["coaches"]), row["coaches"]


def rapid_job_search(p: Period) -> tuple[Decimal | None, int]:
    """Mean days from the start of an enrollment started in the period to its first
    face-to-face employer contact (enrollments without one yet are left out)."""
    started = Enrollment.objects.filter(
        unit=p.unit, start_date__range=(p.start, p.end)
    ).annotate(
        first_contact=Min(
            "employer_contacts__date",
            filter=Q(employer_contacts__kind__in=FACE_TO_FACE)
            & Q(employer_contacts__date__gte=F("start_date")),
        )
    )
    days = [
        (e.first_contact - e.start_date).days
        for e in started.only("start_date")
        if e.first_contact is not None
    ]
    return (_round(Decimal(sum(days)) / len(days)) if days else None), len(days)


def job_development_frequency(p: Period) -> tuple[Decimal | None, int]:
    """Face-to-face employer contacts the unit's coaches made in the period, per coach per
    week."""
    coaches = p.coach_ids()
    contacts = EmployerContact.objects.filter(
        made_by_id__in=coaches, kind__in=FACE_TO_FACE, date__range=(p.start, p.end)
    ).count()
    if not coaches:
        return None, 0
    return _round(Decimal(contacts) * 7 / (Decimal(len(coaches)) * p.days)), len(coaches)


def competitive_jobs(p: Period) -> tuple[Decimal | None, int]:
    row = p.jobs().aggregate(n=Count("pk"), competitive=Count("pk", filter=Q(competitive=True)))
    return _ratio(row["competitive"], row["n"], 100), row["n"]


def employer_diversity(p: Period) -> tuple[Decimal | None, int]:
    """Share of jobs with different employers: distinct employers / jobs."""
    row = p.jobs().aggregate(n=Count("pk"), distinct=Count("employer", distinct=True))
    return _ratio(row["distinct"], row["n"], 100), row["n"]


def job_type_diversity(p: Period) -> tuple[Decimal | None, int]:
    """Share of jobs that differ: distinct job titles (ignoring case and spaces) / jobs."""
    titles = [" ".join(t.casefold().split()) for t in p.jobs().values_list("job_title", flat=True)]
    return _ratio(len(set(titles)), len(titles), 100), len(titles)


def time_unlimited_follow_along(p: Period) -> tuple[Decimal | None, int]:
    """Mean visits in the first 30 days of each job started in the period."""
    jobs = list(p.jobs().values_list("enrollment_id", "start_date"))
    if not jobs:
        return None, 0
    window = datetime.timedelta(days=FOLLOW_ALONG_DAYS)
    visits = Visit.objects.filter(
        enrollment_id__in={enrollment_id for enrollment_id, _start in jobs},
        date__gte=min(start for _id, start in jobs),
        date__lt=max(start for _id, start in jobs) + window,
    ).values_list("enrollment_id", "date")
    dates = defaultdict(list)
    for enrollment_id, day in visits:
        dates[enrollment_id].append(day)
    count = sum(
        1
        for enrollment_id, start in jobs
        for day in dates[enrollment_id]
        if start <= day < start + window
    )
    return _round(Decimal(count) / len(jobs)), len(jobs)


def community_based_services(p: Period) -> tuple[Decimal | None, int]:
    """Share of the visit minutes of the unit's enrollments in the period spent at a
    workplace (out in the community)."""
    row = Visit.objects.filter(enrollment__unit=p.unit, date__range=(p.start, p.end)).aggregate(
        n=Count("pk"),
        minutes=Sum("duration_minutes"),
        community=Sum("duration_minutes", filter=Q(kind__in=COMMUNITY_VISITS)),
    )
    return _ratio(row["community"] or 0, row["minutes"] or 0, 100), row["n"]


MEASURES: dict[str, Callable[[Period], tuple[Decimal | None, int]]] = {
    "caseload_size": caseload_size,
    "rapid_job_search": rapid_job_search,
    "job_development_frequency": job_development_frequency,
    "job_type_diversity": job_type_diversity,
    "employer_diversity": employer_diversity,
    "competitive_jobs": competitive_jobs,
    "time_unlimited_follow_along": time_unlimited_follow_along,
    "community_based_services": community_based_services,
}


def unit_measures(unit: Unit, start: datetime.date, end: datetime.date) -> list[Measure]:
    """Every measured item for the unit over [start, end], in the scale's order."""
    period = Period(unit=unit, start=start, end=end)
    result = []
    for code, measure in MEASURES.items():
        value, basis = measure(period)
        thresholds = ITEMS_BY_CODE[code].thresholds
        assert thresholds is not None
        suggested = thresholds.score(value) if value is not None else None
        result.append(Measure(code=code, value=value, basis=basis, suggested_score=suggested))
    result.sort(key=lambda m: ITEMS_BY_CODE[m.code].number)
    return result
