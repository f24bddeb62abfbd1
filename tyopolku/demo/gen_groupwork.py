"""Group work of a generated organisation (subcontracting, seed 002): the work groups of its
units with the subcontracting clients as members (their employment contracts with the
organisation), the wage table, the units' wage budgets, the invoicing details, customers
from the employer register with their e-invoice addresses, orders priced per hour or per
month, the hours the members worked and an invoice per customer for every past month.

The months are drawn one at a time, so memory stays bounded by a month's hours. Every
amount, reference and line text comes from the services' own functions: `money` for the
cents, VAT and references, `billing.PendingLine` for a line's amounts and description, the
VAT rate in force from the shared `VatRate` table (`in_force`, as `vat_percent_on` reads it).
"""

import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tyopolku.audit.models import AccessAction
from tyopolku.core.dated import in_force
from tyopolku.demo.gen_context import Client, Columns, Context, weekdays
from tyopolku.employers.models import Employer
from tyopolku.pathway.models import ServiceModel
from tyopolku.subcontracting import models as sc
from tyopolku.subcontracting import money
from tyopolku.subcontracting.billing import PendingLine
from tyopolku.subcontracting.demo import DEMO_IBAN

GROUP_NAMES = {
    sc.ServiceType.CLEANING: "Siivoustiimi",
    sc.ServiceType.PROPERTY_MAINTENANCE: "Kiinteistöhuoltoryhmä",
    sc.ServiceType.RENOVATION: "Remppary",
    sc.ServiceType.CAFE: "Kahvilatiimi",
}
MEMBERS_PER_GROUP = 8
# The collective agreement's pay groups at the start of the history, raised every May.
PAY_GROUPS = {"A": Decimal("11.80"), "B": Decimal("12.60")}
YEARLY_RAISE = Decimal("1.025")
AGREEMENT = "Yleinen työehtosopimus (generoitu esimerkki)"
HOURS_A_DAY = (Decimal(4), Decimal(6), Decimal("7.5"))
HOURLY_PRICES = tuple(Decimal(p) for p in ("24.00", "26.50", "29.90", "32.50", "35.00", "38.00"))
MONTHLY_PRICES = tuple(Decimal(p) for p in ("850.00", "1200.00", "1650.00", "2400.00"))
FIXED_PRICE_SHARE = 0.25
SITES = ("Toimitilat", "Porraskäytävät", "Piha-alueet", "Henkilöstöravintola", "Varasto", "")
# E-invoice operators' identifiers (as customers give them).
OPERATORS = ("003721291126", "003723327487", "E204503")
BIC = "NDEAFIHH"
PAYMENT_TERM_DAYS = 14
WEEKS_A_YEAR = 46  # worked weeks, holidays apart, for the wage budgets
LOGGED_AT = datetime.time(13, 30, tzinfo=datetime.UTC)  # the coach logs the day's hours
ONE_MONTH = relativedelta(months=1)


@dataclass(slots=True, eq=False)  # compared and hashed by identity
class _Member:
    client: Client
    start: datetime.date
    end: datetime.date | None
    days: int  # worked days a week
    hours: Decimal  # a day
    pay_group: str
    group: "_Group | None" = None
    id: int = 0


