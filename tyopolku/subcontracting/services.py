"""Writes of group work and invoicing. Each checks the role, validates every field at once,
writes in a transaction and records itself: members and work logs are client data (access
log), groups, orders and invoices the organisation's own (change log)."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import Role
from tyopolku.accounts.selectors import unit_get
from tyopolku.audit.models import AccessAction, ChangeAction
from tyopolku.audit.services import access_log_record, change_log_record
from tyopolku.clients.selectors import client_get
from tyopolku.core.dates import date_text, today
from tyopolku.core.errors import Conflict, FieldErrors, InvalidInput
from tyopolku.core.validation import choice_clean, decimal_clean, text_clean
from tyopolku.employers.models import Employer
from tyopolku.employers.selectors import employers_of
from tyopolku.subcontracting import billing, money
from tyopolku.subcontracting.access import require_group_work, require_invoicing
from tyopolku.subcontracting.models import (
    CustomerBilling,
    FixedPriceCharge,
    GroupMember,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceNumberSeries,
    InvoicingSetting,
    Order,
    OrderPricing,
    ServiceType,
    WorkGroup,
    WorkLog,
)
from tyopolku.subcontracting.selectors import (
    group_for_input,
    invoicing_setting_on,
    member_for_work_log,
)
from tyopolku.workactivity.models import Agreement
from tyopolku.workactivity.rules import (
    clients_lock,
    has_work_activity_day,
    work_activity_that_day,
)
from tyopolku.workactivity.selectors import open_work_activity_enrollment
from tyopolku.workactivity.services import agreement_create

MAX_WEEKLY_HOURS = Decimal(60)
MAX_PRICE = {"hourly_price": Decimal("9999.99"), "monthly_price": Decimal("9999999.99")}
MAX_HOURS_A_DAY = Decimal(24)
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
PAY_GROUP_MAX = 40
# OVT code: 0037 + the Y-tunnus's 8 digits + an optional part of up to 5 characters.
_OVT_PREFIX = "0037"
PEPPOL_PREFIX = "0216:"


def _date_check(value: datetime.date | None, field: str, errors: FieldErrors) -> None:
    if value is not None and value < EARLIEST:
        errors.add(field, _("A date from %(day)s on.") % {"day": date_text(EARLIEST)})


def _user_of_role(user: User, user_id: int | None, roles: set[str], field: str, errors):
    if user_id is None:
        return None
    found = User.objects.filter(
        pk=user_id, organization_id=user.organization_id, role__in=roles, is_active=True
    ).first()
    if found is None:
        errors.add(field, _("Unknown worker of this role in this organisation."))
    return found


# --- Groups and members ------------------------------------------------------------------


def work_group_create(
    *,
    user: User,
    unit_id: int,
    name: str,
    service_type: str,
    work_coach_id: int | None = None,
    peer_instructor_id: int | None = None,
) -> WorkGroup:
    require_group_work(user)
    errors = FieldErrors()
    unit = errors.check("unit_id", unit_get, user=user, unit_id=unit_id)
    name = text_clean(name, "name", errors, required=True, max_length=200)
    service_type = choice_clean(service_type, "service_type", errors, ServiceType)
    coach = _user_of_role(
        user, work_coach_id, {Role.WORK_COACH, Role.SUPERVISOR}, "work_coach_id", errors
    )
    peer = _user_of_role(
        user, peer_instructor_id, {Role.PEER_INSTRUCTOR}, "peer_instructor_id", errors
    )
    errors.raise_if_any()
    with transaction.atomic():
        group = WorkGroup.objects.create(
            organization_id=user.organization_id,
            unit=unit,
            name=name,
            service_type=service_type,
            work_coach=coach,
            peer_instructor=peer,
            created_by=user,
        )
        change_log_record(
            user=user, object_type="work_group", object_id=group.pk, action=ChangeAction.CREATE
        )
    return group


def group_member_add(
    *,
    user: User,
    group: WorkGroup,
    client_id: int,
    start_date: datetime.date,
    weekly_hours,
    pay_group: str,
    end_date: datetime.date | None = None,
) -> GroupMember:
    """Employ a client in the group. The client must be one the user works with (else 404,
    as for any client outside the relationship)."""
    require_group_work(user)
    client = client_get(
        user=user, client_id=client_id, target="group_member", action=AccessAction.CREATE
    )
    errors = FieldErrors()
    _date_check(start_date, "start_date", errors)
    if end_date is not None and start_date is not None and end_date < start_date:
        errors.add("end_date", _("The end date is before the start date."))
    hours = decimal_clean(
        weekly_hours,
        "weekly_hours",
        errors,
        low=Decimal("0.5"),
        high=MAX_WEEKLY_HOURS,
        places="0.01",
    )
    if hours is None:
        errors.add("weekly_hours", _("This field is required."))
    pay_group = text_clean(pay_group, "pay_group", errors, required=True, max_length=PAY_GROUP_MAX)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(
                group=group,
                client=client,
                start_date=start_date,
                end_date=end_date,
                weekly_hours=hours,
                pay_group=pay_group,
                created_by=user,
            )
    except IntegrityError:
        raise Conflict(
            _("The client is already a member of the group from that day."),
            {"start_date": _("Already a member from this day.")},
        ) from None
    access_log_record(
        user=user, client_ids=[client.pk], action=AccessAction.CREATE, target="group_member"
    )
    return member


def _member_end_check(member: GroupMember, last_day: datetime.date | None, errors) -> None:
    """The last day of an employment: not before it began, not after it has already ended,
    and not before a day with hours logged (they would fall outside the employment)."""
    if last_day is None:
        errors.add("last_day", _("This field is required."))
    elif not EARLIEST <= last_day <= LATEST:
        errors.add(
            "last_day",
            _("A date from %(first)s to %(last)s.")
            % {"first": date_text(EARLIEST), "last": date_text(LATEST)},
        )
    elif last_day < member.start_date:
        errors.add("last_day", _("The last day is before the employment began."))
    elif member.end_date is not None and last_day > member.end_date:
        errors.add(
            "last_day",
            _("The employment has already ended on %(day)s.") % {"day": date_text(member.end_date)},
        )
    else:
        later = (
            member.work_logs.filter(date__gt=last_day, superseded_by__isnull=True)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        if later is not None:
            errors.add(
                "last_day",
                _("Hours are logged after this day (%(day)s).") % {"day": date_text(later)},
            )


def _member_end_write(
    user: User, member: GroupMember, version: int, last_day: datetime.date
) -> GroupMember:
    """Inside the caller's transaction: the row locked, its version checked (409 if stale),
    and the last day checked again under the client's lock that every work-log write takes
    first, so that no hours can be logged after it while it is being set."""
    clients_lock([member.client_id])
    locked = GroupMember.objects.select_for_update().get(pk=member.pk)
    if locked.version != version:
        raise Conflict(
            _("The employment has changed since you opened it."),
            {"version": _("The employment has changed since you opened it.")},
        )
    errors = FieldErrors()
    _member_end_check(locked, last_day, errors)
    errors.raise_if_any()
    locked.end_date = last_day
    locked.version += 1
    locked.save(update_fields=["end_date", "version"])
    access_log_record(
        user=user, client_ids=[locked.client_id], action=AccessAction.UPDATE, target="group_member"
    )
    return locked


def group_member_end(
    *, user: User, member: GroupMember, version: int, last_day: datetime.date
) -> GroupMember:
    """End the member's employment on `last_day` (a stale `version` → 409)."""
    require_group_work(user)
    errors = FieldErrors()
    _member_end_check(member, last_day, errors)
    errors.raise_if_any()
    with transaction.atomic():
        return _member_end_write(user, member, version, last_day)


