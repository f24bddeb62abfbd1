"""The client relationship (asiakassuhde) over time: links start and end, ended links keep
the history and give no access, and only supervisors and admins give a client to another
worker (by a link or by naming the coach of an enrollment)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ClientFactory
from tests.test_api_support import assert_error, days_ago, enroll, in_english
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import ClientWorker
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.dates import today
from tyopolku.pathway.models import Enrollment
from tyopolku.pathway.selectors import caseload

START = days_ago(30)
TOMORROW = today() + datetime.timedelta(days=1)
NEW_CLIENT = {"first_name": "Uusi", "last_name": "Asiakas", "birth_date": "1990-05-05"}


def open_link(client, user) -> ClientWorker:
    return ClientWorker.objects.get(client=client, user=user, end_date__isnull=True)


def end_link(api, client, link, reason="Moved to another unit.", **extra):
    return api.post(f"/clients/{client.pk}/workers/{link.pk}/end", {"reason": reason, **extra})


def sees(api, client) -> bool:
    """Whether the user finds the client: its record, and its row in the client list."""
    status = api.get(f"/clients/{client.pk}").status_code
    assert status in (200, 404)
    listed = client.pk in [c["id"] for c in api.get("/clients").json()["items"]]
    assert listed == (status == 200)
    return status == 200


@pytest.fixture
def enrollment(api_as, supervisor, coach, client_record):
    """The coach's IPS enrollment of the client, made by the supervisor."""
    return enroll(api_as(supervisor), client_record.pk, START, coach_id=coach.pk)


# The access rule: links in force today


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.integers(-400, 30),
    length=st.one_of(st.none(), st.integers(0, 400)),
)
def test_it_shows_a_client_only_while_the_link_is_in_force(org, coach, start, length):
    """In force from the start date up to, not including, the end date."""
    client = ClientFactory(organization=org)
    start_date = today() + datetime.timedelta(days=start)
    end_date = None if length is None else start_date + datetime.timedelta(days=length)
    ClientWorker.objects.create(client=client, user=coach, start_date=start_date, end_date=end_date)

    expected = start_date <= today() and (end_date is None or end_date > today())
    assert clients_visible_to(coach).filter(pk=client.pk).exists() == expected
    assert ClientWorker.objects.get(client=client).in_force == expected
    client.delete()


def test_it_lists_a_client_once_whatever_the_history(org, coach, client_record):
    for days in (300, 200, 100):
        ClientWorker.objects.create(
            client=client_record,
            user=coach,
            start_date=days_ago(days),
            end_date=days_ago(days - 50),
        )
    assert list(clients_visible_to(coach)) == [client_record]


def test_it_allows_one_open_link_per_worker_and_client(coach, client_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientWorker.objects.create(client=client_record, user=coach)
    ClientWorker.objects.filter(client=client_record).update(end_date=today())
    ClientWorker.objects.create(client=client_record, user=coach)  # a new period: fine


def test_it_refuses_a_link_ending_before_it_starts(coach, client_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientWorker.objects.filter(client=client_record).update(end_date=days_ago(1))


# A former worker loses access


def test_it_takes_the_client_from_a_worker_whose_link_ended(
    api_as, supervisor, typ_officer, client_record
):
    ClientWorker.objects.create(client=client_record, user=typ_officer)
    typ = api_as(typ_officer)
    assert sees(typ, client_record)

    response = end_link(api_as(supervisor), client_record, open_link(client_record, typ_officer))

    assert response.status_code == 200, response.content
    assert not sees(typ, client_record)
    assert_error(typ.get(f"/clients/{client_record.pk}/workers"), 404)


def test_it_takes_the_enrollments_and_the_caseload_from_a_former_coach(
    api_as, supervisor, coach, colleague, client_record, enrollment
):
    coach_api = api_as(coach)
    assert coach_api.get(f"/enrollments/{enrollment['id']}").status_code == 200
    assert [e.pk for e, _s in caseload(user=coach)] == [enrollment["id"]]

    response = api_as(supervisor).post(
        f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk}
    )

    assert response.status_code == 200, response.content
    assert response.json()["coach_id"] == colleague.pk
    assert not sees(coach_api, client_record)
    assert_error(coach_api.get(f"/enrollments/{enrollment['id']}"), 404)
    assert caseload(user=coach) == []
    assert [e.pk for e, _s in caseload(user=colleague)] == [enrollment["id"]]
    assert sees(api_as(colleague), client_record)


# Changing the coach


def test_it_ends_the_old_coachs_link_and_keeps_the_history(
    api_as, supervisor, coach, colleague, client_record, enrollment
):
    api = api_as(supervisor)
    api.headers["Accept-Language"] = "en"
    api.post(f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk})

    items = api.get(f"/clients/{client_record.pk}/workers").json()["items"]
    periods = {
        (i["username"], i["kind"], i["end_date"], i["in_force"], i["ended_by"]) for i in items
    }
    assert periods == {
        ("colleague", "coach", None, True, None),
        ("coach", "coach", today().isoformat(), False, "supervisor"),
    }
    assert items[0]["username"] == "colleague"  # the links in force come first
    ended = ClientWorker.objects.get(client=client_record, user=coach)
    assert ended.end_reason == "The enrollment's coach changed."
    assert Enrollment.objects.get(pk=enrollment["id"]).coach == colleague


