"""Pages of the wage-work model: the paid jobs inside the organisation (a paged list with a
form for a new one), one job with its terms to change, and the count of the organisation's
paid jobs in force today against its target."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.selectors import unit_list
from tyopolku.audit.models import AccessAction
from tyopolku.core.dates import today
from tyopolku.core.views import domain_errors_to_http, form_submit, make_page, page_offset
from tyopolku.wagework import selectors, services
from tyopolku.wagework.forms import WageJobEditForm, WageJobForm

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def wage_job_list(request: HttpRequest) -> HttpResponse:
    organization_id = request.user.organization_id
    units = unit_list(user=request.user)
    form = WageJobForm(request.POST or None, units=units)
    if request.method == "POST":
        done, job = form_submit(
            form, lambda data: services.wage_job_create(user=request.user, **data)
        )
        if done:
            messages.success(request, _("Paid job saved."))
            return redirect("wage_job", wage_job_id=job.pk)
    offset = page_offset(request)
    count, jobs = selectors.wage_job_page(user=request.user, offset=offset, limit=PAGE_SIZE)
    day = today()
    context = {
        "jobs": jobs,
        "page": make_page(request, offset=offset, limit=PAGE_SIZE, count=count),
        "form": form,
        "paid_jobs": selectors.paid_jobs_on(organization_id=organization_id, day=day),
        "target": selectors.paid_jobs_target_on(organization_id=organization_id, day=day),
    }
    return render(request, "wagework/wage_job_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def wage_job_detail(request: HttpRequest, wage_job_id: int) -> HttpResponse:
    action = AccessAction.UPDATE if request.method == "POST" else AccessAction.READ
    job = selectors.wage_job_get(user=request.user, wage_job_id=wage_job_id, action=action)
    initial = {
        "title": job.title,
        "unit_id": job.unit_id,
        "weekly_hours": job.weekly_hours,
        "start_date": job.start_date,
        "end_date": job.end_date,
        "version": job.version,
    }
    form = WageJobEditForm(
        request.POST or None, initial=initial, units=unit_list(user=request.user)
    )
    if request.method == "POST":
        done, _job = form_submit(
            form, lambda data: services.wage_job_update(user=request.user, job=job, **data)
        )
        if done:
            messages.success(request, _("Paid job saved."))
            return redirect("wage_job", wage_job_id=job.pk)
    return render(request, "wagework/wage_job_detail.html", {"job": job, "form": form})
