"""The outcome report in a real browser: a supervisor picks a period with data, sees the
figures and the quarterly-rate chart with its table, opens a figure's clients and narrows
the report with a filter; an evaluator sees the same report with small counts as "< 5" and
no links to clients. axe finds no serious problems on either."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, serious_violations, ui_text
from tests.test_report_trends import first_jobs, unit_data  # noqa: F401 - first half of 2026
from tests.test_reports import dataset  # noqa: F401 - the hand-built dataset, 1.1.–31.3.2026

pytestmark = [pytest.mark.browser, BROWSER_DB]

PERIOD = "?date_from=2026-01-01&date_to=2026-03-31"


def _value(page, figure: str):
    """The value cell of a figure's row in the figures table."""
    figures = page.get_by_role("region", name=ui_text("Figures"), exact=True)
    return figures.get_by_role("row", name=ui_text(figure)).get_by_role("cell")


def test_it_shows_a_supervisor_the_figures_and_their_clients(
    page, sign_in, axe, dataset, supervisor  # noqa: F811
):
    sign_in(page, supervisor)
    page.goto(reverse("outcome_report"))
    page.get_by_label(ui_text("From")).fill("2026-01-01")
    page.get_by_label(ui_text("To")).fill("2026-03-31")
    page.get_by_role("button", name=ui_text("Show")).click()
    page.wait_for_url(re.compile(r"date_from=2026-01-01.*date_to=2026-03-31"))

    expect(_value(page, "Clients enrolled")).to_have_text("6")
    expect(_value(page, "Clients employed")).to_have_text("3")
    expect(_value(page, "Placements started")).to_have_text("3")
    chart = page.get_by_role("img", name=ui_text("Competitive employment rate by quarter"))
    expect(chart).to_be_visible()
    # The chart's numbers as a table too: four quarters up to the period's last.
    for quarter in ("2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"):
        expect(page.get_by_role("rowheader", name=quarter, exact=True)).to_be_visible()
    assert serious_violations(axe, page) == []

    _value(page, "Clients employed").get_by_role("link", name="3").click()
    page.wait_for_url("**/reports/clients/?figure=clients_employed*")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui_text("Clients employed"))
    expect(page.locator("main tbody tr")).to_have_count(3)

    page.go_back()
    page.wait_for_url(re.compile(r"/reports/\?"))
    page.get_by_label(ui_text("Service model")).select_option("ips")
    page.get_by_role("button", name=ui_text("Show")).click()
    page.wait_for_url(re.compile(r"service_model=ips"))
    expect(_value(page, "Clients enrolled")).to_have_text("5")
    expect(_value(page, "Clients employed")).to_have_text("2")


def test_it_shows_an_evaluator_small_counts_as_under_five(
    page, sign_in, axe, dataset, evaluator  # noqa: F811
):
    sign_in(page, evaluator)
    page.goto(reverse("outcome_report") + PERIOD)

    expect(_value(page, "Clients enrolled")).to_have_text("6")
    expect(_value(page, "Clients employed")).to_have_text("< 5")
    expect(_value(page, "Placements started")).to_have_text("< 5")
    expect(page.locator("main a[href*='/reports/clients/']")).to_have_count(0)
    chart = page.get_by_role("img", name=ui_text("Competitive employment rate by quarter"))
    expect(chart).to_be_visible()
    assert serious_violations(axe, page) == []


def test_it_shows_the_trends_with_their_charts(page, sign_in, axe, unit_data, supervisor):  # noqa: F811
    sign_in(page, supervisor)
    page.goto(reverse("outcome_report"))
    link = ui_text("Trends: fidelity next to outcomes, and time to first job")
    page.get_by_role("link", name=link).click()
    page.wait_for_url("**/reports/trends/")
    page.get_by_label(ui_text("From")).fill("2026-01-01")
    page.get_by_label(ui_text("To")).fill("2026-06-30")
    page.get_by_role("button", name=ui_text("Show")).click()
    page.wait_for_url(re.compile(r"date_from=2026-01-01.*date_to=2026-06-30"))

    unit = page.get_by_role("region", name="Testipaja", exact=True)
    totals = ui_text("Fidelity review totals of %(unit)s") % {"unit": "Testipaja"}
    expect(unit.get_by_role("img", name=totals)).to_be_visible()
    rate = ui_text("Competitive employment rate of %(unit)s") % {"unit": "Testipaja"}
    expect(unit.get_by_role("img", name=rate)).to_be_visible()
    # The totals as a table beside the chart: the two complete reviews.
    expect(unit.get_by_role("cell", name="90", exact=True)).to_be_visible()
    expect(unit.get_by_role("cell", name="104", exact=True)).to_be_visible()
    curves = page.get_by_role("img", name=ui_text("Time to first job"), exact=True)
    expect(curves).to_be_visible()
    expect(page.locator("main path[stroke-dasharray], main path").first).to_be_attached()
    assert serious_violations(axe, page) == []

    page.get_by_label(ui_text("Time to first job by")).select_option("cohort")
    page.get_by_role("button", name=ui_text("Show")).click()
    page.wait_for_url(re.compile(r"group_by=cohort"))
    expect(
        page.get_by_role("rowheader", name=ui_text("Started in %(year)s") % {"year": "2026"})
    ).to_be_visible()
