"""The next step agreed at a visit (issue point 14): saved from the visit form and the API,
kept until a later visit changes or clears it, refused without its text or before the visit."""

import pytest

from tests.pages_support import days_ago, enroll, login
from tests.test_api_support import assert_error
from tyopolku.pathway.models import Enrollment


@pytest.fixture
def enrollment(coach, client_record, unit):
    return enroll(coach=coach, client=client_record, unit=unit, start_days_ago=100)


def post_visit(client, enrollment, **fields):
    data = {
        "date": days_ago(1).isoformat(),
        "kind": "meeting",
        "duration_minutes": "30",
        "summary": "Tapaaminen",
    }
    return client.post(f"/enrollments/{enrollment.pk}/visits/new/", data | fields)


def test_it_saves_the_agreed_step_and_offers_it_on_the_next_visit(client, coach, enrollment):
    login(client, coach)
    response = post_visit(
        client, enrollment, next_action="CV valmiiksi", next_action_on=days_ago(-7).isoformat()
    )

    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.next_action, enrollment.next_action_on) == ("CV valmiiksi", days_ago(-7))
    form = client.get(f"/enrollments/{enrollment.pk}/visits/new/").content.decode()
    assert 'name="next_action" value="CV valmiiksi"' in form
    page = client.get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert "Next step agreed" in page and "CV valmiiksi" in page


def test_it_clears_the_agreed_step_when_the_form_leaves_it_empty(client, coach, enrollment):
    login(client, coach)
    post_visit(client, enrollment, next_action="CV valmiiksi")
    post_visit(client, enrollment, next_action="")

    enrollment.refresh_from_db()
    assert (enrollment.next_action, enrollment.next_action_on) == ("", None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"next_action": "", "next_action_on": days_ago(-1).isoformat()}, "next_action"),
        ({"next_action": "Soitto", "next_action_on": days_ago(5).isoformat()}, "next_action_on"),
        ({"next_action": "x" * 201}, "next_action"),
    ],
)
def test_it_names_the_wrong_next_step_field(client, coach, enrollment, fields, field):
    response = post_visit(login(client, coach), enrollment, **fields)

    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not Enrollment.objects.get(pk=enrollment.pk).visits.exists()


def test_it_takes_the_next_step_through_the_api(api_as, coach, enrollment):
    api = api_as(coach)
    visit = {"date": days_ago(1).isoformat(), "kind": "phone", "duration_minutes": 10}
    created = api.post(
        f"/enrollments/{enrollment.pk}/visits",
        visit | {"summary": "Soitto", "next_action": "Haastattelu", "next_action_on": None},
    )
    assert created.status_code == 201
    kept = api.post(f"/enrollments/{enrollment.pk}/visits", visit | {"summary": "Toinen"})
    assert kept.status_code == 201

    body = api.get(f"/enrollments/{enrollment.pk}").json()
    assert (body["next_action"], body["next_action_on"]) == ("Haastattelu", None)
    refused = api.post(
        f"/enrollments/{enrollment.pk}/visits",
        visit | {"summary": "x", "next_action_on": days_ago(-2).isoformat()},
    )
    assert_error(refused, 422, "next_action")
