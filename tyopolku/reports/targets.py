"""The organisation's report targets and how far each has come (docs/reports.md)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from tyopolku.accounts.models import User
from tyopolku.core.dates import today
from tyopolku.reports import breakdowns
from tyopolku.reports.models import ReportTarget, TargetMetric
from tyopolku.reports.selectors import (
    SMALL_COUNT,
    Scope,
    _placements,
    _started_in,
    report_access_check,
    sees_client_lists,
)
from tyopolku.wagework.selectors import paid_jobs_on


@dataclass(frozen=True)
class TargetProgress:
    target: ReportTarget
    value: int | None  # None: hidden by the small-count rule
    counted_on: datetime.date | None = None  # a count in force on a day, not over the period

    @property
    def percent(self) -> int | None:
        """How much of the target is reached, in whole per cent (over 100 when passed)."""
        if self.value is None:
            return None
        return round(self.value * 100 / self.target.target_value)

    @property
    def bar_value(self) -> int:
        """The value for a <progress> element, whose maximum is the target."""
        return min(self.value or 0, self.target.target_value)

    @property
    def label(self) -> str:
        return self.target.label or self.target.get_metric_display()


def report_targets(
    *,
    user: User,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[ReportTarget]:
    """The targets of the user's organisation whose period overlaps the days given."""
    report_access_check(user)
    targets = ReportTarget.objects.filter(organization_id=user.organization_id)
    if date_from is not None:
        targets = targets.filter(period_end__gte=date_from)
    if date_to is not None:
        targets = targets.filter(period_start__lte=date_to)
    return targets.order_by("period_start", "pk")


def counted_on(target: ReportTarget) -> datetime.date | None:
    """The day a count in force is taken on: the period's last day, today while it runs."""
    if target.metric != TargetMetric.PAID_JOBS:
        return None
    return min(target.period_end, today())


def target_value(user: User, target: ReportTarget) -> int:
    """The target's figure over its whole period, of its service model (one query); the
    paid jobs are those in force on one day."""
    if target.metric == TargetMetric.PAID_JOBS:
        return paid_jobs_on(organization_id=user.organization_id, day=counted_on(target)).total
    scope = Scope(target.period_start, target.period_end, service_model=target.service_model)
    if target.metric == TargetMetric.CLIENTS_ENROLLED:
        return breakdowns._enrolled_clients(user, scope).count()
    if target.metric == TargetMetric.PLACEMENTS_STARTED:
        return _placements(user, scope).filter(_started_in(scope)).count()
    if target.metric == TargetMetric.COMPETITIVE_JOB_STARTS:
        return breakdowns._job_starts(user, scope).count()
    return breakdowns._first_job_clients(user, scope).count()


def target_progress(*, user: User, targets: Iterable[ReportTarget]) -> list[TargetProgress]:
    """Each target with its figure so far (one query a target), a value under five hidden
    from roles without client records like the figures."""
    report_access_check(user)
    hides = not sees_client_lists(user)
    progress = []
    for target in targets:
        value: int | None = target_value(user, target)
        if hides and value is not None and value < SMALL_COUNT:
            value = None
        progress.append(TargetProgress(target, value, counted_on(target)))
    return progress
