"""The access log in one insert per request: what a request (a background job) saw is written
after its transaction, and stays in the log when that transaction rolls back; a write's row is
written in the write's own transaction, and goes if the write goes."""

import pytest
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client as WebClient
from django.test.utils import CaptureQueriesContext
from django.urls import path

from tests.factories import (
    ClientFactory,
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    EnrollmentFactory,
)
from tests.pages_support import days_ago, login
from tyopolku.audit.models import AccessLogEntry
from tyopolku.background.models import Job
from tyopolku.background.services import job_run
from tyopolku.clients.models import Client
from tyopolku.clients.selectors import client_get
from tyopolku.clients.services import client_create, client_update
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict
from tyopolku.pathway.models import Phase

LOG_INSERT = 'INSERT INTO "audit_accesslogentry"'


def log(client_id: int) -> list[tuple[str, str]]:
    return list(
        AccessLogEntry.objects.filter(client_id=client_id)
        .order_by("pk")
        .values_list("action", "target")
    )


# Views that fail after reading, served only to these tests (`pytest.mark.urls`): a real
# failure of a real request, through the middleware and ATOMIC_REQUESTS.
def read_write_then_fail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(user=request.user, client_id=client_id)
    client_update(user=request.user, client=client, phone="040 7654321")
    raise RuntimeError("the request fails after a read and a write")


def create_read_then_fail(request: HttpRequest, client_id: int) -> HttpResponse:
    created = client_create(
        user=request.user, first_name="Uusi", last_name="Asiakas", personal_id="131052-308T"
    )
    client_get(user=request.user, client_id=created.pk)
    client_get(user=request.user, client_id=client_id)
    raise RuntimeError("the request fails after reading a client it created")


urlpatterns = [
    path("fail/<int:client_id>/", read_write_then_fail),
    path("create-and-fail/<int:client_id>/", create_read_then_fail),
]


@pytest.fixture
def waiting_and_contacted(org, coach):
    """A client waiting for a first employer contact and one contacted this week: the
    job-development page lists both, as two reads of the access log."""
    employer = EmployerFactory(organization=org)
    for _ in range(2):
        enrollment = EnrollmentFactory(
            client=ClientFactory(organization=org, worker=coach),
            coach=coach,
            created_by=coach,
            start_date=days_ago(5),
            phase=Phase.JOB_SEARCH,
        )
    EmployerContactFactory(
        employer=employer,
        made_by=coach,
        kind="phone",
        date=today(),
        enrollment=enrollment,
        contact_person=ContactPersonFactory(employer=employer),
    )


def test_it_writes_a_pages_reads_in_one_insert_after_its_transaction(
    client, coach, waiting_and_contacted
):
    login(client, coach)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/job-development/").status_code == 200

    sqls = [q["sql"] for q in queries.captured_queries]
    inserts = [i for i, sql in enumerate(sqls) if sql.startswith(LOG_INSERT)]
    assert len(inserts) == 1
    # After the release of the savepoint that ATOMIC_REQUESTS wraps the view in.
    released = max(i for i, sql in enumerate(sqls) if sql.startswith("RELEASE SAVEPOINT"))
    assert inserts[0] > released
    assert set(AccessLogEntry.objects.values_list("target", flat=True)) == {
        "employer_contact",
        "job_development",
    }


def test_it_writes_a_writes_row_inside_the_writes_transaction(api_as, coach, client_record):
    with CaptureQueriesContext(connection) as queries:
        response = api_as(coach).patch(f"/clients/{client_record.pk}", {"phone": "040 1234567"})

    assert response.status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    insert = next(i for i, sql in enumerate(sqls) if sql.startswith(LOG_INSERT))
    released = max(i for i, sql in enumerate(sqls) if sql.startswith("RELEASE SAVEPOINT"))
    assert insert < released
    assert log(client_record.pk) == [("update", "client")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.test_access_log_bulk")
def test_it_keeps_the_read_of_a_failed_request_and_drops_its_write(coach, client_record):
    """Committed for real: the request's transaction rolls back, the client is unchanged
    and the log does not claim the update, but the read stays."""
    web = login(WebClient(raise_request_exception=False), coach)

    assert web.get(f"/fail/{client_record.pk}/").status_code == 500

    assert Client.objects.get(pk=client_record.pk).phone == client_record.phone
    assert log(client_record.pk) == [("read", "client")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.test_access_log_bulk")
def test_it_drops_only_the_reads_of_a_client_the_failed_request_created(coach, client_record):
    web = login(WebClient(raise_request_exception=False), coach)

    assert web.get(f"/create-and-fail/{client_record.pk}/").status_code == 500

    assert not Client.objects.filter(first_name="Uusi").exists()
    assert list(AccessLogEntry.objects.values_list("client_id", "action")) == [
        (client_record.pk, "read")
    ]


def test_it_writes_at_once_outside_a_request(coach, client_record):
    with transaction.atomic():
        client_get(user=coach, client_id=client_record.pk)
        assert log(client_record.pk) == [("read", "client")]


def test_it_keeps_what_a_failed_background_job_read(coach, client_record):
    job = Job.objects.create(
        organization=coach.organization, created_by=coach, kind="employer_import", object_id=1
    )

    def work(job, progress):
        with transaction.atomic():
            client_get(user=coach, client_id=client_record.pk, target="thl_export")
            raise Conflict("The data changed.")

    job_run(job_id=job.pk, work=work)

    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "The data changed.")
    assert log(client_record.pk) == [("read", "thl_export")]