def group_member_return_to_work_activity(
    *,
    user: User,
    member: GroupMember,
    version: int,
    last_day: datetime.date,
    end_date: datetime.date,
    days_per_week: int,
    hours_per_day,
    place: str,
    tasks: str = "",
    start_date: datetime.date | None = None,
    goals: list[str] | tuple[str, ...] = (),
) -> Agreement:
    """The member returns from paid work to work activity: the employment ends on
    `last_day` and a work activity agreement begins (on `start_date`, by default the next
    day) under the client's open work-activity enrollment, in one transaction: both are
    saved or neither. Without an open enrollment → 422 naming `enrollment`."""
    require_group_work(user)
    errors = FieldErrors()
    _member_end_check(member, last_day, errors)
    if "last_day" not in errors.fields:
        start_date = start_date or last_day + datetime.timedelta(days=1)
        if start_date <= last_day:
            errors.add("start_date", _("Work activity begins after the last day of paid work."))
    enrollment = open_work_activity_enrollment(user=user, client_id=member.client_id)
    if enrollment is None:
        errors.add(
            "enrollment",
            _("The client has no open enrollment in open work activity: enrol them first."),
        )
    errors.raise_if_any()
    with transaction.atomic():
        agreement = agreement_create(
            user=user,
            enrollment=enrollment,
            start_date=start_date,
            end_date=end_date,
            days_per_week=days_per_week,
            hours_per_day=hours_per_day,
            place=place,
            tasks=tasks,
            goals=goals,
        )
        _member_end_write(user, member, version, last_day)
    return agreement


