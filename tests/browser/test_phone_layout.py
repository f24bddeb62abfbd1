"""A coach's pages on a 390×844 phone (issue points 14 and 15): the header takes at most a
sixth of the screen; the caseload, the enrollment page with its placements and the client
page do not scroll sideways, even with a long unbroken name; after a visit is saved the new
row has the focus."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll
from tests.factories import ClientFactory
from tests.pages_support import enroll
from tests.test_placements_support import JOB_START, make_employer
from tyopolku.pathway.selectors import enrollment_get
from tyopolku.placements.services import placement_create

pytestmark = [pytest.mark.browser, BROWSER_DB]

PHONE_390 = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
LONG_NAME = "Pitkänimi" + "x" * 91  # 100 characters without a space


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE_390)


@pytest.fixture
def placed(org, coach, unit):
    """A client with a 100-character name, employed through a placement with a long
    employer name: the widest things the coach's pages show."""
    client = ClientFactory(organization=org, worker=coach, first_name="Aino", last_name=LONG_NAME)
    enrollment = enroll(coach=coach, client=client, unit=unit, start_days_ago=300)
    employer = make_employer(org, name="Etelä-Karjalan" + "Kiinteistöhuolto" * 5 + " Oy")
    enrollment.placement = placement_create(
        user=coach,
        enrollment=enrollment_get(user=coach, enrollment_id=enrollment.pk),
        employer_id=employer.pk,
        start_date=JOB_START,
        job_title="Kiinteistönhoitajan" + "apulainen" * 6,
        hours_per_week=20,
        competitive=True,
        pay_subsidy_percent=50,
        pay_subsidy_months=6,
    )
    return enrollment


@pytest.mark.parametrize(
    "page_name", ["caseload", "enrollment_detail", "client_detail", "placement_detail"]
)
def test_it_fits_a_390_px_phone(phone, sign_in, coach, placed, page_name):
    args = {
        "caseload": [],
        "enrollment_detail": [placed.pk],
        "client_detail": [placed.client_id],
        "placement_detail": [placed.placement.pk],
    }
    sign_in(phone, coach)
    phone.goto(reverse(page_name, args=args[page_name]))

    header = phone.locator(".site-header").bounding_box()
    assert header["height"] <= 844 / 6, f"the header is {header['height']} px high"
    assert not has_horizontal_scroll(phone), f"{page_name} scrolls sideways"
    expect(phone.get_by_text(LONG_NAME).first).to_be_visible()


def test_it_focuses_the_new_visit_after_saving(page, sign_in, coach, path_records):
    sign_in(page, coach)
    page.goto(reverse("caseload"))
    page.locator(".row-actions a").first.click()  # "Record visit" on the client's row
    page.locator("#id_summary").fill("Työpaikkakäynti")
    page.locator("form.visit-form button[type=submit]").click()

    row = page.locator("tr[id^=visit-]").first
    expect(row).to_be_focused()
    expect(row).to_contain_text("Työpaikkakäynti")
