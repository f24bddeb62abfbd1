"""Pages of open work activity: the participants' agreements with goals and reviews, daily
attendance made for a phone (one day, the whole group at once) and the month's work-share
money with its CSV payment list."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.audit.models import AccessAction
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.core.params import month_param
from tyopolku.core.views import domain_errors_to_http, form_submit, make_page, page_offset
from tyopolku.files import spreadsheets
from tyopolku.files.pdf import render_pdf
from tyopolku.pathway.selectors import enrollment_get
from tyopolku.subcontracting.selectors import employments_in_force
from tyopolku.workactivity import payment_list, selectors, services, statements
from tyopolku.workactivity.access import require_work_activity
from tyopolku.workactivity.forms import (
    AgreementCreateForm,
    AgreementEditForm,
    GoalForm,
    ReviewForm,
    ScreeningForm,
)
from tyopolku.workactivity.models import AttendancePortion, AttendanceStatus

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def agreement_list(request: HttpRequest) -> HttpResponse:
    offset = page_offset(request)
    count, agreements = selectors.agreement_page(user=request.user, offset=offset, limit=PAGE_SIZE)
    enrollments = selectors.enrollments_without_agreement(user=request.user)
    return render(
        request,
        "workactivity/agreement_list.html",
        {
            "agreements": agreements,
            "page": make_page(request, offset=offset, limit=PAGE_SIZE, count=count),
            "enrollments": enrollments,
            "today": today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def agreement_create(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    require_work_activity(request.user)
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="work_activity_agreement",
        action=action,
    )
    form = AgreementCreateForm(request.POST or None)
    if request.method == "POST":
        done, agreement = form_submit(
            form,
            lambda data: services.agreement_create(
                user=request.user, enrollment=enrollment, **data
            ),
        )
        if done:
            messages.success(request, _("Agreement saved."))
            return redirect("workact_agreement", agreement_id=agreement.pk)
    return render(
        request,
        "workactivity/agreement_form.html",
        {"form": form, "client": enrollment.client, "agreement": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    action = AccessAction.UPDATE if request.method == "POST" else AccessAction.READ
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id, action=action)
    form = GoalForm(request.POST or None)
    if request.method == "POST":
        done, _goal = form_submit(
            form, lambda data: services.goal_add(user=request.user, agreement=agreement, **data)
        )
        if done:
            messages.success(request, _("Goal added."))
            return redirect("workact_agreement", agreement_id=agreement.pk)
    # A participant may keep work activity days alongside paid work in a group.
    employments = employments_in_force(
        user=request.user, client_id=agreement.client_id, day=today()
    )
    return render(
        request,
        "workactivity/agreement_detail.html",
        {"agreement": agreement, "form": form, "employments": employments},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    action = AccessAction.UPDATE if request.method == "POST" else AccessAction.READ
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id, action=action)
    initial = {
        "start_date": agreement.start_date,
        "end_date": agreement.end_date,
        "days_per_week": agreement.days_per_week,
        "hours_per_day": str(agreement.hours_per_day).replace(".", ","),
        "place": agreement.place,
        "tasks": agreement.tasks,
        "version": agreement.version,
    }
    form = AgreementEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done, _agreement = form_submit(
            form,
            lambda data: services.agreement_update(user=request.user, agreement=agreement, **data),
        )
        if done:
            messages.success(request, _("Agreement saved."))
            return redirect("workact_agreement", agreement_id=agreement.pk)
    return render(
        request,
        "workactivity/agreement_form.html",
        {"form": form, "client": agreement.client, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def review_create(request: HttpRequest, agreement_id: int) -> HttpResponse:
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id, action=action)
    form = ReviewForm(
        request.POST or None,
        goals=agreement.goals.all(),
        initial={"date": today()},
    )
    if request.method == "POST":
        done, _review = form_submit(
            form,
            lambda _data: services.review_create(
                user=request.user, agreement=agreement, **form.service_data()
            ),
        )
        if done:
            messages.success(request, _("Review saved."))
            return redirect("workact_agreement", agreement_id=agreement.pk)
    return render(request, "workactivity/review_form.html", {"form": form, "agreement": agreement})


def _date_of(request: HttpRequest) -> datetime.date:
    """`?date=YYYY-MM-DD` within the years 2000–2100 (so that the day before and after
    exist), else today (a value that is no such day is ignored)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today()
    return day if 2000 <= day.year <= 2100 else today()


