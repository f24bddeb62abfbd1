"""The access log (käyttöloki, Act 703/2023 § 11) of reads and writes through the API:
who, which client, what was done to what, and through which endpoint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClientFactory
from tests.test_api_support import add_visit, days_ago, enroll, mark_step, record_employment
from tyopolku.audit.models import AccessLogEntry

START = days_ago(90)


def rows(client_id: int) -> list[tuple[str, str, str, str]]:
    """The client's log in the order written: (user, action, target, channel)."""
    return [
        (e.user.username, e.action, e.target, e.channel)
        for e in AccessLogEntry.objects.filter(client_id=client_id)
        .select_related("user")
        .order_by("pk")
    ]


@pytest.fixture
def coach_api(api_as, coach):
    return api_as(coach)


@pytest.fixture
def enrollment(coach, client_record, unit):
    from tyopolku.pathway.services import enrollment_create

    enrollment = enrollment_create(
        user=coach, client=client_record, service_model="ips", start_date=START, unit_id=unit.pk
    )
    AccessLogEntry.objects.all().delete()  # start each test with an empty log
    return enrollment


def test_it_logs_the_creation_of_a_client(coach_api, org):
    response = coach_api.post(
        "/clients", {"first_name": "Ville", "last_name": "V", "personal_id": "131052-308T"}
    )
    client_id = response.json()["id"]
    assert rows(client_id) == [("coach", "create", "client", "POST /api/v1/clients")]
    assert AccessLogEntry.objects.get().organization == org


def test_it_logs_a_read_of_a_client(coach_api, client_record):
    coach_api.get(f"/clients/{client_record.pk}")
    assert rows(client_record.pk) == [
        ("coach", "read", "client", f"GET /api/v1/clients/{client_record.pk}")
    ]


def test_it_logs_a_change_of_a_client_once(coach_api, client_record):
    coach_api.patch(f"/clients/{client_record.pk}", {"phone": "040 1234567"})
    channel = f"PATCH /api/v1/clients/{client_record.pk}"
    assert rows(client_record.pk) == [("coach", "update", "client", channel)]


def test_it_logs_the_consents(coach_api, client_record):
    answers = {"thl_evaluation": True, "thl_follow_up": False, "information_sharing": True}
    coach_api.put(f"/clients/{client_record.pk}/consents", answers)
    channel = f"PUT /api/v1/clients/{client_record.pk}/consents"
    assert rows(client_record.pk) == [("coach", "update", "consents", channel)]


def test_it_logs_every_listed_client_and_only_those(api_as, org, supervisor):
    clients = [ClientFactory(organization=org, last_name=name) for name in ("Aho", "Berg", "Cid")]
    api_as(supervisor).get("/clients?limit=2")
    logged = AccessLogEntry.objects.order_by("client__last_name")
    assert [(e.client_id, e.user, e.action, e.target) for e in logged] == [
        (clients[0].pk, supervisor, "read", "client_list"),
        (clients[1].pk, supervisor, "read", "client_list"),
    ]
    assert {e.channel for e in logged} == {"GET /api/v1/clients"}


def test_it_logs_a_search_that_finds_nobody_as_nothing(api_as, org, supervisor):
    ClientFactory(organization=org, last_name="Aho")
    api_as(supervisor).get("/clients?search=Nobody")
    assert not AccessLogEntry.objects.exists()


def test_it_logs_an_enrollment(coach_api, client_record):
    body = enroll(coach_api, client_record.pk, START)
    channel = f"POST /api/v1/clients/{client_record.pk}/enrollments"
    assert rows(client_record.pk) == [("coach", "create", "enrollment", channel)]
    coach_api.get(f"/enrollments/{body['id']}")
    assert rows(client_record.pk)[-1] == (
        "coach",
        "read",
        "enrollment",
        f"GET /api/v1/enrollments/{body['id']}",
    )


