"""API of group work and invoicing (CONTRACT.md "Group work and invoicing"): groups and
their members, customers' orders and the hours worked on them, invoice runs, invoices as
JSON, PDF and Finvoice 3.0, and credit notes. Money is sent and answered as decimal strings."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import WithJsonSchema

from tyopolku.audit.models import AccessAction
from tyopolku.background.api import JobOut, job_out
from tyopolku.core.api import ERRORS, Id, Paging, PathId, choice, integer, paginated, text
from tyopolku.core.errors import InvalidInput
from tyopolku.employers.selectors import employer_get
from tyopolku.subcontracting import invoice_runs, selectors, services
from tyopolku.subcontracting.finvoice import finvoice_bytes
from tyopolku.subcontracting.models import (
    GroupMember,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    LineUnit,
    Order,
    OrderPricing,
    ServiceType,
    WorkGroup,
    WorkLog,
)
from tyopolku.subcontracting.pay import pay_summary
from tyopolku.subcontracting.pdf import invoice_pdf_response
from tyopolku.workactivity import selectors as workact_selectors
from tyopolku.workactivity.api import AgreementDetailOut, AgreementIn

router = Router(tags=["group work and invoicing"])

# A sum of money or hours as a decimal string, e.g. "32.50" (a JSON number is taken too);
# the services check the range of each.
MONEY_PATTERN = r"^-?[0-9]{1,7}(\.[0-9]{1,2})?$"
Money = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "maxLength": 11}),
]


def _money(value) -> str:
    return f"{value:.2f}"


def _optional_money(value) -> str | None:
    return None if value is None else _money(value)


class GroupIn(Schema):
    unit_id: Id
    name: text(200)
    service_type: choice(ServiceType)
    work_coach_id: Id | None = None
    peer_instructor_id: Id | None = None


class GroupOut(Schema):
    id: int
    unit_id: int
    name: str
    service_type: choice(ServiceType)
    work_coach_id: int | None
    peer_instructor_id: int | None


class GroupListOut(Schema):
    count: int
    items: list[GroupOut]


class MemberIn(Schema):
    client_id: Id
    start_date: datetime.date
    weekly_hours: Money
    pay_group: text(40)
    end_date: datetime.date | None = None


class MemberOut(Schema):
    id: int
    group_id: int
    client_id: int
    start_date: datetime.date
    end_date: datetime.date | None
    weekly_hours: str
    pay_group: str
    version: int

    @staticmethod
    def resolve_weekly_hours(member: GroupMember) -> str:
        return _money(member.weekly_hours)


class MemberEndIn(Schema):
    last_day: datetime.date
    version: integer(1, 2_000_000_000)


class MemberReturnIn(AgreementIn):
    """The last day of paid work and the terms of the agreement that follows (it starts the
    day after the last day unless `start_date` is given)."""

    last_day: datetime.date
    version: integer(1, 2_000_000_000)
    start_date: datetime.date | None = None


class MemberReturnOut(Schema):
    member: MemberOut
    agreement: AgreementDetailOut


class GroupDetailOut(GroupOut):
    members: list[MemberOut]


class OrderIn(Schema):
    customer_id: Id
    group_id: Id
    service_type: choice(ServiceType)
    start_date: datetime.date
    # Per hour (the default) or a fixed price per calendar month (`monthly_price`).
    pricing: choice(OrderPricing) = OrderPricing.HOURLY
    hourly_price: Money | None = None
    monthly_price: Money | None = None
    vat_percent: Money | None = None
    end_date: datetime.date | None = None
    site: text(200) | None = None


class OrderOut(Schema):
    id: int
    customer_id: int
    group_id: int
    service_type: choice(ServiceType)
    pricing: choice(OrderPricing)
    hourly_price: str | None
    monthly_price: str | None
    vat_percent: str | None
    start_date: datetime.date
    end_date: datetime.date | None
    site: str

    @staticmethod
    def resolve_hourly_price(order: Order) -> str | None:
        return _optional_money(order.hourly_price)

    @staticmethod
    def resolve_monthly_price(order: Order) -> str | None:
        return _optional_money(order.monthly_price)

    @staticmethod
    def resolve_vat_percent(order: Order) -> str | None:
        return None if order.vat_percent is None else f"{order.vat_percent:.1f}"


class OrderListOut(Schema):
    count: int
    items: list[OrderOut]


class WorkLogIn(Schema):
    member_id: Id
    date: datetime.date
    hours: Money


class WorkLogCorrectionIn(Schema):
    hours: Money
    reason: text(500)
    date: datetime.date | None = None


class WorkLogOut(Schema):
    id: int
    order_id: int
    member_id: int
    date: datetime.date
    hours: str
    invoiced: bool
    corrected_by_id: int | None
    correction_reason: str

    @staticmethod
    def resolve_hours(log: WorkLog) -> str:
        return _money(log.hours)

    @staticmethod
    def resolve_invoiced(log: WorkLog) -> bool:
        return log.invoice_line_id is not None

    @staticmethod
    def resolve_corrected_by_id(log: WorkLog) -> int | None:
        return log.superseded_by_id


class WorkLogListOut(Schema):
    count: int
    items: list[WorkLogOut]


class InvoiceRunIn(Schema):
    period_start: datetime.date
    period_end: datetime.date


class InvoiceSummaryOut(Schema):
    id: int
    number: int
    kind: choice(InvoiceKind)
    customer_id: int
    total_excluding_vat: str
    vat_amount: str
    total: str
    reference_number: str
    rf_reference: str
    due_date: datetime.date

    @staticmethod
    def resolve_total_excluding_vat(invoice: Invoice) -> str:
        return _money(invoice.total_excluding_vat)

    @staticmethod
    def resolve_vat_amount(invoice: Invoice) -> str:
        return _money(invoice.vat_amount)

    @staticmethod
    def resolve_total(invoice: Invoice) -> str:
        return _money(invoice.total)


class InvoiceRunOut(Schema):
    items: list[InvoiceSummaryOut]


class InvoiceListOut(Schema):
    count: int
    items: list[InvoiceSummaryOut]


class InvoiceLineOut(Schema):
    position: int
    order_id: int
    description: str
    quantity: str
    unit: choice(LineUnit)  # hours, or months of a fixed-price order
    hours: str | None  # the quantity of an hourly line (kept for earlier clients)
    unit_price: str
    vat_percent: str
    total_excluding_vat: str
    vat_amount: str
    total: str

    @staticmethod
    def resolve_quantity(line: InvoiceLine) -> str:
        return _money(line.quantity)

    @staticmethod
    def resolve_hours(line: InvoiceLine) -> str | None:
        return _money(line.quantity) if line.unit == LineUnit.HOUR else None

    @staticmethod
    def resolve_unit_price(line: InvoiceLine) -> str:
        return _money(line.unit_price)

    @staticmethod
    def resolve_vat_percent(line: InvoiceLine) -> str:
        return f"{line.vat_percent:.1f}"

    @staticmethod
    def resolve_total_excluding_vat(line: InvoiceLine) -> str:
        return _money(line.total_excluding_vat)

    @staticmethod
    def resolve_vat_amount(line: InvoiceLine) -> str:
        return _money(line.vat_amount)

    @staticmethod
    def resolve_total(line: InvoiceLine) -> str:
        return _money(line.total)


class InvoiceOut(InvoiceSummaryOut):
    invoice_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    iban: str
    bic: str
    seller_name: str
    seller_business_id: str
    buyer_name: str
    buyer_business_id: str
    buyer_einvoice_address: str
    buyer_operator_id: str
    credited_invoice_id: int | None
    credit_note_id: int | None
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_credit_note_id(invoice: Invoice) -> int | None:
        credit = getattr(invoice, "credit_note", None)
        return credit.pk if credit else None

    @staticmethod
    def resolve_lines(invoice: Invoice) -> list[InvoiceLine]:
        return list(invoice.lines.all())


class BillingIn(Schema):
    einvoice_address: text(40) | None = None
    operator_id: text(35) | None = None


class BillingOut(Schema):
    employer_id: int
    einvoice_address: str
    operator_id: str


# --- Groups --------------------------------------------------------------------------------


def _group_detail(request, group: WorkGroup) -> dict:
    return {
        **GroupOut.from_orm(group).dict(),
        "members": selectors.member_list(user=request.user, group=group),
    }


@router.post("/subcontracting/groups", response={201: GroupOut, **ERRORS})
def create_group(request, payload: GroupIn):
    """A group of a unit; `service_type` ∈ cleaning, property_maintenance, renovation,
    cafe, assisting."""
    return Status(201, services.work_group_create(user=request.user, **payload.dict()))


@router.get("/subcontracting/groups", response={200: GroupListOut, **ERRORS})
def list_groups(request, params: Query[Paging]):
    return paginated(selectors.group_list(user=request.user), params)


@router.get("/subcontracting/groups/{group_id}", response={200: GroupDetailOut, **ERRORS})
def get_group(request, group_id: PathId):
    """The group with the members the caller may see (the client relationship)."""
    return _group_detail(request, selectors.group_get(user=request.user, group_id=group_id))


@router.post("/subcontracting/groups/{group_id}/members", response={201: MemberOut, **ERRORS})
def add_member(request, group_id: PathId, payload: MemberIn):
    """Employ a client in the group (the employment contract). A client outside the
    caller's client relationship → 404."""
    group = selectors.group_get(user=request.user, group_id=group_id)
    member = services.group_member_add(user=request.user, group=group, **payload.dict())
    return Status(201, member)


