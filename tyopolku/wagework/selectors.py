"""Reads of the paid jobs inside the organisation, scoped to the user's organisation and the
client relationship (each read of a job names a client and is logged), and the count of the
organisation's paid jobs in force on a day, made by the database."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tyopolku.accounts.models import Organization, User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.errors import NotFound
from tyopolku.reports.models import ReportTarget, TargetMetric
from tyopolku.subcontracting.models import GroupMember
from tyopolku.wagework.access import require_wage_work
from tyopolku.wagework.models import WageJob


def wage_jobs_visible_to(user: User) -> QuerySet[WageJob]:
    require_wage_work(user)
    return WageJob.objects.filter(
        organization_id=user.organization_id, client__in=clients_visible_to(user)
    )


def _in_force(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def wage_job_page(
    *, user: User, offset: int, limit: int, on: datetime.date | None = None
) -> tuple[int, list[WageJob]]:
    """(count, one page of the jobs the user may see, newest first); only those in force
    on `on` when given. The clients of the page are logged as read."""
    jobs = wage_jobs_visible_to(user)
    if on is not None:
        jobs = jobs.filter(_in_force(on))
    page = list(jobs.select_related("client", "unit")[offset : offset + limit])
    access_log_record(
        user=user,
        client_ids=[job.client_id for job in page],
        action=AccessAction.READ,
        target="wage_jobs",
    )
    return jobs.count(), page


def wage_job_get(
    *, user: User, wage_job_id: int, action: AccessAction = AccessAction.READ
) -> WageJob:
    job = wage_jobs_visible_to(user).filter(pk=wage_job_id).select_related("client", "unit")
    job = job.first()
    if job is None:
        raise NotFound(_("Paid job not found."))
    access_log_record(user=user, client_ids=[job.client_id], action=action, target="wage_job")
    return job


@dataclass(frozen=True)
class PaidJobCount:
    """The organisation's paid jobs in force on a day: its wage-work jobs and the employment
    contracts of its subcontracting groups' members. Counts only: no one is named."""

    day: datetime.date
    wage_jobs: int
    group_employments: int

    @property
    def total(self) -> int:
        return self.wage_jobs + self.group_employments


def _count_of(jobs: QuerySet, organization_field: str) -> Coalesce:
    """The number of `jobs` as a subquery (they all share the organisation they group by)."""
    counted = jobs.order_by().values(organization_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def paid_jobs_on(*, organization_id: int, day: datetime.date) -> PaidJobCount:
    """Counted by the database in one query, whatever the number of jobs."""
    in_force = _in_force(day)
    wage = WageJob.objects.filter(in_force, organization_id=organization_id)
    group = GroupMember.objects.filter(in_force, group__organization_id=organization_id)
    counts = (
        Organization.objects.filter(pk=organization_id)
        .annotate(
            wage=_count_of(wage, "organization_id"),
            group=_count_of(group, "group__organization_id"),
        )
        .values_list("wage", "group")
        .first()
    ) or (0, 0)
    return PaidJobCount(day=day, wage_jobs=counts[0], group_employments=counts[1])


def paid_jobs_target_on(*, organization_id: int, day: datetime.date) -> ReportTarget | None:
    """The organisation's paid-jobs target whose period includes `day` (the latest begun)."""
    return (
        ReportTarget.objects.filter(
            organization_id=organization_id,
            metric=TargetMetric.PAID_JOBS,
            period_start__lte=day,
            period_end__gte=day,
        )
        .order_by("-period_start", "-pk")
        .first()
    )