# --- Customers and orders ----------------------------------------------------------------


def _customer_for_input(user: User, customer_id: int, errors: FieldErrors) -> Employer | None:
    customer = employers_of(user).filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        errors.add("customer_id", _("Unknown employer in this organisation's register."))
    return customer


def einvoice_address_clean(value: str | None, errors: FieldErrors) -> str:
    """An OVT code (0037 + 8 digits of the Y-tunnus + up to 5 characters), alone or as a
    Peppol id with the scheme 0216."""
    value = (value or "").strip().replace(" ", "")
    if not value:
        return ""
    ovt = value.removeprefix(PEPPOL_PREFIX)
    if not (
        ovt.startswith(_OVT_PREFIX)
        and len(ovt) >= 12
        and ovt[4:12].isdigit()
        and len(ovt) <= 17
        and ovt[12:].isalnum() | (len(ovt) == 12)
    ):
        errors.add(
            "einvoice_address",
            _("An OVT code (e.g. 003712345671) or a Peppol id (e.g. 0216:003712345671)."),
        )
    return value


def customer_billing_set(
    *, user: User, employer: Employer, einvoice_address: str | None, operator_id: str | None
) -> CustomerBilling:
    require_invoicing(user)
    errors = FieldErrors()
    address = einvoice_address_clean(einvoice_address, errors)
    operator = text_clean(operator_id, "operator_id", errors, max_length=35)
    errors.raise_if_any()
    with transaction.atomic():
        billing, _created = CustomerBilling.objects.update_or_create(
            employer=employer, defaults={"einvoice_address": address, "operator_id": operator}
        )
        change_log_record(
            user=user,
            object_type="customer_billing",
            object_id=employer.pk,
            action=ChangeAction.UPDATE,
            fields=["einvoice_address", "operator_id"],
        )
    return billing


def _price_clean(value, field: str, errors: FieldErrors) -> Decimal | None:
    price = decimal_clean(
        value, field, errors, low=Decimal(0), high=MAX_PRICE[field], places="0.01"
    )
    if price is None and field not in errors.fields:
        errors.add(field, _("This field is required."))
    return price


def _order_prices(
    pricing: str, hourly_price, monthly_price, errors: FieldErrors
) -> tuple[Decimal | None, Decimal | None]:
    """(price per hour, price per month): the one of the order's pricing, the other empty."""
    given = {"hourly_price": hourly_price, "monthly_price": monthly_price}
    used = "monthly_price" if pricing == OrderPricing.FIXED_MONTHLY else "hourly_price"
    for field, value in given.items():
        if field != used and value not in (None, ""):
            errors.add(field, _("Give only the price of the order's pricing."))
    price = _price_clean(given[used], used, errors)
    return (None, price) if used == "monthly_price" else (price, None)


