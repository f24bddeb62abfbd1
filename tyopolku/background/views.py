"""The progress of a background job, as a fragment that htmx polls until the job ends."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tyopolku.background.selectors import job_get
from tyopolku.core.views import domain_errors_to_http, is_htmx_fragment


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(user=request.user, job_id=job_id)
    if not is_htmx_fragment(request):
        return render(request, "background/job.html", {"job": job})
    response = render(request, "background/_job.html", {"job": job})
    if job.finished:
        # The page that polls shows the work's result: it loads itself again.
        response["HX-Refresh"] = "true"
    return response
