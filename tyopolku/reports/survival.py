"""Time to first job as a Kaplan–Meier curve, per service model or per start-year cohort.

Each enrollment that started in the period is followed from its start to its first
placement's start (a placement starting on or after the enrollment's start). The follow-up
ends at the period's last day, or today if that is earlier: an enrollment without a job by
then is *censored* there (the client is still searching, we do not know when they will find
work), and one that ended without a job is censored on its end date. Kaplan–Meier uses the
censored enrollments while they are followed and then drops them, instead of counting them as
never employed (too pessimistic) or leaving them out (too optimistic). docs/reports.md
explains the figures.

lifelines takes a second or more to import (numpy, pandas, scipy), so it is imported inside
`_fit`: only the trends page and its API pay for it, not every process and test.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Min, Q
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.core.dates import today
from tyopolku.core.errors import InvalidInput
from tyopolku.pathway.models import Enrollment, ServiceModel
from tyopolku.reports.selectors import SMALL_COUNT, report_access_check, sees_client_lists

GROUP_BY = ("service_model", "cohort")
# The days of the page's table (those within the longest follow-up).
TABLE_DAYS = (0, 30, 60, 90, 180, 270, 365, 545, 730, 1095)


@dataclass(frozen=True)
class Point:
    day: int
    share_still_searching: float  # the Kaplan–Meier estimate, 0–1
    at_risk: int  # enrollments still followed and without a job just before the day


@dataclass(frozen=True)
class Group:
    group: str  # the service model's code or the start year
    label: str
    clients: int | None  # enrollments followed; None: hidden (fewer than five)
    jobs: int | None  # of them, those that reached a first job in the follow-up
    median_days: float | None  # None: not reached (or hidden)
    points: tuple[Point, ...]  # day 0, every day with a first job, the last day followed
    table: tuple[Point, ...]  # the page's rows at TABLE_DAYS
    hidden: bool = False  # the whole group is hidden by the small-count rule
    median_hidden: bool = False  # the median rests on fewer than five followed


@dataclass(frozen=True)
class Survival:
    group_by: str
    follow_up_until: datetime.date
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Duration:
    group: str
    days: int
    job: bool  # True: the first job started on `days`; False: censored on `days`


def durations(
    *,
    user: User,
    date_from: datetime.date,
    date_to: datetime.date,
    service_model: str = "",
    group_by: str = "service_model",
) -> tuple[list[Duration], datetime.date]:
    """One query: the enrollments of the organisation that started in the period (and by the
    follow-up's end), with the start of their first placement."""
    end = min(date_to, today())
    enrollments = Enrollment.objects.filter(
        organization_id=user.organization_id,
        start_date__gte=date_from,
        start_date__lte=end,
    )
    if service_model:
        enrollments = enrollments.filter(service_model=service_model)
    rows = (
        enrollments.annotate(
            first_job=Min(
                "placements__start_date",
                filter=Q(placements__start_date__gte=F("start_date")),
            )
        )
        .order_by()
        .values_list("service_model", "start_date", "end_date", "first_job")
    )
    result = []
    for model, start, ended, first_job in rows:
        last = min(end, ended) if ended is not None else end
        group = model if group_by == "service_model" else str(start.year)
        if first_job is not None and first_job <= last:
            result.append(Duration(group, (first_job - start).days, True))
        else:
            result.append(Duration(group, (last - start).days, False))
    return result, end


def _fit(days: list[int], jobs: list[bool]) -> tuple[list[Point], float | None]:
    """The Kaplan–Meier estimate: its steps (day 0, the days with a first job, the last day
    followed) and the median (None while the curve stays above one half)."""
    from lifelines import KaplanMeierFitter  # slow to import: only when a curve is asked for

    fitter = KaplanMeierFitter().fit(days, event_observed=jobs)
    events = fitter.event_table
    survival = fitter.survival_function_.iloc[:, 0]
    last = max(days)
    points = []
    for day, row in events.iterrows():
        if day == 0 or row["observed"] > 0 or day == last:
            points.append(Point(int(day), float(survival.loc[day]), int(row["at_risk"])))
    if points[0].day != 0:
        points.insert(0, Point(0, 1.0, len(days)))
    median = fitter.median_survival_time_
    return points, (None if median == float("inf") else float(median))


def _at(points: list[Point], days: list[int], day: int) -> Point:
    """The curve's value on `day` and the enrollments followed that long without a job."""
    share = 1.0
    for point in points:
        if point.day > day:
            break
        share = point.share_still_searching
    return Point(day, share, sum(1 for d in days if d >= day))


def _label(group_by: str, code: str) -> str:
    if group_by == "cohort":
        return _("Started in %(year)s") % {"year": code}
    return str(dict(ServiceModel.choices).get(code, code))


def _group(code: str, label: str, items: list[Duration], hides: bool) -> Group:
    days = [d.days for d in items]
    jobs = [d.job for d in items]
    if hides and len(items) < SMALL_COUNT:
        return Group(code, label, None, None, None, (), (), hidden=True)
    points, median = _fit(days, jobs)
    table = [_at(points, days, day) for day in TABLE_DAYS if day <= max(days)]
    job_count: int | None = sum(jobs)
    median_hidden = False
    if hides:
        # No step, table row or median that rests on fewer than five people followed.
        points = [p for p in points if p.at_risk >= SMALL_COUNT]
        table = [p for p in table if p.at_risk >= SMALL_COUNT]
        if median is not None and _at(points, days, int(median)).at_risk < SMALL_COUNT:
            median, median_hidden = None, True
        if job_count < SMALL_COUNT:
            job_count = None
    return Group(
        code, label, len(items), job_count, median, tuple(points), tuple(table),
        median_hidden=median_hidden,
    )


def time_to_first_job(
    *,
    user: User,
    date_from: datetime.date,
    date_to: datetime.date,
    service_model: str = "",
    group_by: str = "service_model",
) -> Survival:
    """The curves of the enrollments started in the period, one per group (one query).
    For roles without client records, groups of fewer than five enrollments are hidden, and
    so are the steps, rows and counts resting on fewer than five (see `_group`)."""
    report_access_check(user)
    if group_by not in GROUP_BY:
        raise InvalidInput.for_field("group_by", _("Unknown grouping."))
    if date_to < date_from:
        raise InvalidInput.for_field("to", _("The end date is before the start date."))
    items, end = durations(
        user=user,
        date_from=date_from,
        date_to=date_to,
        service_model=service_model,
        group_by=group_by,
    )
    grouped: dict[str, list[Duration]] = defaultdict(list)
    for item in items:
        grouped[item.group].append(item)
    hides = not sees_client_lists(user)
    if group_by == "service_model":
        order = [code for code, _label in ServiceModel.choices if code in grouped]
    else:
        order = sorted(grouped)
    groups = tuple(_group(code, _label(group_by, code), grouped[code], hides) for code in order)
    return Survival(group_by, end, groups)
