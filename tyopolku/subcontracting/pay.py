"""The members' gross pay of a month from their hours: hours × the hourly wage of their pay
group in force on each day, rounded half up to the cent per member, order and wage; totals
per group and unit; and each unit's wage budget of the year against what is used.

The rows name clients and are shown only inside the client relationship (and logged); the
totals are sums over every member of the organisation and identify no one."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import ngettext

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.background.models import Job
from tyopolku.background.services import Progress, counted, job_export_enqueue, job_file_store
from tyopolku.core.dated import in_force
from tyopolku.core.periods import period_last_day
from tyopolku.files import spreadsheets
from tyopolku.subcontracting.access import require_group_work
from tyopolku.subcontracting.models import GroupMember, PayGroupWage, WageBudget, WorkLog
from tyopolku.subcontracting.money import cents
from tyopolku.subcontracting.selectors import members_visible_to
from tyopolku.subcontracting.tasks import pay_export_task


@dataclass
class PayRow:
    member: GroupMember
    order_id: int
    customer_name: str
    hourly_wage: Decimal | None
    hours: Decimal = Decimal(0)

    @property
    def gross(self) -> Decimal | None:
        return None if self.hourly_wage is None else cents(self.hours * self.hourly_wage)


@dataclass
class Total:
    id: int
    name: str
    hours: Decimal = Decimal(0)
    gross: Decimal = Decimal(0)
    missing_wage_hours: Decimal = Decimal(0)


@dataclass
class UnitBudget(Total):
    budget: Decimal | None = None
    used_this_year: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.used_this_year


@dataclass
class PaySummary:
    month: datetime.date
    rows: list[PayRow] = field(default_factory=list)
    groups: list[Total] = field(default_factory=list)
    units: list[UnitBudget] = field(default_factory=list)


def _wages(organization_id: int):
    rows = defaultdict(list)
    for wage in PayGroupWage.objects.filter(organization_id=organization_id).order_by("valid_from"):
        rows[wage.pay_group].append(wage)

    def wage_on(pay_group: str, day: datetime.date) -> Decimal | None:
        row = in_force(rows.get(pay_group, []), day)
        return row.hourly_wage if row else None

    return wage_on


def _rows(logs, wage_on) -> dict[tuple, PayRow]:
    rows: dict[tuple, PayRow] = {}
    for log in logs:
        wage = wage_on(log.member.pay_group, log.date)
        key = (log.member_id, log.order_id, wage)
        if key not in rows:
            rows[key] = PayRow(log.member, log.order_id, log.order.customer.name, wage)
        rows[key].hours += log.hours
    return rows


def pay_summary(*, user: User, month: datetime.date) -> PaySummary:
    """`month`: any day of the month."""
    require_group_work(user)
    start = month.replace(day=1)
    end = period_last_day(start, 1)
    wage_on = _wages(user.organization_id)
    current = WorkLog.objects.filter(
        order__organization_id=user.organization_id, superseded_by__isnull=True
    ).select_related("member__client", "member__group__unit", "order__customer")
    month_rows = _rows(current.filter(date__range=(start, end)), wage_on)
    year_rows = _rows(current.filter(date__range=(start.replace(month=1), end)), wage_on)
    summary = PaySummary(month=start)

    groups: dict[int, Total] = {}
    units: dict[int, UnitBudget] = {}
    for row in month_rows.values():
        group, unit = row.member.group, row.member.group.unit
        for totals, key, name, make in (
            (groups, group.pk, group.name, Total),
            (units, unit.pk, unit.name, UnitBudget),
        ):
            total = totals.setdefault(key, make(key, name))
            total.hours += row.hours
            if row.gross is None:
                total.missing_wage_hours += row.hours
            else:
                total.gross += row.gross
    for row in year_rows.values():
        unit = row.member.group.unit
        total = units.setdefault(unit.pk, UnitBudget(unit.pk, unit.name))
        total.used_this_year += row.gross or Decimal(0)
    for budget in WageBudget.objects.filter(
        organization_id=user.organization_id, year=start.year, unit_id__in=list(units)
    ):
        units[budget.unit_id].budget = budget.amount
    summary.groups = sorted(groups.values(), key=lambda t: (t.name, t.id))
    summary.units = sorted(units.values(), key=lambda t: (t.name, t.id))

    visible = set(
        members_visible_to(user)
        .filter(pk__in={row.member.pk for row in month_rows.values()})
        .values_list("pk", flat=True)
    )
    summary.rows = sorted(
        (row for row in month_rows.values() if row.member.pk in visible),
        key=lambda r: (
            r.member.client.last_name,
            r.member.client.first_name,
            r.member.pk,
            r.order_id,
        ),
    )
    access_log_record(
        user=user,
        client_ids=[row.member.client_id for row in summary.rows],
        action=AccessAction.READ,
        target="pay_summary",
    )
    return summary


# The payroll CSV -------------------------------------------------------------------------------

PAY_CSV_HEADER = [
    "client_id",
    "last_name",
    "first_name",
    "group",
    "pay_group",
    "order_id",
    "customer",
    "hours",
    "hourly_wage",
    "gross",
]


def pay_csv_name(summary: PaySummary) -> str:
    return f"palkat-{summary.month:%Y-%m}.csv"


def pay_csv_rows(summary: PaySummary) -> Iterator[list]:
    """The month's rows for the payroll system, without the header."""
    for row in summary.rows:
        client = row.member.client
        yield [
            client.pk,
            client.last_name,
            client.first_name,
            row.member.group.name,
            row.member.pay_group,
            row.order_id,
            row.customer_name,
            row.hours,
            row.hourly_wage,
            row.gross,
        ]


def pay_csv_logged(*, user: User, summary: PaySummary) -> None:
    """Every member of the CSV, logged as exported."""
    access_log_record(
        user=user,
        client_ids=[row.member.client_id for row in summary.rows],
        action=AccessAction.EXPORT,
        target="pay_summary",
    )


def pay_export_start(*, user: User, month: datetime.date) -> Job:
    """Queue the month's payroll CSV for the background worker; its file is kept for the
    user (tyopolku/background)."""
    require_group_work(user)
    return job_export_enqueue(
        user=user,
        kind=Job.Kind.PAY_EXPORT,
        task=pay_export_task,
        params={"month": month.replace(day=1).isoformat()},
    )


def pay_export_work(job: Job, progress: Progress) -> str:
    """The worker's part: the month's pay read and written with the user's rights (checked
    again), then the file and the log of its members in one transaction."""
    user = job.created_by
    summary = pay_summary(user=user, month=datetime.date.fromisoformat(job.params["month"]))
    out = spreadsheets.CsvFile(delimiter=";", bom=True)  # Excel reads UTF-8 by its BOM
    out.writerow(PAY_CSV_HEADER)
    out.writerows(counted(pay_csv_rows(summary), total=len(summary.rows), progress=progress))
    with out.temporary_file() as file, transaction.atomic():
        pay_csv_logged(user=user, summary=summary)
        job_file_store(
            job=job,
            name=pay_csv_name(summary),
            content_type=spreadsheets.CSV_CONTENT_TYPE,
            file=file,
        )
    return ngettext(
        "The payroll CSV is ready: %(count)s row.",
        "The payroll CSV is ready: %(count)s rows.",
        len(summary.rows),
    ) % {"count": len(summary.rows)}