def test_it_keeps_the_link_of_a_coach_of_another_open_enrollment(
    api_as, supervisor, coach, colleague, client_record, enrollment
):
    other = enroll(
        api_as(supervisor), client_record.pk, START, service_model="wage_work", coach_id=coach.pk
    )
    api_as(supervisor).post(f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk})

    assert open_link(client_record, coach).in_force
    assert api_as(coach).get(f"/enrollments/{other['id']}").status_code == 200


def test_it_lets_a_supervisor_leave_an_enrollment_without_a_coach(
    api_as, supervisor, coach, client_record, enrollment
):
    response = api_as(supervisor).post(f"/enrollments/{enrollment['id']}/coach", {"coach_id": None})
    assert response.json()["coach_id"] is None
    assert not sees(api_as(coach), client_record)


def test_it_changes_nothing_when_the_coach_stays(
    api_as, supervisor, coach, client_record, enrollment
):
    api_as(supervisor).post(f"/enrollments/{enrollment['id']}/coach", {"coach_id": coach.pk})
    assert ClientWorker.objects.filter(client=client_record, user=coach).count() == 1
    assert open_link(client_record, coach).in_force


@pytest.mark.parametrize("who", ["coach", "colleague", "typ_officer"])
def test_it_refuses_a_coach_change_by_a_worker(
    api_as, request, coach, colleague, client_record, enrollment, who
):
    user = request.getfixturevalue(who)
    ClientWorker.objects.get_or_create(client=client_record, user=user, end_date=None)
    links = list(ClientWorker.objects.values_list("user", "end_date"))
    response = api_as(user).post(
        f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk}
    )
    assert_error(response, 403, "coach_id")
    assert Enrollment.objects.get(pk=enrollment["id"]).coach == coach
    assert list(ClientWorker.objects.values_list("user", "end_date")) == links


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"coach_id": 10**12}, "coach_id"), ({"coach_id": "coach"}, "coach_id"), ({}, "coach_id")],
)
def test_it_refuses_an_unknown_coach(api_as, supervisor, enrollment, payload, field):
    response = api_as(supervisor).post(f"/enrollments/{enrollment['id']}/coach", payload)
    assert_error(response, 422, field)


@pytest.mark.parametrize("who", ["outsider", "evaluator", "peer"])
def test_it_refuses_a_coach_who_cannot_be_one(api_as, request, supervisor, enrollment, who):
    user = request.getfixturevalue(who)
    response = api_as(supervisor).post(
        f"/enrollments/{enrollment['id']}/coach", {"coach_id": user.pk}
    )
    assert_error(response, 422, "coach_id")


def test_it_refuses_to_change_the_coach_of_an_ended_enrollment(
    api_as, supervisor, colleague, enrollment
):
    api = api_as(supervisor)
    ending = {"end_date": today().isoformat(), "reason": "Done."}
    assert api.post(f"/enrollments/{enrollment['id']}/end", ending).status_code == 200
    response = api.post(f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk})
    assert_error(response, 409)
    assert not ClientWorker.objects.filter(user=colleague).exists()


