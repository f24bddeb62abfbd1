"""Temporary identity codes (individual numbers 900–999) are accepted and marked, and a typed
birth date follows the same century rule as a code."""

import datetime

import pytest

from tests.test_api_clients import NEW_CLIENT
from tests.test_placements_support import login
from tyopolku.clients.identity import is_temporary_personal_id, synthetic_personal_id

TEMPORARY = synthetic_personal_id(datetime.date(1990, 1, 1), 950)


@pytest.mark.parametrize(
    ("code", "temporary"),
    [("131052-308T", False), (TEMPORARY, True), ("010190-899F", False), (None, False)],
)
def test_it_tells_a_temporary_code(code, temporary):
    assert is_temporary_personal_id(code) is temporary


def test_it_marks_a_temporary_code_in_the_api_and_the_list(api_as, coach, client):
    api = api_as(coach)
    created = api.post("/clients", {**NEW_CLIENT, "personal_id": TEMPORARY}).json()
    assert created["temporary_personal_id"] is True
    (listed,) = api.get("/clients").json()["items"]
    assert listed["temporary_personal_id"] is True
    login(client, coach)
    assert "temporary code" in client.get("/clients/").content.decode()
    assert "temporary code" in client.get(f"/clients/{created['id']}/").content.decode()


def test_it_does_not_mark_a_permanent_code(api_as, coach):
    created = api_as(coach).post("/clients", NEW_CLIENT).json()
    assert created["temporary_personal_id"] is False


@pytest.mark.parametrize("birth_date", ["1899-12-31", "1800-01-01"])
def test_it_accepts_a_typed_birth_date_of_the_plus_century(api_as, coach, birth_date):
    new = {**NEW_CLIENT, "personal_id": None, "birth_date": birth_date}
    response = api_as(coach).post("/clients", new)
    assert response.status_code == 201
    assert response.json()["birth_date"] == birth_date
