"""Who may do what with a client's records: every role against every client endpoint.

- admin and supervisor see every client of their organisation;
- job coach, work coach and TYP officer see the clients they work with (ClientWorker);
- evaluator, peer instructor and expert by experience see no client records;
- a user of another organisation sees nothing of this one;
- the access log is for admins and supervisors; others who see the client get 403.
A refused request changes nothing.
"""

import datetime

import pytest

from tests.conftest import make_user
from tests.test_api_support import assert_error, days_ago
from tyopolku.clients.models import Client, ClientWorker, Consent
from tyopolku.core.dates import today
from tyopolku.pathway import services
from tyopolku.pathway.models import Enrollment, IntakeStep, PhaseChange, Visit

START = days_ago(60)

ENDPOINTS = {
    "list_clients": ("get", "/clients", None),
    "create_client": (
        "post",
        "/clients",
        {"first_name": "Uusi", "last_name": "Asiakas", "birth_date": "1985-05-05"},
    ),
    "get_client": ("get", "/clients/{client}", None),
    "patch_client": ("patch", "/clients/{client}", {"phone": "040 7654321"}),
    "consents": (
        "put",
        "/clients/{client}/consents",
        {"thl_evaluation": True, "thl_follow_up": True, "information_sharing": False},
    ),
    "access_log": ("get", "/clients/{client}/access-log", None),
    "create_enrollment": (
        "post",
        "/clients/{client}/enrollments",
        {"service_model": "work_activity", "start_date": START.isoformat()},
    ),
    "get_enrollment": ("get", "/enrollments/{enrollment}", None),
    "intake_step": (
        "post",
        "/enrollments/{enrollment}/intake-steps/1",
        {"done_on": START.isoformat()},
    ),
    "end_enrollment": (
        "post",
        "/enrollments/{enrollment}/end",
        {"end_date": today().isoformat(), "reason": "Moved away"},
    ),
    "employment": (
        "post",
        "/enrollments/{enrollment}/employment",
        {"start_date": (START + datetime.timedelta(days=20)).isoformat()},
    ),
    "list_visits": ("get", "/enrollments/{enrollment}/visits", None),
    "create_visit": (
        "post",
        "/enrollments/{enrollment}/visits",
        {
            "date": (START + datetime.timedelta(days=1)).isoformat(),
            "kind": "phone",
            "duration_minutes": 15,
            "summary": "Called about the CV.",
        },
    ),
}

ALLOWED = {
    "list_clients": 200,
    "create_client": 201,
    "get_client": 200,
    "patch_client": 200,
    "consents": 200,
    "access_log": 200,
    "create_enrollment": 201,
    "get_enrollment": 200,
    "intake_step": 200,
    "end_enrollment": 200,
    "employment": 200,
    "list_visits": 200,
    "create_visit": 201,
}
# Lists and creating a client do not reveal this client: they answer for the user's own scope.
UNSCOPED = {"list_clients": 200, "create_client": 201}
SEES_NOTHING = {**{name: 404 for name in ENDPOINTS}, **UNSCOPED}

EXPECTED = {
    "admin": ALLOWED,
    "supervisor": ALLOWED,
    "coach": {**ALLOWED, "access_log": 403},
    "work_coach": {**ALLOWED, "access_log": 403},
    "linked_typ_officer": {**ALLOWED, "access_log": 403},
    "colleague": SEES_NOTHING,  # a job coach without a client relationship
    "typ_officer": SEES_NOTHING,
    "evaluator": {**SEES_NOTHING, "create_client": 403},
    "peer": {**SEES_NOTHING, "create_client": 403},
    "expert": {**SEES_NOTHING, "create_client": 403},
    "outsider": SEES_NOTHING,  # a supervisor of another organisation
}
CASES = [(role, name, status) for role, row in EXPECTED.items() for name, status in row.items()]


@pytest.fixture
def work_coach(org, unit, client_record):
    user = make_user("workcoach", org, "work_coach", unit)
    ClientWorker.objects.create(client=client_record, user=user, kind=ClientWorker.Kind.OTHER)
    return user


@pytest.fixture
def linked_typ_officer(org, unit, client_record):
    user = make_user("typlinked", org, "typ_officer", unit)
    ClientWorker.objects.create(client=client_record, user=user, kind=ClientWorker.Kind.OTHER)
    return user


@pytest.fixture
def enrollment(coach, client_record, unit):
    return services.enrollment_create(
        user=coach, client=client_record, service_model="ips", start_date=START, unit_id=unit.pk
    )


def call(api, name, client, enrollment):
    method, path, body = ENDPOINTS[name]
    path = path.format(client=client.pk, enrollment=enrollment.pk)
    return api.get(path) if method == "get" else getattr(api, method)(path, body)


def snapshot(client: Client) -> tuple:
    """Everything a refused write might have touched."""
    client.refresh_from_db()
    return (
        client.phone,
        Client.objects.count(),
        Consent.objects.count(),
        Enrollment.objects.filter(end_date__isnull=False).count(),
        Enrollment.objects.count(),
        PhaseChange.objects.count(),
        IntakeStep.objects.filter(done_on__isnull=False).count(),
        Visit.objects.count(),
    )


@pytest.mark.parametrize(("role", "endpoint", "expected"), CASES)
def test_it_lets_each_role_do_what_it_may(
    api_as, request, client_record, enrollment, role, endpoint, expected
):
    user = request.getfixturevalue(role)
    before = snapshot(client_record)
    response = call(api_as(user), endpoint, client_record, enrollment)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert_error(response, expected)
        assert snapshot(client_record) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_asks_everyone_for_a_token(api_as, client_record, enrollment, endpoint):
    before = snapshot(client_record)
    assert_error(call(api_as(None), endpoint, client_record, enrollment), 401)
    assert snapshot(client_record) == before


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("admin", True),
        ("supervisor", True),
        ("coach", True),
        ("work_coach", True),
        ("linked_typ_officer", True),
        ("colleague", False),
        ("typ_officer", False),
        ("evaluator", False),
        ("peer", False),
        ("expert", False),
        ("outsider", False),
    ],
)
def test_it_lists_the_client_only_to_those_who_may_see_it(
    api_as, request, client_record, role, listed
):
    body = api_as(request.getfixturevalue(role)).get("/clients").json()
    assert (client_record.pk in [c["id"] for c in body["items"]]) is listed
    assert body["count"] == (1 if listed else 0)
