"""axe-core on every page of the URL map: no serious or critical findings (WCAG 2.1 A/AA and
axe's best practices).

The pages come from the access policy (tests/access_policy.py): every web route with a GET
entry is scanned as the first persona of `SCAN_AS` the policy lets in (200), with the
policy's own records for its URL arguments. A page in the policy that no longer resolves
fails; a GET page that is not an HTML page (a download, a fragment htmx swaps into a page)
is left out only by name in `NOT_SCANNED`, with the reason. `STATES` adds what a page looks
like after an action (a form sent back with errors).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.access_policy import GET, OK, WEB, WEB_ROUTES, build_world, query_of, url_args
from tests.browser.conftest import BROWSER_DB, serious_violations

# Whom to scan a page as: a public page as its visitors see it (None: not logged in); the
# coach sees most; then who else may open it.
SCAN_AS = [None, "coach", "supervisor"]

NOT_SCANNED = {
    "client_access_log_csv": "a CSV download",
    "employer_export": "an .xlsx download",
    "outcome_report_csv": "a CSV download",
    "outcome_report_xlsx": "an .xlsx download",
    "outcome_report_pdf": "a PDF download",
    "client_plan_pdf": "a PDF download",
    "invoice_pdf": "a PDF download",
    "invoice_finvoice": "a Finvoice XML download",
    "pay_summary_csv": "a CSV download",
    "job_file": "a background job's file (CSV or .xlsx)",
    "workact_work_share_csv": "a CSV download",
    "workact_statement_pdf": "a PDF download",
    "api:openapi-json": "the OpenAPI document (JSON)",
    "api:openapi-view": "django-ninja's Swagger UI, whose scripts come from a CDN",
    "api:api-root": "no page: 404 for everyone",
    "visit_basis": "a fragment of the visit form (scanned there)",
    "placement_estimate": "a fragment of the placement form (scanned there)",
    "placement_openings": "a fragment of the placement form (scanned there)",
    "fidelity_review_pdf": "a PDF download",
    **{
        f"{kind}_archive_{fmt}": "an archive copy download (PDF/A or JSON)"
        for kind in ("service_need_assessment", "client_plan", "network_meeting")
        for fmt in ("pdf", "json")
    },
}


def _submit_invalid_client(page) -> None:
    """The client form sent back with errors next to its fields."""
    page.locator("#id_first_name").fill("Testi")
    page.locator("#id_personal_id").fill("010190-1234")
    page.locator("main form button[type=submit]").click()
    page.locator(".has-error").first.wait_for()


@dataclass(frozen=True)
class Scan:
    url_name: str
    persona: str | None
    then: Callable | None = None  # what to do on the page before the scan

    @property
    def id(self) -> str:
        return self.url_name + (f"+{self.then.__name__.strip('_')}" if self.then else "")


STATES = [Scan("client_create", "coach", _submit_invalid_client)]


def _scan_as(url_name: str) -> str | None:
    rule = WEB[url_name][GET]
    for persona in SCAN_AS:
        outcome = rule.outcome(persona)
        if ((rule.success or 200) if outcome == OK else outcome) == 200:
            return persona
    raise AssertionError(f"{url_name}: none of {SCAN_AS} may open it; add one or exclude it")


def pages() -> list[Scan]:
    return [
        Scan(name, _scan_as(name))
        for name, methods in WEB.items()
        if GET in methods and name not in NOT_SCANNED
    ]


def test_it_scans_every_page_of_the_url_map_or_says_why_not():
    """Not a browser test: the list of scans is complete, and every exclusion is a page."""
    get_pages = {name for name, methods in WEB.items() if GET in methods}
    assert set(WEB_ROUTES) >= get_pages, "a page of the policy is not in the URL map"
    assert set(NOT_SCANNED) <= get_pages, set(NOT_SCANNED) - get_pages
    scanned = {scan.url_name for scan in pages()}
    assert scanned | set(NOT_SCANNED) == get_pages
    assert {state.url_name for state in STATES} <= scanned


# A browser test makes its world once and scans a batch of one persona's pages, one after
# another: a world per page would cost more than the scans.
BATCH = 9


def batches() -> list[tuple[Scan, ...]]:
    scans = [*pages(), *STATES]
    personas = dict.fromkeys(scan.persona for scan in scans)
    found = []
    for persona in personas:
        own = [scan for scan in scans if scan.persona == persona]
        found += [tuple(own[i : i + BATCH]) for i in range(0, len(own), BATCH)]
    return found


def _batch_id(batch: tuple[Scan, ...]) -> str:
    return f"{batch[0].persona or 'anonymous'}:{batch[0].id}+{len(batch) - 1}"


@pytest.mark.browser
@BROWSER_DB
@pytest.mark.parametrize("scans", batches(), ids=_batch_id)
def test_it_has_no_serious_accessibility_violations(
    scans, request, page, sign_in, axe, org, unit, coach, supervisor, client_record
):
    world = build_world(
        org=org, unit=unit, coach=coach, supervisor=supervisor, client_record=client_record
    )
    persona = scans[0].persona
    if persona:
        sign_in(page, request.getfixturevalue(persona))
    findings = []
    for scan in scans:
        rule = WEB[scan.url_name][GET]
        route = WEB_ROUTES[scan.url_name]
        url = reverse(scan.url_name, kwargs=url_args(rule, list(route.parameters), world))
        response = page.goto(url + _query_string(rule, world))
        if response.status != 200:
            findings.append(f"{scan.id} ({url}) answered {response.status}")
            continue
        if scan.then:
            scan.then(page)
        violations = serious_violations(axe, page)
        if violations:
            findings.extend([f"axe on {scan.id} ({url}):", *violations])

    assert not findings, "\n".join(findings)


def _query_string(rule, world) -> str:
    query = query_of(rule, world)
    return f"?{urlencode(query)}" if query else ""
