"""Municipality codes are checked against the official list everywhere, with one validator:
a merged municipality (Honkajoki 099, 2021) and a code that never existed (999) are refused."""

import pytest

from tests.test_api_clients import NEW_CLIENT
from tests.test_api_support import assert_error
from tests.test_placements_support import job_search_enrollment


@pytest.mark.parametrize("code", ["099", "999"])
def test_it_refuses_a_client_municipality_not_on_the_list(api_as, coach, code):
    response = api_as(coach).post("/clients", {**NEW_CLIENT, "municipality_code": code})
    assert_error(response, 422, "municipality_code")


@pytest.mark.parametrize("code", ["099", "999"])
def test_it_refuses_a_preferred_municipality_not_on_the_list(api_as, coach, client_record, code):
    enrollment = job_search_enrollment(client_record, coach)
    response = api_as(coach).put(
        f"/enrollments/{enrollment.pk}/preferences", {"municipality_codes": [code]}
    )
    assert_error(response, 422, "municipality_codes")


def test_it_accepts_a_municipality_on_the_list(api_as, coach):
    response = api_as(coach).post("/clients", {**NEW_CLIENT, "municipality_code": "405"})
    assert response.status_code == 201
    assert response.json()["municipality_code"] == "405"
