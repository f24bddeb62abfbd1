"""Pages of the client's path: the caseload, enrollments with their start steps, visits."""

import datetime
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, SEES_ALL_CLIENTS, Role
from tyopolku.audit.models import AccessAction
from tyopolku.clients.selectors import client_get
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.core.views import (
    domain_errors_to_http,
    form_submit,
    is_htmx_fragment,
    make_page,
    page_offset,
)
from tyopolku.pathway import selectors, services
from tyopolku.pathway.forms import (
    CaseloadFilterForm,
    CoachChangeForm,
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
    enrollment_refresh,
    enrollment_with_status,
    visit_basis_preview,
    visit_list,
)

# The caseload's columns in order: (sort key or None, heading).
_CASELOAD_COLUMNS = (
    ("name", gettext_lazy("Client")),
    (None, gettext_lazy("Service model")),
    ("phase", gettext_lazy("Phase")),
    (None, gettext_lazy("Days in phase")),
    ("start", gettext_lazy("Start date")),
    ("last_visit", gettext_lazy("Last visit")),
    (None, gettext_lazy("Next step")),
    ("coach", gettext_lazy("Job coach")),
)


@dataclass(frozen=True)
class SortColumn:
    key: str | None
    heading: str
    href: str  # the link that sorts by it (ascending, or descending when already ascending)
    aria_sort: str  # "ascending" | "descending" | ""


def _sort_columns(request: HttpRequest, sort: str, team: bool) -> list[SortColumn]:
    kept = [(name, request.GET[name]) for name in ("unit", "coach") if request.GET.get(name)]
    columns = []
    for key, heading in _CASELOAD_COLUMNS:
        if key == "coach" and not team:
            continue  # a coach's own clients all have the same coach
        aria_sort = href = ""
        if key is not None:
            if sort.removeprefix("-") == key:
                aria_sort = "descending" if sort.startswith("-") else "ascending"
            next_sort = f"-{key}" if sort == key else key
            href = "?" + urlencode([*kept, ("sort", next_sort)])
        columns.append(SortColumn(key, str(heading), href, aria_sort))
    return columns


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def caseload(request: HttpRequest) -> HttpResponse:
    """The front page: a coach's own clients, the team's for supervisors and administrators,
    a welcome for the roles that see no client records."""
    user = request.user
    if user.role not in CLIENT_RECORD_ROLES:
        return render(request, "pathway/welcome.html", {"role": Role(user.role).label})
    if user.role == Role.CASE_MANAGER:
        from tyopolku.workability.views import case_caseload  # workability builds on pathway

        return case_caseload(request)
    team = user.role in SEES_ALL_CLIENTS
    sort = selectors.caseload_sort(request.GET.get("sort"))
    filter_form, coach_id, unit_id = None, None, None
    if team:
        filter_form = CaseloadFilterForm(request.GET, user=user)
        unit_id = filter_form.unit_id()
        counts = selectors.caseload_coach_counts(user=user, unit_id=unit_id)
        filter_form.set_coaches(user=user, counts=counts)
        coach_id = filter_form.coach_id()
    offset, limit = page_offset(request), selectors.CASELOAD_PAGE_SIZE
    count = selectors.caseload_count(user=user, coach_id=coach_id, unit_id=unit_id)
    context = {
        "team": team,
        "filter": filter_form,
        "sort": sort,
        "columns": _sort_columns(request, sort, team),
        "rows": selectors.caseload(
            user=user, coach_id=coach_id, unit_id=unit_id, sort=sort, offset=offset, limit=limit
        ),
        "page": make_page(
            request, offset=offset, limit=limit, count=count, keep=("unit", "coach", "sort")
        ),
    }
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


def _step_rows(
    enrollment: Enrollment,
    failed: IntakeStepForm | None,
    failed_number: int | None,
    undo_error: tuple[int, str] | None = None,
):
    """Each start step with its definition, its date form while the enrollment is open
    ("done" for an open step, "change the date" for a done one) and its undo error."""
    rows = []
    for step in enrollment.intake_steps.all():
        form = None
        if enrollment.end_date is None:
            form = (
                failed
                if step.number == failed_number
                else IntakeStepForm(
                    prefix=f"step{step.number}",
                    initial={"done_on": step.done_on} if step.done_on else None,
                )
            )
        error = undo_error[1] if undo_error and undo_error[0] == step.number else ""
        rows.append((step, step.definition, form, error))
    return rows


def _enrollment_context(
    enrollment: Enrollment, *, step_form=None, step_number=None, undo_error=None, **forms
) -> dict:
    enrollment, status = enrollment_with_status(enrollment)
    is_open = enrollment.end_date is None
    in_intake = status.phase == Phase.INTAKE
    return {
        "enrollment": enrollment,
        "status": status,
        "is_ips": enrollment.service_model == ServiceModel.IPS,
        "steps": _step_rows(enrollment, step_form, step_number, undo_error),
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
        "coach_form": forms.get("coach_form"),  # one sent back with errors; see coach_tags
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


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def intake_step_undo(request: HttpRequest, enrollment_id: int, number: int) -> HttpResponse:
    """A start step marked done by mistake is open again (the date is corrected through
    `intake_step_done`)."""
    enrollment = enrollment_get(
        user=request.user, enrollment_id=enrollment_id, target="intake_step",
        action=AccessAction.UPDATE,
    )
    try:
        services.intake_step_undo(user=request.user, enrollment=enrollment, number=number)
    except (InvalidInput, Conflict) as error:
        message = error.fields.get("number", error.message)
        context = _enrollment_context(enrollment, undo_error=(number, message))
        if is_htmx_fragment(request):
            return render(request, "pathway/_checklist.html", context, status=422)
        return render(request, "pathway/enrollment_detail.html", context, status=422)
    if is_htmx_fragment(request):
        enrollment = enrollment_refresh(enrollment)
        return render(request, "pathway/_checklist.html", _enrollment_context(enrollment))
    messages.success(request, _("Start step %(n)s is open again.") % {"n": number})
    return redirect("enrollment_detail", enrollment_id=enrollment.pk)


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


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def enrollment_coach(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    def change(enrollment, data):
        services.enrollment_coach_change(
            user=request.user, enrollment=enrollment, coach_id=data["coach_id"]
        )
        messages.success(request, _("The coach was changed."))

    form_class = functools.partial(CoachChangeForm, user=request.user)
    return _enrollment_action(request, enrollment_id, form_class, "coach_form", change)


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
    # The step agreed last time stays until the coach changes or clears it.
    initial = {"next_action": enrollment.next_action, "next_action_on": enrollment.next_action_on}
    return VisitForm(data, basis_url=reverse("visit_basis", args=[enrollment.pk]), initial=initial)


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
    # Back to the enrollment page at the new row, which focus.js focuses.
    page = reverse("enrollment_detail", args=[enrollment.pk])
    return redirect(f"{page}#visit-{visit.pk}")


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
