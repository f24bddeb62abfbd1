"""The progress of a background job, as a fragment that htmx polls until the job ends, and
the file an export made."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tyopolku.background.models import Job
from tyopolku.background.selectors import job_file_get, job_get
from tyopolku.core.views import domain_errors_to_http, is_htmx_fragment

# The page each kind of work was started from, to go back to when it has ended.
_ORIGINS = {
    Job.Kind.EMPLOYER_EXPORT: "employer_list",
    Job.Kind.THL_EXPORT: "thl_export",
    Job.Kind.PAY_EXPORT: "pay_summary",
    Job.Kind.WORK_SHARE_EXPORT: "workact_work_share",
    Job.Kind.WORK_SHARE_STATEMENTS: "workact_statements",
    Job.Kind.INVOICE_RUN: "invoice_list",
}


def _origin(job: Job) -> str:
    if job.kind == Job.Kind.EMPLOYER_IMPORT:
        return reverse("employer_import_preview", args=[job.object_id])
    return reverse(_ORIGINS[job.kind])


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(user=request.user, job_id=job_id)
    if not is_htmx_fragment(request):
        return render(request, "background/job.html", {"job": job, "origin": _origin(job)})
    response = render(request, "background/_job.html", {"job": job})
    if job.finished:
        # The page that polls shows the work's result: it loads itself again.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def job_file(request: HttpRequest, job_id: int) -> HttpResponse:
    return job_file_response(job_file_get(user=request.user, job_id=job_id))


def job_file_response(file) -> HttpResponse:
    """The kept file as a download (for the page and the API)."""
    return HttpResponse(
        bytes(file.content),
        content_type=file.content_type,
        headers={"Content-Disposition": f'attachment; filename="{file.name}"'},
    )
