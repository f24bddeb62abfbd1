"""Builders shared by the work-activity tests and the access policy: plain functions (no
tests)."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tests.pages_support import days_ago, enroll
from tyopolku.pathway.models import ServiceModel
from tyopolku.workactivity.models import Agreement
from tyopolku.workactivity.services import (
    agreement_create,
    attendance_mark,
    goal_add,
    review_create,
    screening_create,
)

D = datetime.date
START = D(2026, 3, 2)
END = D(2026, 8, 31)


def work_activity_enrollment(coach, client, unit=None):
    return enroll(coach=coach, client=client, unit=unit, service_model=ServiceModel.WORK_ACTIVITY)


def agreement_of(
    user,
    enrollment,
    *,
    start=START,
    end=END,
    days=3,
    hours="6",
    goals=("Opin käyttämään kassakonetta",),
) -> Agreement:
    return agreement_create(
        user=user,
        enrollment=enrollment,
        start_date=start,
        end_date=end,
        days_per_week=days,
        hours_per_day=Decimal(hours),
        place="Kahvila Kaisla",
        tasks="Astiahuolto ja kassa",
        goals=list(goals),
    )


def mark(user, agreement, day, status="present"):
    return attendance_mark(
        user=user, day=day, marks=[{"agreement_id": agreement.pk, "status": status}]
    )


WORLD_SCORES = {
    "own_wish": 5,
    "attendance": 4,
    "work_skills": 3,
    "independence": 3,
    "health": 4,
    "support_network": 4,
    "summary": "Haluaa palkkatyöhön kahvilaan.",
}


def world_agreement(w) -> Agreement:
    """The access policy's agreement of the world's client (made once per world), with a
    goal, a review, a day present and a screening that makes the client an IPS candidate."""
    existing = Agreement.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    supervisor = w.worker_link.user
    start = days_ago(30)
    agreement = agreement_of(
        supervisor, w.other_enrollment, start=start, end=start + relativedelta(months=5), days=4
    )
    goal_add(user=supervisor, agreement=agreement, text="Tulen ajoissa", how_we_know="Kirjaus")
    review_create(
        user=supervisor,
        agreement=agreement,
        date=days_ago(5),
        ratings=[{"goal_id": agreement.goals.first().pk, "progress": 3, "notes": "Hyvin"}],
        participant_view="Mukavaa",
    )
    # Day -9: the world's paid work is logged on day -10 (a day is one or the other).
    mark(supervisor, agreement, days_ago(9))
    screening_create(user=supervisor, agreement=agreement, date=days_ago(3), **WORLD_SCORES)
    return agreement