def _month_of(request: HttpRequest) -> datetime.date:
    """`?month=YYYY-MM`, else this month (a value that is no month is ignored)."""
    return month_param(request.GET.get("month")) or today().replace(day=1)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def attendance_day(request: HttpRequest) -> HttpResponse:
    """One day: every participant whose agreement is in force, a choice each (and full or
    half day); one save."""
    day = _date_of(request)
    rows = selectors.attendance_of_day(user=request.user, day=day)
    errors: dict[int, str] = {}
    error = ""
    if request.method == "POST":
        marks = [
            {
                "agreement_id": agreement.pk,
                "status": request.POST.get(f"status_{agreement.pk}"),
                "portion": request.POST.get(f"portion_{agreement.pk}"),
            }
            for agreement, _mark, _portion in rows
            if request.POST.get(f"status_{agreement.pk}")
        ]
        try:
            services.attendance_mark(user=request.user, day=day, marks=marks)
        except InvalidInput as problem:
            error = problem.message
            for name, text in problem.fields.items():
                parts = name.split(".")
                if parts[0] == "marks" and len(parts) > 1:
                    errors[marks[int(parts[1])]["agreement_id"]] = text
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(f"{request.path}?date={day.isoformat()}")
        rows = [
            (
                a,
                request.POST.get(f"status_{a.pk}", mark),
                request.POST.get(f"portion_{a.pk}", portion),
            )
            for a, mark, portion in rows
        ]
    return render(
        request,
        "workactivity/attendance.html",
        {
            "day": day,
            "rows": [(a, mark, portion, errors.get(a.pk, "")) for a, mark, portion in rows],
            "statuses": AttendanceStatus.choices,
            "portions": AttendancePortion.choices,
            "error": error,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
        },
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def work_share_page(request: HttpRequest) -> HttpResponse:
    summary = selectors.work_share_summary(user=request.user, month=_month_of(request))
    return render(request, "workactivity/work_share.html", {"summary": summary})


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def work_share_csv(request: HttpRequest) -> HttpResponse:
    """The month's payment list (participants the user may see; logged as an export).
    POST (the page's button): made by the background worker, shown on the job's page.
    GET: the file at once."""
    if request.method == "POST":
        job = payment_list.work_share_export_start(user=request.user, month=_month_of(request))
        return redirect("job_status", job_id=job.pk)
    summary = selectors.work_share_summary(user=request.user, month=_month_of(request))
    response = HttpResponse(content_type=spreadsheets.CSV_CONTENT_TYPE)
    name = payment_list.payment_list_name(summary)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel reads UTF-8 by its byte-order mark
    writer = spreadsheets.CsvWriter(response, delimiter=";")
    writer.writerow(payment_list.HEADER)
    writer.writerows(payment_list.payment_list_rows(summary))
    payment_list.payment_list_logged(user=request.user, summary=summary)
    return response


def _statement(request: HttpRequest, agreement_id: int) -> selectors.WorkShareStatement:
    return selectors.work_share_statement(
        user=request.user, agreement_id=agreement_id, month=_month_of(request)
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def statement(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The participant's printable statement of a month's work-share money."""
    return render(
        request, "workactivity/statement.html", {"statement": _statement(request, agreement_id)}
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def statement_pdf(request: HttpRequest, agreement_id: int) -> HttpResponse:
    statement = _statement(request, agreement_id)
    pdf = render_pdf("workactivity/statement_pdf.html", {"statement": statement}, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"tyoosuusraha-{statement.agreement.client_id}-{statement.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def statements_page(request: HttpRequest) -> HttpResponse:
    """A month's statements of all the participants the user may see, as one PDF: made by
    the background worker (POST, the page's button), shown on the job's page."""
    require_work_activity(request.user)
    if request.method == "POST":
        month = month_param(request.POST.get("month")) or today().replace(day=1)
        job = statements.statements_export_start(user=request.user, month=month)
        return redirect("job_status", job_id=job.pk)
    return render(request, "workactivity/statements.html", {"month": _month_of(request)})


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def screening(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The employment-potential screening of a participant, with the earlier ones and the
    attendance of the last 90 days as evidence."""
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id, action=action)
    form = ScreeningForm(request.POST or None, initial={"date": today()})
    if request.method == "POST":
        done, _screening = form_submit(
            form,
            lambda data: services.screening_create(user=request.user, agreement=agreement, **data),
        )
        if done:
            messages.success(request, _("Screening saved."))
            return redirect("workact_screening", agreement_id=agreement.pk)
    present, work_days = selectors.attendance_rate(agreement, today())
    return render(
        request,
        "workactivity/screening.html",
        {
            "agreement": agreement,
            "form": form,
            "screenings": list(agreement.screenings.select_related("referral")),
            "present": present,
            "work_days": work_days,
        },
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def screening_candidates(request: HttpRequest) -> HttpResponse:
    offset = page_offset(request)
    count, rows = selectors.screening_candidate_page(
        user=request.user, offset=offset, limit=PAGE_SIZE
    )
    page = make_page(request, offset=offset, limit=PAGE_SIZE, count=count)
    return render(request, "workactivity/candidates.html", {"rows": rows, "page": page})


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def refer_ips(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """One click: the work-ability team's referral of the participant to IPS coaching."""
    agreement = selectors.agreement_get(
        user=request.user, agreement_id=agreement_id, action=AccessAction.CREATE
    )
    try:
        services.ips_refer(user=request.user, agreement=agreement)
    except (InvalidInput, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Referred to IPS job coaching."))
    return redirect("workact_candidates")
