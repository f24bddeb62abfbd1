"""What the employer register's API does for each role: the allowed writes take effect and the
refused ones do not, lists and searches keep to the own organisation. The register is shared
by the roles that do job development; evaluators, peer instructors and experts by experience
get 403, and another organisation's supervisor (the outsider) finds none of it. The status of
every endpoint × role is the access matrix (tests/test_access_matrix.py)."""

import pytest

from tests.conftest import PERSONAS
from tests.factories import ContactPersonFactory, EmployerFactory, OpeningFactory
from tests.test_api_support import assert_error, days_ago
from tyopolku.audit.models import ChangeLogEntry
from tyopolku.employers.models import ContactPerson, Employer, EmployerContact, Opening

NO_REGISTER = {"evaluator", "peer", "expert"}


@pytest.fixture
def world(org):
    employer = EmployerFactory(organization=org, name="Kauppa Oy", business_id="2077474-0")
    return {
        "employer": employer,
        "person": ContactPersonFactory(employer=employer, name="Matti Myymälä"),
        "opening": OpeningFactory(employer=employer, title="Myyjä"),
    }


def api_calls(world):
    """(method, path, data, status for a register role); the DELETE comes last."""
    e, p, o = world["employer"].pk, world["person"].pk, world["opening"].pk
    contact = {"date": days_ago(1).isoformat(), "kind": "visit", "purpose": "job_development"}
    return [
        ("get", f"/employers/{e}", None, 200),
        ("patch", f"/employers/{e}", {"post_office": "Imatra"}, 200),
        ("get", f"/employers/{e}/contact-persons", None, 200),
        ("post", f"/employers/{e}/contact-persons", {"name": "Liisa"}, 201),
        ("patch", f"/employers/{e}/contact-persons/{p}", {"title": "Kauppias"}, 200),
        ("get", f"/employers/{e}/contacts", None, 200),
        ("post", f"/employers/{e}/contacts", contact, 201),
        ("get", f"/employers/{e}/openings", None, 200),
        ("post", f"/employers/{e}/openings", {"title": "Kassa"}, 201),
        ("get", f"/openings/{o}", None, 200),
        ("patch", f"/openings/{o}", {"status": "filled"}, 200),
        ("delete", f"/employers/{e}/contact-persons/{p}", None, 204),
    ]


def call(api, method, path, data):
    if method == "delete":
        return api.client.delete(f"/api/v1{path}", headers=api.headers)
    return getattr(api, method)(path) if data is None else getattr(api, method)(path, data)


def expected(role, allowed):
    if role in NO_REGISTER:
        return 403
    return 404 if role == "outsider" else allowed


@pytest.mark.parametrize("role", PERSONAS)
def test_it_changes_nothing_for_those_it_refuses(api_as, request, world, role):
    api = api_as(request.getfixturevalue(role))

    for method, path, data, _allowed in api_calls(world):
        call(api, method, path, data)

    refused = role in NO_REGISTER or role == "outsider"
    employer = Employer.objects.get(pk=world["employer"].pk)
    assert (employer.post_office == "") is refused
    assert ContactPerson.objects.filter(pk=world["person"].pk).exists() is refused
    assert EmployerContact.objects.exists() is not refused
    assert Opening.objects.get(pk=world["opening"].pk).status == ("open" if refused else "filled")
    assert ChangeLogEntry.objects.exists() is not refused


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_the_register_list_and_creation(api_as, request, world, role):
    api = api_as(request.getfixturevalue(role))

    listed = api.get("/employers")
    found = api.get("/employers?search=Kauppa")
    created = api.post("/employers", {"name": "Rakennus Ab", "business_id": "0737546-2"})

    if role in NO_REGISTER:
        for response in (listed, found, created):
            assert_error(response, 403)
        assert Employer.objects.count() == 1
        return
    # Everyone else keeps a register of their own organisation; the outsider's is another.
    assert created.status_code == 201, created.content
    names = [e["name"] for e in listed.json()["items"]]
    if role == "outsider":
        assert names == []
        assert found.json() == {"count": 0, "items": []}
        assert Employer.objects.get(pk=created.json()["id"]).organization.code == "muualla"
    else:
        assert names == ["Kauppa Oy"]
        assert found.json()["count"] == 1


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_the_job_development_figures(api_as, request, role):
    response = api_as(request.getfixturevalue(role)).get("/job-development/me")

    if role in NO_REGISTER:
        assert_error(response, 403)
    else:
        assert response.status_code == 200, response.content
        assert response.json()["target"] == 6


def test_it_hides_the_outsiders_employers_from_the_organisation(api_as, coach, outsider):
    api_as(outsider).post("/employers", {"name": "Muu Oy", "business_id": "1572860-0"})
    theirs = Employer.objects.get(name="Muu Oy")

    api = api_as(coach)

    assert api.get("/employers").json() == {"count": 0, "items": []}
    assert_error(api.get(f"/employers/{theirs.pk}"), 404)
    # Our own register may hold the same business ID: registers are per organisation.
    assert api.post("/employers", {"name": "Muu Oy", "business_id": "1572860-0"}).status_code == 201
