"""A client's access log (Act 703/2023 § 11): the page and the CSV export for the client."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.selectors import client_access_log as client_access_log_get
from tyopolku.core.dates import today
from tyopolku.core.views import domain_errors_to_http, make_page, page_offset
from tyopolku.files import spreadsheets

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_access_log(request: HttpRequest, client_id: int) -> HttpResponse:
    entries = client_access_log_get(user=request.user, client_id=client_id)
    offset = page_offset(request)
    page = make_page(request, offset=offset, limit=PAGE_SIZE, count=entries.count())
    rows = list(entries.select_related("client")[offset : offset + PAGE_SIZE])
    return render(
        request,
        "audit/client_access_log.html",
        {
            "client_id": client_id,
            # Reading the log was logged just now, so the first page always names the client.
            "client": rows[0].client if rows else None,
            "entries": rows,
            "page": page,
        },
    )


def _csv_row(entry: AccessLogEntry) -> list[str]:
    at = timezone.localtime(entry.at)
    return [
        f"{at.day}.{at.month}.{at.year} {at:%H:%M:%S}",
        entry.user.get_full_name() or entry.user.username,
        entry.user.username,
        entry.get_action_display(),
        entry.target,
        entry.channel,
    ]


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_access_log_csv(request: HttpRequest, client_id: int) -> HttpResponse:
    """The whole log for the client's § 11 request; the export itself is logged as `export`."""
    entries = client_access_log_get(
        user=request.user, client_id=client_id, action=AccessAction.EXPORT
    )
    filename = f"access-log-client-{client_id}-{today():%Y-%m-%d}.csv"
    response = HttpResponse(
        content_type=spreadsheets.CSV_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    # The safe writer: a user's name like "=HYPERLINK(...)" stays text in Excel.
    writer = spreadsheets.CsvWriter(response, delimiter=";")
    writer.writerow([_("Time"), _("User"), _("Username"), _("Action"), _("Target"), _("Channel")])
    writer.writerows(_csv_row(entry) for entry in entries.iterator(chunk_size=2000))
    return response
