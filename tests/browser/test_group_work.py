"""A work coach logs a day's hours on a phone, and a supervisor makes the month's invoice and
opens it; axe finds no serious problems on the pages on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.background import run_queued_tasks
from tests.browser.conftest import BROWSER_DB, serious_violations
from tests.pages_support import days_ago
from tests.test_subcontracting_support import group_of, invoicing_ready, member_of, order_for
from tyopolku.subcontracting.models import Invoice, WorkLog

pytestmark = [pytest.mark.browser, BROWSER_DB]


def test_it_logs_hours_and_makes_the_months_invoice(
    phone_page, page, sign_in, axe, supervisor, work_coach, unit, client_record
):
    invoicing_ready(supervisor.organization)
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record, start=days_ago(90))
    order = order_for(supervisor, group, price="30.00", start=days_ago(90))

    sign_in(phone_page, work_coach)
    phone_page.goto(reverse("subcontracting_order", args=[order.pk]))
    phone_page.locator("#id_member_id").select_option(str(member.pk))
    phone_page.locator("#id_date").fill(days_ago(1).isoformat())
    phone_page.locator("#id_hours").fill("7,5")
    phone_page.locator("main form button[type=submit]").click()
    expect(phone_page.locator("main table tbody tr")).to_have_count(1)
    assert str(WorkLog.objects.get().hours) == "7.50"
    assert serious_violations(axe, phone_page) == []

    sign_in(page, supervisor)
    page.goto(reverse("invoice_list"))
    page.locator("#id_period_start").fill(days_ago(30).isoformat())
    page.locator("#id_period_end").fill(days_ago(0).isoformat())
    page.locator("main form button[type=submit]").click()
    # The background worker makes it; the job's page polls until it is done, then reloads.
    expect(page.locator("main progress")).to_be_visible()
    assert serious_violations(axe, page) == []
    run_queued_tasks()
    invoice = Invoice.objects.get()
    expect(page.locator("main progress")).to_have_count(0, timeout=10_000)
    expect(page.locator("main [role=status]")).to_contain_text(str(invoice.number))
    page.goto(reverse("invoice_list"))
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert str(invoice.total) == "282.38"  # 7.5 h × 30 € = 225.00 + 25.5 % (57.375 → 57.38)
    page.locator(f"a[href='{reverse('invoice_detail', args=[invoice.pk])}']").click()
    expect(page.locator("main")).to_contain_text(invoice.rf_reference)
    assert serious_violations(axe, page) == []
