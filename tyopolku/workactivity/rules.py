"""Checks of a rehabilitative work activity plan against the limits in force: what is wrong,
field by field, for the agreement form and API to show; and the rule that keeps a day of
paid work and a day of work activity apart."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from tyopolku.clients.models import Client
from tyopolku.core.periods import calendar_months
from tyopolku.subcontracting.models import WorkLog
from tyopolku.workactivity.models import (
    Attendance,
    AttendanceStatus,
    RehabilitativeWorkActivityRule,
)


def plan_problems(
    rule: RehabilitativeWorkActivityRule,
    *,
    start: datetime.date,
    end: datetime.date,
    days_per_week: int,
    hours_per_day: Decimal,
) -> dict[str, str]:
    """Field name -> why the plan breaks the rule; empty when it keeps to it."""
    problems = {}
    months, days = calendar_months(start, end)
    if months < rule.min_months or (months, days) > (rule.max_months, 0):
        problems["end_date"] = _("A period lasts %(min)s–%(max)s months.") % {
            "min": rule.min_months,
            "max": rule.max_months,
        }
    if not rule.min_days_per_week <= days_per_week <= rule.max_days_per_week:
        problems["days_per_week"] = _("%(min)s–%(max)s days a week.") % {
            "min": rule.min_days_per_week,
            "max": rule.max_days_per_week,
        }
    if not rule.min_hours_per_day <= hours_per_day <= rule.max_hours_per_day:
        problems["hours_per_day"] = _("%(min)s–%(max)s hours a day.") % {
            "min": rule.min_hours_per_day.normalize(),
            "max": rule.max_hours_per_day.normalize(),
        }
    return problems


# --- Paid work and work activity on the same day ---------------------------------------------
# A member of a work group (paid work) may keep work activity days alongside, but one day is
# either paid work or work activity: pay and work-share money are never both earned for it.
# Both writes ask here, in their transaction after `clients_lock`: marking a day present
# (workactivity.services.attendance_mark) and logging hours (subcontracting.services, work
# logs and their corrections).


def clients_lock(client_ids: Iterable[int]) -> None:
    """Lock the clients' rows (in the caller's transaction, in id order) before their day is
    looked at: a day present and hours of the same client written at once are then taken
    one after the other, and the second sees the first."""
    list(
        Client.objects.select_for_update()
        .filter(pk__in=list(client_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def clients_with_paid_work(*, client_ids: Iterable[int], day: datetime.date) -> set[int]:
    """The clients among `client_ids` with hours of paid work logged on `day` (current rows;
    a corrected row counts only as its correction)."""
    return set(
        WorkLog.objects.filter(
            member__client_id__in=list(client_ids), date=day, superseded_by__isnull=True
        ).values_list("member__client_id", flat=True)
    )


def has_work_activity_day(*, client_id: int, day: datetime.date) -> bool:
    """Whether the client is marked present in work activity on `day` (full or half day)."""
    return Attendance.objects.filter(
        agreement__client_id=client_id, date=day, status=AttendanceStatus.PRESENT
    ).exists()


def paid_work_that_day() -> str:
    return _("Paid work is logged that day: a day is either paid work or work activity.")


def work_activity_that_day() -> str:
    return _("Work activity is marked that day: a day is either paid work or work activity.")