@router.post(
    "/subcontracting/groups/{group_id}/members/{member_id}/end",
    response={200: MemberOut, **ERRORS},
)
def end_member(request, group_id: PathId, member_id: PathId, payload: MemberEndIn):
    """End the member's employment on `last_day` (not before a day with hours logged: 422
    `last_day`); a stale `version` → 409."""
    group = selectors.group_get(user=request.user, group_id=group_id)
    member = selectors.member_get(
        user=request.user, group=group, member_id=member_id, action=AccessAction.UPDATE
    )
    return services.group_member_end(user=request.user, member=member, **payload.dict())


@router.post(
    "/subcontracting/groups/{group_id}/members/{member_id}/return-to-work-activity",
    response={201: MemberReturnOut, **ERRORS},
)
def return_member_to_work_activity(
    request, group_id: PathId, member_id: PathId, payload: MemberReturnIn
):
    """The member returns to work activity: the employment ends on `last_day` and a work
    activity agreement begins under the client's open work-activity enrollment (none → 422
    `enrollment`), both in one transaction: invalid terms (422 naming the field) or a stale
    `version` (409) leave the employment as it was."""
    group = selectors.group_get(user=request.user, group_id=group_id)
    member = selectors.member_get(
        user=request.user, group=group, member_id=member_id, action=AccessAction.UPDATE
    )
    agreement = services.group_member_return_to_work_activity(
        user=request.user, member=member, **payload.dict()
    )
    return Status(
        201,
        {
            "member": selectors.member_get(user=request.user, group=group, member_id=member.pk),
            "agreement": workact_selectors.agreement_get(
                user=request.user, agreement_id=agreement.pk
            ),
        },
    )


