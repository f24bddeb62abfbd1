"""The client search never puts an identity code in an address: not in the links and forms of
the answers (so not in the browser's history), not in the request line a server logs."""

import re

import pytest

from tests.factories import ClientFactory
from tests.pages_support import login

CODE = "010190-900P"  # client_record's

# Attributes whose value the browser requests, pushes into its history or sends on.
URL_ATTRIBUTES = re.compile(
    r'\s(href|src|action|formaction|hx-(?:get|post|put|patch|delete|push-url|replace-url))="([^"]*)"'
)
URL_HEADERS = ["Location", "HX-Push-Url", "HX-Replace-Url", "HX-Location", "HX-Redirect"]


def addresses(response) -> list[str]:
    """Every address the answer makes the browser go to, plus the request line a server's
    access log writes for the request itself."""
    html = response.content.decode()
    found = [value for _name, value in URL_ATTRIBUTES.findall(html)]
    found += re.findall(r'name="next" type="hidden" value="([^"]*)"', html)
    found += [response[h] for h in URL_HEADERS if h in response]
    request = response.request
    found.append(f'{request["REQUEST_METHOD"]} {request["PATH_INFO"]}?{request["QUERY_STRING"]}')
    return found


def assert_code_not_in_addresses(response) -> None:
    for address in addresses(response):
        assert CODE.lower() not in address.lower(), address
        assert "search=" not in address, address


@pytest.fixture
def coach_client(client, coach):
    return login(client, coach)


def test_it_finds_a_client_by_code_without_putting_it_in_an_address(coach_client, client_record):
    response = coach_client.post("/clients/", {"search": CODE})
    assert response.status_code == 200
    assert "Asiakas Aino" in response.content.decode()
    assert response.context["page"].count == 1
    assert_code_not_in_addresses(response)


def test_it_answers_the_live_search_without_a_new_address(coach_client, client_record):
    response = coach_client.post("/clients/", {"search": CODE}, headers={"HX-Request": "true"})
    assert "Asiakas Aino" in response.content.decode()
    assert_code_not_in_addresses(response)
    assert "HX-Push-Url" not in response


def test_it_pages_a_search_without_an_address(coach_client, org, coach):
    ClientFactory.create_batch(30, organization=org, worker=coach, last_name="Suku")
    for offset in ("0", "25"):
        response = coach_client.post("/clients/", {"search": "Suku", "offset": offset})
        assert response.status_code == 200
        assert_code_not_in_addresses(response)
    assert response.context["page"].offset == 25


def test_it_moves_a_search_out_of_an_old_address(coach_client, client_record):
    response = coach_client.get("/clients/", {"search": CODE})
    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    page = coach_client.get(response["Location"])
    assert_code_not_in_addresses(page)


def test_it_finds_a_client_by_code_through_the_api_body(api_as, coach, client_record):
    response = api_as(coach).post("/clients/search", {"search": CODE.lower()})
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["items"]] == [client_record.pk]


def test_it_pages_the_api_search(api_as, org, supervisor):
    ClientFactory.create_batch(3, organization=org, last_name="Suku")
    body = api_as(supervisor).post("/clients/search", {"search": "suku", "limit": 2, "offset": 2})
    assert body.json()["count"] == 3
    assert len(body.json()["items"]) == 1


@pytest.mark.parametrize("search", [CODE, "010190-900", "Aino 010190A900P"])
def test_it_refuses_an_identity_code_in_the_api_address(api_as, coach, client_record, search):
    response = api_as(coach).get(f"/clients?search={search}")
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["search"]
    assert "POST /clients/search" in body["detail"]


def test_it_still_searches_names_in_the_api_address(api_as, coach, client_record):
    response = api_as(coach).get("/clients?search=aino")
    assert [c["id"] for c in response.json()["items"]] == [client_record.pk]


def test_it_names_a_too_long_api_search(api_as, coach):
    response = api_as(coach).post("/clients/search", {"search": "x" * 101})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["search"]
