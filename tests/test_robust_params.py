"""Out-of-range values in every URL: each page of the site (walked through Django's URL
resolver) and each operation of the OpenAPI document gets huge, negative, non-numeric, very
long, NUL and impossible-date values in every query parameter and path id it reads, as an
administrator, a supervisor and a coach with data present. None may answer 5xx.

The query parameters a page reads are found by asking for it once with a QueryDict that notes
the names read (forms bound to `request.GET` included), so a new parameter is covered
without listing it here."""

import re

import pytest
from django.core.handlers import wsgi
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access_policy import URL_ARGS, build_world
from tests.pages_support import login
from tyopolku.api import api

ROLES = ["admin", "supervisor", "coach"]
WORDS_1000 = " ".join(f"sana{n}" for n in range(1000))
BAD_VALUES = [
    "99999999999999999999",  # beyond a bigint
    "9223372036854775808",  # 2**63
    "-1",
    "0",
    "abc",
    "1e3",
    "1.5",
    "NaN",
    "9" * 5000,  # beyond Python's int() digit limit
    WORDS_1000,
    "a\x00b",
    "0000-00-00",
    "99999-01-01",
    "9999-12-31",
    "0001-01-01",
]
# Prefixes that are not ours (Django's admin and language switch) or walked below (the API).
NOT_WALKED = ("admin/", "i18n/", "api/v1/")


@pytest.fixture
def world(org, unit, supervisor, coach, client_record):
    """Every URL parameter by name, from the access policy's records (one place)."""
    records = build_world(
        org=org, unit=unit, coach=coach, supervisor=supervisor, client_record=client_record
    )
    return {name: build(records) for name, build in URL_ARGS.items()}


def _routes(resolver: URLResolver | None = None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(NOT_WALKED):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


PAGE_ROUTES = sorted(set(_routes()))
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _path(route: str, ids: dict, bad: tuple[str, str] | None = None) -> str:
    """The route with the world's ids, or with `bad` = (name, value) in one of them."""

    def value(match):
        name = match.group(1)
        assert name in ids, f"add the path parameter {name!r} of {route!r} to the world"
        return bad[1] if bad and bad[0] == name else str(ids[name])

    return "/" + _PARAM.sub(value, route)


class RecordingQueryDict(QueryDict):
    """A request.GET that notes the names the view reads."""

    read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def _query_names(client, path: str, monkeypatch) -> set[str]:
    RecordingQueryDict.read = set()
    with monkeypatch.context() as patch:
        patch.setattr(wsgi, "QueryDict", RecordingQueryDict)
        client.get(path)
    return set(RecordingQueryDict.read)


def _assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.mark.parametrize("route", PAGE_ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_it_answers_every_page_without_a_server_error(
    client, request, world, monkeypatch, role, route
):
    login(client, request.getfixturevalue(role))
    path = _path(route, world)
    # Every name at once: a view that reads one parameter after another reads them all,
    # as each one is bad (one request per value keeps the walk quick).
    names = sorted(_query_names(client, path, monkeypatch))
    for value in BAD_VALUES if names else ():
        response = client.get(path, dict.fromkeys(names, value))
        _assert_no_server_error(response, f"GET {path}?{names}={value[:30]!r}")
    for name in _PARAM.findall(route):
        for value in BAD_VALUES:
            bad_path = _path(route, world, (name, value))
            _assert_no_server_error(client.get(bad_path), f"GET {bad_path[:80]!r}")


def test_it_finds_the_query_parameters_that_pages_read(client, world, coach, monkeypatch):
    """The walk above is only as good as the names it finds."""
    login(client, coach)
    assert {"offset", "search"} <= _query_names(client, "/clients/", monkeypatch)
    assert "employer_id" in _query_names(client, "/placements/openings/", monkeypatch)


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path.removeprefix("/api/v1"), method, operation.get("parameters", [])


OPERATIONS = sorted(
    ((path, method, params) for path, method, params in _operations()),
    key=lambda o: (o[0], o[1]),
)


@pytest.mark.parametrize(
    ("path", "method", "params"),
    OPERATIONS,
    ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS],
)
@pytest.mark.parametrize("role", ROLES)
def test_it_answers_every_api_operation_without_a_server_error(
    api_as, request, world, role, path, method, params
):
    api_client = api_as(request.getfixturevalue(role))
    headers = api_client.headers

    def call(url, query=None):
        call_method = getattr(api_client.client, method)
        if method == "get":
            return call_method(url, query or {}, headers=headers)
        # Bodies are schemathesis's (tests/test_schemathesis.py); an empty one is enough
        # to reach the path and query checks.
        return call_method(url, data={}, content_type="application/json", headers=headers)

    def url(bad=None):
        def value(match):
            name = match.group(1)
            assert name in world, f"add the path parameter {name!r} of {path!r} to the world"
            return bad[1] if bad and bad[0] == name else str(world[name])

        return "/api/v1" + re.sub(r"\{(\w+)\}", value, path)

    for param in params:
        for value in BAD_VALUES:
            if param["in"] == "query":
                response = call(url(), {param["name"]: value})
            else:
                response = call(url((param["name"], value.replace("\x00", "%00"))))
            _assert_no_server_error(response, f"{method.upper()} {path} {param['name']}")
