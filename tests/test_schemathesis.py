"""A bounded schemathesis pass against a live server with the demo data: every operation of
the OpenAPI document with generated parameters and bodies, schema-valid and not (at most 25
examples each, derandomized, so a run is repeatable), as the demo administrator. The
schemathesis pytest plugin's `from_fixture` does not work with pytest 9 (it sets
`node._nodeid`), so the test drives schemathesis's strategies with hypothesis itself.

Checks: no answer is a 5xx, and every answer matches the document (its status is one the
operation lists, and its body the schema of that status, error bodies included). Whether the
API accepts every schema-valid body is not checked: the services refuse much that a schema
cannot say (a check character, an id of another organisation, a date before the enrollment).
Generated ids rarely exist, so most path ids are swapped for ids of the demo data: the
generated bodies then reach the services."""

import io

import pytest
import schemathesis
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tyopolku.accounts.models import User
from tyopolku.accounts.services import api_token_create
from tyopolku.clients.models import Client
from tyopolku.employers.models import ContactPerson, Employer, Opening
from tyopolku.pathway.models import Enrollment
from tyopolku.placements.models import Placement

MAX_EXAMPLES = 25
CONFIG = schemathesis.Config.from_dict({"generation": {"deterministic": True}})
# Not `negative_data_rejection`: the API ignores query parameters it does not know, and the
# token goes with every request, so some "schema-violating" requests rightly succeed.
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Which model's ids a path parameter takes.
PATH_IDS = {
    "client_id": Client,
    "enrollment_id": Enrollment,
    "employer_id": Employer,
    "person_id": ContactPerson,
    "opening_id": Opening,
    "placement_id": Placement,
}


def _seed_code_lists() -> None:
    """Run the data migrations' seeding again (each is get_or_create: idempotent). The flush
    after a transactional test removes the code lists they seed, and once Playwright's event
    loop has run in this thread (the browser tests), the serialized rollback no longer finds
    its copy of them on the connection, so it cannot bring them back."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    for _key, migration in sorted(loader.disk_migrations.items()):
        if not migration.__module__.startswith("tyopolku."):
            continue
        # Only the migrations that do nothing but seed data: one that also changes the
        # schema converts old rows, against the models of its own time.
        if all(isinstance(operation, RunPython) for operation in migration.operations):
            for operation in migration.operations:
                operation.code(django_apps, None)


@pytest.fixture
def demo():
    """The demo organisation (as `make run` loads it) and the ids of its records."""
    _seed_code_lists()
    call_command("load_demo", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    return {
        "token": api_token_create(user=admin),
        "ids": {
            name: sorted(model.objects.values_list("pk", flat=True))
            for name, model in PATH_IDS.items()
        },
    }


def _known_ids(case, ids: dict[str, list[int]]) -> None:
    """Three generated ids in four become an id of the demo data (the fourth stays, to be
    unknown or out of range). Path ids generated to break the document stay as they are."""
    path = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if path is None or path.mode.is_negative:
        return
    for name, value in (case.path_parameters or {}).items():
        if name in ids and ids[name] and isinstance(value, int) and value % 4:
            case.path_parameters[name] = ids[name][value % len(ids[name])]


def _strategy(operation):
    """Schema-valid requests, and some that break the document (refused, never a 5xx)."""
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in modes))


def _run(operation, base_url: str, headers: dict, ids: dict, failures: list) -> None:
    @given(case=_strategy(operation))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as is
    )
    def check(case):
        _known_ids(case, ids)
        try:
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)
        # A FailureGroup is a BaseExceptionGroup; each one is collected, then all reported.
        except (Exception, FailureGroup) as error:
            failures.append(f"{operation.label}: {str(error)[:2000]}")

    check()


# The live server answers from another thread: transactional database access (the seeded
# code lists are taken care of by `demo`).
@pytest.mark.django_db(transaction=True)
def test_it_answers_generated_requests_as_its_document_says(live_server, demo):
    # The document as the live server serves it.
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", config=CONFIG)
    base_url = live_server.url  # the paths of the document start with /api/v1
    headers = {"Authorization": f"Bearer {demo['token']}"}
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        _run(operation, base_url, headers, demo["ids"], failures)
    assert not failures, "\n\n".join(failures)
