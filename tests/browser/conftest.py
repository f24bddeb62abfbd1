"""Real-browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by
`make test`); no browser is downloaded. Pages are served by pytest-django's live server.

The live server answers from another thread, so these tests need transactional database
access; their modules say so with `BROWSER_DB`, whose serialized rollback brings back the
rows the data migrations seeded (target groups, referral sources), which the flush after
every transactional test removes.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD
from tests.pages_support import days_ago, enroll
from tyopolku.pathway.models import VisitKind
from tyopolku.pathway.services import visit_create

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
PHONE = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Playwright's sync API runs an event loop in this thread; the live server's database
# access is ordinary synchronous Django code, so allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def ui_text(text, language: str = "fi") -> str:
    """`text` (an English msgid, or a lazy translation) as the UI shows it in `language`.

    The tests read the final Finnish and Swedish UI in whatever words the translators
    chose; a string still untranslated fails here, by name, instead of as a missing element.
    """
    with translation.override(None):
        msgid = str(text)
    with translation.override(language):
        translated = translation.gettext(msgid)
    assert translated != msgid, f"{msgid!r} has no {language} translation in the catalogue yet"
    return translated


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(**context_options)`: a page in a fresh browser context (own cookies)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="fi-FI", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def phone_page(new_page):
    """A phone: 375×667 CSS pixels, touch, and the page's own viewport meta in force."""
    return new_page(**PHONE)


@pytest.fixture
def log_in(page):
    """Log in through the login form. To change users, log out first (or use another page)."""

    def log_in_as(user):
        page.goto("/login/")
        page.get_by_label("Käyttäjätunnus").fill(user.username)
        page.get_by_label("Salasana").fill(PASSWORD)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_url(lambda url: "/login/" not in url)

    return log_in_as


@pytest.fixture
def sign_in(live_server):
    """`sign_in(page, user)` without the login form (which has its own tests): a session
    made on the server side, handed to the browser as its cookie. Saves two page loads."""

    def sign_in_as(page, user):
        django_client = Client()
        django_client.force_login(user)
        session = django_client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return sign_in_as


@pytest.fixture
def path_records(coach, client_record, unit):
    """`client_record` in an IPS enrollment with one visit: what the path pages show."""
    enrollment = enroll(coach=coach, client=client_record, unit=unit)
    visit_create(
        user=coach,
        enrollment=enrollment,
        date=days_ago(10),
        kind=VisitKind.MEETING,
        duration_minutes=45,
        summary="Työnhaun suunnittelu",
    )
    return enrollment


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


def has_horizontal_scroll(page) -> bool:
    """Wider than the screen. On a phone (`is_mobile`) Chromium zooms out to fit a too-wide
    page, which grows window.innerWidth with it; the layout width (clientWidth) stays put."""
    return page.evaluate(
        "document.documentElement.scrollWidth >"
        " Math.min(window.innerWidth, document.documentElement.clientWidth)"
    )
