"""A job coach takes a new client through the UI in a real browser: the client, an IPS
enrollment, the start steps (htmx), a visit and its legal basis; the language selector; the
form errors; the visit form on a phone; keyboard use."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll, ui_text
from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.pathway.models import Phase

pytestmark = [pytest.mark.browser, BROWSER_DB]

# The legal basis of a visit before employment, as the Finnish UI must name it.
REHABILITATIVE_WORK_ACTIVITY = re.compile("kuntouttava työtoiminta", re.IGNORECASE)


def _main_nav(page, language="fi"):
    return page.get_by_role("navigation", name=ui_text("Main", language), exact=True)


def _button(page, text, language="fi"):
    return page.get_by_role("button", name=ui_text(text, language), exact=True)


def _create_client(page, first_name, last_name, personal_id):
    page.get_by_label(ui_text("First name")).fill(first_name)
    page.get_by_label(ui_text("Last name")).fill(last_name)
    page.get_by_label(ui_text("Personal identity code")).fill(personal_id)
    _button(page, "Save").click()


def _mark_start_steps_done(page, numbers):
    steps = page.locator("#checklist").get_by_role("listitem")
    for number in numbers:
        step = steps.nth(number - 1)
        with page.expect_response(re.compile(rf"/steps/{number}/$")) as answer:
            _button(step, "Mark done").click()
        assert answer.value.request.headers.get("hx-request") == "true", "not sent by htmx"
        expect(step.locator(".done")).to_be_visible()


def _switch_language(page, code, from_language):
    page.get_by_label(ui_text("Language", from_language), exact=True).select_option(code)
    _button(page, "Change", from_language).click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_it_takes_a_new_client_to_job_search_and_records_a_visit(page, log_in, coach):
    log_in(coach)
    _main_nav(page).get_by_role("link", name=ui_text("Clients"), exact=True).click()
    page.get_by_role("link", name=ui_text("New client"), exact=True).click()
    _create_client(page, "Ville", "Virtanen", synthetic_personal_id(datetime.date(1985, 5, 17)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ville Virtanen")

    page.get_by_role("link", name=ui_text("New enrollment"), exact=True).click()
    _button(page, "Save enrollment").click()  # the defaults: IPS, today, the coach's unit
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ville Virtanen")
    status = page.locator("#enrollment-status")
    expect(status).to_contain_text(ui_text(Phase.INTAKE.label))

    _mark_start_steps_done(page, range(1, 7))
    expect(status).to_contain_text(ui_text(Phase.JOB_SEARCH.label))  # swapped in by htmx

    page.get_by_role("link", name=ui_text("New visit"), exact=True).click()
    expect(page.locator("#visit-basis")).to_contain_text(REHABILITATIVE_WORK_ACTIVITY)
    page.get_by_label(ui_text("Summary")).fill("Työnhaun aloitus: toiveet ja CV")
    _button(page, "Save visit").click()
    visits = page.get_by_role("region", name=ui_text("Visits"), exact=True)
    expect(visits.get_by_role("table")).to_contain_text(REHABILITATIVE_WORK_ACTIVITY)
    expect(visits.get_by_role("table")).to_contain_text("Työnhaun aloitus")

    _switch_language(page, "sv", from_language="fi")
    expect(
        _main_nav(page, "sv").get_by_role("link", name=ui_text("Clients", "sv"), exact=True)
    ).to_be_visible()
    _switch_language(page, "fi", from_language="sv")
    expect(_main_nav(page).get_by_role("link", name=ui_text("Clients"), exact=True)).to_be_visible()


def test_it_shows_an_invalid_personal_identity_code_next_to_the_field(page, sign_in, coach):
    valid = synthetic_personal_id(datetime.date(1990, 1, 1))
    wrong_check_character = valid[:-1] + ("A" if valid[-1] != "A" else "B")
    sign_in(page, coach)
    page.goto(reverse("client_create"))

    _create_client(page, "Ville", "Virtanen", wrong_check_character)

    code = page.get_by_label(ui_text("Personal identity code"))
    message = ui_text("The check character of the personal identity code is wrong.")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_be_focused()
    expect(code).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.locator(".field", has=code).locator(".error")).to_have_text(message)
    expect(code).to_have_value(wrong_check_character)


def test_it_records_a_visit_on_a_phone_without_sideways_scrolling(
    phone_page, sign_in, coach, path_records
):
    sign_in(phone_page, coach)
    phone_page.goto(reverse("visit_create", args=[path_records.pk]))
    assert not has_horizontal_scroll(phone_page), "the visit form scrolls sideways"

    phone_page.get_by_label(ui_text("Summary")).fill("Puhelinsoitto työnantajalle")
    _button(phone_page, "Save visit").tap()

    expect(phone_page.get_by_role("status")).to_contain_text(REHABILITATIVE_WORK_ACTIVITY)
    assert not has_horizontal_scroll(phone_page), "the enrollment page scrolls sideways"


def test_it_skips_to_the_main_content_with_a_visible_focus(page, sign_in, coach, path_records):
    sign_in(page, coach)
    page.goto(reverse("caseload"))

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=ui_text("Skip to main content"), exact=True)
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")  # on from the main content, past the header's links
    focused = page.locator(":focus")
    expect(page.get_by_role("main").get_by_role("link").first).to_be_focused()
    assert focused.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
