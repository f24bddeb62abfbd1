"""A day present and paid hours of the same client written at the same moment: the client's
row is locked before the day is looked at, so never both; and hours logged while the
employment is being ended never land after its last day (PostgreSQL, two threads with
connections of their own)."""

import datetime
import threading

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection, connections

from tests.conftest import make_user
from tests.pages_support import days_ago
from tests.test_subcontracting_support import group_of, hours, member_of, order_for
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.core.errors import InvalidInput
from tyopolku.subcontracting.models import WorkLog
from tyopolku.subcontracting.services import group_member_end
from tyopolku.workactivity.models import Attendance

DAYS = 3


def _write(action, barrier: threading.Barrier, outcomes: list[str]) -> None:
    """Run `action` when both threads are ready; note "saved" or the refused fields."""
    try:
        barrier.wait()
        action()
        outcomes.append("saved")
    except InvalidInput as error:
        outcomes.append(",".join(error.fields))
    finally:
        connections.close_all()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_one_of_a_day_present_and_paid_hours_written_at_once_is_saved(
    org, unit, client_record
):
    boss = make_user("boss", org, "supervisor", unit)
    other = make_user("boss2", org, "supervisor", unit)
    group = group_of(boss, unit)
    member = member_of(boss, group, client_record, start=days_ago(90))
    order = order_for(boss, group, start=days_ago(90))
    start = days_ago(30)
    agreement = agreement_of(
        boss,
        work_activity_enrollment(boss, client_record, unit),
        start=start,
        end=start + relativedelta(months=5),
        days=4,
    )
    outcomes: list[str] = []

    def write(action, barrier):
        _write(action, barrier, outcomes)

    for n in range(DAYS):
        day = days_ago(2 + n)
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=write, args=(lambda d=day: mark(boss, agreement, d), barrier)),
            threading.Thread(
                target=write, args=(lambda d=day: hours(other, order, member, d, "5"), barrier)
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert outcomes.count("saved") == DAYS
    present = set(Attendance.objects.filter(agreement=agreement).values_list("date", flat=True))
    paid = set(WorkLog.objects.filter(member=member).values_list("date", flat=True))
    assert not present & paid
    assert len(present | paid) == DAYS
    assert all(isinstance(day, datetime.date) for day in present | paid)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_logs_no_hours_after_a_last_day_set_at_the_same_moment(org, unit, client_record):
    boss = make_user("boss", org, "supervisor", unit)
    other = make_user("boss2", org, "supervisor", unit)
    group = group_of(boss, unit)
    order = order_for(boss, group, start=days_ago(90))
    member = member_of(boss, group, client_record, start=days_ago(90))
    last_day = days_ago(10)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def end() -> None:
        group_member_end(user=boss, member=member, version=1, last_day=last_day)

    def log() -> None:
        hours(other, order, member, days_ago(3), "5")

    threads = [
        threading.Thread(target=_write, args=(action, barrier, outcomes)) for action in (end, log)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    member.refresh_from_db()
    logged_after = WorkLog.objects.filter(member=member, date__gt=last_day).exists()
    # Whichever came first: an ended employment has no hours after its last day.
    assert not (member.end_date == last_day and logged_after)
    assert outcomes.count("saved") == 1 and sorted(outcomes)[0] in ("date", "last_day")