@pytest.mark.parametrize(
    ("do", "path", "action", "target"),
    [
        (lambda api, e: mark_step(api, e.pk, 1, START), "intake-steps/1", "update", "intake_step"),
        (lambda api, e: record_employment(api, e.pk, START), "employment", "update", "employment"),
        (lambda api, e: add_visit(api, e.pk, START), "visits", "create", "visit"),
        (
            lambda api, e: api.post(
                f"/enrollments/{e.pk}/end", {"end_date": START.isoformat(), "reason": "Moved"}
            ),
            "end",
            "update",
            "enrollment",
        ),
    ],
)
def test_it_logs_the_writes_on_an_enrollment(
    coach_api, client_record, enrollment, do, path, action, target
):
    assert do(coach_api, enrollment).status_code in (200, 201)
    channel = f"POST /api/v1/enrollments/{enrollment.pk}/{path}"
    assert rows(client_record.pk) == [("coach", action, target, channel)]


def test_it_logs_a_read_of_the_visits(coach_api, client_record, enrollment):
    coach_api.get(f"/enrollments/{enrollment.pk}/visits")
    assert rows(client_record.pk) == [
        ("coach", "read", "visits", f"GET /api/v1/enrollments/{enrollment.pk}/visits")
    ]


def test_it_logs_a_refused_write_as_the_write_attempted_never_as_a_read(
    coach_api, client_record, enrollment
):
    """A write request fetches the client's data with the action it attempts; a done write
    records the same fact, which the request keeps once. So the log tells what the user
    tried to do, and a refused attempt is there too."""
    response = add_visit(coach_api, enrollment.pk, START, kind="coffee")
    assert response.status_code == 422
    assert [r[1:3] for r in rows(client_record.pk)] == [("create", "visit")]
    refused = coach_api.patch(f"/clients/{client_record.pk}", {"email": "not an address"})
    assert refused.status_code == 422
    assert [r[1:3] for r in rows(client_record.pk)][1:] == [("update", "client")]


@pytest.mark.parametrize("who", ["outsider", "colleague", "evaluator"])
def test_it_logs_nothing_for_a_client_the_user_cannot_see(api_as, request, client_record, who):
    api = api_as(request.getfixturevalue(who))
    assert api.get(f"/clients/{client_record.pk}").status_code == 404
    assert api.patch(f"/clients/{client_record.pk}", {"phone": "040 1234567"}).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_it_shows_the_access_log_newest_first_and_logs_reading_it(
    api_as, coach, supervisor, client_record
):
    coach_api = api_as(coach)
    coach_api.get(f"/clients/{client_record.pk}")
    coach_api.patch(f"/clients/{client_record.pk}", {"email": "aino@example.fi"})
    path = f"/clients/{client_record.pk}/access-log"
    first = api_as(supervisor).get(path).json()
    assert [(i["user"], i["action"], i["target"]) for i in first["items"]] == [
        ("supervisor", "read", "access_log"),
        ("coach", "update", "client"),
        ("coach", "read", "client"),
    ]
    assert first["items"][0]["channel"] == f"GET /api/v1{path}"
    timestamps = [i["at"] for i in first["items"]]
    assert timestamps == sorted(timestamps, reverse=True)
    second = api_as(supervisor).get(path).json()
    assert second["count"] == first["count"] + 1
    assert second["items"][1:] == first["items"]


def test_it_does_not_log_a_refused_access_log_read(coach_api, client_record):
    assert coach_api.get(f"/clients/{client_record.pk}/access-log").status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_it_keeps_each_organisations_log_apart(api_as, org, other_org, supervisor, outsider):
    ours = ClientFactory(organization=org)
    theirs = ClientFactory(organization=other_org)
    api_as(supervisor).get("/clients")
    api_as(outsider).get("/clients")
    assert {(e.client_id, e.organization_id) for e in AccessLogEntry.objects.all()} == {
        (ours.pk, org.pk),
        (theirs.pk, other_org.pk),
    }


def queries_for_list(api) -> int:
    with CaptureQueriesContext(connection) as context:
        assert api.get("/clients?limit=200").status_code == 200
    return len(context)


def test_it_logs_a_whole_page_in_one_query(api_as, org, supervisor):
    api = api_as(supervisor)
    api.get("/me")  # the token's "last used" is touched on the first call only
    ClientFactory.create_batch(2, organization=org)
    few = queries_for_list(api)
    ClientFactory.create_batch(20, organization=org)
    assert queries_for_list(api) == few
    assert AccessLogEntry.objects.count() == 2 + 22