def _whole_months_check(
    start: datetime.date | None, end: datetime.date | None, errors: FieldErrors
) -> None:
    """A fixed monthly price is charged for whole calendar months."""
    if start is not None and start.day != 1:
        errors.add("start_date", _("A fixed-price order starts on the first day of a month."))
    if end is not None and (end + datetime.timedelta(days=1)).day != 1:
        errors.add("end_date", _("A fixed-price order ends on the last day of a month."))


def order_create(
    *,
    user: User,
    customer_id: int,
    group_id: int,
    service_type: str,
    start_date: datetime.date,
    hourly_price=None,
    pricing: str | None = None,
    monthly_price=None,
    vat_percent=None,
    end_date: datetime.date | None = None,
    site: str | None = None,
) -> Order:
    """An order priced per hour (`hourly_price`) or at a fixed price per calendar month
    (`pricing` "fixed_monthly" with `monthly_price`, from a month's first day to a month's
    last day); prices exclude VAT."""
    require_group_work(user)
    errors = FieldErrors()
    customer = _customer_for_input(user, customer_id, errors)
    group = errors.check("group_id", group_for_input, user=user, group_id=group_id)
    service_type = choice_clean(service_type, "service_type", errors, ServiceType)
    pricing = choice_clean(pricing or OrderPricing.HOURLY, "pricing", errors, OrderPricing)
    hourly = monthly = None
    if "pricing" not in errors.fields:
        hourly, monthly = _order_prices(pricing, hourly_price, monthly_price, errors)
    vat = decimal_clean(
        vat_percent, "vat_percent", errors, low=Decimal(0), high=Decimal(100), places="0.1"
    )
    _date_check(start_date, "start_date", errors)
    if end_date is not None and start_date is not None and end_date < start_date:
        errors.add("end_date", _("The end date is before the start date."))
    elif pricing == OrderPricing.FIXED_MONTHLY:
        _whole_months_check(start_date, end_date, errors)
    site = text_clean(site, "site", errors, max_length=200)
    errors.raise_if_any()
    with transaction.atomic():
        order = Order.objects.create(
            organization_id=user.organization_id,
            customer=customer,
            group=group,
            service_type=service_type,
            pricing=pricing,
            hourly_price=hourly,
            monthly_price=monthly,
            vat_percent=vat,
            start_date=start_date,
            end_date=end_date,
            site=site,
            created_by=user,
        )
        change_log_record(
            user=user, object_type="order", object_id=order.pk, action=ChangeAction.CREATE
        )
    return order


# --- Work logs -----------------------------------------------------------------------------


def _work_log_check(
    order: Order,
    member: GroupMember | None,
    day: datetime.date,
    hours,
    errors: FieldErrors,
    *,
    replacing: WorkLog | None = None,
) -> Decimal | None:
    hours = decimal_clean(
        hours, "hours", errors, low=Decimal("0.25"), high=MAX_HOURS_A_DAY, places="0.01"
    )
    if hours is None and "hours" not in errors.fields:
        errors.add("hours", _("This field is required."))
    if day < order.start_date or (order.end_date and day > order.end_date):
        errors.add("date", _("The day is outside the order's period."))
    elif day > today():
        errors.add("date", _("Hours are logged for days already worked."))
    if member is not None:
        if day < member.start_date or (member.end_date and day > member.end_date):
            errors.add("date", _("The member's employment does not cover this day."))
        elif hours is not None:
            others = WorkLog.objects.filter(
                member=member, date=day, superseded_by__isnull=True
            ).exclude(pk=getattr(replacing, "pk", None))
            if sum((log.hours for log in others), Decimal(0)) + hours > MAX_HOURS_A_DAY:
                errors.add("hours", _("More than 24 hours on one day."))
    return hours


