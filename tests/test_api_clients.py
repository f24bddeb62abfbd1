"""/clients: create, list, read, change, consents and the access log (CONTRACT.md)."""

import datetime

import pytest

from tests.factories import ClientFactory
from tests.test_api_support import assert_error
from tyopolku.clients.models import Client, ClientWorker, Consent
from tyopolku.core.dates import today

NEW_CLIENT = {
    "first_name": "Ville",
    "last_name": "Virtanen",
    "personal_id": "131052-308T",
    "municipality_code": "153",
    "phone": "+358 40 123 4567",
    "email": "ville@example.fi",
    "target_groups": ["partial_work_ability", "long_term_unemployed"],
}


def test_it_creates_a_client(api_as, coach):
    response = api_as(coach).post("/clients", NEW_CLIENT)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {
        **NEW_CLIENT,
        "id": body["id"],
        "birth_date": "1952-10-13",
        "temporary_personal_id": False,
        "consents": [],
    }
    client = Client.objects.get(pk=body["id"])
    assert client.organization == coach.organization
    # The coach who records a client works with them, and so can open the record again.
    assert ClientWorker.objects.filter(client=client, user=coach).exists()
    assert api_as(coach).get(f"/clients/{client.pk}").status_code == 200


def test_it_creates_a_client_without_a_personal_id_given_a_birth_date(api_as, supervisor):
    response = api_as(supervisor).post(
        "/clients", {"first_name": "Amina", "last_name": "Ali", "birth_date": "1998-04-02"}
    )
    assert response.status_code == 201
    assert response.json()["personal_id"] is None
    assert response.json()["birth_date"] == "1998-04-02"
    # Admins and supervisors see every client anyway: no client relationship is made.
    assert not ClientWorker.objects.exists()


@pytest.mark.parametrize("personal_id", [None, "", "   "])
def test_it_requires_a_birth_date_without_a_personal_id(api_as, coach, personal_id):
    response = api_as(coach).post(
        "/clients", {"first_name": "A", "last_name": "B", "personal_id": personal_id}
    )
    assert_error(response, 422, "birth_date")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"personal_id": "131052-308U"}, "personal_id"),
        ({"personal_id": "310252-308T"}, "personal_id"),
        ({"first_name": "  "}, "first_name"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"municipality_code": "15"}, "municipality_code"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fi"}, "email"),
        ({"target_groups": ["no_such_group"]}, "target_groups"),
        ({"target_groups": "long_term_unemployed"}, "target_groups"),
        ({"personal_id": None, "birth_date": "1799-12-31"}, "birth_date"),
        ({"personal_id": None, "birth_date": "2999-01-01"}, "birth_date"),
    ],
)
def test_it_refuses_invalid_input_naming_the_field(api_as, coach, change, field):
    response = api_as(coach).post("/clients", {**NEW_CLIENT, **change})
    assert_error(response, 422, field)
    assert not Client.objects.exists()


def test_it_names_every_invalid_field_at_once(api_as, coach):
    response = api_as(coach).post(
        "/clients", {**NEW_CLIENT, "phone": "x", "email": "y", "target_groups": ["zz"]}
    )
    body = assert_error(response, 422)
    assert {e["field"] for e in body["errors"]} == {"phone", "email", "target_groups"}


def test_it_refuses_a_target_group_no_longer_in_use(api_as, coach):
    from tyopolku.clients.models import TargetGroup

    TargetGroup.objects.filter(code="long_term_unemployed").update(active=False)
    assert_error(api_as(coach).post("/clients", NEW_CLIENT), 422, "target_groups")


@pytest.mark.parametrize("role", ["evaluator", "peer", "expert"])
def test_it_forbids_roles_without_client_records_to_create_clients(api_as, request, role):
    user = request.getfixturevalue(role)
    assert_error(api_as(user).post("/clients", NEW_CLIENT), 403)
    assert not Client.objects.exists()


def test_it_lists_the_clients_the_user_may_see(api_as, org, coach, client_record):
    ClientFactory(organization=org, last_name="Aaltonen")  # not the coach's client
    body = api_as(coach).get("/clients").json()
    assert body == {
        "count": 1,
        "items": [
            {
                "id": client_record.pk,
                "first_name": "Aino",
                "last_name": "Asiakas",
                "birth_date": "1990-01-01",
                "municipality_code": "",
                "temporary_personal_id": True,
            }
        ],
    }


