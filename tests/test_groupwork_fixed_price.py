"""Fixed-price orders: a monthly price billed once for each calendar month that begins in an
invoice run's period, with the VAT of the month and rounding to the cent, beside the hourly
lines of the same customer; credited months are billed anew; the PDF and the Finvoice
message (valid against the official schema) carry the months."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction
from lxml import etree

from tests.pages_support import login
from tests.test_placements_support import make_employer
from tests.test_subcontracting_support import (
    assert_valid_finvoice,
    group_of,
    hours,
    invoicing_ready,
    member_of,
    order_for,
)
from tyopolku.core.errors import InvalidInput
from tyopolku.subcontracting.billing import months_beginning_in
from tyopolku.subcontracting.finvoice import finvoice_bytes
from tyopolku.subcontracting.models import FixedPriceCharge, Invoice, Order, WorkLog
from tyopolku.subcontracting.pdf import invoice_pdf_bytes
from tyopolku.subcontracting.services import invoice_credit, invoice_run, order_create

D = datetime.date
INVOICE_DAY = D(2024, 11, 1)
AUGUST = D(2024, 8, 1)


@pytest.fixture
def crew(supervisor, unit, client_record):
    invoicing_ready(supervisor.organization)
    group = group_of(supervisor, unit)
    return group, member_of(supervisor, group, client_record)


@pytest.fixture
def customer(org):
    return make_employer(org, name="Asunto Oy Koivu")


def fixed_order(user, group, customer, *, price="1234.57", start=AUGUST, **extra):
    return order_create(
        user=user,
        customer_id=customer.pk,
        group_id=group.pk,
        service_type="cleaning",
        pricing="fixed_monthly",
        monthly_price=price,
        start_date=start,
        **extra,
    )


def run(user, start, end):
    return invoice_run(user=user, period_start=start, period_end=end, invoice_date=INVOICE_DAY)


def _lines(invoice):
    return [
        (line.unit, line.quantity, line.unit_price, line.vat_percent, line.total_excluding_vat)
        + (line.vat_amount, line.total)
        for line in invoice.lines.order_by("position")
    ]


def test_it_bills_each_month_at_the_vat_of_the_month_rounded_to_the_cent(
    supervisor, crew, customer
):
    group, member = crew
    order = fixed_order(supervisor, group, customer)
    (invoice,) = run(supervisor, D(2024, 8, 1), D(2024, 9, 30))
    # 1234.57 × 24 % = 296.2968 → 296.30; × 25.5 % = 314.81535 → 314.82.
    assert _lines(invoice) == [
        ("month", Decimal("1.00"), Decimal("1234.57"), Decimal("24.0"))
        + (Decimal("1234.57"), Decimal("296.30"), Decimal("1530.87")),
        ("month", Decimal("1.00"), Decimal("1234.57"), Decimal("25.5"))
        + (Decimal("1234.57"), Decimal("314.82"), Decimal("1549.39")),
    ]
    assert (invoice.total_excluding_vat, invoice.vat_amount, invoice.total) == (
        Decimal("2469.14"),
        Decimal("611.12"),
        Decimal("3080.26"),
    )
    descriptions = [line.description for line in invoice.lines.order_by("position")]
    assert descriptions[0].endswith("8/2024") and descriptions[1].endswith("9/2024")
    assert sorted(order.fixed_charges.values_list("month", flat=True)) == [
        D(2024, 8, 1),
        D(2024, 9, 1),
    ]


def test_it_never_bills_a_month_twice_whatever_the_periods_of_the_runs(supervisor, crew, customer):
    group, _member = crew
    fixed_order(supervisor, group, customer, end_date=D(2024, 10, 31))
    (august,) = run(supervisor, D(2024, 8, 1), D(2024, 8, 31))
    assert run(supervisor, D(2024, 8, 1), D(2024, 8, 31)) == []
    # A period from the middle of August bills the months that begin in it, and only once.
    (later,) = run(supervisor, D(2024, 8, 15), D(2024, 12, 31))
    assert [line.description[-7:] for line in later.lines.order_by("position")] == [
        " 9/2024",
        "10/2024",
    ]  # the order ends with October
    assert run(supervisor, D(2024, 1, 1), D(2024, 12, 31)) == []
    assert FixedPriceCharge.objects.count() == 3 and august.lines.count() == 1


def test_the_database_refuses_a_second_charge_of_a_month(supervisor, crew, customer):
    group, _member = crew
    order = fixed_order(supervisor, group, customer)
    (invoice,) = run(supervisor, D(2024, 8, 1), D(2024, 8, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        FixedPriceCharge.objects.create(
            order=order, month=D(2024, 8, 1), invoice_line=invoice.lines.get()
        )


def test_a_credited_month_is_billed_again_once(supervisor, crew, customer):
    group, _member = crew
    fixed_order(supervisor, group, customer)
    (invoice,) = run(supervisor, D(2024, 8, 1), D(2024, 8, 31))
    credit = invoice_credit(user=supervisor, invoice=invoice)
    assert _lines(credit)[0][:2] == ("month", Decimal("-1.00"))
    assert credit.total == -invoice.total
    (again,) = run(supervisor, D(2024, 8, 1), D(2024, 8, 31))
    assert again.total == invoice.total and again.number > credit.number
    assert run(supervisor, D(2024, 8, 1), D(2024, 8, 31)) == []
    assert FixedPriceCharge.objects.filter(credited=False).count() == 1


def test_it_bills_hours_and_months_of_one_customer_on_one_invoice_and_keeps_the_hours_for_pay(
    supervisor, crew, customer
):
    group, member = crew
    hourly = order_for(supervisor, group, customer, price="30.00")
    fixed = fixed_order(supervisor, group, customer, price="500", vat_percent="14")
    hours(supervisor, hourly, member, D(2024, 9, 2), "2.5")
    hours(supervisor, fixed, member, D(2024, 9, 3), "6")
    (invoice,) = run(supervisor, D(2024, 9, 1), D(2024, 9, 30))
    assert [(unit, quantity, vat) for unit, quantity, _p, vat, *_ in _lines(invoice)] == [
        ("hour", Decimal("2.50"), Decimal("25.5")),
        ("month", Decimal("1.00"), Decimal("14.0")),
    ]
    assert invoice.total == Decimal("94.13") + Decimal("570.00")  # 75 + 19.125→19.13; 500 + 70
    # The fixed-price order's hours are not billed: they stay for the members' pay.
    assert WorkLog.objects.get(order=fixed).invoice_line_id is None


def test_finvoice_and_pdf_carry_the_months(supervisor, crew, customer):
    group, member = crew
    hourly = order_for(supervisor, group, customer, price="30.00")
    hours(supervisor, hourly, member, D(2024, 9, 2), "2")
    fixed_order(supervisor, group, customer)
    (invoice,) = run(supervisor, D(2024, 9, 1), D(2024, 9, 30))
    xml = finvoice_bytes(invoice)
    assert_valid_finvoice(xml)
    rows = etree.fromstring(xml).findall("InvoiceRow")
    assert [row.find("InvoicedQuantity").get("QuantityUnitCodeUN") for row in rows] == [
        "HUR",
        "MON",
    ]
    assert [row.findtext("RowVatExcludedAmount") for row in rows] == ["60,00", "1234,57"]
    credit = invoice_credit(user=supervisor, invoice=invoice)
    assert_valid_finvoice(finvoice_bytes(credit))
    assert invoice_pdf_bytes(invoice).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({"start_date": D(2024, 8, 2)}, ["start_date"]),
        ({"end_date": D(2024, 9, 29)}, ["end_date"]),
        ({"hourly_price": "30"}, ["hourly_price"]),
        ({"monthly_price": None}, ["monthly_price"]),
        ({"monthly_price": "-1"}, ["monthly_price"]),
        ({"pricing": "yearly"}, ["pricing"]),
    ],
)
def test_it_refuses_a_fixed_price_order_that_is_not_whole_months_naming_the_field(
    supervisor, crew, customer, extra, fields
):
    group, _member = crew
    body = {"start_date": D(2024, 8, 1), "monthly_price": "900", **extra}
    with pytest.raises(InvalidInput) as refused:
        order_create(
            user=supervisor,
            customer_id=customer.pk,
            group_id=group.pk,
            service_type="cleaning",
            pricing=body.pop("pricing", "fixed_monthly"),
            **body,
        )
    assert sorted(refused.value.fields) == fields
    assert Order.objects.count() == 0


def test_an_hourly_order_refuses_a_monthly_price(supervisor, crew, customer):
    group, _member = crew
    with pytest.raises(InvalidInput) as refused:
        order_for_body = {"hourly_price": "30", "monthly_price": "900"}
        order_create(
            user=supervisor,
            customer_id=customer.pk,
            group_id=group.pk,
            service_type="cleaning",
            start_date=D(2024, 8, 1),
            **order_for_body,
        )
    assert list(refused.value.fields) == ["monthly_price"]


def test_the_months_of_a_period_are_those_that_begin_in_it():
    assert months_beginning_in(D(2024, 8, 1), D(2024, 8, 31)) == [D(2024, 8, 1)]
    assert months_beginning_in(D(2024, 8, 2), D(2024, 9, 1)) == [D(2024, 9, 1)]
    assert months_beginning_in(D(2024, 8, 2), D(2024, 8, 31)) == []
    assert months_beginning_in(D(2024, 12, 1), D(2025, 2, 1)) == [
        D(2024, 12, 1),
        D(2025, 1, 1),
        D(2025, 2, 1),
    ]


def test_the_api_makes_a_fixed_price_order_and_shows_its_month_lines(
    api_as, supervisor, crew, customer
):
    group, _member = crew
    api = api_as(supervisor)
    body = {
        "customer_id": customer.pk,
        "group_id": group.pk,
        "service_type": "cleaning",
        "pricing": "fixed_monthly",
        "monthly_price": "1450.00",
        "start_date": "2024-09-01",
    }
    refused = api.post("/orders", {**body, "start_date": "2024-09-15"})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["start_date"]
    response = api.post("/orders", body)
    assert response.status_code == 201, response.content
    order = response.json()
    assert (order["pricing"], order["monthly_price"], order["hourly_price"]) == (
        "fixed_monthly",
        "1450.00",
        None,
    )
    run_ = api.post("/invoices/run", {"period_start": "2024-09-01", "period_end": "2024-09-30"})
    (item,) = run_.json()["items"]
    assert (item["total_excluding_vat"], item["vat_amount"], item["total"]) == (
        "1450.00",
        "369.75",
        "1819.75",
    )
    (line,) = api.get(f"/invoices/{item['id']}").json()["lines"]
    assert (line["unit"], line["quantity"], line["hours"]) == ("month", "1.00", None)


def test_the_order_page_makes_a_fixed_price_order(client, supervisor, crew, customer):
    group, _member = crew
    login(client, supervisor)
    form = {
        "customer_id": customer.pk,
        "group_id": group.pk,
        "service_type": "cleaning",
        "pricing": "fixed_monthly",
        "monthly_price": "1450,00",
        "start_date": "2024-10-01",
    }
    refused = client.post("/group-work/orders/", {**form, "start_date": "2024-10-02"})
    assert refused.status_code == 200
    assert "first day of a month" in refused.content.decode()
    response = client.post("/group-work/orders/", form)
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.pricing, order.monthly_price, order.hourly_price) == (
        "fixed_monthly",
        Decimal("1450.00"),
        None,
    )
    page = client.get(f"/group-work/orders/{order.pk}/").content.decode()
    assert "1450.00" in page or "1450,00" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_runs_bill_a_month_once(org, unit, client_record):
    from tests.conftest import make_user

    boss = make_user("boss", org, "supervisor", unit)
    invoicing_ready(org)
    group = group_of(boss, unit)
    for n in range(3):
        fixed_order(boss, group, make_employer(org, name=f"Asiakas {n} Oy"))
    barrier = threading.Barrier(3)
    failures = []

    def one_run():
        try:
            barrier.wait()
            run(boss, D(2024, 8, 1), D(2024, 8, 31))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Invoice.objects.count() == 3
    assert FixedPriceCharge.objects.count() == 3