@dataclass(slots=True, eq=False)  # compared and hashed by identity
class _Order:
    customer_id: int
    fixed: bool
    price: Decimal
    start: datetime.date
    end: datetime.date | None
    site: str
    service_type: str
    id: int = 0
    model: sc.Order | None = None  # unsaved: what PendingLine reads (service type, site)

    def in_force(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(slots=True, eq=False)  # compared and hashed by identity
class _Group:
    unit_id: int
    name: str
    service_type: str
    coach_id: int
    members: list[_Member] = field(default_factory=list)
    orders: list[_Order] = field(default_factory=list)
    id: int = 0


def build(ctx: Context) -> None:
    rng = ctx.rng("groupwork")
    clients = [c for c in ctx.clients(ServiceModel.SUBCONTRACTING) if c.plan.active_from]
    if not clients:
        return
    rates = list(sc.VatRate.objects.order_by("valid_from"))
    if not rates:
        raise ValueError("No VAT rates: run the migrations (they add the general rates).")
    members = [_member(rng, client) for client in clients]
    groups = _groups(rng, members)
    orders = [order for group in groups for order in _orders(ctx, rng, group)]
    customers = {
        row[0]: row
        for row in Employer.objects.filter(pk__in={o.customer_id for o in orders}).values_list(
            "pk", "name", "business_id", "street_address", "postal_code", "post_office"
        )
    }
    # Each customer takes e-invoices at its OVT code (0037 + its business ID's digits).
    einvoicing = {
        c: ("0037" + row[2].replace("-", ""), rng.choice(OPERATORS)) for c, row in customers.items()
    }
    months = _months(min(g.members[0].start for g in groups), ctx.today)
    past = months[:-1]  # invoiced; the current month's hours wait for the next run
    for items, model in ((groups, sc.WorkGroup), (members, sc.GroupMember), (orders, sc.Order)):
        for item, pk in zip(items, ctx.ids(model, len(items)), strict=True):
            item.id = pk
    # At most one invoice per customer and one line per order a month (the VAT rate
    # changes on the first of a month); unused ids are gaps in the sequence, no more.
    invoice_ids = iter(ctx.ids(sc.Invoice, len(customers) * len(past)))
    line_ids = iter(ctx.ids(sc.InvoiceLine, len(orders) * len(past)))
    setting = _setting(ctx)
    ctx.submit(TABLES, _register(ctx, rng, groups, members, setting, einvoicing), LABELS)
    numbers = Numbers(sc.InvoiceNumberSeries._meta.get_field("next_number").default)
    billing = _Billing(ctx, setting, customers, einvoicing, rates, numbers, invoice_ids, line_ids)
    for month in months:
        out: dict[str, list] = defaultdict(list)
        logs = _hours(rng, month, ctx.today, members)
        billing.month(rng, month, logs, orders, out, billed=month in past)
        out["logs"] = [
            (order.id, member.id, day, hours, member.client.coach.pk,
             datetime.datetime.combine(day, LOGGED_AT), "", line_id)
            for order, member, day, hours, line_id in logs
        ]  # fmt: skip
        ctx.submit(TABLES, out, LABELS)
    ctx.submit(TABLES, {"series": [(ctx.organization.pk, numbers.next)]}, LABELS)


class Numbers:
    """The organisation's invoice numbers, one after another without gaps."""

    def __init__(self, first: int):
        self.next = first

    def take(self) -> int:
        number = self.next
        self.next += 1
        return number


def _months(first: datetime.date, today: datetime.date) -> list[datetime.date]:
    month, months = first.replace(day=1), []
    while month <= today:
        months.append(month)
        month += ONE_MONTH
    return months


def _member(rng: random.Random, client: Client) -> _Member:
    days = rng.choice((1, 2, 2, 3))
    return _Member(
        client,
        client.plan.active_from,
        client.plan.end,
        days,
        rng.choice(HOURS_A_DAY),
        rng.choice(tuple(PAY_GROUPS)),
    )


def _groups(rng: random.Random, members: list[_Member]) -> list[_Group]:
    """The members of a unit (their coaches' unit) in groups of about eight."""
    by_unit: dict[int, list[_Member]] = defaultdict(list)
    for member in members:
        by_unit[member.client.coach.unit_id].append(member)
    groups = []
    types = tuple(GROUP_NAMES)
    for unit_id, unit_members in sorted(by_unit.items()):
        count = math.ceil(len(unit_members) / MEMBERS_PER_GROUP)
        unit_groups = []
        for _n in range(count):
            service_type = types[len(groups) % len(types)]
            unit_groups.append(
                _Group(unit_id, f"{GROUP_NAMES[service_type]} {len(groups) + 1}", service_type, 0)
            )
            groups.append(unit_groups[-1])
        for n, member in enumerate(sorted(unit_members, key=lambda m: (m.start, m.client.index))):
            member.group = unit_groups[n % count]
            member.group.members.append(member)
    for group in groups:
        group.coach_id = group.members[0].client.coach.pk
    return groups


def _orders(ctx: Context, rng: random.Random, group: _Group) -> list[_Order]:
    """One or two customers' orders from the group's first member on; an order ends when
    the group's last member leaves (a fixed-price one with that month)."""
    start = group.members[0].start
    ends = [m.end for m in group.members]
    end = None if None in ends else max(ends)
    orders = []
    for customer_id in rng.sample(ctx.employer_ids, rng.choice((1, 1, 2))):
        fixed = rng.random() < FIXED_PRICE_SHARE
        first, last = start, end
        if fixed:
            first = start.replace(day=1) + (ONE_MONTH if start.day > 1 else relativedelta())
            last = None if end is None else end.replace(day=1) + ONE_MONTH - datetime.timedelta(1)
            if last is not None and last < first:
                fixed, first, last = False, start, end
        price = rng.choice(MONTHLY_PRICES if fixed else HOURLY_PRICES)
        site = rng.choice(SITES)
        order = _Order(customer_id, fixed, price, first, last, site, group.service_type)
        order.model = sc.Order(service_type=group.service_type, site=site)
        orders.append(order)
        group.orders.append(order)
    return orders


def _setting(ctx: Context) -> tuple:
    """The organisation's invoicing details (fields of TABLES["settings"])."""
    # Imported here: the generator imports this module.
    from tyopolku.demo.generator import business_ids

    number = int(ctx.organization.code[-2:])
    return (
        ctx.organization.pk, ctx.first_day - datetime.timedelta(days=1), DEMO_IBAN, BIC,
        business_ids(1, start=9_900_000 + 10 * number)[0], "Pajakatu 1", "55100", "Imatra",
        PAYMENT_TERM_DAYS,
    )  # fmt: skip


def _register(ctx, rng, groups, members, setting, einvoicing) -> dict[str, list]:
    """The rows made once: settings, wage table, budgets, groups, members and orders."""
    org_id = ctx.organization.pk
    created = ctx.at(rng, ctx.first_day)
    out: dict[str, list] = defaultdict(list)
    out["settings"].append(setting)
    for pay_group, wage in PAY_GROUPS.items():
        for year in range(ctx.first_day.year, ctx.today.year + 1):
            valid_from = max(datetime.date(year, 5, 1), ctx.first_day)
            if valid_from > ctx.today:
                break
            out["wages"].append((org_id, pay_group, valid_from, wage, AGREEMENT))
            wage = money.cents(wage * YEARLY_RAISE)
    for group in groups:
        out["groups"].append(
            (group.id, org_id, group.unit_id, group.name, group.service_type, group.coach_id,
             group.coach_id, ctx.at(rng, group.members[0].start), 1)
        )  # fmt: skip
    out["budgets"] = _budgets(ctx, groups)
    for member in members:
        coach = member.client.coach
        at = ctx.at(rng, member.start)
        out["members"].append(
            (member.id, member.group.id, member.client.client_id, member.start, member.end,
             member.days * member.hours, member.pay_group, coach.pk, at, 1)
        )  # fmt: skip
        out["log"].append(
            ctx.log(at, coach.pk, member.client.client_id, AccessAction.CREATE, "group_member")
        )
    for group in groups:
        for order in group.orders:
            out["orders"].append(
                (order.id, org_id, order.customer_id, group.id, order.service_type,
                 sc.OrderPricing.FIXED_MONTHLY if order.fixed else sc.OrderPricing.HOURLY,
                 None if order.fixed else order.price, order.price if order.fixed else None,
                 None, order.start, order.end, order.site, group.coach_id, created)
            )  # fmt: skip
    for customer_id, (address, operator) in sorted(einvoicing.items()):
        out["billing"].append((customer_id, address, operator, created))
    return out


def _budgets(ctx: Context, groups: list[_Group]) -> list[tuple]:
    """Each unit's money for the members' wages a year: their weekly hours at the first
    pay group's wage, rounded up to a thousand euros."""
    hours: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for group in groups:
        for member in group.members:
            for year in range(member.start.year, (member.end or ctx.today).year + 1):
                hours[(group.unit_id, year)] += member.days * member.hours
    wage = PAY_GROUPS["A"]
    return [
        (ctx.organization.pk, unit_id, year,
         Decimal(math.ceil(weekly * WEEKS_A_YEAR * wage / 1000) * 1000))
        for (unit_id, year), weekly in sorted(hours.items())
    ]  # fmt: skip


def _hours(
    rng: random.Random, month: datetime.date, today: datetime.date, members: list[_Member]
) -> list[list]:
    """The month's hours: each member works on about `days` weekdays a week, on an order
    of the group in force that day. Rows [order, member, day, hours, invoice line id]."""
    last = min(month + ONE_MONTH - datetime.timedelta(days=1), today)
    logs = []
    for member in members:
        if member.start > last or (member.end is not None and member.end < month):
            continue
        share = member.days / 5
        orders = member.group.orders
        until = last if member.end is None else min(last, member.end)
        for day in weekdays(max(month, member.start), until):
            if rng.random() >= share:
                continue
            working = [order for order in orders if order.in_force(day)]
            if not working:
                continue
            order = working[0] if len(working) == 1 else rng.choice(working)
            hours = member.hours if rng.random() < 0.85 else rng.choice(HOURS_A_DAY)
            logs.append([order, member, day, hours, None])
    return logs


class _Billing:
    """A month's invoice run as `services.invoice_run` makes it: one invoice per customer,
    a line per hourly order and VAT rate and per fixed-price month, in the customers' name
    order, numbered from the series."""

    def __init__(self, ctx, setting, customers, einvoicing, rates, numbers, invoice_ids, line_ids):
        self.ctx, self.setting, self.customers, self.rates = ctx, setting, customers, rates
        self.einvoicing = einvoicing
        self.numbers, self.invoice_ids, self.line_ids = numbers, invoice_ids, line_ids
        self.vat_of_day: dict[datetime.date, Decimal] = {}

    def vat(self, day: datetime.date) -> Decimal:
        if day not in self.vat_of_day:
            self.vat_of_day[day] = in_force(self.rates, day).percent
        return self.vat_of_day[day]

    def month(self, rng, month, logs, orders, out, *, billed: bool) -> None:
        if not billed:
            return
        last = month + ONE_MONTH - datetime.timedelta(days=1)
        hourly: dict[tuple[_Order, Decimal], list[list]] = defaultdict(list)
        for log in logs:
            if not log[0].fixed:
                hourly[(log[0], self.vat(log[2]))].append(log)
        lines: dict[int, list[tuple[_Order, PendingLine, list[list]]]] = defaultdict(list)
        for (order, vat), billed_logs in hourly.items():
            days = [log[2] for log in billed_logs]
            hours = sum((log[3] for log in billed_logs), Decimal(0))
            pending = PendingLine(
                order.model, sc.LineUnit.HOUR, hours, order.price, vat, min(days), max(days)
            )
            lines[order.customer_id].append((order, pending, billed_logs))
        for order in orders:
            if order.fixed and order.in_force(month):
                pending = PendingLine(
                    order.model, sc.LineUnit.MONTH, Decimal(1), order.price, self.vat(month),
                    month, last, month=month,
                )  # fmt: skip
                lines[order.customer_id].append((order, pending, []))
        for customer_id in sorted(lines, key=lambda c: (self.customers[c][1], c)):
            ordered = sorted(lines[customer_id], key=lambda item: (item[0].id, item[1].first_day))
            self._invoice(rng, month, last, customer_id, ordered, out)

    def _invoice(self, rng, month, last, customer_id, lines, out) -> None:
        ctx = self.ctx
        invoice_id, number = next(self.invoice_ids), self.numbers.take()
        invoice_date = min(last + datetime.timedelta(days=1 + int(rng.random() * 4)), ctx.today)
        totals = [Decimal(0), Decimal(0), Decimal(0)]
        for position, (order, pending, logs) in enumerate(lines, start=1):
            line_id = next(self.line_ids)
            net, vat, gross = pending.amounts
            out["lines"].append(
                (line_id, invoice_id, position, order.id, pending.description, pending.quantity,
                 pending.unit, pending.unit_price, pending.vat_percent, net, vat, gross)
            )  # fmt: skip
            for log in logs:
                log[4] = line_id
            if pending.month is not None:
                out["charges"].append((order.id, pending.month, line_id, False))
            totals = [totals[0] + net, totals[1] + vat, totals[2] + gross]
        reference, rf_reference = money.invoice_references(number)
        _pk, name, business_id, street, postal_code, post_office = self.customers[customer_id]
        (_org, _from, iban, bic, seller_id, seller_street, seller_postal, seller_office,
         term) = self.setting  # fmt: skip
        out["invoices"].append(
            (invoice_id, ctx.organization.pk, customer_id, number, sc.InvoiceKind.INVOICE,
             invoice_date, month, last, invoice_date + datetime.timedelta(days=term), reference,
             rf_reference, iban, bic, ctx.organization.name, seller_id, seller_street,
             seller_postal, seller_office, name, business_id, street, postal_code, post_office,
             *self.einvoicing[customer_id], *totals, ctx.admin.pk, ctx.at(rng, invoice_date))
        )  # fmt: skip


TABLES: Columns = {
    "settings": (
        sc.InvoicingSetting,
        ("organization", "valid_from", "iban", "bic", "business_id", "street_address",
         "postal_code", "post_office", "payment_term_days"),
    ),
    "wages": (
        sc.PayGroupWage, ("organization", "pay_group", "valid_from", "hourly_wage", "agreement")
    ),
    "groups": (
        sc.WorkGroup,
        ("id", "organization", "unit", "name", "service_type", "work_coach", "created_by",
         "created_at", "version"),
    ),
    "budgets": (sc.WageBudget, ("organization", "unit", "year", "amount")),
    "members": (
        sc.GroupMember,
        ("id", "group", "client", "start_date", "end_date", "weekly_hours", "pay_group",
         "created_by", "created_at", "version"),
    ),
    "orders": (
        sc.Order,
        ("id", "organization", "customer", "group", "service_type", "pricing", "hourly_price",
         "monthly_price", "vat_percent", "start_date", "end_date", "site", "created_by",
         "created_at"),
    ),
    "billing": (sc.CustomerBilling, ("employer", "einvoice_address", "operator_id", "updated_at")),
    "invoices": (
        sc.Invoice,
        ("id", "organization", "customer", "number", "kind", "invoice_date", "period_start",
         "period_end", "due_date", "reference_number", "rf_reference", "iban", "bic",
         "seller_name", "seller_business_id", "seller_street_address", "seller_postal_code",
         "seller_post_office", "buyer_name", "buyer_business_id", "buyer_street_address",
         "buyer_postal_code", "buyer_post_office", "buyer_einvoice_address",
         "buyer_operator_id", "total_excluding_vat", "vat_amount", "total", "created_by",
         "created_at"),
    ),
    "lines": (
        sc.InvoiceLine,
        ("id", "invoice", "position", "order", "description", "quantity", "unit", "unit_price",
         "vat_percent", "total_excluding_vat", "vat_amount", "total"),
    ),
    "charges": (sc.FixedPriceCharge, ("order", "month", "invoice_line", "credited")),
    "logs": (
        sc.WorkLog,
        ("order", "member", "date", "hours", "created_by", "created_at", "correction_reason",
         "invoice_line"),
    ),
    "series": (sc.InvoiceNumberSeries, ("organization", "next_number")),
}  # fmt: skip
LABELS = {
    "settings": "invoicing settings",
    "wages": "pay group wages",
    "groups": "work groups",
    "budgets": "wage budgets",
    "members": "group members",
    "orders": "orders",
    "billing": "customers' invoicing details",
    "invoices": "invoices",
    "lines": "invoice lines",
    "charges": "fixed-price charges",
    "logs": "work logs",
    "series": "invoice number series",
}
