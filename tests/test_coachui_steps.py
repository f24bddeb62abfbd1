"""Correcting the IPS start steps (issue point 15): a done step's date can be changed or
the step undone, each change is logged, and the automatic move to job search follows."""

import pytest

from tests.pages_support import days_ago, enroll, login
from tests.test_api_support import assert_error
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.core.errors import InvalidInput
from tyopolku.pathway.models import Phase, PhaseChange
from tyopolku.pathway.selectors import enrollment_get, enrollment_with_status
from tyopolku.pathway.services import (
    enrollment_record_employment,
    intake_step_mark_done,
    intake_step_undo,
)


@pytest.fixture
def enrollment(coach, client_record, unit):
    return enroll(coach=coach, client=client_record, unit=unit, start_days_ago=100)


def fresh(enrollment, user):
    return enrollment_get(user=user, enrollment_id=enrollment.pk)


def steps_done(enrollment, coach, numbers=range(1, 7), days=80):
    for number in numbers:
        intake_step_mark_done(
            user=coach, enrollment=fresh(enrollment, coach), number=number, done_on=days_ago(days)
        )


def phases(enrollment):
    return list(
        PhaseChange.objects.filter(enrollment=enrollment)
        .order_by("effective_date", "pk")
        .values_list("phase", "effective_date")
    )


def phase_today(enrollment, user):
    return enrollment_with_status(fresh(enrollment, user))[1].phase


def step_logs(user):
    return AccessLogEntry.objects.filter(
        user=user, action=AccessAction.UPDATE, target="intake_step"
    ).count()


def test_it_moves_the_job_search_start_with_a_corrected_date(coach, enrollment):
    steps_done(enrollment, coach)
    intake_step_mark_done(
        user=coach, enrollment=fresh(enrollment, coach), number=4, done_on=days_ago(60)
    )

    assert phases(enrollment) == [
        (Phase.INTAKE, days_ago(100)),
        (Phase.JOB_SEARCH, days_ago(60)),
    ]
    assert step_logs(coach) == 7


def test_it_takes_back_the_move_to_job_search_when_a_step_is_undone(coach, enrollment):
    steps_done(enrollment, coach)

    intake_step_undo(user=coach, enrollment=fresh(enrollment, coach), number=5)

    assert phases(enrollment) == [(Phase.INTAKE, days_ago(100))]
    assert phase_today(enrollment, coach) == Phase.INTAKE
    step = fresh(enrollment, coach).intake_steps.get(number=5)
    assert (step.done_on, step.done_by) == (None, None)
    assert step_logs(coach) == 7
    steps_done(enrollment, coach, [5], days=70)  # done again, on its real day
    assert phases(enrollment)[-1] == (Phase.JOB_SEARCH, days_ago(70))


def test_it_keeps_the_job_search_when_a_later_step_is_undone(coach, enrollment):
    steps_done(enrollment, coach, range(1, 8))

    intake_step_undo(user=coach, enrollment=fresh(enrollment, coach), number=7)

    assert phases(enrollment)[-1] == (Phase.JOB_SEARCH, days_ago(80))


def test_it_keeps_an_employed_client_employed_whatever_the_steps_say(coach, enrollment):
    steps_done(enrollment, coach)
    enrollment_record_employment(
        user=coach, enrollment=fresh(enrollment, coach), start_date=days_ago(30)
    )

    intake_step_undo(user=coach, enrollment=fresh(enrollment, coach), number=1)
    assert phases(enrollment) == [(Phase.INTAKE, days_ago(100)), (Phase.EMPLOYED, days_ago(30))]
    assert phase_today(enrollment, coach) == Phase.EMPLOYED

    # Done again only after the job started: no job search after the employment.
    steps_done(enrollment, coach, [1], days=10)
    assert phases(enrollment) == [(Phase.INTAKE, days_ago(100)), (Phase.EMPLOYED, days_ago(30))]
    steps_done(enrollment, coach, [1], days=90)
    assert phases(enrollment)[1] == (Phase.JOB_SEARCH, days_ago(80))
    assert phase_today(enrollment, coach) == Phase.EMPLOYED


def test_it_refuses_to_undo_an_open_step(coach, enrollment):
    with pytest.raises(InvalidInput) as refused:
        intake_step_undo(user=coach, enrollment=fresh(enrollment, coach), number=2)
    assert "number" in refused.value.fields


def test_it_undoes_a_step_on_the_page_with_and_without_htmx(client, coach, enrollment):
    steps_done(enrollment, coach)
    login(client, coach)

    plain = client.post(f"/enrollments/{enrollment.pk}/steps/6/undo/")
    assert plain.status_code == 302
    assert "Start step 6 is open again." in client.get(plain["Location"]).content.decode()
    assert phase_today(enrollment, coach) == Phase.INTAKE

    steps_done(enrollment, coach, [6])
    fragment = client.post(
        f"/enrollments/{enrollment.pk}/steps/6/undo/", headers={"HX-Request": "true"}
    )
    html = fragment.content.decode()
    assert html.startswith('<section id="checklist"')
    assert 'id="enrollment-status"' in html and "hx-swap-oob" in html
    assert html.count(">Mark not done</button>") == 5

    again = client.post(
        f"/enrollments/{enrollment.pk}/steps/6/undo/", headers={"HX-Request": "true"}
    )
    assert again.status_code == 422
    assert "Start step 6 is not marked done." in again.content.decode()


def test_it_changes_a_step_date_on_the_page(client, coach, enrollment):
    steps_done(enrollment, coach)
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/steps/2/", {"step2-done_on": days_ago(50).isoformat()}
    )

    assert response.status_code == 302
    assert phases(enrollment)[-1] == (Phase.JOB_SEARCH, days_ago(50))


def delete(api, path):
    """ApiClient has no DELETE: the same call with the user's token."""
    return api.client.delete(f"/api/v1{path}", headers=api.headers)


def test_it_undoes_a_step_through_the_api(api_as, coach, colleague, enrollment):
    steps_done(enrollment, coach)
    url = f"/enrollments/{enrollment.pk}/intake-steps"

    body = delete(api_as(coach), f"{url}/3")
    assert body.status_code == 200
    assert body.json()["phase"] == Phase.INTAKE
    assert [s["done_on"] for s in body.json()["intake_steps"]][2] is None

    assert_error(delete(api_as(coach), f"{url}/3"), 422, "number")
    assert_error(delete(api_as(coach), f"{url}/9"), 422, "number")
    assert delete(api_as(colleague), f"{url}/2").status_code == 404