def _locked_day_check(member: GroupMember, day: datetime.date) -> None:
    """In the write's transaction, under the client's lock (which marking a day present and
    ending the employment take too): no paid hours on a day the client is present in work
    activity (workactivity/rules.py), nor after an end of employment set meanwhile."""
    clients_lock([member.client_id])
    if has_work_activity_day(client_id=member.client_id, day=day):
        raise InvalidInput.for_field("date", work_activity_that_day())
    end = GroupMember.objects.values_list("end_date", flat=True).get(pk=member.pk)
    if end is not None and day > end:
        raise InvalidInput.for_field("date", _("The member's employment does not cover this day."))


def work_log_create(
    *, user: User, order: Order, member_id: int, date: datetime.date, hours
) -> WorkLog:
    require_group_work(user)
    errors = FieldErrors()
    member = errors.check(
        "member_id", member_for_work_log, user=user, order=order, member_id=member_id
    )
    hours = _work_log_check(order, member, date, hours, errors)
    errors.raise_if_any()
    with transaction.atomic():
        _locked_day_check(member, date)
        log = WorkLog.objects.create(
            order=order, member=member, date=date, hours=hours, created_by=user
        )
    access_log_record(
        user=user, client_ids=[member.client_id], action=AccessAction.CREATE, target="work_log"
    )
    return log


def work_log_correct(
    *,
    user: User,
    log: WorkLog,
    hours,
    reason: str,
    date: datetime.date | None = None,
) -> WorkLog:
    """Put right a row of hours: a new row replaces it, the old one stays with the reason.
    Hours already invoiced are corrected only after the invoice is credited (409)."""
    require_group_work(user)
    errors = FieldErrors()
    reason = text_clean(reason, "reason", errors, required=True, max_length=500)
    day = date or log.date
    hours = _work_log_check(log.order, log.member, day, hours, errors, replacing=log)
    errors.raise_if_any()
    with transaction.atomic():
        _locked_day_check(log.member, day)
        current = WorkLog.objects.select_for_update().get(pk=log.pk)
        if current.superseded_by_id is not None:
            raise Conflict(_("This row has already been corrected: correct the newest one."))
        if current.invoice_line_id is not None:
            raise Conflict(
                _("These hours are on an invoice: credit the invoice before correcting them.")
            )
        new = WorkLog.objects.create(
            order=log.order, member=log.member, date=day, hours=hours, created_by=user
        )
        current.superseded_by = new
        current.correction_reason = reason
        current.save(update_fields=["superseded_by", "correction_reason"])
    access_log_record(
        user=user, client_ids=[log.member.client_id], action=AccessAction.UPDATE, target="work_log"
    )
    return new


# --- Invoices ------------------------------------------------------------------------------


def _series_of(organization_id: int) -> None:
    """Make the organisation's number series once (two first runs at once: one wins)."""
    if not InvoiceNumberSeries.objects.filter(organization_id=organization_id).exists():
        try:
            with transaction.atomic():
                InvoiceNumberSeries.objects.create(organization_id=organization_id)
        except IntegrityError:
            pass


def invoicing_setting_for(user: User, day: datetime.date) -> InvoicingSetting:
    setting = invoicing_setting_on(organization_id=user.organization_id, day=day)
    if setting is None:
        raise InvalidInput.for_field(
            "iban", _("Give the organisation's invoicing details (IBAN) before invoicing.")
        )
    return setting


def _buyer_fields(customer: Employer) -> dict:
    billing = CustomerBilling.objects.filter(employer=customer).first()
    return {
        "customer": customer,
        "buyer_name": customer.name,
        "buyer_business_id": customer.business_id,
        "buyer_street_address": customer.street_address,
        "buyer_postal_code": customer.postal_code,
        "buyer_post_office": customer.post_office,
        "buyer_einvoice_address": billing.einvoice_address if billing else "",
        "buyer_operator_id": billing.operator_id if billing else "",
    }


def _seller_fields(user: User, setting: InvoicingSetting) -> dict:
    return {
        "organization_id": user.organization_id,
        "iban": setting.iban,
        "bic": setting.bic,
        "seller_name": user.organization.name,
        "seller_business_id": setting.business_id,
        "seller_street_address": setting.street_address,
        "seller_postal_code": setting.postal_code,
        "seller_post_office": setting.post_office,
    }


