"""The access matrix from the URL map: every page of Django's URL resolver and every operation
of the OpenAPI document against the declared policy (tests/access_policy.py), for every
persona and an anonymous caller. A route without a policy entry fails here, by name.

Every request runs in a savepoint that is rolled back afterwards, so each entry meets the
same records (one world per persona test); a refused write must leave every table of the
project as it was and answer in the error format (the API's {"detail", "errors"}, the
pages' 403/404 page).
"""

import copy
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import get_resolver, reverse

from tests.access_policy import (
    API,
    CLIENT,
    EXCLUDED,
    GET,
    GROUPS,
    LOGIN,
    OK,
    OPERATION_ROUTES,
    OPERATIONS,
    POST,
    URL_ARGS,
    WEB,
    WEB_ROUTES,
    Route,
    Rule,
    World,
    as_route,
    build_world,
    excluded_by,
    parameters_of,
    query_of,
    resolve,
    url_args,
    walk_urls,
)
from tests.conftest import PERSONAS
from tests.test_api_support import assert_error
from tyopolku.accounts.roles import Role
from tyopolku.accounts.services import api_token_create

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


# --- Nothing escapes the policy ------------------------------------------------------------


def test_it_has_a_policy_for_every_page_of_the_url_map():
    missing = sorted(set(WEB_ROUTES) - set(WEB))
    assert not missing, f"Pages without an entry in tests/access_policy.py WEB: {missing}"


def test_it_declares_no_page_that_no_longer_resolves():
    stale = sorted(set(WEB) - set(WEB_ROUTES))
    assert not stale, f"WEB entries whose URL name is not in the URL map: {stale}"


def test_it_has_a_policy_for_every_api_operation():
    missing = sorted(set(OPERATIONS) - set(API))
    assert not missing, f"Operations without an entry in tests/access_policy.py API: {missing}"
    stale = sorted(set(API) - set(OPERATIONS))
    assert not stale, f"API entries that are not operations of the OpenAPI document: {stale}"


def test_it_leaves_out_only_the_declared_routes_and_each_of_them_exists():
    routes = list(walk_urls(get_resolver(), "", None))
    used = {excluded_by(route) for route in routes} - {None}
    assert used == set(EXCLUDED), f"Exclusions that match no route: {set(EXCLUDED) - used}"
    for route in routes:
        covered = route.name in WEB or route.route in OPERATION_ROUTES or excluded_by(route)
        assert covered, route


def test_it_has_a_group_for_every_persona():
    assert set(GROUPS) == set(PERSONAS)


def test_it_has_a_persona_of_every_role_inside_and_outside_the_client_relationship(
    request, client_record
):
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    assert {user.role for user in users.values()} == set(Role.values)
    linked = set(client_record.client_workers.values_list("user__username", flat=True))
    for persona, group in GROUPS.items():
        assert (users[persona].username in linked) is (group == "linked"), persona
    assert users["outsider"].organization != client_record.organization


def test_it_lets_one_persona_differ_from_its_group():
    rule = CLIENT.but(work_coach=403)

    assert [rule.outcome(p) for p in ("coach", "work_coach", None)] == [OK, 403, LOGIN]
    with pytest.raises(AssertionError):
        CLIENT.but(nobody=200)


def test_it_fills_every_route_parameter():
    rules = [(r, WEB[name][m]) for name, r in WEB_ROUTES.items() for m in WEB.get(name, {})]
    rules += [(as_route(OPERATIONS[key][0]), API[key]) for key in API if key in OPERATIONS]
    for route, rule in rules:
        parameters = route.parameters if isinstance(route, Route) else tuple(parameters_of(route))
        unknown = set(parameters) - set(URL_ARGS) - set(rule.args)
        assert not unknown, f"{route}: no builder for {unknown} in URL_ARGS or .at(…)"


# --- Running the matrix --------------------------------------------------------------------


@pytest.fixture
def world(org, unit, coach, supervisor, client_record, request) -> World:
    for persona in PERSONAS:  # every persona exists, whoever makes the requests
        request.getfixturevalue(persona)
    return build_world(
        org=org, unit=unit, coach=coach, supervisor=supervisor, client_record=client_record
    )


# The access log records every attempt on a client's data by someone who may see the client,
# a refused write too (as the write attempted): that row is the point, not a change.
LOG_OF_ATTEMPTS = {"audit.AccessLogEntry"}


def _project_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("tyopolku.") and m._meta.label not in LOG_OF_ATTEMPTS
    ]


# Bookkeeping every authenticated request does, refused or not.
NOT_DATA = {"accounts.ApiToken": {"last_used_at"}}