def test_it_hides_the_coach_change_of_an_enrollment_out_of_reach(
    api_as, outsider, colleague, enrollment
):
    response = api_as(outsider).post(
        f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk}
    )
    assert_error(response, 404)


# Naming the coach of a new enrollment


def test_it_refuses_an_enrollment_naming_a_colleague_as_coach(
    api_as, coach, colleague, client_record
):
    data = {"service_model": "ips", "start_date": START.isoformat(), "coach_id": colleague.pk}
    response = api_as(coach).post(f"/clients/{client_record.pk}/enrollments", data)
    assert_error(response, 403, "coach_id")
    assert not Enrollment.objects.exists()
    assert not sees(api_as(colleague), client_record)


@pytest.mark.parametrize("coach_id", ["self", None])
def test_it_lets_a_coach_enroll_as_the_coach_or_with_none(api_as, coach, client_record, coach_id):
    extra = {"coach_id": coach.pk} if coach_id == "self" else {}
    body = enroll(api_as(coach), client_record.pk, START, **extra)
    assert body["coach_id"] == coach.pk  # a job coach who enrolls a client coaches them


def test_it_lets_a_typ_officer_enroll_without_naming_a_coach(
    api_as, typ_officer, colleague, client_record
):
    ClientWorker.objects.create(client=client_record, user=typ_officer)
    body = enroll(api_as(typ_officer), client_record.pk, START)
    assert body["coach_id"] is None
    data = {"service_model": "wage_work", "start_date": START.isoformat(), "coach_id": colleague.pk}
    assert_error(
        api_as(typ_officer).post(f"/clients/{client_record.pk}/enrollments", data), 403, "coach_id"
    )


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_it_lets_supervisors_and_admins_name_the_coach(
    api_as, request, colleague, client_record, who
):
    api = api_as(request.getfixturevalue(who))
    body = enroll(api, client_record.pk, START, coach_id=colleague.pk)
    assert body["coach_id"] == colleague.pk
    assert open_link(client_record, colleague).kind == ClientWorker.Kind.COACH
    assert sees(api_as(colleague), client_record)


# Adding and ending links


