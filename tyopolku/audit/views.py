"""A client's access log (Act 703/2023 § 11): the page and the CSV export for the client.

The page shows each row with its description (tyopolku.audit.targets), filters by period,
user and action, and shows a run of views of the same list as one row with a count; the
CSV has every row of the same filters, one by one."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.selectors import (
    access_log_grouped,
    access_log_users,
    client_access_log_of,
)
from tyopolku.audit.selectors import client_access_log as client_access_log_get
from tyopolku.audit.targets import target_label
from tyopolku.core.dates import today
from tyopolku.core.forms import FinnishDateInput
from tyopolku.core.views import domain_errors_to_http, make_page, page_offset
from tyopolku.files import spreadsheets

PAGE_SIZE = 50
FILTERS = ("date_from", "date_to", "user", "action")


class AccessLogFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=FinnishDateInput()
    )
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=FinnishDateInput())
    user = forms.ChoiceField(label=gettext_lazy("User"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)

    def __init__(self, data, *, organization_id: int) -> None:
        super().__init__(data)
        users = User.objects.filter(organization_id=organization_id).order_by(
            "last_name", "first_name", "username"
        )
        everyone = [("", _("Everyone"))]
        self.fields["user"].choices = everyone + [
            (u.username, f"{u.get_full_name() or u.username} ({u.username})") for u in users
        ]
        self.fields["action"].choices = [("", _("All actions")), *AccessAction.choices]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "username": data["user"],
            "entry_action": data["action"],
        }


def _filter_form(request: HttpRequest) -> AccessLogFilterForm:
    data = request.GET if any(name in request.GET for name in FILTERS) else None
    return AccessLogFilterForm(data, organization_id=request.user.organization_id)


def _filters(form: AccessLogFilterForm) -> dict:
    """The selector's filters: none for an empty form (the whole log)."""
    return form.selector_kwargs() if form.is_bound else {}


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_access_log(request: HttpRequest, client_id: int) -> HttpResponse:
    form = _filter_form(request)
    valid = not form.is_bound or form.is_valid()
    # A wrong filter shows its error and no rows; reading the log is logged either way.
    client, entries = client_access_log_of(
        user=request.user, client_id=client_id, **(_filters(form) if valid else {})
    )
    groups, page = [], None
    if valid:
        every = access_log_grouped(entries)
        offset = page_offset(request)
        page = make_page(request, offset=offset, limit=PAGE_SIZE, count=len(every), keep=FILTERS)
        groups = access_log_users(every[offset : offset + PAGE_SIZE])
    query = {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
    return render(
        request,
        "audit/client_access_log.html",
        {
            "client_id": client_id,
            "client": client,
            "form": form,
            "groups": groups,
            "page": page,
            "csv_query": "?" + urlencode(query) if query else "",
        },
        status=200 if valid else 422,
    )


def _csv_row(entry: AccessLogEntry) -> list[str]:
    at = timezone.localtime(entry.at)
    return [
        f"{at.day}.{at.month}.{at.year} {at:%H:%M:%S}",
        entry.user.get_full_name() or entry.user.username,
        entry.user.username,
        entry.get_action_display(),
        target_label(entry.target),
        entry.channel,
    ]


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_access_log_csv(request: HttpRequest, client_id: int) -> HttpResponse:
    """Every row of the log (of the page's filters, if any) for the client's § 11 request;
    the export itself is logged as `export`."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return client_access_log(request, client_id)
    entries = client_access_log_get(
        user=request.user, client_id=client_id, action=AccessAction.EXPORT, **_filters(form)
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