def snapshot() -> dict[str, str]:
    """Every row of every table of the project, hashed per table."""
    tables = {}
    for model in _project_models():
        label = model._meta.label
        fields = [
            f.attname for f in model._meta.concrete_fields if f.name not in NOT_DATA.get(label, ())
        ]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        tables[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return tables


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _expected(rule: Rule, persona: str | None, success: int) -> int | str:
    outcome = rule.outcome(persona)
    return (rule.success or success) if outcome == OK else outcome


def _check(response, expected, *, is_api: bool) -> str | None:
    """None when the response is the declared outcome, else what went wrong."""
    status = response.status_code
    if expected == LOGIN:
        if is_api:
            expected = 401
        elif status == 302 and response["Location"].startswith(reverse("login")):
            return None
        else:
            return f"{status} instead of a redirect to log in"
    if status != expected:
        form = (response.context or {}).get("form") if response.context else None
        why = form.errors.as_data() if form is not None else response.content[:300]
        return f"{status} instead of {expected}: {why!r}"
    if status in (401, 403, 404):
        if is_api:
            try:
                assert_error(response, status)
            except AssertionError as error:
                return f"not in the error format: {error}"
        else:
            heading = "<h1>No access</h1>" if status == 403 else "<h1>Not found</h1>"
            if heading not in response.content.decode():
                return f"{status} without the error page"
    return None


def _run(client, method, url, rule, world, expected, *, is_api, headers) -> str | None:
    refused_write = method in WRITES and (expected == LOGIN or expected >= 400)
    cookies = copy.deepcopy(client.cookies)
    with rolled_back():
        before = snapshot() if refused_write else None
        body = resolve(rule.body, world)
        if is_api and not rule.multipart:
            kwargs = {"content_type": "application/json"}
            if body is not None:
                kwargs["data"] = json.dumps(body)
            response = client.generic(method, url, headers=headers, **kwargs)
        elif method == GET:
            response = client.get(url, query_of(rule, world), headers=headers)
        else:
            response = client.post(url, body or {}, headers=headers)
        problem = _check(response, expected, is_api=is_api)
        if problem is None and refused_write:
            after = snapshot()
            changed = [table for table in before if before[table] != after[table]]
            if changed:
                problem = f"refused, but changed {changed}"
    client.cookies = cookies
    return problem


def _sign_in(client, persona_user) -> None:
    """Logged in once (the cookies come back after every request), with English pages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if persona_user is not None:
        client.force_login(persona_user)


CALLERS = [*PERSONAS, None]


@pytest.mark.parametrize("persona", CALLERS, ids=lambda p: p or "anonymous")
def test_it_gives_each_persona_the_declared_answer_on_every_page(client, request, world, persona):
    user = request.getfixturevalue(persona) if persona else None
    _sign_in(client, user)
    failures = []
    for name, methods in WEB.items():
        route = WEB_ROUTES[name]
        for method, rule in methods.items():
            url = reverse(name, kwargs=url_args(rule, list(route.parameters), world))
            success = 200 if method == GET else 302
            expected = _expected(rule, persona, success)
            problem = _run(client, method, url, rule, world, expected, is_api=False, headers={})
            if problem:
                failures.append(f"{method} {name} ({url}): {problem}")
    assert not failures, "\n".join([f"as {persona or 'anonymous'}:", *failures])


@pytest.mark.parametrize("persona", CALLERS, ids=lambda p: p or "anonymous")
def test_it_gives_each_persona_the_declared_answer_on_every_operation(
    client, request, world, persona
):
    user = request.getfixturevalue(persona) if persona else None
    headers = {"Accept-Language": "en"}
    if user is not None:
        headers["Authorization"] = f"Bearer {api_token_create(user=user)}"
    failures = []
    for key, rule in API.items():
        method, _path = key.split(" ", 1)
        path, success = OPERATIONS[key]
        route = as_route(path)
        args = url_args(rule, list(parameters_of(route)), world)
        query = f"?{urlencode(query_of(rule, world))}" if rule.query_params else ""
        url = path.format(**args) + query
        expected = _expected(rule, persona, success)
        problem = _run(client, method, url, rule, world, expected, is_api=True, headers=headers)
        if problem:
            failures.append(f"{key} ({url}): {problem}")
    assert not failures, "\n".join([f"as {persona or 'anonymous'}:", *failures])


def test_it_answers_the_undeclared_methods_of_a_page_with_405(client, admin, world):
    """The declared methods are all a page takes: a POST the policy does not know of cannot
    hide behind a GET entry."""
    client.force_login(admin)
    failures = []
    for name, methods in WEB.items():
        route = WEB_ROUTES[name]
        for method in {GET, POST} - set(methods):
            rule = next(iter(methods.values()))
            url = reverse(name, kwargs=url_args(rule, list(route.parameters), world))
            with rolled_back():
                response = client.generic(method, url)
            if response.status_code != 405:
                failures.append(f"{method} {name}: {response.status_code}")
    assert not failures, failures