def _take_number(series: InvoiceNumberSeries) -> int:
    number = series.next_number
    series.next_number += 1
    return number


def _references(number: int) -> dict:
    reference, rf_reference = money.invoice_references(number)
    return {"reference_number": reference, "rf_reference": rf_reference}


def invoice_period_check(period_start: datetime.date, period_end: datetime.date) -> None:
    """The period of an invoice run: from 2000 on, at most a year (field errors)."""
    errors = FieldErrors()
    _date_check(period_start, "period_start", errors)
    if period_end < period_start:
        errors.add("period_end", _("The end date is before the start date."))
    elif (period_end - period_start).days > 366:
        errors.add("period_end", _("A period of at most a year."))
    errors.raise_if_any()


def invoice_run(
    *,
    user: User,
    period_start: datetime.date,
    period_end: datetime.date,
    invoice_date: datetime.date | None = None,
) -> list[Invoice]:
    """One invoice per customer for the hours of the period not yet invoiced (a line per
    order and VAT rate: the rate of the day of the work, or the order's own) and the months
    of fixed-price orders that begin in the period (a line per month, see billing.py). Run
    again, it finds nothing left and makes nothing. The number series is locked for the run:
    concurrent runs wait for each other and never share a number or an hour."""
    require_invoicing(user)
    invoice_period_check(period_start, period_end)
    invoice_date = invoice_date or today()
    setting = invoicing_setting_for(user, invoice_date)
    _series_of(user.organization_id)
    created: list[Invoice] = []
    with transaction.atomic():
        series = InvoiceNumberSeries.objects.select_for_update().get(
            organization_id=user.organization_id
        )
        # Read after the lock: a run that held it before has committed its lines.
        by_customer = billing.pending_lines(
            organization_id=user.organization_id, start=period_start, end=period_end
        )
        for lines in by_customer.values():
            created.append(
                _invoice_make(user, setting, series, lines, period_start, period_end, invoice_date)
            )
        series.save(update_fields=["next_number"])
    return created


def _invoice_make(
    user: User,
    setting: InvoicingSetting,
    series: InvoiceNumberSeries,
    lines: list[billing.PendingLine],
    period_start: datetime.date,
    period_end: datetime.date,
    invoice_date: datetime.date,
) -> Invoice:
    number = _take_number(series)
    invoice = Invoice.objects.create(
        number=number,
        kind=InvoiceKind.INVOICE,
        invoice_date=invoice_date,
        period_start=period_start,
        period_end=period_end,
        due_date=invoice_date + datetime.timedelta(days=setting.payment_term_days),
        total_excluding_vat=Decimal(0),
        vat_amount=Decimal(0),
        total=Decimal(0),
        created_by=user,
        **_references(number),
        **_seller_fields(user, setting),
        **_buyer_fields(lines[0].order.customer),
    )
    totals = [Decimal(0), Decimal(0), Decimal(0)]
    for position, pending in enumerate(lines, start=1):
        net, vat_amount, gross = pending.amounts
        line = InvoiceLine.objects.create(
            invoice=invoice,
            position=position,
            order=pending.order,
            description=pending.description,
            quantity=pending.quantity,
            unit=pending.unit,
            unit_price=pending.unit_price,
            vat_percent=pending.vat_percent,
            total_excluding_vat=net,
            vat_amount=vat_amount,
            total=gross,
        )
        if pending.work_logs:
            WorkLog.objects.filter(pk__in=[log.pk for log in pending.work_logs]).update(
                invoice_line=line
            )
        if pending.month is not None:
            FixedPriceCharge.objects.create(
                order=pending.order, month=pending.month, invoice_line=line
            )
        totals = [totals[0] + net, totals[1] + vat_amount, totals[2] + gross]
    invoice.total_excluding_vat, invoice.vat_amount, invoice.total = totals
    invoice.save(update_fields=["total_excluding_vat", "vat_amount", "total"])
    change_log_record(
        user=user, object_type="invoice", object_id=invoice.pk, action=ChangeAction.CREATE
    )
    return invoice


