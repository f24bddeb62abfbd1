"""Pages of the work-ability support team: the client's work-ability page (case manager and
personal worker, assessments, plans, referrals), their forms, the printable plan and the
referral lists of the receiving and sending units."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, SEES_ALL_CLIENTS
from tyopolku.accounts.selectors import unit_list
from tyopolku.audit.models import AccessAction
from tyopolku.clients.models import Client
from tyopolku.clients.selectors import client_get
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden
from tyopolku.core.views import domain_errors_to_http, form_submit, make_page, page_offset
from tyopolku.files.pdf import render_pdf
from tyopolku.workability import archive, selectors, services
from tyopolku.workability.forms import (
    AcceptForm,
    AssessmentForm,
    ClientPlanForm,
    DeclineForm,
    FeedbackForm,
    FeedbackLinkForm,
    HandOverForm,
    NetworkMeetingForm,
    ParticipantFormSet,
    PlanActionFormSet,
    ReferralForm,
    StaffTrainingForm,
    TaskFormSet,
    TeamMeetingChangeForm,
    TeamMeetingForm,
    TeamScheduleForm,
)
from tyopolku.workability.models import ClientPlan, ReferralStatus

STYLESHEET = Path(__file__).parent / "static" / "workability" / "plan-print.css"
LIST_SIZE = 50


def _client_page(request: HttpRequest, client: Client, status: int = 200, **forms):
    """The client's work-ability page: a fixed number of queries whatever it holds."""
    user = request.user
    assessments = selectors.client_assessments(client=client)
    context = {
        "client": client,
        "responsible": selectors.client_responsible_workers(client=client),
        "assessments": selectors.with_status(assessments, client.organization_id),
        "plans": selectors.client_plan_versions(client=client),
        "referrals": selectors.client_referrals(client=client),
        "network_meetings": selectors.client_network_meetings(client=client),
        "hand_over_form": (
            forms.get("hand_over_form") or HandOverForm(user=user)
            if user.role in SEES_ALL_CLIENTS
            else None
        ),
    }
    return render(request, "workability/client.html", context, status=status)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def workability_client(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(user=request.user, client_id=client_id, target="work_ability")
    return _client_page(request, client)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def responsible_worker_hand_over(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(
        user=request.user, client_id=client_id, target="client_workers", action=AccessAction.UPDATE
    )
    form = HandOverForm(request.POST, user=request.user)
    ok, _link = form_submit(
        form,
        lambda data: services.responsible_worker_hand_over(
            user=request.user, client=client, **data
        ),
    )
    if not ok:
        return _client_page(request, client, status=422, hand_over_form=form)
    messages.success(request, _("The task was handed over."))
    return redirect("workability_client", client_id=client.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def assessment_create(request: HttpRequest, client_id: int) -> HttpResponse:
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    client = client_get(
        user=request.user, client_id=client_id, target="service_need_assessments", action=action
    )
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        ok, _assessment = form_submit(
            form,
            lambda data: services.assessment_create(user=request.user, client=client, **data),
        )
        if ok:
            messages.success(request, _("Service need assessment saved."))
            return redirect("workability_client", client_id=client.pk)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "workability/assessment_form.html",
        {"client": client, "form": form, "assessment": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Change or complete an assessment; the version read travels in the form (a hidden
    field), so that another user's save in between is refused rather than overwritten."""
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    client = assessment.client
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        version = request.POST.get("version", "")
        ok, _assessment = form_submit(
            form,
            lambda data: services.assessment_update(
                user=request.user,
                assessment=assessment,
                version=int(version) if version.isdigit() else 0,
                **data,
            ),
        )
        if ok:
            messages.success(request, _("Service need assessment saved."))
            return redirect("workability_client", client_id=client.pk)
        status = 422
    else:
        form = AssessmentForm(
            initial={
                name: getattr(assessment, name)
                for name in (
                    "initiated_on",
                    "started_on",
                    "completed_on",
                    "participants",
                    "client_view",
                    "summary",
                    "services_needed",
                )
            }
        )
        status = 200
    return render(
        request,
        "workability/assessment_form.html",
        {"client": client, "form": form, "assessment": assessment},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def client_plan_create(request: HttpRequest, client_id: int) -> HttpResponse:
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    client = client_get(
        user=request.user, client_id=client_id, target="client_plans", action=action
    )
    data = request.POST if request.method == "POST" else None
    form = ClientPlanForm(data)
    actions = PlanActionFormSet(data, prefix="actions")
    if request.method == "POST":
        if actions.is_valid():
            rows = [row for row in (f.action() for f in actions.forms) if row]
            ok, plan = form_submit(
                form,
                lambda cleaned: services.client_plan_create(
                    user=request.user, client=client, actions=rows, **cleaned
                ),
            )
            if ok:
                messages.success(request, _("Client plan saved."))
                return redirect("client_plan_detail", plan_id=plan.pk)
        else:
            form.is_valid()
    elif latest := selectors.client_plan_versions(client=client)[:1]:
        # A new version starts from the latest one's texts.
        form = ClientPlanForm(
            initial={
                "client_assessment": latest[0].client_assessment,
                "worker_assessment": latest[0].worker_assessment,
                "goals": "\n".join(latest[0].goals),
            }
        )
    return render(
        request,
        "workability/plan_form.html",
        {"client": client, "form": form, "actions": actions},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.client_plan_get(user=request.user, plan_id=plan_id)
    return render(request, "workability/plan_detail.html", {"plan": plan, "client": plan.client})


def plan_print_html(plan: ClientPlan) -> str:
    """The printable plan: for the client, in plain Finnish."""
    with translation.override("fi"):
        return render_to_string("workability/plan_print.html", {"plan": plan})


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.client_plan_get(
        user=request.user, plan_id=plan_id, target="client_plan_pdf", action=AccessAction.EXPORT
    )
    with translation.override("fi"):
        pdf = render_pdf("workability/plan_print.html", {"plan": plan}, stylesheets=[STYLESHEET])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"asiakassuunnitelma-{plan.version}-{plan.made_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def archive_download(request: HttpRequest, kind: str, fmt: str, **ids: int) -> HttpResponse:
    """`kind` and `fmt` come from the URL pattern; the one id names the document."""
    (object_id,) = ids.values()
    document = selectors.archive_document_get(user=request.user, kind=kind, object_id=object_id)
    return archive.archive_response(document, fmt)


# --- Referrals ---


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def referral_create(request: HttpRequest, client_id: int) -> HttpResponse:
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    client = client_get(user=request.user, client_id=client_id, target="referral", action=action)
    form = ReferralForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        ok, referral = form_submit(
            form,
            lambda data: services.referral_create(user=request.user, client=client, **data),
        )
        if ok:
            messages.success(request, _("Referral sent."))
            return redirect("referral_detail", referral_id=referral.pk)
    return render(
        request,
        "workability/referral_form.html",
        {"client": client, "form": form},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referrals waiting for the user's unit, and those the user sent."""
    if request.user.role not in CLIENT_RECORD_ROLES:
        raise Forbidden(_("Your role has no access to client records."))
    _count, incoming = selectors.referral_list(
        user=request.user, direction="incoming", status=ReferralStatus.SENT, limit=LIST_SIZE
    )
    _count, outgoing = selectors.referral_list(
        user=request.user, direction="outgoing", limit=LIST_SIZE
    )
    return render(
        request, "workability/referral_list.html", {"incoming": incoming, "outgoing": outgoing}
    )


def _referral_page(request, referral, status=200, **forms):
    receives = referral.status == ReferralStatus.SENT and selectors.is_receiver(
        request.user, referral
    )
    context = {
        "referral": referral,
        "accept_form": forms.get("accept_form") or AcceptForm() if receives else None,
        "decline_form": forms.get("decline_form") or DeclineForm() if receives else None,
    }
    return render(request, "workability/referral_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _referral_page(
        request, selectors.referral_get(user=request.user, referral_id=referral_id)
    )


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def referral_accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get(
        user=request.user, referral_id=referral_id, action=AccessAction.UPDATE
    )
    form = AcceptForm(request.POST)
    ok, accepted = form_submit(
        form,
        lambda data: services.referral_accept(user=request.user, referral=referral, **data),
    )
    if not ok:
        return _referral_page(request, referral, status=422, accept_form=form)
    messages.success(request, _("Referral accepted: the client is enrolled."))
    return redirect("enrollment_detail", enrollment_id=accepted.enrollment_id)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def referral_decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get(
        user=request.user, referral_id=referral_id, action=AccessAction.UPDATE
    )
    form = DeclineForm(request.POST)
    ok, _declined = form_submit(
        form,
        lambda data: services.referral_decline(user=request.user, referral=referral, **data),
    )
    if not ok:
        return _referral_page(request, referral, status=422, decline_form=form)
    messages.success(request, _("Referral declined."))
    return redirect("referral_list")


# --- Network meetings and team meetings ---


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def network_meeting_create(request: HttpRequest, client_id: int) -> HttpResponse:
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    client = client_get(
        user=request.user, client_id=client_id, target="network_meetings", action=action
    )
    data = request.POST if request.method == "POST" else None
    form = NetworkMeetingForm(data)
    participants = ParticipantFormSet(data, prefix="participants")
    tasks = TaskFormSet(data, prefix="tasks")
    if request.method == "POST":
        if participants.is_valid() and tasks.is_valid():
            people = [row for row in (f.row() for f in participants.forms) if row]
            follow_ups = [row for row in (f.row() for f in tasks.forms) if row]
            ok, _meeting = form_submit(
                form,
                lambda cleaned: services.network_meeting_create(
                    user=request.user,
                    client=client,
                    participants=people,
                    tasks=follow_ups,
                    **cleaned,
                ),
            )
            if ok:
                messages.success(request, _("Network meeting saved."))
                return redirect("workability_client", client_id=client.pk)
        else:
            form.is_valid()
    return render(
        request,
        "workability/network_meeting_form.html",
        {"client": client, "form": form, "participants": participants, "tasks": tasks},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def team_meeting_list(request: HttpRequest) -> HttpResponse:
    """The team's meetings, newest first, and (for the staff who keep them) a new one."""
    meetings = list(selectors.team_meeting_list(user=request.user)[:LIST_SIZE])
    keeps = request.user.role in selectors.TEAM_MEETING_KEEPERS
    form = None
    if keeps:
        form = TeamMeetingForm(
            request.POST if request.method == "POST" else None, user=request.user
        )
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Your role does not keep team meetings."))
        ok, _meeting = form_submit(
            form,
            lambda data: services.team_meeting_create(user=request.user, **data),
        )
        if ok:
            messages.success(request, _("Team meeting saved."))
            return redirect("team_meeting_list")
    return render(
        request,
        "workability/team_meetings.html",
        {
            "meetings": meetings,
            "form": form,
            "schedules": selectors.team_schedule_list(user=request.user),
            "units": unit_list(user=request.user),
        },
        status=422 if form is not None and form.is_bound else 200,
    )


def _schedule_page(
    request: HttpRequest,
    unit_id: int,
    *,
    schedule_form: TeamScheduleForm | None = None,
    change_form: TeamMeetingChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The unit's team meeting schedule: its form (for the keepers) and the coming meetings,
    each with a form to move, cancel or restore it. A refused `change_form` is shown again
    at its meeting, or above the list when it names no coming meeting."""
    unit, schedule = selectors.team_schedule_get(user=request.user, unit_id=unit_id)
    keeps = request.user.role in selectors.TEAM_MEETING_KEEPERS
    if keeps and schedule_form is None:
        initial = (
            {name: getattr(schedule, name) for name in services.SCHEDULE_FIELDS}
            if schedule
            else None
        )
        schedule_form = TeamScheduleForm(initial=initial)
    meetings = (
        selectors.scheduled_meetings(schedule, list(schedule.changes.all()), on=today())
        if schedule
        else []
    )
    refused = change_form.data.get("original_date") if change_form else None
    rows, unplaced = [], change_form
    for number, meeting in enumerate(meetings):
        form = None
        if keeps:
            if refused == meeting.original_date.isoformat():
                form, unplaced = change_form, None
            else:
                form = TeamMeetingChangeForm(initial={"original_date": meeting.original_date})
            form.auto_id = f"meeting{number}_%s"  # ids unique on the page
        rows.append((meeting, form))
    context = {
        "unit": unit,
        "schedule": schedule,
        "form": schedule_form,
        "rows": rows,
        "change_errors": [e for errors in unplaced.errors.values() for e in errors]
        if unplaced
        else [],
    }
    return render(request, "workability/team_schedule.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def team_schedule(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's fortnightly team meeting: set the schedule, see the coming meetings."""
    if request.method == "GET":
        return _schedule_page(request, unit_id)
    if request.user.role not in selectors.TEAM_MEETING_KEEPERS:
        raise Forbidden(_("Your role does not keep team meetings."))
    form = TeamScheduleForm(request.POST)
    version = request.POST.get("version", "")
    ok, _schedule = form_submit(
        form,
        lambda data: services.team_schedule_save(
            user=request.user,
            unit_id=unit_id,
            version=int(version) if version.isdigit() else None,
            **data,
        ),
    )
    if not ok:
        return _schedule_page(request, unit_id, schedule_form=form, status=422)
    messages.success(request, _("Schedule saved."))
    return redirect("team_schedule", unit_id=unit_id)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def team_meeting_change(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Move, cancel or restore one coming meeting of the unit's schedule."""
    if request.user.role not in selectors.TEAM_MEETING_KEEPERS:
        raise Forbidden(_("Your role does not keep team meetings."))
    form = TeamMeetingChangeForm(request.POST)
    ok, _change = form_submit(
        form,
        lambda data: services.team_meeting_change(user=request.user, unit_id=unit_id, **data),
    )
    if not ok:
        return _schedule_page(request, unit_id, change_form=form, status=422)
    messages.success(request, _("Meeting changed."))
    return redirect("team_schedule", unit_id=unit_id)


def case_caseload(request: HttpRequest) -> HttpResponse:
    """A case manager's front page (called by the caseload view): the clients they are case
    manager or personal worker of, with assessment deadlines, plan review and referrals."""
    user = request.user
    offset, limit = page_offset(request), selectors.CASE_CASELOAD_PAGE_SIZE
    count = selectors.case_caseload_count(user=user)
    context = {
        "rows": selectors.case_caseload(user=user, offset=offset, limit=limit),
        "page": make_page(request, offset=offset, limit=limit, count=count, keep=()),
    }
    return render(request, "workability/case_caseload.html", context)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def staff_home(request: HttpRequest) -> HttpResponse:
    """Supervisors' way to the units' staff trainings and client feedback."""
    if request.user.role not in selectors.TRAINING_KEEPERS:
        raise Forbidden(_("Only supervisors and administrators see the staff's trainings."))
    return render(request, "workability/staff_home.html", {"units": unit_list(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def unit_trainings(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's coverage of supported-employment trainings, each worker's trainings and a
    form to record one."""
    data = selectors.unit_trainings(user=request.user, unit_id=unit_id)
    form = StaffTrainingForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        unit=data.unit,
        trainings=data.trainings,
    )
    if request.method == "POST":
        ok, _training = form_submit(
            form, lambda values: services.staff_training_create(user=request.user, **values)
        )
        if ok:
            messages.success(request, _("Training saved."))
            return redirect("unit_trainings", unit_id=unit_id)
    return render(
        request,
        "workability/unit_trainings.html",
        {"data": data, "form": form},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def feedback_link_create(request: HttpRequest) -> HttpResponse:
    """A worker makes a link (and code) for the anonymous feedback form to hand out."""
    if request.user.role not in selectors.FEEDBACK_LINK_MAKERS:
        raise Forbidden(_("Your role does not hand out feedback links."))
    form = FeedbackLinkForm(request.POST if request.method == "POST" else None, user=request.user)
    link = None
    if request.method == "POST":
        ok, link = form_submit(
            form, lambda data: services.feedback_link_create(user=request.user, **data)
        )
        if ok:
            form = FeedbackLinkForm(user=request.user)
    return render(
        request,
        "workability/feedback_link.html",
        {
            "form": form,
            "link": link,
            "url": request.build_absolute_uri(f"/feedback/{link.code}/") if link else "",
        },
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def feedback_form(request: HttpRequest, code: str) -> HttpResponse:
    """The public, anonymous questionnaire reached with a link's code (no login)."""
    link = selectors.feedback_link_get(code=code)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        ok, _result = form_submit(
            form, lambda data: services.feedback_submit(code=link.code, **data)
        )
        if ok:
            return render(request, "workability/feedback_thanks.html")
    return render(
        request,
        "workability/feedback_form.html",
        {"form": form, "link": link},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def unit_feedback(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, quarters = selectors.unit_feedback(user=request.user, unit_id=unit_id)
    return render(
        request,
        "workability/unit_feedback.html",
        {"unit": unit, "quarters": quarters, "small": selectors.FEEDBACK_SMALL_COUNT},
    )
