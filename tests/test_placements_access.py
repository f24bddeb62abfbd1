"""Placements across the organisation boundary: what the openings fragment shows each role,
and that the outsider cannot place its own client with our employer. Which status every
role gets from every placement and matching page and endpoint is the access matrix
(tests/test_access_matrix.py, policy in tests/access_policy.py)."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import ClientFactory
from tests.test_placements_support import (
    job_search_enrollment,
    make_employer,
    make_opening,
    placement_payload,
)

NO_CLIENT_RECORDS = {"evaluator", "peer", "expert"}


@pytest.fixture
def world(org):
    employer = make_employer(org)
    make_opening(employer, title="Varastotyöntekijä", hours_per_week=20)
    return {"employer": employer}


@pytest.fixture
def as_role(request, client):
    def login(role):
        user = request.getfixturevalue(role)
        client.force_login(user)
        return client

    return login


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
