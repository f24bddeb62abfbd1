"""Two people marking the same participant's attendance at the same moment: the agreement's
row is locked while the week is counted, so the week never gets more work days than the
agreement has (PostgreSQL, two threads with connections of their own)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from tests.conftest import make_user
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.core.errors import InvalidInput
from tyopolku.workactivity.models import Attendance

D = datetime.date
MONDAY = D(2026, 3, 2)
WEEKS = 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_only_one_of_two_simultaneous_marks_take_the_last_day_of_the_week(
    org, unit, client_record
):
    boss = make_user("boss", org, "supervisor", unit)
    other = make_user("boss2", org, "supervisor", unit)
    enrollment = work_activity_enrollment(boss, client_record, unit)
    agreement = agreement_of(boss, enrollment, days=1)  # one work day a week
    outcomes: list[str] = []

    def one_mark(user, day, barrier):
        try:
            barrier.wait()
            mark(user, agreement, day)
            outcomes.append("marked")
        except InvalidInput as error:
            outcomes.append(",".join(error.fields))
        finally:
            connections.close_all()

    for week in range(WEEKS):
        monday = MONDAY + datetime.timedelta(weeks=week)
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=one_mark, args=(boss, monday, barrier)),
            threading.Thread(
                target=one_mark, args=(other, monday + datetime.timedelta(days=1), barrier)
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(outcomes) == ["marked"] * WEEKS + ["marks.0.status"] * WEEKS
    days = Attendance.objects.filter(agreement=agreement).values_list("date", flat=True)
    weeks = sorted(day.isocalendar()[1] for day in days)
    assert weeks == sorted({week for week in weeks})  # one work day in each week
    assert len(weeks) == WEEKS
