"""GET /units, GET /me, the bearer token, the OpenAPI document and the error format."""

import pytest

from tests.test_api_support import assert_error
from tyopolku.accounts.models import ApiToken
from tyopolku.accounts.services import unit_ensure

pytestmark = pytest.mark.django_db


def test_it_returns_me(api_as, coach):
    response = api_as(coach).get("/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "coach",
        "role": "job_coach",
        "organization": {"code": "testikunta", "name": "Testikunnan hyvinvointialue"},
    }


def test_it_lists_only_the_units_of_the_users_organisation(api_as, org, unit, outsider, other_org):
    unit_ensure(organization=org, code="kahvila", name="Kahvila Kaisla")
    unit_ensure(organization=other_org, code="muu", name="Muu paja")
    response = api_as(outsider).get("/units")
    assert response.json() == {
        "count": 1,
        "items": [{"id": other_org.units.get().pk, "code": "muu", "name": "Muu paja"}],
    }
    body = api_as(org.users.create(username="u", role="job_coach")).get("/units").json()
    assert body["count"] == 2
    assert [u["code"] for u in body["items"]] == ["kahvila", "paja"]  # by name


def test_it_pages_the_units(api_as, org, admin):
    for n in range(3):
        unit_ensure(organization=org, code=f"u{n}", name=f"Unit {n}")
    body = api_as(admin).get("/units?limit=2&offset=1").json()
    assert body["count"] == 4
    assert [u["name"] for u in body["items"]] == ["Unit 0", "Unit 1"]


@pytest.mark.parametrize("path", ["/me", "/units", "/clients", "/clients/1", "/enrollments/1"])
def test_it_refuses_a_request_without_a_token(api_as, path):
    assert_error(api_as(None).get(path), 401)


@pytest.mark.parametrize(
    "authorization", ["Bearer nonsense", "Bearer ", "Token abc", "tp_abc", "Basic dXNlcjpwYXNz"]
)
def test_it_refuses_a_bad_token(client, coach, authorization):
    response = client.get("/api/v1/me", headers={"Authorization": authorization})
    assert_error(response, 401)


def test_it_refuses_the_token_of_an_inactive_user(api_as, coach):
    api = api_as(coach)
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert_error(api.get("/me"), 401)


def test_it_keeps_only_a_hash_of_the_token(api_as, coach):
    key = api_as(coach).headers["Authorization"].removeprefix("Bearer ")
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash(key), user=coach).exists()


def test_it_serves_the_openapi_document_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path, method in [
        ("/api/v1/units", "get"),
        ("/api/v1/me", "get"),
        ("/api/v1/clients", "post"),
        ("/api/v1/clients", "get"),
        ("/api/v1/clients/{client_id}", "get"),
        ("/api/v1/clients/{client_id}", "patch"),
        ("/api/v1/clients/{client_id}/consents", "put"),
        ("/api/v1/clients/{client_id}/access-log", "get"),
        ("/api/v1/clients/{client_id}/enrollments", "post"),
        ("/api/v1/enrollments/{enrollment_id}", "get"),
        ("/api/v1/enrollments/{enrollment_id}/intake-steps/{number}", "post"),
        ("/api/v1/enrollments/{enrollment_id}/end", "post"),
        ("/api/v1/enrollments/{enrollment_id}/visits", "post"),
        ("/api/v1/enrollments/{enrollment_id}/visits", "get"),
    ]:
        assert method in paths[path], path
    assert "422" in paths["/api/v1/clients"]["post"]["responses"]
    assert "bearer" in str(document["components"]["securitySchemes"]).lower()


def test_it_serves_the_interactive_docs(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.content.decode()  # the document it shows


# Invalid input of every kind is a 422 in the error format, never a 500.


def post_raw(client, coach_api, body, content_type="application/json"):
    return client.post(
        "/api/v1/clients", data=body, content_type=content_type, headers=coach_api.headers
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ('{"first_name": "A",', "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        ("first_name=A&last_name=B", "application/x-www-form-urlencoded"),
        ("plain words", "text/plain"),
    ],
)
def test_it_refuses_a_body_that_is_not_json(client, api_as, coach, body, content_type):
    assert_error(post_raw(client, api_as(coach), body, content_type), 422, "body")


@pytest.mark.parametrize("body", ["null", "[1, 2]", '"text"', "42", "{}"])
def test_it_names_the_missing_fields_of_a_body_of_the_wrong_shape(client, api_as, coach, body):
    response = post_raw(client, api_as(coach), body)
    error = assert_error(response, 422, "first_name")
    assert "last_name" in [e["field"] for e in error["errors"]]


def test_it_names_a_field_of_the_wrong_type(api_as, coach):
    response = api_as(coach).post("/clients", {"first_name": 5, "last_name": ["B"]})
    body = assert_error(response, 422, "first_name")
    assert {"first_name", "last_name"} <= {e["field"] for e in body["errors"]}
    assert "first_name" in body["detail"]


@pytest.mark.parametrize(
    "birth_date", ["2020-02-30", "1.1.1990", "yesterday", "1990-13-01", 19900101]
)
def test_it_names_a_bad_date(api_as, coach, birth_date):
    response = api_as(coach).post(
        "/clients", {"first_name": "A", "last_name": "B", "birth_date": birth_date}
    )
    assert_error(response, 422, "birth_date")


def test_it_refuses_a_nul_character_that_the_database_could_not_store(api_as, coach):
    response = api_as(coach).post(
        "/clients", {"first_name": "A\x00", "last_name": "B", "birth_date": "1990-01-01"}
    )
    assert_error(response, 422, "first_name")
    assert_error(api_as(coach).get("/clients?search=a%00"), 422, "search")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("limit=many", "limit"),
        ("offset=-1", "offset"),
        (f"offset={10**30}", "offset"),
    ],
)
def test_it_refuses_bad_paging(api_as, coach, query, field):
    assert_error(api_as(coach).get(f"/clients?{query}"), 422, field)


def test_it_accepts_the_largest_page(api_as, coach):
    assert api_as(coach).get("/clients?limit=200").status_code == 200


@pytest.mark.parametrize("path", ["/clients/abc", "/enrollments/1.5", "/clients/1e3"])
def test_it_names_a_path_id_that_is_not_a_number(api_as, coach, path):
    assert_error(api_as(coach).get(path), 422)


@pytest.mark.parametrize("path", [f"/clients/{10**30}", "/clients/-1", f"/enrollments/{2**63}"])
def test_it_answers_404_for_an_id_out_of_range(api_as, coach, path):
    assert_error(api_as(coach).get(path), 404)


def test_it_refuses_a_body_too_large_in_the_error_format(api_as, coach, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_as(coach).post(
        "/clients", {"first_name": "A" * 2000, "last_name": "B", "birth_date": "1990-01-01"}
    )
    assert_error(response, 413, "body")


def test_it_documents_every_patch_schema_as_its_input_schema_with_nothing_required(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    for entity in ("Client", "Employer", "ContactPerson", "Opening"):
        patch, full = schemas[f"{entity}Patch"], schemas[f"{entity}In"]
        assert list(patch["properties"]) == list(full["properties"]), entity
        assert "required" not in patch, entity
