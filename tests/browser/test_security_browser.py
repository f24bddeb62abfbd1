"""In a real browser: the Content-Security-Policy blocks nothing the pages need, and the
live client search never puts the identity code in an address or the history."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, ui_text

pytestmark = [pytest.mark.browser, BROWSER_DB]

CODE = "010190-900P"  # client_record's


def _watch(page) -> tuple[list[str], list[str]]:
    """(addresses the page requested, messages about blocked content or script errors).
    A failed load (the favicon's 404, a form's 422) is no script error."""
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text)
        if "Content Security Policy" in message.text
        or (message.type == "error" and not message.text.startswith("Failed to load resource"))
        else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return requested, problems


def test_it_searches_a_code_live_without_an_address(page, sign_in, coach, client_record):
    sign_in(page, coach)
    requested, problems = _watch(page)
    page.goto("/clients/")
    history = page.evaluate("history.length")

    with page.expect_response(re.compile(r"/clients/$")) as answer:
        page.get_by_label(ui_text("Search by name or personal identity code")).fill(CODE)
    assert answer.value.request.method == "POST"
    assert answer.value.request.headers.get("hx-request") == "true", "not sent by htmx"
    results = page.locator("#client-results")
    expect(results).to_contain_text("Asiakas Aino")

    assert page.url.endswith("/clients/")
    assert page.evaluate("history.length") == history
    assert [url for url in requested if CODE.lower() in url.lower()] == []
    assert problems == []


def test_it_runs_the_pages_scripts_under_the_policy(page, sign_in, coach):
    sign_in(page, coach)
    _requested, problems = _watch(page)
    # A form sent back with an error: the page's script moves the focus to the wrong field.
    page.goto("/clients/new/")
    page.get_by_role("button", name=ui_text("Save"), exact=True).click()
    expect(page.locator("main [aria-invalid=true]").first).to_be_focused()
    page.goto("/employers/privacy/")
    expect(page.locator("button[data-print]")).to_be_visible()
    assert problems == []
