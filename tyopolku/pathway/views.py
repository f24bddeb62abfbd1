"""Pages of the client's path: the caseload, enrollments with their start steps, visits."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, SEES_ALL_CLIENTS
from tyopolku.audit.models import AccessAction
from tyopolku.clients.selectors import client_get
from tyopolku.core.dates import today
from tyopolku.core.errors import InvalidInput
from tyopolku.core.views import domain_errors_to_http, form_submit, is_htmx_fragment
from tyopolku.pathway import selectors, services
from tyopolku.pathway.forms import (
    CaseloadFilterForm,
    EmploymentForm,
    EnrollmentEndForm,
    EnrollmentForm,
    IntakeStepForm,
    StartServiceForm,
    VisitForm,
)
from tyopolku.pathway.models import Enrollment, LegalBasis, Phase, ServiceModel
from tyopolku.pathway.selectors import (
    enrollment_get,
    enrollment_with_status,
    visit_basis_preview,
    visit_list,
)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def caseload(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"has_client_access": user.role in CLIENT_RECORD_ROLES, "rows": [], "filter": None}
    if context["has_client_access"]:
        coach_id = None
        if user.role in SEES_ALL_CLIENTS:
            context["filter"] = CaseloadFilterForm(request.GET, user=user)
            coach_id = context["filter"].coach_id()
        context["rows"] = selectors.caseload(user=user, coach_id=coach_id)
    if is_htmx_fragment(request):
        return render(request, "pathway/_caseload_table.html", context)
    return render(request, "pathway/caseload.html", context)


def _enrollment_form_page(request, client, form, status=200) -> HttpResponse:
    return render(
        request, "pathway/enrollment_form.html", {"client": client, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def enrollment_create(request: HttpRequest, client_id: int) -> HttpResponse:
    if request.method == "GET":
        client = client_get(user=request.user, client_id=client_id)
        return _enrollment_form_page(request, client, EnrollmentForm(user=request.user))
    # A save is logged as the creation it attempts, refused or not (never as a read).
    client = client_get(
        user=request.user, client_id=client_id, target="enrollment", action=AccessAction.CREATE
    )
    form = EnrollmentForm(request.POST, user=request.user)
    ok, enrollment = form_submit(
        form,
        lambda data: services.enrollment_create(user=request.user, client=client, **data),
    )
    if not ok:
        return _enrollment_form_page(request, client, form, status=422)
    messages.success(request, _("Enrollment added."))
    return redirect("enrollment_detail", enrollment_id=enrollment.pk)


def _step_rows(enrollment: Enrollment, failed: IntakeStepForm | None, failed_number: int | None):
    """Each start step with its definition and, while open, its "done" form."""
    rows = []
    for step in enrollment.intake_steps.all():
        form = None
        if step.done_on is None and enrollment.end_date is None:
            form = (
                failed
                if step.number == failed_number
                else IntakeStepForm(prefix=f"step{step.number}")
            )
        rows.append((step, step.definition, form))
    return rows


def _enrollment_context(
    enrollment: Enrollment, *, step_form=None, step_number=None, **forms
) -> dict:
    enrollment, status = enrollment_with_status(enrollment)
    is_open = enrollment.end_date is None
    in_intake = status.phase == Phase.INTAKE
    return {
        "enrollment": enrollment,
        "status": status,
        "is_ips": enrollment.service_model == ServiceModel.IPS,
        "steps": _step_rows(enrollment, step_form, step_number),
        "visits": visit_list(enrollment=enrollment),
        "employment_form": (
            forms.get("employment_form", EmploymentForm())
            if is_open and status.phase in (Phase.INTAKE, Phase.JOB_SEARCH)
            else None
        ),
        "end_form": forms.get("end_form", EnrollmentEndForm()) if is_open else None,
        "start_form": (
            forms.get("start_form", StartServiceForm())
            if is_open and in_intake and enrollment.service_model != ServiceModel.IPS
            else None
        ),
    }


def _enrollment_page(request, enrollment: Enrollment, status=200, **forms) -> HttpResponse:
    return render(
        request,
        "pathway/enrollment_detail.html",
        _enrollment_context(enrollment, **forms),
        status=status,
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def enrollment_detail(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    return _enrollment_page(request, enrollment_get(user=request.user, enrollment_id=enrollment_id))


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def intake_step_done(request: HttpRequest, enrollment_id: int, number: int) -> HttpResponse:
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="intake_step",
        action=AccessAction.UPDATE,
    )
    form = IntakeStepForm(request.POST, prefix=f"step{number}")
    ok, _step = form_submit(
        form,
        lambda data: services.intake_step_mark_done(
            user=request.user, enrollment=enrollment, number=number, done_on=data["done_on"]
        ),
    )
    if not is_htmx_fragment(request):
        if ok:
            return redirect("enrollment_detail", enrollment_id=enrollment.pk)
        return _enrollment_page(request, enrollment, status=422, step_form=form, step_number=number)
    if ok:  # the steps and perhaps the phase changed: read them again
        enrollment = enrollment_get(user=request.user, enrollment_id=enrollment_id)
        return render(request, "pathway/_checklist.html", _enrollment_context(enrollment))
    context = _enrollment_context(enrollment, step_form=form, step_number=number)
    return render(request, "pathway/_checklist.html", context, status=422)


def _enrollment_action(
    request, enrollment_id: int, form_class, form_name: str, action, target: str = "enrollment"
):
    """Post one of the enrollment page's forms: back to the page, or the page with errors.
    Logged as the update of `target` it attempts, refused or not."""
    enrollment = enrollment_get(
        user=request.user, enrollment_id=enrollment_id, target=target, action=AccessAction.UPDATE
    )
    form = form_class(request.POST)
    ok, _result = form_submit(form, lambda data: action(enrollment, data))
    if not ok:
        return _enrollment_page(request, enrollment, status=422, **{form_name: form})
    return redirect("enrollment_detail", enrollment_id=enrollment.pk)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def enrollment_employment(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    def record(enrollment, data):
        services.enrollment_record_employment(
            user=request.user, enrollment=enrollment, start_date=data["start_date"]
        )
        messages.success(request, _("Employment recorded: follow-along support starts."))

    return _enrollment_action(
        request, enrollment_id, EmploymentForm, "employment_form", record, target="employment"
    )


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def enrollment_end(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    def end(enrollment, data):
        services.enrollment_end(
            user=request.user,
            enrollment=enrollment,
            end_date=data["end_date"],
            reason=data["reason"],
        )
        messages.success(request, _("The enrollment was ended."))

    return _enrollment_action(request, enrollment_id, EnrollmentEndForm, "end_form", end)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def enrollment_start(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    def start(enrollment, data):
        services.enrollment_start_job_search(
            user=request.user, enrollment=enrollment, on=data["date"]
        )
        messages.success(request, _("The service started."))

    return _enrollment_action(request, enrollment_id, StartServiceForm, "start_form", start)


def _basis_context(enrollment: Enrollment, day: datetime.date | None) -> dict:
    """What the visit form says about the date: the legal basis, or why it is refused."""
    if day is None:
        return {"refusal": _("Enter a valid date.")}
    if day > today():
        return {"refusal": _("The date cannot be in the future.")}
    try:
        basis = visit_basis_preview(enrollment=enrollment, day=day)
    except InvalidInput as error:
        return {"refusal": error.fields.get("date", error.message)}
    return {"legal_basis": basis.legal_basis.label, "service_task": basis.service_task.label}


def _visit_form(enrollment: Enrollment, data=None) -> VisitForm:
    return VisitForm(data, basis_url=reverse("visit_basis", args=[enrollment.pk]))


def _visit_form_page(request, enrollment, form, day, status=200) -> HttpResponse:
    context = {"enrollment": enrollment, "form": form, **_basis_context(enrollment, day)}
    return render(request, "pathway/visit_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def visit_create(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    if request.method == "GET":
        enrollment = enrollment_get(user=request.user, enrollment_id=enrollment_id, target="visits")
        return _visit_form_page(request, enrollment, _visit_form(enrollment), today())
    # A save is logged as the visit it attempts to create, refused or not (never as a read).
    enrollment = enrollment_get(
        user=request.user, enrollment_id=enrollment_id, target="visit", action=AccessAction.CREATE
    )
    form = _visit_form(enrollment, request.POST)
    ok, visit = form_submit(
        form,
        lambda data: services.visit_create(user=request.user, enrollment=enrollment, **data),
    )
    if not ok:
        day = form.cleaned_data.get("date")
        return _visit_form_page(request, enrollment, form, day, status=422)
    messages.success(
        request,
        _("Visit saved. Legal basis: %(basis)s") % {"basis": LegalBasis(visit.legal_basis).label},
    )
    return redirect("enrollment_detail", enrollment_id=enrollment.pk)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def visit_basis(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = enrollment_get(user=request.user, enrollment_id=enrollment_id, target="visits")
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = None
    return render(request, "pathway/_visit_basis.html", _basis_context(enrollment, day))
