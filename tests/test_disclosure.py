"""A refusal that tells a user that a person is a client (the client-data guard's name
match, a duplicate identity code) is logged as a disclosure to that user when they may not
see the client, and the log row outlives the refused write's rollback (UI and API)."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ClientFactory
from tests.pages_support import login
from tests.test_pages_clients import field_errors, new_client_data
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.services import access_log_kept
from tyopolku.clients.models import ClientWorker
from tyopolku.core.errors import InvalidInput
from tyopolku.employers import services
from tyopolku.employers.models import Employer

NOTES = {"name": "Kauppa Oy", "business_id": "2077474-0", "notes": "Aino Asiakkaalle soitettu"}


def disclosures(user) -> list[tuple]:
    return list(
        AccessLogEntry.objects.filter(user=user, action=AccessAction.DISCLOSE).values_list(
            "client_id", "target", "channel"
        )
    )


def employer_form(**fields) -> dict:
    data = {"name": "Kauppa Oy", "business_id": "2077474-0", "employer_type": "company"}
    return data | {"industry_code": "", "municipality_code": "", "street_address": ""} | {
        "postal_code": "", "post_office": "", "website": "", "notes": ""
    } | fields  # fmt: skip


# The guard


def test_it_logs_a_guard_match_to_a_user_outside_the_client_relationship(
    api_as, colleague, client_record
):
    response = api_as(colleague).post("/employers", NOTES)

    assert response.status_code == 422
    assert not Employer.objects.exists()
    assert disclosures(colleague) == [(client_record.pk, "guard_match", "POST /api/v1/employers")]


def test_it_logs_nothing_for_the_clients_own_coach(api_as, coach, client_record):
    response = api_as(coach).post("/employers", NOTES)

    assert response.status_code == 422
    assert not AccessLogEntry.objects.filter(user=coach).exists()


def test_it_logs_a_guard_match_of_a_refused_form(client, colleague, client_record):
    login(client, colleague)

    response = client.post(reverse("employer_create"), employer_form(notes=NOTES["notes"]))

    assert response.status_code == 422
    assert not Employer.objects.exists()
    assert disclosures(colleague) == [(client_record.pk, "guard_match", "POST /employers/new/")]


def test_it_logs_each_client_a_refusal_names_once(api_as, colleague, client_record, org):
    other = ClientFactory(organization=org, first_name="Eeva", last_name="Kanervalaakso")
    contact_person = {"name": "Eeva Kanervalaakso", "title": "Aino Asiakas, Eeva Kanervalaakso"}
    employer = services.employer_create(user=colleague, name="Kauppa Oy", business_id="2077474-0")

    response = api_as(colleague).post(f"/employers/{employer.pk}/contact-persons", contact_person)

    assert response.status_code == 422
    assert sorted(client for client, _target, _channel in disclosures(colleague)) == sorted(
        [client_record.pk, other.pk]
    )


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_log_row_when_the_request_is_rolled_back(api_as, colleague, client_record):
    """Committed for real (no test transaction around it): the refused request's own
    transaction is rolled back, the disclosure is not."""
    response = api_as(colleague).post("/employers", NOTES)

    assert response.status_code == 422
    assert not Employer.objects.exists()
    assert disclosures(colleague) == [(client_record.pk, "guard_match", "POST /api/v1/employers")]


def test_it_writes_disclosures_when_the_outermost_block_ends(colleague, client_record):
    with access_log_kept():
        with pytest.raises(InvalidInput):
            services.employer_create(user=colleague, **NOTES)
        with access_log_kept():
            pass  # an inner block leaves the writing to the outer one
        assert disclosures(colleague) == []

    assert disclosures(colleague) == [(client_record.pk, "guard_match", "system")]


def test_it_shows_the_disclosure_in_the_clients_access_log(
    api_as, colleague, supervisor, client_record
):
    api_as(colleague).post("/employers", NOTES)

    log = api_as(supervisor).get(f"/clients/{client_record.pk}/access-log").json()

    assert any(item["action"] == "disclose" for item in log["items"]), log


# A duplicate identity code


def test_it_names_the_existing_client_to_a_user_who_may_see_them(api_as, supervisor, client_record):
    body = {"first_name": "Aino", "last_name": "Asiakas", "personal_id": "010190-900P"}

    response = api_as(supervisor).post("/clients", body)

    assert response.status_code == 409
    assert response.json()["existing_client_id"] == client_record.pk
    assert [e["field"] for e in response.json()["errors"]] == ["personal_id"]
    assert disclosures(supervisor) == []


def test_it_only_says_the_code_is_registered_to_anyone_else(api_as, colleague, client_record):
    body = {"first_name": "Aino", "last_name": "Asiakas", "personal_id": "010190-900P"}

    response = api_as(colleague).post("/clients", body)

    assert response.status_code == 409
    assert "existing_client_id" not in response.json()
    assert str(client_record.pk) not in response.json()["detail"]
    assert disclosures(colleague) == [
        (client_record.pk, "duplicate_identity_code", "POST /api/v1/clients")
    ]


def test_it_logs_a_duplicate_code_given_in_a_change(api_as, colleague, client_record, org):
    own = ClientFactory(organization=org, personal_id=None, birth_date=datetime.date(1990, 1, 1))
    ClientWorker.objects.create(client=own, user=colleague, kind=ClientWorker.Kind.COACH)

    response = api_as(colleague).patch(f"/clients/{own.pk}", {"personal_id": "010190-900P"})

    assert response.status_code == 409
    assert "existing_client_id" not in response.json()
    own.refresh_from_db()
    assert own.personal_id is None
    assert [c for c, _target, _channel in disclosures(colleague)] == [client_record.pk]


def test_it_links_the_existing_client_in_the_form_for_a_user_who_may_see_them(
    client, coach, client_record
):
    login(client, coach)

    response = client.post(reverse("client_create"), new_client_data(personal_id="010190-900P"))

    html = response.content.decode()
    assert response.status_code == 422
    assert field_errors(html, "personal_id")
    assert f'href="{reverse("client_detail", args=[client_record.pk])}"' in html
    assert disclosures(coach) == []


def test_it_shows_no_link_and_logs_the_disclosure_for_anyone_else(
    client, colleague, client_record
):
    login(client, colleague)

    response = client.post(reverse("client_create"), new_client_data(personal_id="010190-900P"))

    html = response.content.decode()
    assert response.status_code == 422
    assert field_errors(html, "personal_id")
    assert reverse("client_detail", args=[client_record.pk]) not in html
    assert disclosures(colleague) == [
        (client_record.pk, "duplicate_identity_code", "POST /clients/new/")
    ]