def test_it_lists_every_client_of_the_organisation_to_a_supervisor(
    api_as, org, other_org, supervisor, client_record
):
    ClientFactory(organization=org, last_name="Bäckman")
    ClientFactory(organization=other_org, last_name="Muualta")
    body = api_as(supervisor).get("/clients").json()
    assert body["count"] == 2
    assert [c["last_name"] for c in body["items"]] == ["Asiakas", "Bäckman"]


def test_it_pages_and_searches_the_list(api_as, org, supervisor):
    for name in ["Aho", "Berg", "Castrén", "Dahl", "Eskola"]:
        ClientFactory(organization=org, last_name=name)
    api = api_as(supervisor)
    page = api.get("/clients?limit=2&offset=2").json()
    assert page["count"] == 5
    assert [c["last_name"] for c in page["items"]] == ["Castrén", "Dahl"]
    assert [c["last_name"] for c in api.get("/clients?search=castr").json()["items"]] == ["Castrén"]
    assert api.get("/clients?offset=10").json() == {"count": 5, "items": []}


def test_it_finds_a_client_by_the_exact_personal_id(api_as, supervisor, client_record):
    # By POST only: an identity code in the address would end up in access logs.
    items = api_as(supervisor).post("/clients/search", {"search": "010190-900p"}).json()["items"]
    assert [c["id"] for c in items] == [client_record.pk]
    assert api_as(supervisor).get("/clients?search=010190").json()["count"] == 0


def test_it_reads_a_client(api_as, coach, client_record):
    Consent.objects.create(
        client=client_record,
        kind="thl_evaluation",
        given=True,
        recorded_on=today(),
        recorded_by=coach,
    )
    body = api_as(coach).get(f"/clients/{client_record.pk}").json()
    assert body["id"] == client_record.pk
    assert body["personal_id"] == "010190-900P"
    assert body["consents"] == [
        {
            "kind": "thl_evaluation",
            "given": True,
            "recorded_on": today().isoformat(),
            "recorded_by": "coach",
        }
    ]


def test_it_hides_a_client_of_another_organisation(api_as, outsider, client_record):
    assert_error(api_as(outsider).get(f"/clients/{client_record.pk}"), 404)


def test_it_hides_a_client_outside_the_client_relationship(api_as, colleague, client_record):
    assert_error(api_as(colleague).get(f"/clients/{client_record.pk}"), 404)


def test_it_answers_404_for_an_unknown_client(api_as, supervisor, client_record):
    assert_error(api_as(supervisor).get(f"/clients/{client_record.pk + 1000}"), 404)


def test_it_changes_only_the_given_fields(api_as, coach, client_record):
    response = api_as(coach).patch(
        f"/clients/{client_record.pk}",
        {"phone": "040 765 4321", "target_groups": ["disability"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["phone"], body["target_groups"]) == ("040 765 4321", ["disability"])
    assert (body["first_name"], body["personal_id"]) == ("Aino", "010190-900P")
    client_record.refresh_from_db()
    assert client_record.phone == "040 765 4321"


def test_it_takes_the_birth_date_from_a_new_personal_id(api_as, coach, client_record):
    body = api_as(coach).patch(f"/clients/{client_record.pk}", {"personal_id": "131052-308T"})
    assert (body.json()["personal_id"], body.json()["birth_date"]) == ("131052-308T", "1952-10-13")


def test_it_keeps_the_birth_date_when_the_personal_id_is_removed(api_as, coach, client_record):
    body = api_as(coach).patch(f"/clients/{client_record.pk}", {"personal_id": None}).json()
    assert (body["personal_id"], body["birth_date"]) == (None, "1990-01-01")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": None}, "first_name"),
        ({"first_name": ""}, "first_name"),
        ({"email": "nope"}, "email"),
        ({"personal_id": "010190-900X"}, "personal_id"),
        ({"birth_date": "1991-01-01"}, "birth_date"),  # contradicts the personal id
        ({"target_groups": ["nope"]}, "target_groups"),
        ({"phone": 12345}, "phone"),
    ],
)
def test_it_refuses_an_invalid_change(api_as, coach, client_record, change, field):
    assert_error(api_as(coach).patch(f"/clients/{client_record.pk}", change), 422, field)
    client_record.refresh_from_db()
    assert client_record.first_name == "Aino" and client_record.email == ""


