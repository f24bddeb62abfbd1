"""Builders shared by the group-work tests and the access policy: plain functions (no tests).

Every generated Finvoice is validated against the official Finvoice 3.0 schema named by the
environment variable FINVOICE_XSD (`make test` and `.ci/run` set it); without it the
validating tests fail and say so, they never skip."""

import datetime
import functools
import os

import pytest

from tests.test_placements_support import make_employer
from tyopolku.accounts.models import User
from tyopolku.subcontracting.models import Invoice, InvoicingSetting, Order, VatRate, WorkGroup
from tyopolku.subcontracting.services import (
    group_member_add,
    invoice_run,
    order_create,
    work_group_create,
    work_log_create,
)

D = datetime.date
IBAN = "FI2112345600000785"
BIC = "NDEAFIHH"
SELLER_ID = "0737546-2"


@functools.cache
def _schema(path: str):
    import xmlschema

    return xmlschema.XMLSchema(path)


def finvoice_schema():
    path = os.environ.get("FINVOICE_XSD", "")
    if not path or not os.path.isfile(path):
        pytest.fail(
            "Set FINVOICE_XSD to the official Finvoice 3.0 schema (Finvoice3.0.xsd) to "
            f"validate the generated e-invoices (now: {path or 'unset'}). `make test` sets it."
        )
    return _schema(path)


def assert_valid_finvoice(xml: bytes) -> None:
    errors = [str(e.reason or e) for e in finvoice_schema().iter_errors(xml)]
    assert errors == []


def vat_rates_ensure() -> None:
    """The general VAT rates of the data migration. A transactional test flushes the tables
    after it, and on PostgreSQL the serialized rollback of a later browser test did not bring
    them back when a plain test had run first (the same with tests/test_security_concurrency.py),
    so the builders put them back where missing."""
    from importlib import import_module

    rates = import_module("tyopolku.subcontracting.migrations.0002_vat_rates").RATES
    for valid_from, percent, source in rates:
        VatRate.objects.get_or_create(
            valid_from=valid_from, defaults={"percent": percent, "source": source}
        )


def invoicing_ready(org, *, payment_term_days: int = 14) -> InvoicingSetting:
    vat_rates_ensure()
    return InvoicingSetting.objects.create(
        organization=org,
        valid_from=D(2020, 1, 1),
        iban=IBAN,
        bic=BIC,
        business_id=SELLER_ID,
        street_address="Pajakatu 1",
        postal_code="55100",
        post_office="Imatra",
        payment_term_days=payment_term_days,
    )


def group_of(user: User, unit, name: str = "Remppary") -> WorkGroup:
    return work_group_create(
        user=user, unit_id=unit.pk, name=name, service_type="renovation", work_coach_id=None
    )


def order_for(user: User, group: WorkGroup, customer=None, *, price="30.00", vat=None, start=None):
    customer = customer or make_employer(user.organization, name="Asunto Oy Koivu")
    return order_create(
        user=user,
        customer_id=customer.pk,
        group_id=group.pk,
        service_type="renovation",
        hourly_price=price,
        start_date=start or D(2024, 1, 1),
        vat_percent=vat,
    )


def hours(user: User, order: Order, member, day: datetime.date, amount: str):
    return work_log_create(user=user, order=order, member_id=member.pk, date=day, hours=amount)


def member_of(user: User, group: WorkGroup, client, start=None):
    return group_member_add(
        user=user,
        group=group,
        client_id=client.pk,
        start_date=start or D(2024, 1, 1),
        weekly_hours="20",
        pay_group="A",
    )


def world_group(w) -> WorkGroup:
    """The access policy's group (made once per world), with the world's client as member."""
    existing = WorkGroup.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    supervisor = w.worker_link.user
    group = group_of(supervisor, w.enrollment.unit)
    member_of(supervisor, group, w.client, start=today_minus(60))
    return group


def today_minus(days: int) -> datetime.date:
    from tests.pages_support import days_ago

    return days_ago(days)


def world_member(w):
    return world_group(w).members.order_by("pk").first()


def world_order(w) -> Order:
    group = world_group(w)
    existing = Order.objects.filter(group=group).order_by("pk").first()
    if existing is not None:
        return existing
    supervisor = w.worker_link.user
    order = order_for(supervisor, group, w.employer, start=today_minus(60))
    hours(supervisor, order, world_member(w), today_minus(10), "6")
    return order


def world_work_log(w):
    return world_order(w).work_logs.order_by("pk").first()


def world_invoice(w) -> Invoice:
    existing = Invoice.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    supervisor = w.worker_link.user
    world_order(w)
    # Another order, invoiced: the world's own work log stays open for corrections.
    group = world_group(w)
    order = order_for(supervisor, group, w.employer, start=today_minus(60))
    hours(supervisor, order, world_member(w), today_minus(40), "4")
    if not InvoicingSetting.objects.filter(organization=w.org).exists():
        invoicing_ready(w.org)
    vat_rates_ensure()
    (invoice,) = invoice_run(
        user=supervisor, period_start=today_minus(45), period_end=today_minus(35)
    )
    return invoice


def subcontracting_world(w) -> None:
    """The access policy's group work, made with the world: every builder above."""
    world_invoice(w)