# --- Orders and work logs ------------------------------------------------------------------


@router.post("/orders", response={201: OrderOut, **ERRORS})
def create_order(request, payload: OrderIn):
    """`customer_id` is an employer of the organisation's register; prices exclude VAT.
    `pricing` "hourly" (the default) bills the hours at `hourly_price`; "fixed_monthly" bills
    `monthly_price` for each calendar month (start on a month's first day, end on a last).
    Without `vat_percent` the general rate in force applies."""
    return Status(201, services.order_create(user=request.user, **payload.dict()))


@router.get("/orders", response={200: OrderListOut, **ERRORS})
def list_orders(request, params: Query[Paging]):
    return paginated(selectors.order_list(user=request.user), params)


@router.get("/orders/{order_id}", response={200: OrderOut, **ERRORS})
def get_order(request, order_id: PathId):
    return selectors.order_get(user=request.user, order_id=order_id)


@router.post("/orders/{order_id}/work-logs", response={201: WorkLogOut, **ERRORS})
def create_work_log(request, order_id: PathId, payload: WorkLogIn):
    order = selectors.order_get(user=request.user, order_id=order_id)
    return Status(201, services.work_log_create(user=request.user, order=order, **payload.dict()))


@router.get("/orders/{order_id}/work-logs", response={200: WorkLogListOut, **ERRORS})
def list_work_logs(request, order_id: PathId, params: Query[Paging]):
    """Every row, corrected ones too (`corrected_by_id` names the row that replaced one)."""
    order = selectors.order_get(user=request.user, order_id=order_id)
    return paginated(selectors.work_log_list(user=request.user, order=order), params)


@router.post("/work-logs/{work_log_id}/corrections", response={201: WorkLogOut, **ERRORS})
def correct_work_log(request, work_log_id: PathId, payload: WorkLogCorrectionIn):
    """A new row replaces the old one, which stays with the reason. Hours on an invoice →
    409 (credit the invoice first)."""
    log = selectors.work_log_get(user=request.user, work_log_id=work_log_id)
    return Status(201, services.work_log_correct(user=request.user, log=log, **payload.dict()))


# --- Pay summary ---------------------------------------------------------------------------

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class PaySummaryParams(Schema):
    month: text(7, MONTH_PATTERN)


class PayRowOut(Schema):
    member_id: int
    client_id: int
    group_id: int
    order_id: int
    customer_name: str
    pay_group: str
    hours: str
    hourly_wage: str | None
    gross: str | None


class PayTotalOut(Schema):
    id: int
    name: str
    hours: str
    gross: str
    hours_without_wage: str


class UnitBudgetOut(PayTotalOut):
    budget: str | None
    used_this_year: str
    remaining: str | None


class PaySummaryOut(Schema):
    month: str
    rows: list[PayRowOut]
    groups: list[PayTotalOut]
    units: list[UnitBudgetOut]