def invoice_credit(*, user: User, invoice: Invoice, invoice_date: datetime.date | None = None):
    """A credit note for the whole invoice, under a number of its own; the invoice itself
    stays as it was sent. Its hours are free again, to be corrected and invoiced anew."""
    require_invoicing(user)
    if invoice.kind != InvoiceKind.INVOICE:
        raise InvalidInput(_("A credit note cannot be credited."))
    invoice_date = invoice_date or today()
    _series_of(user.organization_id)
    with transaction.atomic():
        series = InvoiceNumberSeries.objects.select_for_update().get(
            organization_id=user.organization_id
        )
        if Invoice.objects.filter(credited_invoice=invoice).exists():
            raise Conflict(_("The invoice has already been credited."))
        number = _take_number(series)
        copied = {
            field: getattr(invoice, field)
            for field in (
                "organization_id",
                "customer_id",
                "period_start",
                "period_end",
                "iban",
                "bic",
                "seller_name",
                "seller_business_id",
                "seller_street_address",
                "seller_postal_code",
                "seller_post_office",
                "buyer_name",
                "buyer_business_id",
                "buyer_street_address",
                "buyer_postal_code",
                "buyer_post_office",
                "buyer_einvoice_address",
                "buyer_operator_id",
            )
        }
        credit = Invoice.objects.create(
            number=number,
            kind=InvoiceKind.CREDIT_NOTE,
            credited_invoice=invoice,
            invoice_date=invoice_date,
            due_date=invoice_date,
            total_excluding_vat=-invoice.total_excluding_vat,
            vat_amount=-invoice.vat_amount,
            total=-invoice.total,
            created_by=user,
            **_references(number),
            **copied,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=credit,
                position=line.position,
                order_id=line.order_id,
                description=line.description,
                quantity=-line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_percent=line.vat_percent,
                total_excluding_vat=-line.total_excluding_vat,
                vat_amount=-line.vat_amount,
                total=-line.total,
            )
            for line in invoice.lines.order_by("position")
        )
        WorkLog.objects.filter(invoice_line__invoice=invoice).update(invoice_line=None)
        FixedPriceCharge.objects.filter(invoice_line__invoice=invoice).update(credited=True)
        series.save(update_fields=["next_number"])
        change_log_record(
            user=user, object_type="invoice", object_id=credit.pk, action=ChangeAction.CREATE
        )
    return credit


def invoicing_setting_create(
    *,
    user: User,
    valid_from: datetime.date,
    iban: str,
    bic: str = "",
    business_id: str = "",
    payment_term_days: int = 14,
    street_address: str = "",
    postal_code: str = "",
    post_office: str = "",
) -> InvoicingSetting:
    """The organisation's invoicing details from a day on (a change is a new row)."""
    require_invoicing(user)
    errors = FieldErrors()
    try:
        iban = money.iban_clean(iban or "")
    except StdnumError:
        errors.add("iban", _("Not a valid IBAN: check the digits."))
    if business_id:
        from tyopolku.employers.services import business_id_clean

        business_id = errors.check("business_id", business_id_clean, business_id) or ""
    if not 0 <= int(payment_term_days) <= 365:
        errors.add("payment_term_days", _("At most %(n)s.") % {"n": 365})
    errors.raise_if_any()
    try:
        with transaction.atomic():
            setting = InvoicingSetting.objects.create(
                organization_id=user.organization_id,
                valid_from=valid_from,
                iban=iban,
                bic=(bic or "").strip().upper(),
                business_id=business_id,
                payment_term_days=payment_term_days,
                street_address=street_address,
                postal_code=postal_code,
                post_office=post_office,
            )
            change_log_record(
                user=user,
                object_type="invoicing_setting",
                object_id=setting.pk,
                action=ChangeAction.CREATE,
            )
    except IntegrityError:
        raise Conflict(_("There are already invoicing details from that day.")) from None
    return setting
