"""Spreadsheets in and out of the employer register: upload, the preview with each row's
problems, the all-or-nothing import, and the Excel export. Administrators and supervisors
only (tyopolku.employers.imports checks it: 403 for the others)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.core.forms import apply_domain_error
from tyopolku.core.replica import reads_from_replica
from tyopolku.core.views import (
    domain_errors_to_http,
    is_htmx_fragment,
    make_page,
    page_offset,
)
from tyopolku.employers import imports
from tyopolku.employers.models import EmployerImport

ACCEPTED_PAGE_SIZE = 50
# A file full of problems is fixed from the top; the first ones show what is wrong.
PROBLEMS_SHOWN = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        # An empty file gets the service's message, the same as in the API.
        allow_empty_file=True,
        help_text=gettext_lazy(
            "One row per employer, or per contact person of an employer. The first row "
            "names the columns, in Finnish or English."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,.txt,text/csv," + imports.XLSX_CONTENT_TYPE}
        ),
    )


def _upload_page(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "columns": [
            (imports.FIELD_LABELS[name], imports.EXPORT_HEADERS[name])
            for name in (*imports.EMPLOYER_FIELDS, *imports.PERSON_FIELDS)
        ],
        "max_mb": settings.EMPLOYER_IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": settings.SPREADSHEET_MAX_ROWS,
    }
    if is_htmx_fragment(request):
        return render(request, "employers/import_upload_form.html", context, status=status)
    context["recent"] = imports.employer_import_list(user=request.user)
    return render(request, "employers/import_upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def employer_import(request: HttpRequest) -> HttpResponse:
    imports.import_manage_check(request.user)
    if request.method == "GET":
        return _upload_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=422)
    upload = form.cleaned_data["file"]
    try:
        employer_import = imports.employer_import_create(
            user=request.user, file_name=upload.name, file=upload
        )[0]
    except InvalidInput as error:
        # Its own status: 413 for a file too big, 422 for one that cannot be imported.
        apply_domain_error(form, error)
        return _upload_page(request, form, status=error.status)
    url = reverse("employer_import_preview", args=[employer_import.pk])
    # Sent by htmx (for its progress bar): the browser itself goes to the preview.
    return HttpResponseClientRedirect(url) if is_htmx_fragment(request) else redirect(url)


def _preview_page(
    request: HttpRequest, employer_import: EmployerImport, error: str = "", status: int = 200
) -> HttpResponse:
    job = imports.employer_import_job(user=request.user, employer_import=employer_import)
    running = job is not None and not job.finished
    # A queued or running import shows its progress; the file is read again once it ends.
    preview = None if running else imports.employer_import_preview(employer_import=employer_import)
    if not error and job is not None and job.status == job.Status.FAILED and preview:
        error = job.message
    context = {"import": employer_import, "preview": preview, "error": error, "job": job}
    if preview is not None:
        offset = page_offset(request)
        accepted = preview.accepted_rows
        problems = preview.problem_rows
        context.update(
            problems=problems[:PROBLEMS_SHOWN],
            problems_hidden=max(0, len(problems) - PROBLEMS_SHOWN),
            accepted=accepted[offset : offset + ACCEPTED_PAGE_SIZE],
            page=make_page(request, offset=offset, limit=ACCEPTED_PAGE_SIZE, count=len(accepted)),
        )
    return render(request, "employers/import_preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def employer_import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    employer_import = imports.employer_import_get(user=request.user, import_id=import_id)
    if request.method == "GET":
        return _preview_page(request, employer_import)
    action = request.POST.get("action")
    try:
        if action == "import":
            imports.employer_import_start(user=request.user, employer_import=employer_import)
            return redirect("employer_import_preview", import_id=employer_import.pk)
        if action == "discard":
            imports.employer_import_discard(user=request.user, employer_import=employer_import)
            messages.success(request, _("The import was discarded and its file deleted."))
            return redirect("employer_import")
        error, status = _("Choose Import or Discard."), 422
    except (InvalidInput, Conflict) as failure:
        error, status = failure.message, failure.status
    # The run may have brought the counts up to date; show them as they are now.
    employer_import.refresh_from_db()
    return _preview_page(request, employer_import, error=error, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
@reads_from_replica()
def employer_export(request: HttpRequest) -> HttpResponse:
    """POST (the register page's button): the background worker makes the file, the job's
    page shows its progress and then the download. GET: the file at once (scripts, links)."""
    if request.method == "POST":
        job = imports.employer_export_start(user=request.user)
        return redirect("job_status", job_id=job.pk)
    return FileResponse(
        imports.employer_export(user=request.user),
        as_attachment=True,
        filename=imports.export_file_name(),
        content_type=imports.XLSX_CONTENT_TYPE,
    )
