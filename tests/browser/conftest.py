"""Real-browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by
`make test`); no browser is downloaded. Pages are served by pytest-django's live server."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic would hit this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the live server's database
# access is ordinary synchronous Django code, so allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    def log_in_as(user):
        page.goto("/login/")
        page.get_by_label("Käyttäjätunnus").fill(user.username)
        page.get_by_label("Salasana").fill(PASSWORD)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_load_state()

    return log_in_as


@pytest.fixture(scope="session")
def axe():
    return Axe()


def serious_violations(axe, page) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
