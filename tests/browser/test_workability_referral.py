"""The work-ability team in a real browser: the case manager records a network meeting with
people of other organisations, refers the client to IPS job coaching as agreed there, and a
job coach of the IPS unit accepts the referral, which enrolls the client."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB
from tests.conftest import make_user
from tyopolku.pathway.models import Enrollment

pytestmark = [pytest.mark.browser, BROWSER_DB]


def ui(text: str) -> str:
    """`text` as the Finnish UI shows it (the English msgid until it is translated)."""
    with translation.override("fi"):
        return translation.gettext(text)


def _button(page, text):
    return page.get_by_role("button", name=ui(text), exact=True)


def _link(page, text):
    return page.get_by_role("link", name=ui(text), exact=True)


def test_it_ends_a_network_meeting_in_a_referral_that_the_ips_unit_accepts(
    new_page, sign_in, org, unit, case_manager, client_record
):
    page = new_page()
    sign_in(page, case_manager)
    page.goto(f"/clients/{client_record.pk}/")
    _link(page, "Work-ability support").click()
    _link(page, "New network meeting").click()
    page.locator("#id_participants-0-name").fill("Liisa Laine")
    page.locator("#id_participants-0-organisation").fill("TYM")
    page.locator("#id_participants-0-role").fill("asiantuntija")
    page.locator("#id_participants-1-name").fill("Kalle Koski")
    page.locator("#id_participants-1-organisation").fill("Kela")
    page.locator("#id_decisions").fill("Asiakas ohjataan IPS-valmennukseen.")
    page.locator("#id_tasks-0-text").fill("Lähete IPS-yksikköön")
    page.locator("#id_tasks-0-owner").fill("asiakasvastaava")
    _button(page, "Save meeting").click()
    meetings = page.get_by_role("region", name=ui("Network meetings"), exact=True)
    expect(meetings).to_contain_text("Liisa Laine (TYM, asiantuntija)")
    expect(meetings).to_contain_text("Lähete IPS-yksikköön – asiakasvastaava")

    _link(page, "Refer the client").click()
    page.locator("#id_to_service_model").select_option("ips")
    page.locator("#id_to_unit_id").select_option(str(unit.pk))
    page.locator("#id_reason").fill("Verkostoneuvottelussa sovittu IPS-valmennus.")
    _button(page, "Send the referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aino Asiakas")

    ips_coach = make_user("ipscoach", org, "job_coach", unit)
    receiver = new_page()
    sign_in(receiver, ips_coach)
    receiver.goto("/")
    receiver.get_by_role("navigation", name=ui("Main"), exact=True).get_by_role(
        "link", name=ui("Referrals"), exact=True
    ).click()
    waiting = receiver.get_by_role("region", name=ui("Waiting for your unit"), exact=True)
    expect(waiting).to_contain_text("Aino Asiakas")
    waiting.get_by_role("link").first.click()
    expect(receiver.locator("main")).to_contain_text("Verkostoneuvottelussa sovittu")
    _button(receiver, "Accept and enroll").click()
    expect(receiver).to_have_url(re.compile(r"/enrollments/\d+/$"))
    enrollment = Enrollment.objects.get(client=client_record, service_model="ips")
    assert enrollment.unit == unit and enrollment.coach == ips_coach
    assert client_record.referrals.get().status == "accepted"
