"""The OpenAPI document states what the API enforces, so that generated clients send valid
data: every text a client sends has a length, a choice or a format; every number a range;
the enums, patterns and ranges the services check are there. (Whether the API keeps to what
the document states is tests/test_schemathesis.py's and the services' tests' business.)"""

import pytest

from tyopolku.api import api
from tyopolku.core.params import MAX_ID
from tyopolku.pathway.models import ServiceModel, VisitKind

# How to bound a field: tyopolku/core/api.py `text`, `choice`, `integer`, `decimal`, `words`,
# `Id`, `PathId`, `Paging`.
HOW = "state its bounds with tyopolku/core/api.py (text, choice, integer, decimal, Id, PathId)"


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _resolve(document, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _unbounded(document, schema: dict, where: str):
    """The places in `schema` where a client may send a value without a stated bound."""
    schema = _resolve(document, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from _unbounded(document, branch, where)
    kind = schema.get("type")
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            yield from _unbounded(document, prop, f"{where}.{name}")
    elif kind == "array":
        yield from _unbounded(document, schema.get("items", {}), f"{where}[]")
    elif kind == "string":
        if not ({"maxLength", "enum", "format"} & schema.keys()):
            yield where
    elif kind in ("integer", "number") and not {"minimum", "maximum"} <= schema.keys():
        yield where


def _inputs(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for param in operation.get("parameters", []):
                if param["name"] != "search":  # any length: only its first words count
                    yield f"{label} {param['in']} {param['name']}", param["schema"]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield f"{label} body", content["schema"]


def test_it_states_a_bound_for_everything_a_client_sends(document):
    unbounded = [
        place
        for where, schema in _inputs(document)
        for place in _unbounded(document, schema, where)
    ]
    assert not unbounded, f"{HOW}:\n" + "\n".join(unbounded)


def _property(document, name: str, field: str) -> dict:
    schema = document["components"]["schemas"][name]["properties"][field]
    return next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)


@pytest.mark.parametrize(
    ("schema", "field", "expected"),
    [
        ("EmployerIn", "business_id", {"pattern": r"^[0-9]{7}-[0-9]$", "maxLength": 9}),
        ("EmployerIn", "municipality_code", {"pattern": r"^[0-9]{3}$", "maxLength": 3}),
        ("EmployerIn", "name", {"maxLength": 200}),
        ("ClientIn", "personal_id", {"maxLength": 11}),
        ("ClientIn", "first_name", {"maxLength": 100}),
        ("EnrollmentIn", "service_model", {"enum": list(ServiceModel.values)}),
        ("VisitIn", "kind", {"enum": list(VisitKind.values)}),
        ("VisitIn", "duration_minutes", {"minimum": 1, "maximum": 1440}),
        ("ContactIn", "kind", {"enum": ["visit", "phone", "email", "meeting"]}),
        ("PlacementIn", "hours_per_week", {"minimum": 0.1, "maximum": 80}),
        ("PlacementIn", "pay_subsidy_percent", {"minimum": 1, "maximum": 100}),
        ("PlacementIn", "employer_id", {"minimum": 1, "maximum": MAX_ID}),
        ("OpeningIn", "hours_per_week", {"minimum": 0.5, "maximum": 80}),
        ("OpeningPatch", "status", {"enum": ["open", "filled", "closed"]}),
        ("PreferencesIn", "keywords", {"maxItems": 30}),
        ("EnrollmentOut", "phase", {"enum": ["intake", "job_search", "employed", "ended"]}),
    ],
)
def test_it_states_the_constraints_the_services_check(document, schema, field, expected):
    stated = _property(document, schema, field)
    assert {key: stated.get(key) for key in expected} == expected


def test_it_states_the_paging_bounds(document):
    params = {
        p["name"]: p["schema"]
        for p in document["paths"]["/api/v1/clients"]["get"]["parameters"]
    }
    assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 200)
    assert params["offset"]["minimum"] == 0
    path_id = document["paths"]["/api/v1/clients/{client_id}"]["get"]["parameters"][0]
    assert path_id["schema"]["maximum"] == MAX_ID
