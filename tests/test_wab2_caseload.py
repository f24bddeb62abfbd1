"""A case manager's front page: the clients they are case manager or personal worker of, with
the assessment deadline, the plan review and the referrals waiting, from one query; and the
coach caseload naming each client's case manager and personal worker."""

import datetime

import pytest

from tests.conftest import make_user
from tests.factories import ClientFactory
from tests.pages_support import days_ago, enroll, login
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import ClientWorker
from tyopolku.clients.services import client_worker_add
from tyopolku.core.dates import today
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability import selectors
from tyopolku.workability.services import assessment_create, client_plan_create, referral_create


def managed(org, manager, *, kind=ClientWorker.Kind.CASE_MANAGER, **names):
    person = ClientFactory(organization=org, **names)
    client_worker_add(client=person, worker=manager, kind=kind, started_by=manager)
    return person


@pytest.fixture
def manager(org, unit):
    return make_user("asiakasvastaava", org, "case_manager", unit)


def test_it_lists_the_case_managers_clients_with_their_facts(client, org, manager, coach):
    urho = managed(org, manager, first_name="Urho", last_name="Aalto")
    venla = managed(
        org, manager, kind=ClientWorker.Kind.PERSONAL_WORKER, first_name="Venla", last_name="Berg"
    )
    ClientFactory(organization=org, worker=coach, first_name="Muu", last_name="Asiakas")
    # Pending 70 working days ago and not completed: past the completion deadline.
    assessment_create(
        user=manager, client=urho, started_on=days_ago(100), initiated_on=days_ago(101)
    )
    client_plan_create(
        user=manager, client=venla, goals=["Töihin"], made_on=days_ago(30), review_on=days_ago(1)
    )
    referral_create(user=manager, client=venla, to_service_model=ServiceModel.IPS, reason="IPS")

    html = login(client, manager).get("/").content.decode()

    assert "2 clients as case manager or personal worker" in html
    assert "Urho Aalto" in html and "Venla Berg" in html and "Muu Asiakas" not in html
    assert "The completion deadline has passed." in html
    assert "version 1" in html and "The plan is due for review." in html
    assert "personal worker" in html
    logged = AccessLogEntry.objects.filter(user=manager, target="case_caseload")
    assert {e.client_id for e in logged} == {urho.pk, venla.pk}


def test_it_counts_waiting_referrals_only(org, manager):
    person = managed(org, manager)
    referral_create(user=manager, client=person, to_service_model=ServiceModel.IPS, reason="x")
    referral_create(
        user=manager, client=person, to_service_model=ServiceModel.WORK_ACTIVITY, reason="y"
    )

    [row] = selectors.case_caseload(user=manager)

    assert row.open_referrals == 2 and row.plan_version is None and row.assessment is None


def test_it_leaves_out_ended_links(org, manager):
    person = managed(org, manager)
    link = ClientWorker.objects.get(client=person, user=manager)
    link.start_date = today() - datetime.timedelta(days=10)
    link.end_date = today()
    link.save(update_fields=["start_date", "end_date"])

    assert selectors.case_caseload(user=manager) == []


def test_it_pages_the_case_caseload(client, org, manager, monkeypatch):
    monkeypatch.setattr(selectors, "CASE_CASELOAD_PAGE_SIZE", 2)
    for n in range(3):
        managed(org, manager, last_name=f"Nimi{n}")
    login(client, manager)

    first = client.get("/").content.decode()
    second = client.get("/", {"offset": 2}).content.decode()

    assert "Nimi0" in first and "Nimi1" in first and "Nimi2" not in first
    assert 'rel="next"' in first
    assert "Nimi2" in second and 'rel="next"' not in second


def test_it_says_so_when_there_are_no_clients(client, manager):
    html = login(client, manager).get("/").content.decode()
    assert "You are not the case manager or personal worker of any client." in html


@pytest.mark.parametrize("size", [1, 10])
def test_it_lists_the_case_caseload_in_a_fixed_number_of_queries(
    client, org, manager, size, django_assert_num_queries
):
    for _ in range(size):
        person = managed(org, manager)
        assessment_create(user=manager, client=person, started_on=days_ago(3))
        client_plan_create(user=manager, client=person, goals=["x"], review_on=days_ago(-9))
        referral_create(user=manager, client=person, to_service_model=ServiceModel.IPS, reason="r")
    login(client, manager)
    with django_assert_num_queries(9):
        # savepoint, session, user, the count, the page (with every fact), access log,
        # deadline settings, organisation (header), release
        response = client.get("/")
    assert response.content.decode().count('class="name"') == size


def test_it_names_the_case_manager_on_the_coach_caseload(client, org, coach, manager):
    person = ClientFactory(organization=org, worker=coach, first_name="Aino", last_name="Aho")
    client_worker_add(
        client=person, worker=manager, kind=ClientWorker.Kind.CASE_MANAGER, started_by=manager
    )
    enroll(coach=coach, client=person)

    html = login(client, coach).get("/").content.decode()

    assert "Case manager / personal worker" in html
    assert "Asiakasvastaava Testinen" in html and "(case manager)" in html
