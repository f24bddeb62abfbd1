"""Pages of group work: groups and their members, orders with quick entry of hours (made for
a phone), the invoice run and the invoices with their PDF and Finvoice downloads."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.selectors import unit_list
from tyopolku.audit.models import AccessAction
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.core.params import month_param
from tyopolku.core.views import Page, domain_errors_to_http, form_submit, make_page, page_offset
from tyopolku.employers.selectors import employer_get, employers_of
from tyopolku.files import spreadsheets
from tyopolku.subcontracting import invoice_runs, pay, selectors, services
from tyopolku.subcontracting.access import require_invoicing
from tyopolku.subcontracting.finvoice import finvoice_bytes
from tyopolku.subcontracting.forms import (
    BillingForm,
    GroupForm,
    InvoiceRunForm,
    MemberForm,
    MemberReturnForm,
    OrderForm,
    WorkLogForm,
)
from tyopolku.subcontracting.models import CustomerBilling
from tyopolku.subcontracting.pdf import invoice_pdf_response
from tyopolku.workactivity.selectors import agreements_in_force_of

PAGE_SIZE = 50


def _page_of(request: HttpRequest, rows: QuerySet) -> tuple[list, Page]:
    """One page of an organisation's list (groups, orders, invoices: no client data)."""
    offset = page_offset(request)
    items = list(rows[offset : offset + PAGE_SIZE])
    count = rows.count()
    return items, make_page(request, offset=offset, limit=PAGE_SIZE, count=count)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def group_list(request: HttpRequest) -> HttpResponse:
    groups, page = _page_of(request, selectors.group_list(user=request.user))
    units = unit_list(user=request.user)
    form = GroupForm(request.POST or None, units=units)
    if request.method == "POST":
        done, group = form_submit(
            form, lambda data: services.work_group_create(user=request.user, **data)
        )
        if done:
            messages.success(request, _("Group created."))
            return redirect("subcontracting_group", group_id=group.pk)
    return render(
        request,
        "subcontracting/group_list.html",
        {"groups": groups, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = selectors.group_get(user=request.user, group_id=group_id)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        done, _member = form_submit(
            form,
            lambda data: services.group_member_add(user=request.user, group=group, **data),
        )
        if done:
            messages.success(request, _("Member added."))
            return redirect("subcontracting_group", group_id=group.pk)
    members = selectors.member_list(user=request.user, group=group)
    # Members who keep work activity days alongside paid work: their agreement in force.
    agreements = agreements_in_force_of(
        user=request.user, client_ids=[m.client_id for m in members], day=today()
    )
    orders = list(selectors.order_list(user=request.user).filter(group=group))
    return render(
        request,
        "subcontracting/group_detail.html",
        {
            "group": group,
            "members": [(m, agreements.get(m.client_id)) for m in members],
            "orders": orders,
            "form": form,
            "today": today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def member_return(request: HttpRequest, group_id: int, member_id: int) -> HttpResponse:
    """The member returns to work activity: the employment ends and an agreement begins."""
    action = AccessAction.UPDATE if request.method == "POST" else AccessAction.READ
    group = selectors.group_get(user=request.user, group_id=group_id)
    member = selectors.member_get(
        user=request.user, group=group, member_id=member_id, action=action
    )
    form = MemberReturnForm(request.POST or None, initial={"version": member.version})
    if request.method == "POST":
        done, agreement = form_submit(
            form,
            lambda data: services.group_member_return_to_work_activity(
                user=request.user, member=member, **data
            ),
        )
        if done:
            messages.success(request, _("The employment ended and the agreement was saved."))
            return redirect("workact_agreement", agreement_id=agreement.pk)
    return render(
        request,
        "subcontracting/member_return.html",
        {"group": group, "member": member, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def order_list(request: HttpRequest) -> HttpResponse:
    orders, page = _page_of(request, selectors.order_list(user=request.user))
    customers = employers_of(request.user)
    groups = selectors.group_list(user=request.user)
    form = OrderForm(request.POST or None, customers=customers, groups=groups)
    if request.method == "POST":
        done, order = form_submit(
            form, lambda data: services.order_create(user=request.user, **data)
        )
        if done:
            messages.success(request, _("Order saved."))
            return redirect("subcontracting_order", order_id=order.pk)
    return render(
        request,
        "subcontracting/order_list.html",
        {"orders": orders, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = selectors.order_get(user=request.user, order_id=order_id)
    members = [
        m
        for m in selectors.member_list(user=request.user, group=order.group)
        if m.end_date is None or m.end_date >= order.start_date
    ]
    form = WorkLogForm(request.POST or None, members=members, initial={"date": today().isoformat()})
    if request.method == "POST":
        done, _log = form_submit(
            form, lambda data: services.work_log_create(user=request.user, order=order, **data)
        )
        if done:
            messages.success(request, _("Hours saved."))
            return redirect("subcontracting_order", order_id=order.pk)
    offset = page_offset(request)
    count, logs = selectors.work_log_page(
        user=request.user, order=order, offset=offset, limit=PAGE_SIZE
    )
    page = make_page(request, offset=offset, limit=PAGE_SIZE, count=count)
    return render(
        request,
        "subcontracting/order_detail.html",
        {"order": order, "logs": logs, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def invoice_list(request: HttpRequest) -> HttpResponse:
    invoices, page = _page_of(request, selectors.invoice_list(user=request.user))
    form = InvoiceRunForm(request.POST or None)
    if request.method == "POST":
        # The background worker makes the invoices; the job's page shows how far it got.
        done, job = form_submit(
            form, lambda data: invoice_runs.invoice_run_start(user=request.user, **data)
        )
        if done:
            return redirect("job_status", job_id=job.pk)
    return render(
        request,
        "subcontracting/invoice_list.html",
        {"invoices": invoices, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    return render(
        request,
        "subcontracting/invoice_detail.html",
        {"invoice": invoice, "lines": list(invoice.lines.all())},
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return invoice_pdf_response(
        request, selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def invoice_finvoice(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    response = HttpResponse(finvoice_bytes(invoice), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="finvoice-{invoice.number}.xml"'
    return response


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def invoice_credit(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, invoice_id=invoice_id)
    try:
        credit = services.invoice_credit(user=request.user, invoice=invoice)
    except (InvalidInput, Conflict) as error:
        messages.error(request, error.message)
        return redirect("invoice_detail", invoice_id=invoice.pk)
    messages.success(request, _("Credit note made."))
    return redirect("invoice_detail", invoice_id=credit.pk)


def _month_of(request: HttpRequest) -> datetime.date:
    """`?month=YYYY-MM`, else this month (a value that is no month is ignored)."""
    return month_param(request.GET.get("month")) or today().replace(day=1)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def pay_summary_page(request: HttpRequest) -> HttpResponse:
    summary = pay.pay_summary(user=request.user, month=_month_of(request))
    return render(request, "subcontracting/pay_summary.html", {"summary": summary})


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def pay_summary_csv(request: HttpRequest) -> HttpResponse:
    """The month's rows for the payroll system (members the user may see; logged as export).
    POST (the page's button): made by the background worker, shown on the job's page.
    GET: the file at once."""
    if request.method == "POST":
        job = pay.pay_export_start(user=request.user, month=_month_of(request))
        return redirect("job_status", job_id=job.pk)
    summary = pay.pay_summary(user=request.user, month=_month_of(request))
    response = HttpResponse(content_type=spreadsheets.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{pay.pay_csv_name(summary)}"'
    response.write("\ufeff")  # Excel reads UTF-8 by its byte-order mark
    writer = spreadsheets.CsvWriter(response, delimiter=";")
    writer.writerow(pay.PAY_CSV_HEADER)
    writer.writerows(pay.pay_csv_rows(summary))
    pay.pay_csv_logged(user=request.user, summary=summary)
    return response


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def customer_billing(request: HttpRequest, employer_id: int) -> HttpResponse:
    """A customer's e-invoice address and operator (administrators and supervisors)."""
    require_invoicing(request.user)
    employer = employer_get(user=request.user, employer_id=employer_id)
    billing = CustomerBilling.objects.filter(employer=employer).first()
    initial = (
        {"einvoice_address": billing.einvoice_address, "operator_id": billing.operator_id}
        if billing
        else {}
    )
    form = BillingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done, _billing = form_submit(
            form,
            lambda data: services.customer_billing_set(
                user=request.user, employer=employer, **data
            ),
        )
        if done:
            messages.success(request, _("Invoicing details saved."))
            return redirect("customer_billing", employer_id=employer.pk)
    return render(
        request, "subcontracting/customer_billing.html", {"employer": employer, "form": form}
    )
