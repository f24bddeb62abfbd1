"""The reports' charts on the shared machinery (`tyopolku.files.charts`): the quarterly rate
against the IPS benchmarks, a unit's fidelity totals over time, time to first job, the
caseload per coach against the IPS limit, and a service model's path of phases."""

import datetime
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tyopolku.fidelity.items import MAX_TOTAL, MIN_TOTAL
from tyopolku.files.charts import (
    BarChart,
    BarInput,
    DataTable,
    LineChart,
    PathChart,
    Reference,
    SeriesInput,
    StationInput,
    bar_chart,
    format_number,
    format_percent,
    line_chart,
    path_chart,
)
from tyopolku.reports.selectors import ACTIVE_CLIENT_LIMIT, IPS_BENCHMARKS, QuarterRate
from tyopolku.reports.service_path import ModelPath
from tyopolku.reports.survival import Survival
from tyopolku.reports.trends import ReviewTotal

# The lower limits of the fidelity bands fair, good and exemplary (docs/fidelity.md).
BAND_CUT_OFFS = (74, 100, 115)
HIDDEN = "< 5"


def _benchmarks() -> list[Reference]:
    names = (_("fair"), _("good"), _("exemplary"))
    return [
        Reference(value, f"{name} {format_percent(value)}")
        for value, name in zip(IPS_BENCHMARKS, names, strict=True)
    ]


def _quarter_cells(quarter: QuarterRate, hides: bool) -> tuple[str, ...]:
    if quarter.clients_active is None:
        return (HIDDEN, HIDDEN, HIDDEN) if hides else ("–", "–", "–")
    return (
        format_number(quarter.clients_active),
        format_number(quarter.clients_competitive),
        format_percent(quarter.rate) or "–",
    )


def quarterly_rate_chart(
    quarters: Sequence[QuarterRate], *, hides: bool, chart_id: str = "quarter-chart",
    title: str | None = None,
) -> BarChart:
    """Bars of the quarters' competitive employment rates on 0–100 %, the IPS benchmarks as
    dashed lines; the table gives the clients active, those in a competitive job, the rate."""
    title = title or _("Competitive employment rate by quarter")
    return bar_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "A bar for each quarter: the share of the clients active in the quarter who "
            "worked in a competitive job. Dashed lines mark the IPS benchmarks %(fair)s "
            "(fair), %(good)s (good) and %(exemplary)s (exemplary). The table beside the "
            "chart gives the same numbers."
        )
        % dict(
            zip(("fair", "good", "exemplary"), map(format_percent, IPS_BENCHMARKS), strict=True)
        ),
        items=[
            BarInput(
                quarter.label,
                quarter.rate,
                cells=_quarter_cells(quarter, hides),
                text=(HIDDEN if hides and quarter.clients_active is None else None),
            )
            for quarter in quarters
        ],
        columns=(_("Quarter"), _("Clients active"), _("In a competitive job"), _("Rate")),
        caption=_("%(title)s: the chart's figures") % {"title": title},
        value_format=format_percent,
        maximum=1.0,
        references=_benchmarks(),
    )


def _quarter_ticks(
    quarters: Sequence[tuple[datetime.date, datetime.date]],
) -> list[tuple[float, str]]:
    """A tick at the start of each quarter, labelled on at most six of them."""
    every = max(1, -(-len(quarters) // 6))
    return [
        (start.toordinal(), f"{start.year} Q{(start.month - 1) // 3 + 1}" if i % every == 0 else "")
        for i, (start, _end) in enumerate(quarters)
    ]


def fidelity_total_chart(
    reviews: Sequence[ReviewTotal],
    quarters: Sequence[tuple[datetime.date, datetime.date]],
    *,
    chart_id: str,
    unit_name: str,
) -> LineChart:
    """A unit's review totals (25–125) over the quarters, the band cut-offs as dashed lines."""
    title = _("Fidelity review totals of %(unit)s") % {"unit": unit_name}
    names = (_("fair"), _("good"), _("exemplary"))
    return line_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "A dot for each complete fidelity review at its date, on the scale 25–125. "
            "Dashed lines mark where the bands fair (74), good (100) and exemplary (115) "
            "begin. The table beside the chart gives the same numbers."
        ),
        series=[
            SeriesInput(
                _("Fidelity total"),
                [(r.review_date.toordinal(), r.total) for r in reviews],
            )
        ],
        x_range=(quarters[0][0].toordinal(), quarters[-1][1].toordinal()),
        y_range=(MIN_TOTAL, MAX_TOTAL),
        y_ticks=(25, 50, 75, 100, 125),
        x_ticks=_quarter_ticks(quarters),
        references=[
            Reference(cut, f"{name} {cut}")
            for cut, name in zip(BAND_CUT_OFFS, names, strict=True)
        ],
        tables=[
            DataTable(
                _("%(title)s: the chart's figures") % {"title": title},
                (_("Review date"), _("Total")),
                tuple(
                    (date_format(r.review_date, "SHORT_DATE_FORMAT"), (format_number(r.total),))
                    for r in reviews
                ),
            )
        ],
    )