def _total_out(total) -> dict:
    return {
        "id": total.id,
        "name": total.name,
        "hours": _money(total.hours),
        "gross": _money(total.gross),
        "hours_without_wage": _money(total.missing_wage_hours),
    }


@router.get("/subcontracting/pay-summary", response={200: PaySummaryOut, **ERRORS})
def get_pay_summary(request, params: Query[PaySummaryParams]):
    """The members' gross pay of `month` (YYYY-MM): hours × the pay group's wage of each day,
    per member and order (members the caller may see), totals per group and unit, and each
    unit's wage budget of the year against what is used."""
    try:
        year, month = (int(part) for part in params.month.split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = None
    if first is None or not 2000 <= first.year <= 2100:
        raise InvalidInput.for_field("month", _("A month as YYYY-MM, from 2000 to 2100."))
    summary = pay_summary(user=request.user, month=first)
    return {
        "month": params.month,
        "rows": [
            {
                "member_id": row.member.pk,
                "client_id": row.member.client_id,
                "group_id": row.member.group_id,
                "order_id": row.order_id,
                "customer_name": row.customer_name,
                "pay_group": row.member.pay_group,
                "hours": _money(row.hours),
                "hourly_wage": _optional_money(row.hourly_wage),
                "gross": _optional_money(row.gross),
            }
            for row in summary.rows
        ],
        "groups": [_total_out(total) for total in summary.groups],
        "units": [
            {
                **_total_out(unit),
                "budget": _optional_money(unit.budget),
                "used_this_year": _money(unit.used_this_year),
                "remaining": _optional_money(unit.remaining),
            }
            for unit in summary.units
        ],
    }


# --- Customers' invoicing details ----------------------------------------------------------


@router.put("/subcontracting/customers/{employer_id}/billing", response={200: BillingOut, **ERRORS})
def set_billing(request, employer_id: PathId, payload: BillingIn):
    """The customer's e-invoice address (OVT code or `0216:` + OVT) and operator id."""
    employer = employer_get(user=request.user, employer_id=employer_id)
    billing = services.customer_billing_set(user=request.user, employer=employer, **payload.dict())
    return {
        "employer_id": employer.pk,
        "einvoice_address": billing.einvoice_address,
        "operator_id": billing.operator_id,
    }


# --- Invoices ------------------------------------------------------------------------------


@router.post("/invoices/run", response={201: InvoiceRunOut, **ERRORS})
def run_invoices(request, payload: InvoiceRunIn):
    """One invoice per customer for the hours of the period not yet invoiced; run again,
    it makes nothing new (`items` is empty)."""
    invoices = services.invoice_run(user=request.user, **payload.dict())
    return Status(201, {"items": invoices})


@router.post("/invoices/run-jobs", response={202: JobOut, **ERRORS})
def run_invoices_job(request, payload: InvoiceRunIn):
    """The same run made by the background worker: answers at once with the job to poll
    (`GET /jobs/{job_id}`); when it is `done`, its `created_ids` are the invoices made (the
    same as `POST /invoices/run` would make). 409 while another run of the organisation is
    queued or running; a failed run made nothing and can be started again."""
    job = invoice_runs.invoice_run_start(user=request.user, **payload.dict())
    return Status(202, job_out(job))


@router.get("/invoices", response={200: InvoiceListOut, **ERRORS})
def list_invoices(request, params: Query[Paging]):
    return paginated(selectors.invoice_list(user=request.user), params)


@router.get("/invoices/{invoice_id}", response={200: InvoiceOut, **ERRORS})
def get_invoice(request, invoice_id: PathId):
    return selectors.invoice_get(user=request.user, invoice_id=invoice_id)


@router.get(
    "/invoices/{invoice_id}/pdf",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def invoice_pdf(request, invoice_id: PathId):
    return invoice_pdf_response(
        request, selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    )


@router.get(
    "/invoices/{invoice_id}/finvoice",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {200: {"content": {"application/xml": {}}}}},
)
def invoice_finvoice(request, invoice_id: PathId):
    """The invoice as a Finvoice 3.0 message."""
    invoice = selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    response = HttpResponse(finvoice_bytes(invoice), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="finvoice-{invoice.number}.xml"'
    return response


@router.post("/invoices/{invoice_id}/credit", response={201: InvoiceOut, **ERRORS})
def credit_invoice(request, invoice_id: PathId):
    """A credit note of the whole invoice (the invoice itself is never changed); crediting
    twice → 409."""
    invoice = selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    credit = services.invoice_credit(user=request.user, invoice=invoice)
    return Status(201, selectors.invoice_get(user=request.user, invoice_id=credit.pk))