def test_it_lets_a_supervisor_add_a_worker(api_as, supervisor, typ_officer, client_record):
    response = api_as(supervisor).post(
        f"/clients/{client_record.pk}/workers",
        {"worker_id": typ_officer.pk, "kind": "personal_worker"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("username", "kind", "start_date", "end_date", "in_force")} == {
        "username": "typ",
        "kind": "personal_worker",
        "start_date": today().isoformat(),
        "end_date": None,
        "in_force": True,
    }
    assert body["started_by"] == "supervisor"
    assert sees(api_as(typ_officer), client_record)


def test_it_lets_a_supervisor_date_the_start_in_the_past(
    api_as, supervisor, colleague, client_record
):
    response = api_as(supervisor).post(
        f"/clients/{client_record.pk}/workers",
        {"worker_id": colleague.pk, "start_date": days_ago(7).isoformat()},
    )
    assert response.json()["start_date"] == days_ago(7).isoformat()


def test_it_keeps_the_open_link_of_a_worker_added_twice(api_as, supervisor, coach, client_record):
    api = api_as(supervisor)
    response = api.post(f"/clients/{client_record.pk}/workers", {"worker_id": coach.pk})
    assert response.status_code == 201
    assert ClientWorker.objects.filter(client=client_record, user=coach).count() == 1
    assert response.json()["kind"] == "coach"  # "other" does not take over a coach's link


def test_it_starts_a_new_period_for_a_worker_who_comes_back(
    api_as, supervisor, typ_officer, client_record
):
    api = api_as(supervisor)
    first = api.post(f"/clients/{client_record.pk}/workers", {"worker_id": typ_officer.pk}).json()
    end_link(api, client_record, ClientWorker.objects.get(pk=first["id"]))
    second = api.post(f"/clients/{client_record.pk}/workers", {"worker_id": typ_officer.pk})

    assert second.status_code == 201
    assert second.json()["id"] != first["id"]
    assert ClientWorker.objects.filter(client=client_record, user=typ_officer).count() == 2
    assert sees(api_as(typ_officer), client_record)


@pytest.mark.parametrize("who", ["coach", "typ_officer"])
def test_it_refuses_a_worker_giving_the_client_to_a_colleague(
    api_as, request, colleague, client_record, who
):
    user = request.getfixturevalue(who)
    ClientWorker.objects.get_or_create(client=client_record, user=user, end_date=None)
    data = {"worker_id": colleague.pk}
    response = api_as(user).post(f"/clients/{client_record.pk}/workers", data)
    assert_error(response, 403, "worker_id")
    assert not sees(api_as(colleague), client_record)


def test_it_refuses_a_worker_ending_a_colleagues_link(api_as, coach, typ_officer, client_record):
    ClientWorker.objects.create(client=client_record, user=typ_officer)
    response = end_link(api_as(coach), client_record, open_link(client_record, typ_officer))
    assert_error(response, 403, "link_id")
    assert open_link(client_record, typ_officer).in_force


def test_it_lets_a_worker_end_their_own_link(api_as, typ_officer, client_record):
    ClientWorker.objects.create(client=client_record, user=typ_officer)
    api = api_as(typ_officer)
    assert end_link(api, client_record, open_link(client_record, typ_officer)).status_code == 200
    assert not sees(api, client_record)


def test_it_keeps_the_link_of_the_coach_of_an_open_enrollment(
    api_as, supervisor, coach, client_record, enrollment
):
    api = in_english(api_as(supervisor))
    response = end_link(api, client_record, open_link(client_record, coach))
    body = assert_error(response, 409, "link_id")
    assert "change its coach first" in body["detail"]
    assert open_link(client_record, coach).in_force


def test_it_refuses_to_end_a_link_twice(api_as, supervisor, typ_officer, client_record):
    ClientWorker.objects.create(client=client_record, user=typ_officer)
    link = open_link(client_record, typ_officer)
    api = api_as(supervisor)
    assert end_link(api, client_record, link).status_code == 200
    assert_error(end_link(api, client_record, link), 409)


def test_it_hides_a_link_of_another_client(api_as, supervisor, org, coach, client_record):
    other = ClientFactory(organization=org, worker=coach)
    response = end_link(api_as(supervisor), client_record, open_link(other, coach))
    assert_error(response, 404)
    assert_error(end_link(api_as(supervisor), client_record, ClientWorker(pk=10**12)), 404)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"worker_id": 10**12}, "worker_id"),
        ({"worker_id": "typ"}, "worker_id"),
        ({}, "worker_id"),
        ({"kind": "boss"}, "kind"),
        ({"start_date": TOMORROW.isoformat()}, "start_date"),
        ({"start_date": "2026-02-30"}, "start_date"),
    ],
)
def test_it_refuses_an_invalid_worker_naming_the_field(
    api_as, supervisor, typ_officer, client_record, payload, field
):
    data = {"worker_id": typ_officer.pk, **payload}
    if not payload:
        data = {}
    response = api_as(supervisor).post(f"/clients/{client_record.pk}/workers", data)
    assert_error(response, 422, field)
    assert not ClientWorker.objects.filter(user=typ_officer).exists()


@pytest.mark.parametrize("who", ["outsider", "evaluator", "peer", "expert"])
def test_it_refuses_a_worker_who_cannot_be_one(api_as, request, supervisor, client_record, who):
    user = request.getfixturevalue(who)
    data = {"worker_id": user.pk}
    response = api_as(supervisor).post(f"/clients/{client_record.pk}/workers", data)
    assert_error(response, 422, "worker_id")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 201}, "reason"),
        ({"end_date": TOMORROW.isoformat()}, "end_date"),
        ({"end_date": days_ago(1).isoformat()}, "end_date"),  # before the link started
        ({"end_date": "tomorrow"}, "end_date"),
    ],
)
def test_it_refuses_an_invalid_end_naming_the_field(
    api_as, supervisor, typ_officer, client_record, payload, field
):
    ClientWorker.objects.create(client=client_record, user=typ_officer)
    link = open_link(client_record, typ_officer)
    response = api_as(supervisor).post(
        f"/clients/{client_record.pk}/workers/{link.pk}/end", {"reason": "Left.", **payload}
    )
    assert_error(response, 422, field)
    assert open_link(client_record, typ_officer).in_force


