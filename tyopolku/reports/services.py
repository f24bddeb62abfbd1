"""Writes of the reports app: the organisation's targets (administrators keep them in the
Django admin; the demo loader sets the pilot's)."""

import datetime

from tyopolku.accounts.models import Organization
from tyopolku.reports.models import ReportTarget, TargetMetric


def report_target_create(
    *,
    organization: Organization,
    metric: TargetMetric,
    target_value: int,
    period_start: datetime.date,
    period_end: datetime.date,
    service_model: str = "",
    label: str = "",
) -> ReportTarget:
    target = ReportTarget(
        organization=organization,
        metric=metric,
        target_value=target_value,
        period_start=period_start,
        period_end=period_end,
        service_model=service_model,
        label=label,
    )
    target.full_clean()
    target.save()
    return target
