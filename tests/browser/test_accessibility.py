"""axe-core on every kind of page: no serious or critical findings (WCAG 2.1 A/AA and
axe's best practices). Pages whose route does not exist in this build are left out at
collection, so a page added later is scanned as soon as its URL name resolves."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse

from tests.browser.conftest import BROWSER_DB, serious_violations
from tests.test_placements_support import make_employer
from tyopolku.core.dates import today
from tyopolku.employers.models import ContactKind, ContactPerson, ContactPurpose
from tyopolku.employers.services import employer_contact_create

pytestmark = [pytest.mark.browser, BROWSER_DB]


def _submit_invalid_client(page) -> None:
    """The client form sent back with errors next to its fields."""
    page.locator("#id_first_name").fill("Testi")
    page.locator("#id_personal_id").fill("010190-1234")
    page.locator("main form button[type=submit]").click()
    page.locator(".has-error").first.wait_for()


def _employer_with_history(enrollment) -> int:
    """An employer with a contact person and a contact made for the enrollment's client."""
    employer = make_employer(enrollment.client.organization)
    person = ContactPerson.objects.create(employer=employer, name="Pekka Päällikkö")
    employer_contact_create(
        user=enrollment.coach,
        employer=employer,
        date=today(),
        kind=ContactKind.VISIT,
        purpose=ContactPurpose.JOB_DEVELOPMENT,
        contact_person_id=person.pk,
        enrollment_id=enrollment.pk,
    )
    return employer.pk


@dataclass(frozen=True)
class Case:
    id: str
    url_name: str
    persona: str | None  # a fixture of tests/conftest.py; None: not logged in
    # Attributes of the enrollment of `path_records`, or functions of it that make the record
    url_args: tuple[str | Callable, ...] = ()
    then: Callable | None = None  # what to do on the page before the scan


CASES = [
    Case("login", "login", None),
    Case("caseload", "caseload", "coach"),
    Case("client_list", "client_list", "coach"),
    Case("client_form", "client_create", "coach"),
    Case("client_form_errors", "client_create", "coach", then=_submit_invalid_client),
    Case("client_detail", "client_detail", "coach", ("client_id",)),
    Case("enrollment_detail", "enrollment_detail", "coach", ("pk",)),
    Case("visit_form", "visit_create", "coach", ("pk",)),
    Case("access_log", "client_access_log", "supervisor", ("client_id",)),
    Case("employer_list", "employer_list", "coach"),
    Case("employer_detail", "employer_detail", "coach", (_employer_with_history,)),
    Case("employer_form", "employer_create", "coach"),
    Case("contact_form", "employer_contact_create", "coach", (_employer_with_history,)),
    Case("job_development", "job_development", "coach"),
]


def _route_exists(case: Case) -> bool:
    try:
        reverse(case.url_name, args=[1] * len(case.url_args))
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize("case", [c for c in CASES if _route_exists(c)], ids=lambda c: c.id)
def test_it_has_no_serious_accessibility_violations(
    case, request, page, sign_in, axe, path_records
):
    if case.persona:
        sign_in(page, request.getfixturevalue(case.persona))
    url = reverse(
        case.url_name,
        args=[a(path_records) if callable(a) else getattr(path_records, a) for a in case.url_args],
    )
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    if case.then:
        case.then(page)

    violations = serious_violations(axe, page)

    assert not violations, "\n".join([f"axe on {case.id} ({url}):", *violations])
