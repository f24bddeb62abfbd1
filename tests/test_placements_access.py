"""Who may see and change placements, preferences and matches: every new page and endpoint
× role × own/other organisation. Placements and preferences are client data (the client
relationship decides, and an outsider sees nothing); the candidates of an opening are a
client list, which roles without client records may not open at all."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import ClientFactory
from tests.test_placements_support import (
    JOB_START,
    job_search_enrollment,
    make_employer,
    make_opening,
    placement_payload,
)
from tyopolku.matching.services import preference_set
from tyopolku.placements.services import placement_create

CLIENT_RELATIONSHIP = {"admin", "supervisor", "coach"}
CLIENT_RECORD_ROLES = {"admin", "supervisor", "coach", "colleague", "typ_officer"}
NO_CLIENT_RECORDS = {"evaluator", "peer", "expert"}


def client_data_status(role, allowed=200):
    return allowed if role in CLIENT_RELATIONSHIP else 404


def client_list_status(role):
    if role in NO_CLIENT_RECORDS:
        return 403
    return 404 if role == "outsider" else 200


@pytest.fixture
def world(client_record, coach, org):
    enrollment = job_search_enrollment(client_record, coach)
    employer = make_employer(org)
    opening = make_opening(employer, title="Varastotyöntekijä", hours_per_week=20)
    placement = placement_create(
        user=coach,
        enrollment=enrollment,
        employer_id=employer.pk,
        start_date=JOB_START,
        job_title="Myyjä",
        hours_per_week=30,
        competitive=True,
    )
    preference_set(user=coach, enrollment=enrollment, keywords=["varasto"])
    return {
        "enrollment": enrollment,
        "employer": employer,
        "opening": opening,
        "placement": placement,
    }


@pytest.fixture
def as_role(request, client):
    def login(role):
        user = request.getfixturevalue(role)
        client.force_login(user)
        return client

    return login


def page_urls(world):
    e, p, o = world["enrollment"].pk, world["placement"].pk, world["opening"].pk
    return {
        "placement_create": reverse("placement_create", args=[e]),
        "placement_estimate": reverse("placement_estimate", args=[e]),
        "placement_detail": reverse("placement_detail", args=[p]),
        "preferences_edit": reverse("preferences_edit", args=[e]),
        "enrollment_suggestions": reverse("enrollment_suggestions", args=[e]),
        "opening_candidates": reverse("opening_candidates", args=[o]),
    }


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_every_page(as_role, world, role):
    web = as_role(role)

    for name, url in page_urls(world).items():
        expected = (
            client_list_status(role) if name == "opening_candidates" else client_data_status(role)
        )
        assert web.get(url).status_code == expected, (name, role)


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_the_openings_fragment(as_role, world, role):
    response = as_role(role).get(
        reverse("placement_openings"), {"employer_id": world["employer"].pk}
    )

    if role in NO_CLIENT_RECORDS:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        # Another organisation's employer has no openings for the outsider.
        assert ("Varastotyöntekijä" in response.content.decode()) is (role != "outsider")


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_every_form(as_role, world, role):
    web = as_role(role)
    e, p = world["enrollment"].pk, world["placement"].pk
    posts = {
        "placement_create": (
            reverse("placement_create", args=[e]),
            {
                "employer_id": world["employer"].pk,
                "kind": "employment",
                "job_title": "Myyjä",
                "start_date": "2026-04-01",
                "hours_per_week": "20",
            },
        ),
        "placement_end": (
            reverse("placement_end", args=[p]),
            {"end_date": "2026-05-29", "end_reason": "Loppui", "continues_job_search": "on"},
        ),
        "preferences_edit": (
            reverse("preferences_edit", args=[e]),
            {"keywords": "varasto", "industry_codes": "47"},
        ),
    }
    for name, (url, data) in posts.items():
        assert web.post(url, data).status_code == client_data_status(role, 302), (name, role)


def test_it_sends_anonymous_visitors_to_log_in(client, world):
    for name, url in page_urls(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def api_calls(world):
    e, p = world["enrollment"].pk, world["placement"].pk
    end = {"end_date": "2026-05-29", "end_reason": "Loppui"}
    return [
        ("post", f"/enrollments/{e}/placements", placement_payload(world["employer"]), 201),
        ("get", f"/enrollments/{e}/placements", None, 200),
        ("get", f"/placements/{p}", None, 200),
        ("patch", f"/placements/{p}", end, 200),
        ("get", f"/enrollments/{e}/preferences", None, 200),
        ("put", f"/enrollments/{e}/preferences", {"keywords": ["varasto"]}, 200),
        ("get", f"/enrollments/{e}/suggestions", None, 200),
    ]


def call(api, method, path, data):
    return getattr(api, method)(path) if data is None else getattr(api, method)(path, data)


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_every_endpoint(api_as, request, world, role):
    api = api_as(request.getfixturevalue(role))

    for method, path, data, allowed in api_calls(world):
        response = call(api, method, path, data)
        assert response.status_code == client_data_status(role, allowed), (method, path, role)
    candidates = api.get(f"/openings/{world['opening'].pk}/candidates")
    assert candidates.status_code == client_list_status(role), role


def test_it_asks_the_api_caller_for_a_token(api_as, world):
    anonymous = api_as(None)

    for method, path, data, _allowed in api_calls(world):
        assert call(anonymous, method, path, data).status_code == 401, (method, path)
    assert anonymous.get(f"/openings/{world['opening'].pk}/candidates").status_code == 401


def test_it_refuses_an_employer_of_another_organisation_to_the_outsider_too(
    api_as, outsider, other_org, world
):
    """The same organisation boundary holds from the other side: the outsider's own client
    cannot be placed with our employer."""
    own = job_search_enrollment(ClientFactory(organization=other_org), outsider)
    response = api_as(outsider).post(
        f"/enrollments/{own.pk}/placements", placement_payload(world["employer"])
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["employer_id"]