@pytest.mark.parametrize("who", ["evaluator", "peer", "outsider"])
def test_it_hides_the_workers_from_those_who_cannot_see_the_client(
    api_as, request, client_record, who
):
    api = api_as(request.getfixturevalue(who))
    assert_error(api.get(f"/clients/{client_record.pk}/workers"), 404)


# The creator of a client


def test_it_shows_the_job_coach_who_creates_a_client_as_its_coach(api_as, coach):
    body = api_as(coach).post("/clients", NEW_CLIENT).json()
    link = ClientWorker.objects.get(client_id=body["id"])
    assert (link.user, link.kind, link.started_by, link.start_date) == (
        coach,
        ClientWorker.Kind.COACH,
        coach,
        today(),
    )


def test_it_links_a_typ_officer_who_creates_a_client_as_another_worker(api_as, typ_officer):
    body = api_as(typ_officer).post("/clients", NEW_CLIENT).json()
    assert ClientWorker.objects.get(client_id=body["id"]).kind == ClientWorker.Kind.OTHER


# The access log


def test_it_logs_the_changes_of_the_relationship(
    api_as, supervisor, coach, colleague, client_record, enrollment
):
    AccessLogEntry.objects.all().delete()
    api = api_as(supervisor)
    api.post(f"/clients/{client_record.pk}/workers", {"worker_id": colleague.pk})
    end_link(api, client_record, open_link(client_record, colleague))
    api.post(f"/enrollments/{enrollment['id']}/coach", {"coach_id": colleague.pk})

    writes = list(
        AccessLogEntry.objects.filter(client=client_record)
        .exclude(action="read")
        .order_by("pk")
        .values_list("user__username", "action", "target")
    )
    assert writes == [
        ("supervisor", "update", "client_worker"),  # colleague added
        ("supervisor", "update", "client_worker"),  # and taken off
        # The coach change is logged as the write it attempts when the enrollment is read
        # (refused or not), before the old coach's link ends.
        ("supervisor", "update", "enrollment_coach"),
        ("supervisor", "update", "client_worker"),  # the old coach's link ended
    ]


# Lists stay a fixed number of queries


@pytest.mark.parametrize("size", [1, 10])
def test_it_lists_a_coachs_clients_in_a_fixed_number_of_queries(
    api_as, org, coach, colleague, size, django_assert_num_queries
):
    for _ in range(size):
        client = ClientFactory(organization=org, worker=coach)
        ClientWorker.objects.create(
            client=client, user=colleague, start_date=days_ago(9), end_date=days_ago(2)
        )
    api = api_as(coach)
    with django_assert_num_queries(8):
        # 1 savepoint (ATOMIC_REQUESTS), 2 token with its user, 3 token's last use,
        # 4 count and 5 the page (the link in force checked inside each), 6 target groups,
        # 7 access-log rows, 8 release savepoint
        response = api.get("/clients")
    assert response.json()["count"] == size
    assert api_as(colleague).get("/clients").json()["count"] == 0  # their links ended


# The data migration


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_starts_the_existing_links_on_their_since_day(coach):
    """Links made before periods existed start on their `since` day and stay in force."""
    before, after = [("clients", "0002_target_groups")], [("clients", "0003_client_worker_periods")]
    executor = MigrationExecutor(connection)
    try:
        _check_the_link_migration(coach, executor, before, after)
    finally:
        # Going back to clients 0002 unapplied every later migration that depends on it
        # (the apps built on clients): the rest of the suite needs all of them again.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def _check_the_link_migration(coach, executor, before, after) -> None:
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    client = old_apps.get_model("clients", "Client").objects.create(
        organization_id=coach.organization_id,
        first_name="Vanha",
        last_name="Asiakas",
        birth_date=datetime.date(1980, 1, 1),
    )
    link = old_apps.get_model("clients", "ClientWorker").objects.create(
        client=client, user_id=coach.pk, kind="coach"
    )
    old_apps.get_model("clients", "ClientWorker").objects.filter(pk=link.pk).update(
        since=datetime.date(2024, 3, 4)
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    # On to the latest: the models below have the columns of every later migration too.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = ClientWorker.objects.get(pk=link.pk)
    assert (migrated.start_date, migrated.end_date, migrated.in_force) == (
        datetime.date(2024, 3, 4),
        None,
        True,
    )
    assert list(clients_visible_to(coach).values_list("pk", flat=True)) == [client.pk]