def survival_chart(survival: Survival, *, chart_id: str = "first-job-chart") -> LineChart:
    """A step line per group: the share still without a first job by the days since the
    start, the median marked; a table per group at fixed days with the number at risk."""
    title = _("Time to first job")
    shown = [g for g in survival.groups if g.points]
    longest = max((p.day for g in shown for p in g.points), default=0)
    series = [
        SeriesInput(
            g.label,
            # From 100 % at the start, also when first jobs start on day 0.
            [(0, 1.0)] * (g.points[0].share_still_searching < 1)
            + [(p.day, p.share_still_searching) for p in g.points],
            step=True,
            dots=False,
            marks=(
                [(g.median_days, 0.5, _("median %(days)s d") % {
                    "days": format_number(g.median_days)})]
                if g.median_days is not None
                else []
            ),
        )
        for g in shown
    ]
    tables = []
    for group in survival.groups:
        if group.hidden:
            rows: tuple = ((_("Fewer than five clients"), (HIDDEN, HIDDEN)),)
        else:
            rows = tuple(
                (format_number(p.day), (format_percent(p.share_still_searching), format_number(
                    p.at_risk)))
                for p in group.table
            )
        tables.append(
            DataTable(
                _("%(group)s: still searching by the days since the start") % {
                    "group": group.label},
                (_("Days since the start"), _("Still searching"), _("Number at risk")),
                rows,
            )
        )
    return line_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "A step line for each group: the share of the clients who had not yet started a "
            "first job, by the days since the start of their enrollment (Kaplan–Meier "
            "estimate; clients still searching and enrollments that ended without a job are "
            "censored). A circle marks the median, where the line crosses 50 %. The tables "
            "beside the chart give the same numbers with the number at risk."
        ),
        series=series,
        x_range=(0, max(longest, 1)),
        y_range=(0, 1),
        y_ticks=(0, 0.25, 0.5, 0.75, 1),
        y_format=format_percent,
        references=[Reference(0.5, _("half"))],
        tables=tables,
        x_label=_("days since the start"),
    )


def caseload_chart(rows: Sequence, *, chart_id: str = "caseload-chart") -> BarChart:
    """The dashboard's active clients per coach (its `CoachFigures`) against the IPS limit."""
    title = _("Active clients per coach")
    return bar_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "A bar for each coach: the clients in their open enrollments. The dashed line "
            "marks the IPS limit of %(limit)s clients per coach. The table beside the chart "
            "gives the same numbers."
        )
        % {"limit": ACTIVE_CLIENT_LIMIT},
        items=[
            BarInput(
                row.coach.get_full_name() or row.coach.username,
                row.active_clients,
                cells=(format_number(row.active_clients),),
            )
            for row in rows
        ],
        columns=(_("Job coach"), _("Active clients")),
        caption=_("%(title)s: the chart's figures") % {"title": title},
        references=[
            Reference(ACTIVE_CLIENT_LIMIT, _("limit %(limit)s") % {"limit": ACTIVE_CLIENT_LIMIT})
        ],
        horizontal=True,
    )


def _count_text(count: int | None, hides: bool) -> str:
    return HIDDEN if count is None and hides else format_number(count or 0)


def _median_text(median: float | None, hides: bool, of: int | None) -> str:
    """A median in days; "< 5" where hidden, "–" where there was nothing to compute."""
    if median is not None:
        return format_number(median, 1 if median % 1 else 0)
    return HIDDEN if hides and of != 0 else "–"


def service_path_chart(path: ModelPath, *, hides: bool) -> PathChart:
    """A service model's phases from referral to employment as stations joined by arrows,
    then the enrollments that ended: in each, the clients in the phase now and how long they
    have been there, and the stays that moved on in the period and how long they lasted."""
    title = _("Service path of %(model)s") % {"model": path.label}
    stations, rows = [], []
    for station in path.stations:
        now = _count_text(station.clients_now, hides)
        now_median = _median_text(station.median_days_now, hides, station.clients_now)
        moved = _count_text(station.stays_completed, hides)
        moved_median = _median_text(
            station.median_days_completed, hides, station.stays_completed
        )
        stations.append(
            StationInput(
                station.label,
                (
                    _("Now: %(count)s, median %(days)s d so far")
                    % {"count": now, "days": now_median},
                    _("Moved on in the period: %(count)s, median %(days)s d")
                    % {"count": moved, "days": moved_median},
                ),
                value=station.clients_now,
            )
        )
        rows.append((station.label, (now, now_median, moved, moved_median)))
    ended = _count_text(path.ended, hides)
    stations.append(
        StationInput(_("Ended"), (_("Enrollments ended in the period: %(count)s") % {
            "count": ended},))
    )
    rows.append((_("Ended in the period"), ("–", "–", ended, "–")))
    return path_chart(
        chart_id=f"path-{path.service_model}",
        title=title,
        description=_(
            "The phases of the service model from top to bottom, joined by arrows: the "
            "referral waiting for a decision, intake, job search and coaching, employment "
            "with follow-along support, and the end. Each phase gives the clients in it now "
            "with the median days they have been there so far, and the stays in it that "
            "moved on to the next phase in the period with their median length in days; a "
            "bar shows the clients in it now. The table beside the drawing gives the same "
            "numbers."
        ),
        stations=stations,
        table=DataTable(
            _("%(title)s: the figures") % {"title": title},
            (
                _("Phase"),
                _("Clients now"),
                _("Median days so far"),
                _("Moved on in the period"),
                _("Median days in the phase"),
            ),
            tuple(rows),
        ),
    )
