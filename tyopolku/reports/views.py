"""The outcome report page and the download of its figures (administrators, supervisors,
evaluators; the selectors refuse other roles with 403)."""

import datetime
import io
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.forms import UnitScopeForm
from tyopolku.accounts.models import Unit, User
from tyopolku.accounts.roles import ASSIGNABLE_WORKERS
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.core.dates import today
from tyopolku.core.errors import InvalidInput
from tyopolku.core.forms import FinnishDateInput
from tyopolku.core.views import domain_errors_to_http, make_page, page_offset
from tyopolku.files import spreadsheets
from tyopolku.files.pdf import render_pdf
from tyopolku.pathway.models import ServiceModel
from tyopolku.reports import (
    breakdowns,
    presentation,
    selectors,
    service_path,
    survival,
    targets,
    trends,
)
from tyopolku.reports import charts as report_charts
from tyopolku.reports.selectors import Figures, Scope
from tyopolku.reports.templatetags.reports_access import percent

FILTERS = ("date_from", "date_to", "service_model", "unit", "coach")
CLIENTS_PAGE_SIZE = 50
# A period longer than this is refused (the dates of the period stay in a sane range).
EARLIEST = datetime.date(2000, 1, 1)


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), widget=FinnishDateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), widget=FinnishDateInput())
    service_model = forms.ChoiceField(label=gettext_lazy("Service model"), required=False)
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Service unit"), required=False, coerce=int, empty_value=None
    )
    coach = forms.TypedChoiceField(
        label=gettext_lazy("Job coach"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, user: User) -> None:
        start = selectors.last_quarters(today(), 1)[0][0]
        super().__init__(data, initial={"date_from": start, "date_to": today()})
        self.fields["service_model"].choices = [("", _("All")), *ServiceModel.choices]
        units = Unit.objects.filter(organization_id=user.organization_id).order_by("name")
        self.fields["unit"].choices = [("", _("All"))] + [(u.pk, u.name) for u in units]
        coaches = User.objects.filter(
            organization_id=user.organization_id, role__in=ASSIGNABLE_WORKERS
        ).order_by("last_name", "first_name", "username")
        self.fields["coach"].choices = [("", _("All"))] + [
            (c.pk, c.get_full_name() or c.username) for c in coaches
        ]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and start < EARLIEST:
            self.add_error("date_from", _("Give a date in 2000 or later."))
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_bound else self.initial
        return Scope(
            date_from=data["date_from"],
            date_to=data["date_to"],
            service_model=data.get("service_model") or "",
            unit_id=data.get("unit"),
            coach_id=data.get("coach"),
        )


def _form(request: HttpRequest) -> ReportFilterForm:
    data = request.GET if any(name in request.GET for name in FILTERS) else None
    return ReportFilterForm(data, user=request.user)


def _rows(figures: Figures) -> list[tuple[str, object]]:
    """The figures with their labels, in the order of the page and the download."""
    return [
        (_("Clients enrolled"), figures.clients_enrolled),
        (_("Clients employed"), figures.clients_employed),
        (_("Competitive employment rate"), figures.competitive_employment_rate),
        (
            _("Median days to first employer contact"),
            figures.median_days_to_first_employer_contact,
        ),
        (_("Median days to first job"), figures.median_days_to_first_job),
        (_("Placements started"), figures.placements_started),
    ]


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def outcome_report(request: HttpRequest) -> HttpResponse:
    selectors.report_access_check(request.user)
    form = _form(request)
    valid = not form.is_bound or form.is_valid()
    hides_small = not selectors.sees_client_lists(request.user)
    context = {"form": form, "valid": valid, "hides_small": hides_small}
    if valid:
        scope = form.scope()
        figures = selectors.figures_for(user=request.user, scope=scope)
        quarters = selectors.quarterly_competitive_rates(
            user=request.user, day=scope.date_to, service_model=scope.service_model
        )
        query = {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
        context.update(
            figures=figures,
            rows=_rows(figures),
            chart=report_charts.quarterly_rate_chart(quarters, hides=hides_small),
            benchmarks=[round(b * 100) for b in selectors.IPS_BENCHMARKS],
            download_query="?" + urlencode(query) if query else "",
            # The clients behind each figure: only for users who may see client records.
            clients_query=None if hides_small else urlencode(query),
            clients_query_set=not hides_small,
        )
        context.update(_breakdown_context(request.user, scope))
    return render(request, "reports/outcome_report.html", context, status=200 if valid else 422)


# The report page shows at most this many targets (the admin and the API list them all).
TARGETS_SHOWN = 20


def _breakdown_context(user: User, scope: Scope) -> dict:
    """The breakdown tables and the progress of the targets whose period overlaps."""
    result = breakdowns.breakdown_figures(user=user, scope=scope)
    hides = not selectors.sees_client_lists(user)
    overlapping = targets.report_targets(
        user=user, date_from=scope.date_from, date_to=scope.date_to
    )
    return {
        "tables": presentation.breakdown_tables(result, hides=hides),
        "targets": targets.target_progress(user=user, targets=overlapping[:TARGETS_SHOWN]),
    }


def _download_rows(request: HttpRequest, form: ReportFilterForm) -> list[list[object]]:
    scope = form.scope()
    figures = selectors.figures_for(user=request.user, scope=scope)
    hidden = _("< 5") if not selectors.sees_client_lists(request.user) else None
    rows = [[_("Figure"), _("Value")]]
    rows.append([_("From"), scope.date_from])
    rows.append([_("To"), scope.date_to])
    for label, value in _rows(figures):
        # A hidden count says so; a figure with nothing to count stays empty.
        rows.append([label, hidden if value is None else value])
    result = breakdowns.breakdown_figures(user=request.user, scope=scope)
    tables = presentation.breakdown_tables(result, hides=hidden is not None)
    rows.extend(presentation.table_download_rows(tables))
    return rows


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def outcome_report_download(request: HttpRequest, file_format: str) -> HttpResponse:
    """The figures of the page's filters as .csv or .xlsx, through the safe writer."""
    selectors.report_access_check(request.user)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return outcome_report(request)
    rows = _download_rows(request, form)
    filename = f"outcomes-{today():%Y-%m-%d}.{file_format}"
    if file_format == "xlsx":
        writer = spreadsheets.XlsxWriter()
        writer.add_sheet(_("Outcomes"))
        for row in rows:
            writer.append(row)
        return FileResponse(
            writer.temporary_file(),
            as_attachment=True,
            filename=filename,
            content_type=spreadsheets.XLSX_CONTENT_TYPE,
        )
    out = io.StringIO()
    out.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    spreadsheets.CsvWriter(out, delimiter=";").writerows(rows)
    return HttpResponse(
        out.getvalue(),
        content_type=spreadsheets.CSV_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _figure_label(figure: str) -> str:
    labels = {
        "clients_enrolled": _("Clients enrolled"),
        "clients_employed": _("Clients employed"),
        "clients_competitive": _("Clients in a competitive job"),
        "placements_started": _("Clients whose placement started"),
        "first_employer_contact": _("Clients with a first employer contact"),
        "first_job": _("Clients with a first job"),
    }
    return labels[figure] if figure in labels else breakdowns.figure_title(figure)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def outcome_report_clients(request: HttpRequest) -> HttpResponse:
    """The clients behind one figure of the page's filters, for users who may see them;
    the clients shown are written to the access log."""
    selectors.report_access_check(request.user)
    figure = request.GET.get("figure", "")
    form = _form(request)
    if not selectors.is_client_figure(figure) or (form.is_bound and not form.is_valid()):
        return outcome_report(request)
    clients = selectors.figure_clients(user=request.user, scope=form.scope(), figure=figure)
    offset = page_offset(request)
    count = clients.count()
    shown = list(clients[offset : offset + CLIENTS_PAGE_SIZE])
    access_log_record(
        user=request.user,
        client_ids=[c.pk for c in shown],
        action=AccessAction.READ,
        target="report_clients",
    )
    page = make_page(
        request, offset=offset, limit=CLIENTS_PAGE_SIZE, count=count, keep=(*FILTERS, "figure")
    )
    query = {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
    return render(
        request,
        "reports/figure_clients.html",
        {
            "clients": shown,
            "page": page,
            "title": _figure_label(figure),
            "back_query": "?" + urlencode(query) if query else "",
        },
    )


def _pdf_rows(figures: Figures) -> list[tuple[str, str | None]]:
    """The figures as text in the UI language's formats (None: hidden or nothing)."""
    rows = []
    for label, value in _rows(figures):
        if value is None:
            rows.append((label, None))
        elif value is figures.competitive_employment_rate:
            rows.append((label, percent(value)))
        else:
            rows.append(
                (label, number_format(value, decimal_pos=0 if isinstance(value, int) else 1))
            )
    return rows


PDF_STYLESHEET = Path(__file__).parent / "static" / "reports" / "report-print.css"


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def outcome_report_pdf(request: HttpRequest) -> HttpResponse:
    """The report of the page's filters as a PDF: the figures, the breakdowns, the targets."""
    selectors.report_access_check(request.user)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return outcome_report(request)
    scope = form.scope()
    figures = selectors.figures_for(user=request.user, scope=scope)
    context = {
        "scope": scope,
        "rows": _pdf_rows(figures),
        "hides_small": not selectors.sees_client_lists(request.user),
        "service_model": dict(ServiceModel.choices).get(scope.service_model, ""),
        **_breakdown_context(request.user, scope),
    }
    pdf = render_pdf(
        "reports/outcome_report_pdf.html", context, request=request, stylesheets=[PDF_STYLESHEET]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"outcomes-{scope.date_from:%Y-%m-%d}-{scope.date_to:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def dashboard(request: HttpRequest) -> HttpResponse:
    """The supervisor's dashboard: the team's and each coach's figures today."""
    scope = UnitScopeForm(request.GET, user=request.user)
    board = selectors.dashboard(user=request.user, unit_id=scope.unit_id())
    return render(
        request,
        "reports/dashboard.html",
        {
            "scope": scope,
            "board": board,
            "caseload_chart": report_charts.caseload_chart(board.coaches),
            "limit": selectors.ACTIVE_CLIENT_LIMIT,
            "benchmarks": [round(b * 100) for b in selectors.IPS_BENCHMARKS],
        },
    )


class TrendsForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), widget=FinnishDateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), widget=FinnishDateInput())
    service_model = forms.ChoiceField(label=gettext_lazy("Service model"), required=False)
    group_by = forms.ChoiceField(
        label=gettext_lazy("Time to first job by"),
        required=False,
        choices=[
            ("service_model", gettext_lazy("Service model")),
            ("cohort", gettext_lazy("Year of the start")),
        ],
    )

    def __init__(self, data) -> None:
        # By default the last eight quarters up to today.
        start = selectors.last_quarters(today(), 8)[0][0]
        super().__init__(
            data, initial={"date_from": start, "date_to": today(), "group_by": "service_model"}
        )
        self.fields["service_model"].choices = [("", _("All")), *ServiceModel.choices]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and start < EARLIEST:
            self.add_error("date_from", _("Give a date in 2000 or later."))
        if end and end > trends.LATEST:
            self.add_error("date_to", _("Give a date in 2100 or earlier."))
        elif start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        elif start and end and start >= EARLIEST:
            try:
                trends.quarters_of(start, end)
            except InvalidInput as error:
                self.add_error("date_from", error.message)
        return data

    def values(self) -> dict:
        data = self.cleaned_data if self.is_bound else self.initial
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "service_model": data.get("service_model") or "",
            "group_by": data.get("group_by") or "service_model",
        }


TRENDS_FILTERS = ("date_from", "date_to", "service_model", "group_by")


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def report_trends(request: HttpRequest) -> HttpResponse:
    """Per unit, the fidelity review totals next to the quarterly competitive employment rate;
    time to first job as Kaplan–Meier curves (the reports' roles, figures only for evaluators)."""
    selectors.report_access_check(request.user)
    data = request.GET if any(name in request.GET for name in TRENDS_FILTERS) else None
    form = TrendsForm(data)
    valid = not form.is_bound or form.is_valid()
    hides = not selectors.sees_client_lists(request.user)
    context: dict = {"form": form, "hides_small": hides}
    if valid:
        values = form.values()
        units = trends.unit_trends(
            user=request.user,
            date_from=values["date_from"],
            date_to=values["date_to"],
            service_model=values["service_model"],
        )
        quarters = trends.quarters_of(values["date_from"], values["date_to"])
        first_job = survival.time_to_first_job(user=request.user, **values)
        context.update(
            units=[
                {
                    "unit": trend.unit,
                    "fidelity": report_charts.fidelity_total_chart(
                        trend.reviews,
                        quarters,
                        chart_id=f"fidelity-{trend.unit.pk}",
                        unit_name=trend.unit.name,
                    ),
                    "rate": report_charts.quarterly_rate_chart(
                        trend.quarters,
                        hides=hides,
                        chart_id=f"rate-{trend.unit.pk}",
                        title=_("Competitive employment rate of %(unit)s")
                        % {"unit": trend.unit.name},
                    ),
                }
                for trend in units
            ],
            survival=first_job,
            survival_chart=report_charts.survival_chart(first_job),
        )
    context["valid"] = valid
    return render(request, "reports/trends.html", context, status=200 if valid else 422)


class ServicePathForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), widget=FinnishDateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), widget=FinnishDateInput())
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Service unit"), required=False, coerce=int, empty_value=None
    )
    service_model = forms.ChoiceField(label=gettext_lazy("Service model"), required=False)

    def __init__(self, data, *, user: User) -> None:
        # By default the last four quarters up to today: enough stays for a median.
        start = selectors.last_quarters(today(), 4)[0][0]
        super().__init__(data, initial={"date_from": start, "date_to": today()})
        units = Unit.objects.filter(organization_id=user.organization_id).order_by("name")
        self.fields["unit"].choices = [("", _("All"))] + [(u.pk, u.name) for u in units]
        self.fields["service_model"].choices = [("", _("All")), *ServiceModel.choices]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and start < EARLIEST:
            self.add_error("date_from", _("Give a date in 2000 or later."))
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data if self.is_bound else self.initial
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "unit_id": data.get("unit"),
            "service_model": data.get("service_model") or "",
        }


SERVICE_PATH_FILTERS = ("date_from", "date_to", "unit", "service_model")


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def service_path_report(request: HttpRequest) -> HttpResponse:
    """Each service model's phases as a path: the clients in each phase now and the median
    days spent there (the reports' roles; small counts hidden for evaluators)."""
    selectors.report_access_check(request.user)
    data = request.GET if any(name in request.GET for name in SERVICE_PATH_FILTERS) else None
    form = ServicePathForm(data, user=request.user)
    valid = not form.is_bound or form.is_valid()
    hides = not selectors.sees_client_lists(request.user)
    context: dict = {"form": form, "valid": valid, "hides_small": hides}
    if valid:
        result = service_path.service_path(user=request.user, **form.values())
        context.update(
            path=result,
            models=[
                {"path": model, "chart": report_charts.service_path_chart(model, hides=hides)}
                for model in result.models
            ],
        )
    return render(request, "reports/service_path.html", context, status=200 if valid else 422)
