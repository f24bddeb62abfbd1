"""The service path page in a real browser: a supervisor opens it from the report page, picks
the period and a unit, and reads each phase's figures in the drawing and its table; axe finds
no serious problems, and the page fits a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll, serious_violations, ui_text
from tests.test_service_path import paths  # noqa: F401 - the hand-built paths of 2026 H1
from tyopolku.pathway.models import Phase, ServiceModel

pytestmark = [pytest.mark.browser, BROWSER_DB]


def _row(page, phase):
    """The cells of a phase's row in the IPS path's table."""
    section = page.get_by_role("region", name=ui_text(ServiceModel.IPS.label), exact=True)
    return section.get_by_role("row", name=ui_text(phase)).get_by_role("cell")


def test_it_shows_a_supervisor_each_phase_of_the_path(page, sign_in, axe, paths, supervisor):  # noqa: F811
    sign_in(page, supervisor)
    page.goto(reverse("outcome_report"))
    page.locator(f'main a[href="{reverse("service_path")}"]').click()
    page.wait_for_url("**/reports/service-path/")
    page.get_by_label(ui_text("From")).fill("2026-01-01")
    page.get_by_label(ui_text("To")).fill("2026-06-30")
    page.get_by_role("button", name=ui_text("Show")).click()
    page.wait_for_url(re.compile(r"date_from=2026-01-01.*date_to=2026-06-30"))

    expect(page.locator("#path-ips-title")).to_have_count(1)
    expect(page.get_by_role("img").first).to_be_visible()
    # Finnish number format: 102,5 days.
    expect(_row(page, Phase.JOB_SEARCH.label)).to_have_text(["2", "102,5", "3", "58"])
    expect(_row(page, Phase.EMPLOYED.label)).to_have_text(["2", "165", "1", "50"])
    assert serious_violations(axe, page) == []

    page.get_by_label(ui_text("Service unit")).select_option(str(paths.other_unit.pk))
    page.get_by_role("button", name=ui_text("Show")).click()
    page.wait_for_url(re.compile(rf"unit={paths.other_unit.pk}"))
    expect(_row(page, Phase.INTAKE.label)).to_have_text(["1", "180", "0", "–"])


def test_it_fits_the_path_on_a_phone(phone_page, sign_in, paths, supervisor):  # noqa: F811
    sign_in(phone_page, supervisor)

    phone_page.goto(reverse("service_path") + "?date_from=2026-01-01&date_to=2026-06-30")

    expect(phone_page.locator("#path-ips-title")).to_have_count(1)
    assert not has_horizontal_scroll(phone_page)

