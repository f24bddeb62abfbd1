"""The work-ability team in a real browser: the case manager records a network meeting with
people of other organisations, refers the client to IPS job coaching as agreed there, and a
job coach of the IPS unit accepts the referral, which enrolls the client."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll
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


def test_it_fits_the_work_ability_pages_on_a_phone(new_page, sign_in, case_manager, client_record):
    from tests.pages_support import days_ago
    from tyopolku.workability.services import (
        assessment_create,
        client_plan_create,
        network_meeting_create,
        referral_create,
    )

    long_text = "Työkyvynarviointi" + "selvitys" * 10
    assessment_create(
        user=case_manager,
        client=client_record,
        started_on=days_ago(10),
        summary=long_text,
        services_needed=["ips", "rehabilitative_work_activity", "benefits_counselling"],
    )
    plan = client_plan_create(
        user=case_manager,
        client=client_record,
        goals=[long_text],
        actions=[{"text": long_text, "responsible": "Kela", "due_date": days_ago(-30)}],
        agreed_with_client=True,
    )
    network_meeting_create(
        user=case_manager,
        client=client_record,
        date=days_ago(3),
        participants=[{"name": "Liisa Laine", "organisation": long_text, "role": "asiantuntija"}],
        tasks=[{"text": long_text, "owner": "Kela"}],
    )
    referral_create(
        user=case_manager, client=client_record, to_service_model="ips", reason=long_text
    )
    phone = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    sign_in(phone, case_manager)
    for url in (
        f"/clients/{client_record.pk}/work-ability/",
        f"/client-plans/{plan.pk}/",
        "/referrals/",
        f"/clients/{client_record.pk}/network-meetings/new/",
    ):
        phone.goto(url)
        assert not has_horizontal_scroll(phone), f"{url} scrolls sideways"
