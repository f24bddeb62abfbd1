"""Parallel writes and reads at a live server never answer 500 ("database is locked").

On SQLite the test database is a file (settings_test.py), so each server thread has a
connection of its own and the requests really compete for the write lock.
"""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.test_placements_support import job_search_enrollment, make_employer, placement_payload
from tyopolku.accounts.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 8


def _call(url: str, *, headers: dict, data: dict | None = None, method: str = "GET") -> int:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_it_answers_parallel_placement_saves_and_estimates_without_a_server_error(
    live_server, client, coach, client_record
):
    enrollment = job_search_enrollment(client_record, coach)
    employer = make_employer(client_record.organization)
    api_headers = {
        "Authorization": f"Bearer {api_token_create(user=coach)}",
        "Content-Type": "application/json",
    }
    client.force_login(coach)
    page_headers = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    api = f"{live_server.url}/api/v1"
    estimate = (
        f"{live_server.url}/enrollments/{enrollment.pk}/placements/estimate/"
        f"?employer={employer.pk}&hours_per_week=20&hourly_wage=12"
    )
    calls = []
    for round_ in range(ROUNDS):
        calls += [
            lambda: _call(
                f"{api}/enrollments/{enrollment.pk}/placements",
                headers=api_headers,
                data=placement_payload(employer),
                method="POST",
            ),
            lambda: _call(estimate, headers=page_headers),
            lambda round_=round_: _call(
                f"{api}/clients/{client_record.pk}",
                headers=api_headers,
                data={"municipality_code": "405" if round_ % 2 else "091"},
                method="PATCH",
            ),
            lambda: _call(f"{api}/clients", headers=api_headers),
        ]
    # Four at a time: the test server's listen queue is five connections long.
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda call: call(), calls))

    assert len(statuses) == len(calls)
    assert [s for s in statuses if s >= 500] == []
    assert statuses.count(201) == ROUNDS
