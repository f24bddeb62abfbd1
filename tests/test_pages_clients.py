"""The client pages: list and live search, the client form, the client page, consents."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta

from tests.factories import ClientFactory
from tests.pages_support import days_ago, en_date, enroll, login
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.clients.models import Client, Consent
from tyopolku.core.dates import today
from tyopolku.pathway.services import (
    enrollment_record_employment,
    intake_step_mark_done,
    visit_create,
)


def field_errors(html: str, name: str) -> list[str]:
    """The error texts shown inside the form field `name` (see _field.html)."""
    match = re.search(
        rf'<div class="field[^"]*">(?:(?!<div class="field).)*?id="id_{name}".*?</div>', html, re.S
    )
    assert match, f"no field {name}"
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', match.group(0))


def new_client_data(**changes) -> dict:
    data = {
        "first_name": "Eero",
        "last_name": "Esimerkki",
        "personal_id": synthetic_personal_id(datetime.date(1985, 6, 15)),
        "birth_date": "",
        "municipality_code": "153",
        "phone": "+358 40 123 4567",
        "email": "eero@example.fi",
        "target_groups": ["long_term_unemployed", "partial_work_ability"],
    }
    return data | changes


# The list


def test_it_lists_the_coachs_clients(client, coach, client_record):
    response = login(client, coach).get("/clients/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/clients/{client_record.pk}/"' in html
    assert "Asiakas Aino" in html
    assert "1 client" in html


def test_it_searches_without_javascript(client, coach, org, client_record):
    ClientFactory(organization=org, worker=coach, first_name="Ville", last_name="Virtanen")
    html = login(client, coach).post("/clients/", {"search": "virta"}).content.decode()
    assert "Virtanen Ville" in html
    assert "Asiakas Aino" not in html
    assert "<h1>" in html  # the whole page


def test_it_answers_the_live_search_with_the_results_only(client, coach, org, client_record):
    ClientFactory(organization=org, worker=coach, first_name="Ville", last_name="Virtanen")
    response = login(client, coach).post(
        "/clients/", {"search": "aino"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Asiakas Aino" in html
    assert "Virtanen" not in html
    assert "<h1>" not in html and "<html" not in html


def test_it_wires_the_live_search_to_the_results(client, coach):
    html = login(client, coach).get("/clients/").content.decode()
    assert 'hx-post="/clients/"' in html
    assert "hx-push-url" not in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#client-results"' in html
    assert 'id="client-results"' in html


def test_it_pages_the_client_list(client, coach, org):
    ClientFactory.create_batch(30, organization=org, worker=coach)
    login(client, coach)
    first = client.get("/clients/").content.decode()
    assert first.count('<td data-label="Name">') == 25
    assert 'href="?offset=25"' in first
    assert 'rel="prev"' not in first
    second = client.get("/clients/", {"offset": 25}).content.decode()
    assert second.count('<td data-label="Name">') == 5
    assert 'href="?offset=0"' in second
    assert 'rel="next"' not in second


def test_it_pages_a_search_by_posting_it_again(client, coach, org):
    ClientFactory.create_batch(30, organization=org, worker=coach)
    login(client, coach)
    first = client.post("/clients/", {"search": "Suku"}).content.decode()
    assert first.count('<td data-label="Name">') == 25
    assert '<input type="hidden" name="search" value="Suku">' in first
    assert 'name="offset" value="25"' in first
    assert "Previous" not in first
    second = client.post("/clients/", {"search": "Suku", "offset": 25}).content.decode()
    assert second.count('<td data-label="Name">') == 5
    assert 'name="offset" value="0"' in second
    assert "Next" not in second


def test_it_ignores_a_broken_offset(client, coach, client_record):
    response = login(client, coach).get("/clients/", {"offset": "x"})
    assert "Asiakas Aino" in response.content.decode()


# Creating and editing


def test_it_creates_a_client_and_opens_the_client_page(client, coach):
    response = login(client, coach).post("/clients/new/", new_client_data())
    created = Client.objects.get(last_name="Esimerkki")
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{created.pk}/"
    assert created.birth_date == datetime.date(1985, 6, 15)
    assert created.municipality_code == "153"
    assert sorted(g.code for g in created.target_groups.all()) == [
        "long_term_unemployed",
        "partial_work_ability",
    ]
    # The creator works with the client and so can open the page.
    assert client.get(response["Location"]).status_code == 200


def test_it_creates_a_client_without_a_personal_id(client, coach):
    data = new_client_data(personal_id="", birth_date="1990-02-03")
    response = login(client, coach).post("/clients/new/", data)
    assert response.status_code == 302
    created = Client.objects.get(last_name="Esimerkki")
    assert (created.personal_id, created.birth_date) == (None, datetime.date(1990, 2, 3))


def test_it_shows_an_invalid_personal_id_next_to_the_field(client, coach):
    response = login(client, coach).post(
        "/clients/new/", new_client_data(personal_id="150685-900X")
    )
    html = response.content.decode()
    assert response.status_code == 422
    (error,) = field_errors(html, "personal_id")
    assert "check character" in error
    assert not Client.objects.filter(last_name="Esimerkki").exists()
    assert 'value="Esimerkki"' in html  # the input is kept


def test_it_asks_for_a_birth_date_without_a_personal_id(client, coach):
    response = login(client, coach).post("/clients/new/", new_client_data(personal_id=""))
    (error,) = field_errors(response.content.decode(), "birth_date")
    assert "Give a date of birth" in error


def test_it_shows_the_services_field_errors_together(client, coach):
    data = new_client_data(municipality_code="12", phone="abc")
    html = login(client, coach).post("/clients/new/", data).content.decode()
    (municipality_error,) = field_errors(html, "municipality_code")
    (phone_error,) = field_errors(html, "phone")
    assert "Not a municipality of Finland" in municipality_error
    assert "phone number" in phone_error


def test_it_shows_a_duplicate_personal_id_next_to_the_field(client, coach, client_record):
    data = new_client_data(personal_id=client_record.personal_id)
    response = login(client, coach).post("/clients/new/", data)
    assert response.status_code == 422
    (error,) = field_errors(response.content.decode(), "personal_id")
    assert "already registered" in error


def test_it_fills_the_edit_form(client, coach, client_record):
    html = login(client, coach).get(f"/clients/{client_record.pk}/edit/").content.decode()
    assert 'value="Aino"' in html
    assert 'value="010190-900P"' in html
    # The code carries the birth date: the date field starts empty.
    (birth_input,) = re.findall(r'<input[^>]*name="birth_date"[^>]*>', html)
    assert "value=" not in birth_input


def test_it_updates_a_client(client, coach, client_record):
    data = new_client_data(
        first_name="Aino", last_name="Uusinimi", personal_id=client_record.personal_id
    )
    response = login(client, coach).post(f"/clients/{client_record.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_record.pk}/"
    client_record.refresh_from_db()
    assert (client_record.last_name, client_record.phone) == ("Uusinimi", "+358 40 123 4567")
    assert client_record.target_groups.count() == 2
    assert AccessLogEntry.objects.filter(
        client=client_record, action=AccessAction.UPDATE, target="client"
    ).exists()


def test_it_shows_update_errors_next_to_the_fields(client, coach, client_record):
    data = new_client_data(personal_id="010190-900P", birth_date="1991-01-01")
    response = login(client, coach).post(f"/clients/{client_record.pk}/edit/", data)
    assert response.status_code == 422
    (error,) = field_errors(response.content.decode(), "birth_date")
    assert "does not match" in error
    client_record.refresh_from_db()
    assert client_record.last_name == "Asiakas"


# The client page


@pytest.fixture
def enrollment(coach, client_record, unit):
    return enroll(coach=coach, client=client_record, unit=unit, start_days_ago=40)


def test_it_shows_the_client_page(client, coach, client_record, enrollment):
    intake_step_mark_done(user=coach, enrollment=enrollment, number=1, done_on=days_ago(30))
    visit_create(
        user=coach,
        enrollment=enrollment,
        date=days_ago(3),
        kind="phone",
        duration_minutes=15,
        summary="Soitto",
    )
    html = login(client, coach).get(f"/clients/{client_record.pk}/").content.decode()
    assert "<h1>Aino Asiakas</h1>" in html
    assert "010190-900P" in html
    assert f'href="/enrollments/{enrollment.pk}/"' in html
    assert 'class="badge badge-intake"' in html
    assert f'href="/clients/{client_record.pk}/enrollments/new/"' in html
    assert f'href="/clients/{client_record.pk}/edit/"' in html
    # The timeline, newest first: the visit, the start step, the enrollment.
    timeline = html[html.index('class="timeline"') :]
    visit_at = timeline.index("Visit: Phone call, 15 min")
    step_at = timeline.index("Start step 1 done")
    enrolled_at = timeline.index("Intake – enrolled")
    assert visit_at < step_at < enrolled_at
    assert en_date(days_ago(3)) in timeline


def test_it_shows_the_follow_along_warning_on_the_client_page(client, coach, client_record, unit):
    enrollment = enroll(coach=coach, client=client_record, unit=unit, start_days_ago=200)
    start = today() - relativedelta(months=3) + datetime.timedelta(days=10)
    enrollment_record_employment(user=coach, enrollment=enrollment, start_date=start)
    html = login(client, coach).get(f"/clients/{client_record.pk}/").content.decode()
    last_day = start + relativedelta(months=3) - datetime.timedelta(days=1)
    assert f"Follow-along support ends on {en_date(last_day)}" in html


def test_it_logs_opening_the_client_page(client, coach, client_record):
    login(client, coach).get(f"/clients/{client_record.pk}/")
    entry = AccessLogEntry.objects.get(target="client")
    assert (entry.user, entry.client, entry.action) == (coach, client_record, AccessAction.READ)
    assert entry.channel == f"GET /clients/{client_record.pk}/"


def test_it_shows_dates_the_finnish_way(client, coach, client_record):
    client.force_login(coach)  # the default language, Finnish
    html = client.get(f"/clients/{client_record.pk}/").content.decode()
    assert "1.1.1990" in html


# Consents


def test_it_records_consents_with_date_and_recorder(client, coach, client_record):
    data = {"thl_evaluation": "on", "information_sharing": "on"}
    response = login(client, coach).post(f"/clients/{client_record.pk}/consents/", data)
    assert response.status_code == 302
    given = {c.kind: c.given for c in client_record.consents.all()}
    assert given == {
        Consent.Kind.THL_EVALUATION: True,
        Consent.Kind.THL_FOLLOW_UP: False,
        Consent.Kind.INFORMATION_SHARING: True,
    }
    html = client.get(f"/clients/{client_record.pk}/").content.decode()
    assert f"given {en_date(today())}, recorded by Coach Testinen" in html
    assert 'name="thl_evaluation" id="id_thl_evaluation" checked' in html


def test_it_answers_htmx_consents_with_the_consents_only(client, coach, client_record):
    response = login(client, coach).post(
        f"/clients/{client_record.pk}/consents/",
        {"thl_follow_up": "on"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="consents"')
    assert "Consents saved." in html
    assert 'name="thl_follow_up" id="id_thl_follow_up" checked' in html


# Query counts


def _client_page_with_visits(client, coach, client_record, enrollment, visits):
    for n in range(visits):
        visit_create(
            user=coach,
            enrollment=enrollment,
            date=days_ago(n % 30),
            kind="meeting",
            duration_minutes=60,
            summary=f"Käynti {n}",
        )


@pytest.mark.parametrize("visits", [1, 10])
def test_it_shows_the_client_page_in_a_fixed_number_of_queries(
    client, coach, client_record, enrollment, visits, django_assert_num_queries
):
    intake_step_mark_done(user=coach, enrollment=enrollment, number=1, done_on=days_ago(30))
    Consent.objects.create(
        client=client_record,
        kind=Consent.Kind.THL_EVALUATION,
        given=True,
        recorded_on=today(),
        recorded_by=coach,
    )
    _client_page_with_visits(client, coach, client_record, enrollment, visits)
    login(client, coach)
    with django_assert_num_queries(17):
        # 1 savepoint (ATOMIC_REQUESTS inside the test's transaction)
        # 2 session, 3 user
        # 4 client_get: the client within the user's reach, 5 its access-log row
        # 6 the client again with 7 target groups, 8 consents, 9 their recorders,
        #   10 client workers (with the worker, who started and who ended the link)
        # 11 enrollments (with client, unit, coach, referral source), 12 phase changes,
        #   13 start steps (with who did them), 14 service-model settings
        # 15 visits (with recorder, unit, enrollment)
        # 16 the user's organisation (page header), 17 release savepoint
        response = client.get(f"/clients/{client_record.pk}/")
    assert response.content.decode().count("Visit: Meeting") == visits
