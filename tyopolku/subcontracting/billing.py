"""What an invoice run bills: the lines of each customer, before they are written. Hourly
orders bill the hours of the period not yet invoiced (a line per order and VAT rate); a
fixed-price order bills each calendar month that begins in the period and is not billed yet
(a line per month). The lines say what they bill in their own terms (quantity, unit, price,
VAT), so the invoice made from them stays independent of any format.

Read under the invoice number series' lock (services.invoice_run), so two runs never bill
the same hour or month; the database refuses a second charge of a month as well."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from tyopolku.core.errors import InvalidInput
from tyopolku.subcontracting import money
from tyopolku.subcontracting.models import (
    FixedPriceCharge,
    LineUnit,
    Order,
    OrderPricing,
    ServiceType,
    WorkLog,
)
from tyopolku.subcontracting.selectors import vat_percent_on


@dataclass
class PendingLine:
    """A line to be written on a customer's invoice, with what it bills."""

    order: Order
    unit: str
    quantity: Decimal
    unit_price: Decimal
    vat_percent: Decimal
    first_day: datetime.date
    last_day: datetime.date
    work_logs: list[WorkLog] = field(default_factory=list)
    month: datetime.date | None = None  # a fixed-price order's month

    @property
    def amounts(self) -> tuple[Decimal, Decimal, Decimal]:
        """(excluding VAT, VAT, total), each to the cent."""
        return money.line_amounts(self.quantity, self.unit_price, self.vat_percent)

    @property
    def description(self) -> str:
        # The invoice is a Finnish document whatever the language of the one who made it.
        with translation.override("fi"):
            service = ServiceType(self.order.service_type).label
            if self.month is not None:
                text = _("%(service)s, monthly price %(month)s") % {
                    "service": service,
                    "month": f"{self.month:%-m/%Y}",
                }
            else:
                text = f"{service} {self.first_day:%-d.%-m.%Y}–{self.last_day:%-d.%-m.%Y}"
            if self.order.site:
                text += f", {self.order.site}"
        return text[:200]


def _vat_of(order: Order, day: datetime.date) -> Decimal:
    vat = order.vat_percent if order.vat_percent is not None else vat_percent_on(day)
    if vat is None:
        raise InvalidInput.for_field(
            "period_start", _("No VAT rate is set: an administrator adds one.")
        )
    return vat


def _hourly_lines(organization_id: int, start: datetime.date, end: datetime.date):
    logs = (
        WorkLog.objects.filter(
            order__organization_id=organization_id,
            order__pricing=OrderPricing.HOURLY,
            date__range=(start, end),
            superseded_by__isnull=True,
            invoice_line__isnull=True,
        )
        .select_related("order__customer")
        .order_by("order_id", "date", "pk")
    )
    grouped: dict[tuple[int, Decimal], list[WorkLog]] = defaultdict(list)
    for log in logs:
        grouped[(log.order_id, _vat_of(log.order, log.date))].append(log)
    for (_order_id, vat), billed in grouped.items():
        order = billed[0].order
        yield PendingLine(
            order=order,
            unit=LineUnit.HOUR,
            quantity=sum((log.hours for log in billed), Decimal(0)),
            unit_price=order.hourly_price,
            vat_percent=vat,
            first_day=billed[0].date,
            last_day=billed[-1].date,
            work_logs=billed,
        )


def months_beginning_in(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the calendar months that begin between `start` and `end`."""
    month = start if start.day == 1 else start.replace(day=1) + relativedelta(months=1)
    months = []
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    return months


def _fixed_lines(organization_id: int, start: datetime.date, end: datetime.date):
    months = months_beginning_in(start, end)
    if not months:
        return
    orders = (
        Order.objects.filter(
            organization_id=organization_id,
            pricing=OrderPricing.FIXED_MONTHLY,
            start_date__lte=months[-1],
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=months[0]))
        .select_related("customer")
        .order_by("pk")
    )
    billed = set(
        FixedPriceCharge.objects.filter(
            order__in=orders, month__range=(months[0], months[-1]), credited=False
        ).values_list("order_id", "month")
    )
    for order in orders:
        for month in months:
            in_force = order.start_date <= month and (
                order.end_date is None or order.end_date >= month
            )
            if not in_force or (order.pk, month) in billed:
                continue
            yield PendingLine(
                order=order,
                unit=LineUnit.MONTH,
                quantity=Decimal(1),
                unit_price=order.monthly_price,
                vat_percent=_vat_of(order, month),
                first_day=month,
                last_day=month + relativedelta(months=1, days=-1),
                month=month,
            )


def pending_lines(
    *, organization_id: int, start: datetime.date, end: datetime.date
) -> dict[int, list[PendingLine]]:
    """The lines to bill in the period, by customer: each customer's lines by order, then by
    day or month."""
    by_customer: dict[int, list[PendingLine]] = defaultdict(list)
    for line in [
        *_hourly_lines(organization_id, start, end),
        *_fixed_lines(organization_id, start, end),
    ]:
        by_customer[line.order.customer_id].append(line)
    for lines in by_customer.values():
        lines.sort(key=lambda line: (line.order.pk, line.first_day))
    return dict(
        sorted(
            by_customer.items(),
            key=lambda item: (item[1][0].order.customer.name, item[0]),
        )
    )