def test_it_hides_a_client_to_change_from_another_organisation(api_as, outsider, client_record):
    assert_error(api_as(outsider).patch(f"/clients/{client_record.pk}", {"phone": "040 1"}), 404)


def test_it_records_the_consents(api_as, coach, client_record):
    api = api_as(coach)
    response = api.put(
        f"/clients/{client_record.pk}/consents",
        {"thl_evaluation": True, "thl_follow_up": False, "information_sharing": True},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["thl_evaluation"], body["thl_follow_up"], body["information_sharing"]) == (
        True,
        False,
        True,
    )
    assert {d["kind"] for d in body["details"]} == {
        "thl_evaluation",
        "thl_follow_up",
        "information_sharing",
    }
    assert all(d["recorded_by"] == "coach" for d in body["details"])
    # Withdrawing one keeps the others.
    body = api.put(
        f"/clients/{client_record.pk}/consents",
        {"thl_evaluation": False, "thl_follow_up": False, "information_sharing": True},
    ).json()
    assert (body["thl_evaluation"], body["information_sharing"]) == (False, True)
    assert client_record.consents.count() == 3


def test_it_dates_a_consent_when_the_answer_changes(api_as, coach, supervisor, client_record):
    Consent.objects.create(
        client=client_record,
        kind="thl_evaluation",
        given=True,
        recorded_on=datetime.date(2024, 1, 1),
        recorded_by=coach,
    )
    answers = {"thl_evaluation": True, "thl_follow_up": True, "information_sharing": False}
    details = api_as(supervisor).put(f"/clients/{client_record.pk}/consents", answers).json()
    by_kind = {d["kind"]: d for d in details["details"]}
    assert by_kind["thl_evaluation"]["recorded_on"] == "2024-01-01"  # unchanged answer
    assert by_kind["thl_evaluation"]["recorded_by"] == "coach"
    assert by_kind["thl_follow_up"]["recorded_on"] == today().isoformat()
    assert by_kind["thl_follow_up"]["recorded_by"] == "supervisor"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"thl_evaluation": True, "thl_follow_up": False}, "information_sharing"),
        (
            {"thl_evaluation": "maybe", "thl_follow_up": False, "information_sharing": True},
            "thl_evaluation",
        ),
    ],
)
def test_it_refuses_incomplete_consents(api_as, coach, client_record, body, field):
    assert_error(api_as(coach).put(f"/clients/{client_record.pk}/consents", body), 422, field)
    assert not client_record.consents.exists()


def test_it_hides_the_consents_of_another_organisations_client(api_as, outsider, client_record):
    answers = {"thl_evaluation": True, "thl_follow_up": True, "information_sharing": True}
    assert_error(api_as(outsider).put(f"/clients/{client_record.pk}/consents", answers), 404)


def test_it_shows_the_access_log_newest_first(api_as, coach, supervisor, client_record):
    api_as(coach).get(f"/clients/{client_record.pk}")
    api_as(coach).patch(f"/clients/{client_record.pk}", {"phone": "040 1234567"})
    body = api_as(supervisor).get(f"/clients/{client_record.pk}/access-log").json()
    assert body["count"] == 3
    assert [(i["user"], i["action"], i["target"]) for i in body["items"]] == [
        ("supervisor", "read", "access_log"),
        ("coach", "update", "client"),
        ("coach", "read", "client"),
    ]
    assert set(body["items"][0]) >= {"at", "user", "action"}


def test_it_pages_the_access_log(api_as, admin, client_record):
    api = api_as(admin)
    for _ in range(3):
        api.get(f"/clients/{client_record.pk}")
    body = api.get(f"/clients/{client_record.pk}/access-log?limit=2&offset=1").json()
    assert body["count"] == 4
    assert [i["target"] for i in body["items"]] == ["client", "client"]


def test_it_forbids_the_access_log_to_a_coach_who_sees_the_client(api_as, coach, client_record):
    assert_error(api_as(coach).get(f"/clients/{client_record.pk}/access-log"), 403)


@pytest.mark.parametrize("role", ["outsider", "colleague", "evaluator"])
def test_it_hides_the_access_log_of_a_client_the_user_cannot_see(
    api_as, request, client_record, role
):
    user = request.getfixturevalue(role)
    assert_error(api_as(user).get(f"/clients/{client_record.pk}/access-log"), 404)
