"""Invoice runs from logged hours: VAT by the day of the work, rounding per line, one
invoice per customer, numbers that never repeat, re-runs that make nothing, credit notes,
and Finvoice messages that the official schema accepts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from tests.test_placements_support import make_employer
from tests.test_subcontracting_support import (
    IBAN,
    assert_valid_finvoice,
    group_of,
    hours,
    invoicing_ready,
    member_of,
    order_for,
)
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.subcontracting.finvoice import finvoice_bytes
from tyopolku.subcontracting.models import Invoice, InvoiceKind, WorkLog
from tyopolku.subcontracting.money import finnish_reference_is_valid
from tyopolku.subcontracting.pdf import invoice_pdf_bytes
from tyopolku.subcontracting.services import invoice_credit, invoice_run, work_log_correct

D = datetime.date
AUGUST = (D(2024, 8, 1), D(2024, 9, 30))
INVOICE_DAY = D(2024, 10, 1)


@pytest.fixture
def crew(supervisor, unit, client_record):
    invoicing_ready(supervisor.organization)
    group = group_of(supervisor, unit)
    return group, member_of(supervisor, group, client_record)


def run(user, period, day=INVOICE_DAY):
    return invoice_run(user=user, period_start=period[0], period_end=period[1], invoice_date=day)


def test_it_charges_24_percent_before_and_25_5_after_the_first_of_september(supervisor, crew):
    group, member = crew
    order = order_for(supervisor, group, price="30.00")
    hours(supervisor, order, member, D(2024, 8, 30), "4")
    hours(supervisor, order, member, D(2024, 8, 31), "3.5")
    hours(supervisor, order, member, D(2024, 9, 2), "7.5")
    (invoice,) = run(supervisor, AUGUST)
    lines = [
        (line.quantity, line.vat_percent, line.total_excluding_vat, line.vat_amount)
        for line in invoice.lines.order_by("position")
    ]
    assert lines == [
        (Decimal("7.50"), Decimal("24.0"), Decimal("225.00"), Decimal("54.00")),
        (Decimal("7.50"), Decimal("25.5"), Decimal("225.00"), Decimal("57.38")),
    ]
    assert invoice.total_excluding_vat == Decimal("450.00")
    assert invoice.vat_amount == Decimal("111.38")
    assert invoice.total == Decimal("561.38")


def test_it_keeps_the_vat_rate_of_an_order_that_names_one(supervisor, crew):
    group, member = crew
    order = order_for(supervisor, group, price="33.33", vat="10")
    hours(supervisor, order, member, D(2024, 9, 3), "7.5")
    (invoice,) = run(supervisor, AUGUST)
    # 249.975 → 249.98 (half up), 10 % → 25.00 (24.998).
    assert (invoice.total_excluding_vat, invoice.vat_amount, invoice.total) == (
        Decimal("249.98"),
        Decimal("25.00"),
        Decimal("274.98"),
    )


def test_it_makes_one_invoice_per_customer_and_nothing_on_a_rerun(supervisor, crew):
    group, member = crew
    first = order_for(supervisor, group, make_employer(supervisor.organization, name="A Oy"))
    second = order_for(supervisor, group, make_employer(supervisor.organization, name="B Oy"))
    third = order_for(supervisor, group, first.customer)
    for order in (first, second, third):
        hours(supervisor, order, member, D(2024, 9, 10), "2")
    invoices = run(supervisor, AUGUST)
    assert [i.buyer_name for i in invoices] == ["A Oy", "B Oy"]
    assert [i.lines.count() for i in invoices] == [2, 1]
    assert run(supervisor, AUGUST) == []
    assert Invoice.objects.count() == 2


def test_it_numbers_invoices_in_order_with_valid_references(supervisor, crew):
    group, member = crew
    a = order_for(supervisor, group, make_employer(supervisor.organization, name="A Oy"))
    b = order_for(supervisor, group, make_employer(supervisor.organization, name="B Oy"))
    hours(supervisor, a, member, D(2024, 9, 10), "2")
    first = run(supervisor, AUGUST)
    hours(supervisor, b, member, D(2024, 9, 11), "2")
    second = run(supervisor, AUGUST)
    numbers = [i.number for i in first + second]
    assert numbers == [1001, 1002]
    assert [i.reference_number for i in first + second] == [
        "10016",
        "10029",
    ]  # 1·7+0+0+1·7 = 14 → 6; 2·7+1·7 = 21 → 9
    assert all(finnish_reference_is_valid(i.reference_number) for i in first + second)
    assert first[0].rf_reference.startswith("RF") and first[0].rf_reference.endswith("10016")
    assert first[0].due_date == D(2024, 10, 15)


def test_it_needs_the_organisations_iban_first(supervisor, unit):
    with pytest.raises(InvalidInput) as refused:
        invoice_run(user=supervisor, period_start=D(2024, 9, 1), period_end=D(2024, 9, 30))
    assert list(refused.value.fields) == ["iban"]


def test_it_refuses_a_period_that_ends_before_it_starts(supervisor, crew):
    with pytest.raises(InvalidInput) as refused:
        run(supervisor, (D(2024, 9, 30), D(2024, 9, 1)))
    assert list(refused.value.fields) == ["period_end"]


def test_it_credits_an_invoice_and_frees_its_hours_for_a_correction(supervisor, crew):
    group, member = crew
    order = order_for(supervisor, group)
    log = hours(supervisor, order, member, D(2024, 9, 10), "8")
    (invoice,) = run(supervisor, AUGUST)
    with pytest.raises(Conflict):
        work_log_correct(user=supervisor, log=log, hours="6", reason="Kirjattu väärin")
    credit = invoice_credit(user=supervisor, invoice=invoice, invoice_date=D(2024, 10, 2))
    assert credit.kind == InvoiceKind.CREDIT_NOTE
    assert credit.number == invoice.number + 1
    assert credit.total == -invoice.total
    invoice.refresh_from_db()
    assert invoice.total == Decimal("301.20")  # the invoice itself is never changed
    with pytest.raises(Conflict):
        invoice_credit(user=supervisor, invoice=invoice)
    new = work_log_correct(
        user=supervisor, log=WorkLog.objects.get(pk=log.pk), hours="6", reason="Kirjattu väärin"
    )
    log.refresh_from_db()
    assert log.superseded_by == new
    assert log.correction_reason == "Kirjattu väärin"
    (again,) = run(supervisor, AUGUST)
    assert again.total_excluding_vat == Decimal("180.00")
    assert_valid_finvoice(finvoice_bytes(credit))


def test_every_invoice_it_makes_is_a_valid_finvoice(supervisor, crew):
    group, member = crew
    customer = make_employer(
        supervisor.organization,
        name="Kiinteistö Oy Ääkkönen & Co",
        street_address="Rantatie 5",
        postal_code="55120",
        post_office="Imatra",
    )
    order = order_for(supervisor, group, customer, price="29.90")
    hours(supervisor, order, member, D(2024, 8, 30), "3.25")
    hours(supervisor, order, member, D(2024, 9, 2), "5")
    (invoice,) = run(supervisor, AUGUST)
    xml = finvoice_bytes(invoice)
    assert_valid_finvoice(xml)
    assert b'<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">' in xml
    assert IBAN.encode() in xml
    assert invoice_pdf_bytes(invoice).startswith(b"%PDF")


def test_a_customer_with_an_einvoice_address_gets_the_transmission_details(supervisor, crew):
    from tyopolku.subcontracting.services import customer_billing_set

    group, member = crew
    customer = make_employer(supervisor.organization, name="Kunta")
    customer_billing_set(
        user=supervisor,
        employer=customer,
        einvoice_address="0216:003712345671",
        operator_id="003723327487",
    )
    hours(supervisor, order_for(supervisor, group, customer), member, D(2024, 9, 2), "1")
    (invoice,) = run(supervisor, AUGUST)
    xml = finvoice_bytes(invoice)
    assert b"<ToIdentifier>003712345671</ToIdentifier>" in xml
    assert_valid_finvoice(xml)


def test_it_refuses_an_einvoice_address_that_is_no_ovt_code(supervisor):
    from tyopolku.subcontracting.services import customer_billing_set

    customer = make_employer(supervisor.organization, name="Kunta")
    with pytest.raises(InvalidInput) as refused:
        customer_billing_set(
            user=supervisor, employer=customer, einvoice_address="12345", operator_id=""
        )
    assert list(refused.value.fields) == ["einvoice_address"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
# serialized_rollback: the VAT rates of the data migration come back for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_runs_never_share_a_number_or_an_hour(org, unit, client_record):
    import threading

    from django.db import connections

    from tests.conftest import make_user

    boss = make_user("boss", org, "supervisor", unit)
    invoicing_ready(org)
    group = group_of(boss, unit)
    member = member_of(boss, group, client_record)
    for n in range(6):
        customer = make_employer(org, name=f"Asiakas {n} Oy")
        hours(boss, order_for(boss, group, customer), member, D(2024, 9, 2 + n), "1")
    barrier = threading.Barrier(3)
    results, failures = [], []

    def one_run():
        try:
            barrier.wait()
            results.append(run(boss, AUGUST))
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
    numbers = sorted(i.number for batch in results for i in batch)
    assert numbers == list(range(1001, 1007))  # six customers, no duplicates, no gaps
    assert sorted(len(batch) for batch in results) == [0, 0, 6]
    assert WorkLog.objects.filter(invoice_line__isnull=True).count() == 0
