"""The employer register in a real browser: a coach on a phone logs a face-to-face contact
for a client and finds it on the employer's history page; a coach records a placement at a
register employer and the client's enrollment moves to "employed"."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll, ui_text
from tests.pages_support import enroll
from tests.test_placements_support import make_employer, searching_client
from tyopolku.employers.models import ContactKind, ContactPerson
from tyopolku.pathway.models import Phase

pytestmark = [pytest.mark.browser, BROWSER_DB]

ESTIMATE = re.compile(r"/placements/estimate/")


def _button(page, text):
    return page.get_by_role("button", name=ui_text(text), exact=True)


def test_it_logs_a_face_to_face_contact_on_a_phone(
    phone_page, sign_in, coach, org, unit, client_record
):
    enrollment = enroll(coach=coach, client=client_record, unit=unit)
    employer = make_employer(org, name="Kauppa Oy")
    ContactPerson.objects.create(employer=employer, name="Pekka Päällikkö")
    sign_in(phone_page, coach)
    phone_page.goto(reverse("employer_list"))
    phone_page.get_by_role("link", name="Kauppa Oy", exact=True).tap()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Kauppa Oy")
    assert not has_horizontal_scroll(phone_page), "the employer page scrolls sideways"

    phone_page.get_by_role("link", name=ui_text("Log a contact"), exact=True).tap()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(ui_text("Log a contact"))
    assert not has_horizontal_scroll(phone_page), "the contact form scrolls sideways"
    phone_page.get_by_role("radio", name=re.compile(ui_text(ContactKind.MEETING.label))).check()
    phone_page.get_by_label(ui_text("Contact person")).select_option(label="Pekka Päällikkö")
    phone_page.get_by_label(ui_text("On behalf of a client")).select_option(str(enrollment.pk))
    phone_page.get_by_label(ui_text("Outcome"), exact=True).fill("Työkokeilu sovittu")
    _button(phone_page, "Save contact").tap()

    expect(phone_page.get_by_role("status")).to_contain_text(ui_text("Contact logged."))
    contacts = phone_page.get_by_role("region", name=ui_text("Contacts"), exact=True)
    expect(contacts).to_contain_text("Työkokeilu sovittu")
    expect(contacts).to_contain_text(ui_text("face to face"))
    expect(contacts.get_by_role("link", name="Aino Asiakas", exact=True)).to_be_visible()
    assert not has_horizontal_scroll(phone_page), "the history page scrolls sideways"


def test_it_records_a_placement_at_a_register_employer(page, sign_in, coach, org):
    enrollment = searching_client(org, coach, first_name="Ville", last_name="Virtanen")
    make_employer(org, name="Varasto Oy")
    sign_in(page, coach)
    page.goto(reverse("placement_create", args=[enrollment.pk]))

    page.get_by_label(ui_text("Employer")).select_option(label="Varasto Oy")
    page.get_by_label(ui_text("Job title")).fill("Varastotyöntekijä")
    # The live estimate follows typing and leaving a field: let it answer before saving, as
    # the test database (SQLite) refuses a write while a read of the estimate is in flight.
    hours = page.get_by_label(ui_text("Hours per week"))
    with page.expect_response(ESTIMATE):
        hours.fill("25")
    with page.expect_response(ESTIMATE):
        hours.press("Tab")
    expect(page.locator(".htmx-request")).to_have_count(0)
    _button(page, "Save placement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Varastotyöntekijä")

    page.goto(reverse("enrollment_detail", args=[enrollment.pk]))
    expect(page.locator("#enrollment-status")).to_contain_text(ui_text(Phase.EMPLOYED.label))
