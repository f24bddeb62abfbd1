"""The group-work pages: a group with its members, an order with its hours logged from the
page, the invoice run and the invoice with its downloads; lists in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.background import run_queued_tasks
from tests.pages_support import days_ago, login
from tests.test_placements_support import make_employer
from tests.test_subcontracting_support import (
    assert_valid_finvoice,
    group_of,
    hours,
    invoicing_ready,
    member_of,
    order_for,
)
from tyopolku.subcontracting.models import Invoice, WorkLog
from tyopolku.subcontracting.services import invoice_run


@pytest.fixture
def crew(supervisor, unit, client_record):
    group = group_of(supervisor, unit)
    return group, member_of(supervisor, group, client_record, start=days_ago(90))


def test_it_logs_hours_from_the_order_page(client, work_coach, supervisor, crew):
    group, member = crew
    order = order_for(supervisor, group, start=days_ago(90))
    login(client, work_coach)
    page = client.get(f"/group-work/orders/{order.pk}/").content.decode()
    assert 'inputmode="decimal"' in page and "Aino Asiakas" in page
    response = client.post(
        f"/group-work/orders/{order.pk}/",
        {"member_id": member.pk, "date": days_ago(1).isoformat(), "hours": "7,5"},
    )
    assert response.status_code == 302
    assert WorkLog.objects.get().hours == 7.5
    refused = client.post(
        f"/group-work/orders/{order.pk}/",
        {"member_id": member.pk, "date": days_ago(200).isoformat(), "hours": "3"},
    )
    assert refused.status_code == 200
    assert "outside the order&#x27;s period" in refused.content.decode()


def test_it_makes_the_months_invoices_from_the_page(client, supervisor, crew):
    group, member = crew
    invoicing_ready(supervisor.organization)
    order = order_for(supervisor, group, start=days_ago(90))
    hours(supervisor, order, member, days_ago(2), "4")
    login(client, supervisor)
    period = {"period_start": days_ago(30).isoformat(), "period_end": days_ago(0).isoformat()}
    assert client.post("/invoices/", period).status_code == 302
    run_queued_tasks()  # the background worker makes them (tests/test_background_exports.py)
    invoice = Invoice.objects.get()
    detail = client.get(f"/invoices/{invoice.pk}/").content.decode()
    assert invoice.reference_number in detail and invoice.rf_reference in detail
    assert client.get(f"/invoices/{invoice.pk}/pdf/").content.startswith(b"%PDF")
    assert_valid_finvoice(client.get(f"/invoices/{invoice.pk}/finvoice/").content)
    client.post("/invoices/", period)
    run_queued_tasks()
    assert Invoice.objects.count() == 1
    assert client.post(f"/invoices/{invoice.pk}/credit/").status_code == 302
    assert Invoice.objects.filter(credited_invoice=invoice).exists()


@pytest.mark.parametrize("size", [1, 10])
def test_it_lists_in_a_fixed_number_of_queries(client, supervisor, unit, crew, size):
    group, member = crew
    invoicing_ready(supervisor.organization)
    for n in range(size):
        order = order_for(
            supervisor,
            group,
            make_employer(supervisor.organization, name=f"A{n}"),
            start=days_ago(90),
        )
        hours(supervisor, order, member, days_ago(2), "1")
        group_of(supervisor, unit, name=f"Ryhmä {n}")
    invoice_run(user=supervisor, period_start=days_ago(10), period_end=days_ago(0))
    login(client, supervisor)
    counts = {}
    for path in ("/group-work/groups/", "/group-work/orders/", "/invoices/"):
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        counts[path] = len(context)
    assert counts == EXPECTED_QUERIES


# The same for 1 and 10 records of each list.
# session, user, the page's rows and their count (paged), its form's choices, the
# organisation (header); the orders page lists the customers and the groups of its form too.
EXPECTED_QUERIES = {"/group-work/groups/": 8, "/group-work/orders/": 9, "/invoices/": 7}


def test_it_keeps_the_customers_einvoice_address(client, supervisor, work_coach):
    customer = make_employer(supervisor.organization, name="Kunta")
    login(client, supervisor)
    url = f"/group-work/customers/{customer.pk}/billing/"
    bad = client.post(url, {"einvoice_address": "123", "operator_id": ""})
    assert bad.status_code == 200 and "OVT" in bad.content.decode()
    good = client.post(
        url, {"einvoice_address": "0216:003712345671", "operator_id": "003723327487"}
    )
    assert good.status_code == 302
    assert customer.billing.einvoice_address == "0216:003712345671"
    login(client, work_coach)
    assert client.get(url).status_code == 403
