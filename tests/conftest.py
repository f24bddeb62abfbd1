"""Fixed personas (healthchecks style): an organisation with its people, and an outsider.

- `org`, `unit`: "Testikunta" and its workshop; `other_org`: another tenant.
- `admin`, `supervisor`, `coach` (the client's coach), `colleague` (a coach of the same
  organisation without a client relationship), `typ_officer`, `evaluator`, `peer`,
  `expert`, `outsider` (a supervisor of `other_org`).
- `client_record`: a client of `org` whose worker is `coach`.
- `work_coach`, `linked_typ_officer`: a work coach and a TYP officer of `org` who are named
  workers of `client_record` (inside the client relationship, like `coach`); `typ_officer`
  and `colleague` are the same roles outside it.
- `case_manager`: the client's case manager (asiakasvastaava) of the work-ability support
  team, inside the client relationship.
"""

import datetime

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tyopolku.accounts.services import (
    api_token_create,
    organization_ensure,
    unit_ensure,
    user_create,
)
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.services import client_worker_add

# Timing is measured in the benchmarks (bench/), not in tests: on a busy two-core machine an
# example may take longer than Hypothesis's default deadline without anything being wrong.
hypothesis_settings.register_profile("tyopolku", deadline=None)
hypothesis_settings.load_profile("tyopolku")

PASSWORD = "correct horse battery"
# Every persona below, for the access matrices (role × page or endpoint × organisation).
PERSONAS = [
    "admin",
    "supervisor",
    "coach",
    "work_coach",
    "linked_typ_officer",
    "case_manager",
    "colleague",
    "typ_officer",
    "evaluator",
    "peer",
    "expert",
    "outsider",
]


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Messages made outside a request (services called by tests) come out in English, so
    assertions on them don't depend on which earlier request left which language active.
    Requests still pick their language by LocaleMiddleware (Finnish by default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def org(db):
    return organization_ensure(code="testikunta", name="Testikunnan hyvinvointialue")[0]


@pytest.fixture
def unit(org):
    return unit_ensure(organization=org, code="paja", name="Testipaja")[0]


@pytest.fixture
def other_org(db):
    return organization_ensure(code="muualla", name="Muu hyvinvointialue")[0]


def make_user(username, organization, role, unit=None):
    return user_create(
        username=username,
        organization=organization,
        role=role,
        unit=unit,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Testinen",
    )


@pytest.fixture
def admin(org, unit):
    return make_user("admin", org, "admin", unit)


@pytest.fixture
def supervisor(org, unit):
    return make_user("supervisor", org, "supervisor", unit)


@pytest.fixture
def coach(org, unit):
    return make_user("coach", org, "job_coach", unit)


@pytest.fixture
def colleague(org, unit):
    return make_user("colleague", org, "job_coach", unit)


@pytest.fixture
def typ_officer(org, unit):
    return make_user("typ", org, "typ_officer", unit)


@pytest.fixture
def evaluator(org):
    return make_user("evaluator", org, "evaluator")


@pytest.fixture
def peer(org, unit):
    return make_user("peer", org, "peer_instructor", unit)


@pytest.fixture
def expert(org, unit):
    return make_user("expert", org, "expert_by_experience", unit)


@pytest.fixture
def outsider(other_org):
    return make_user("outsider", other_org, "supervisor")


@pytest.fixture
def client_record(org, coach):
    client = Client.objects.create(
        organization=org,
        first_name="Aino",
        last_name="Asiakas",
        personal_id="010190-900P",
        birth_date=datetime.date(1990, 1, 1),
    )
    ClientWorker.objects.create(client=client, user=coach, kind=ClientWorker.Kind.COACH)
    return client


@pytest.fixture
def work_coach(org, unit, client_record):
    user = make_user("workcoach", org, "work_coach", unit)
    client_worker_add(client=client_record, worker=user, started_by=user)
    return user


@pytest.fixture
def linked_typ_officer(org, unit, client_record):
    user = make_user("typlinked", org, "typ_officer", unit)
    client_worker_add(client=client_record, worker=user, started_by=user)
    return user


@pytest.fixture
def case_manager(org, unit, client_record):
    user = make_user("casemanager", org, "case_manager", unit)
    client_worker_add(
        client=client_record, worker=user, kind=ClientWorker.Kind.CASE_MANAGER, started_by=user
    )
    return user


class ApiClient:
    """Calls /api/v1/ with a user's bearer token."""

    def __init__(self, django_client, user):
        self.client = django_client
        self.headers = {"Authorization": f"Bearer {api_token_create(user=user)}"} if user else {}

    def _call(self, method, path, data=None):
        kwargs = {"headers": self.headers}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path):
        return self._call("get", path)

    def post(self, path, data=None):
        return self._call("post", path, data if data is not None else {})

    def put(self, path, data):
        return self._call("put", path, data)

    def patch(self, path, data):
        return self._call("patch", path, data)


@pytest.fixture
def api_as(client):
    """`api_as(user).get("/clients")` – None for an anonymous caller."""
    return lambda user: ApiClient(client, user)
