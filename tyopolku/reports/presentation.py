"""The breakdowns as tables: one layout for the page, the PDF and the spreadsheets."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tyopolku.reports.breakdowns import Breakdowns, Row, Stat


@dataclass(frozen=True)
class Cell:
    value: int | float | None
    figure: str = ""  # the client list it opens to ("" for none)
    hidden: bool = False  # None because of the small-count rule, not for want of data
    decimals: int = 0

    @property
    def text(self) -> str:
        """The value in the UI language's number format ("" for none)."""
        if self.value is None:
            return ""
        decimals = 0 if isinstance(self.value, int) else self.decimals
        return number_format(self.value, decimal_pos=decimals)


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: tuple[str, ...]  # the header of the label column first
    rows: tuple[TableRow, ...]


def _count(value: int | None, figure: str, hides: bool) -> Cell:
    return Cell(value, figure, hidden=hides and value is None)


def _rows(rows: tuple[Row, ...], hides: bool) -> list[TableRow]:
    return [TableRow(row.label, (_count(row.count, row.figure, hides),)) for row in rows]


def _stat(label: str, stat: Stat, hides: bool, decimals: int) -> TableRow:
    hidden = hides and stat.count is None
    return TableRow(
        label,
        (
            Cell(stat.count, stat.figure, hidden=hidden),
            Cell(stat.median, hidden=hidden, decimals=decimals),
            Cell(stat.mean, hidden=hidden, decimals=decimals),
        ),
    )


def breakdown_tables(result: Breakdowns, *, hides: bool) -> list[Table]:
    """`hides`: the user sees no client records, so a missing count was hidden."""
    return [
        Table(
            "referrals",
            _("Referrals received: enrollments started in the period"),
            (_("Referral source"), _("Enrollments started")),
            (
                *_rows(result.referrals, hides),
                TableRow(_("All"), (_count(result.starts, "starts", hides),)),
            ),
        ),
        Table(
            "phases",
            _("Clients by phase on the period's last day"),
            (_("Phase"), _("Clients")),
            tuple(_rows(result.phases, hides)),
        ),
        Table(
            "job-starts",
            _("Job starts"),
            (_("Figure"), _("Count")),
            (
                TableRow(
                    _("Clients who started their first competitive job"),
                    (_count(result.first_job_starts, "first_job_starts", hides),),
                ),
                TableRow(
                    _("Competitive job starts"),
                    (_count(result.job_starts, "job_starts", hides),),
                ),
                *(
                    TableRow(
                        _("Placements started: %(kind)s") % {"kind": row.label},
                        (_count(row.count, row.figure, hides),),
                    )
                    for row in result.placements_by_kind
                ),
            ),
        ),
        Table(
            "endings",
            _("Placements ended in the period, by reason"),
            (_("Reason for ending"), _("Placements")),
            (
                *_rows(result.end_reasons, hides),
                TableRow(_("All"), (_count(result.placements_ended, "placements_ended", hides),)),
            ),
        ),
        Table(
            "tenure",
            _("Days employed"),
            (_("Placements"), _("Count"), _("Median days"), _("Mean days")),
            (
                _stat(_("Ended in the period"), result.tenure_ended, hides, 1),
                _stat(_("Going on at the period's end, so far"), result.tenure_ongoing, hides, 1),
            ),
        ),
        Table(
            "terms",
            _("Hours and wages of competitive jobs active in the period"),
            (_("Figure"), _("Placements"), _("Median"), _("Mean")),
            (
                _stat(_("Hours per week"), result.hours_per_week, hides, 1),
                _stat(_("Hourly wage (€)"), result.hourly_wage, hides, 2),
            ),
        ),
        Table(
            "pay-subsidies",
            _("Placements active in the period with a pay subsidy"),
            (_("Pay subsidy"), _("Placements")),
            tuple(_rows(result.pay_subsidies, hides)),
        ),
        Table(
            "target-groups",
            _("Clients enrolled in the period by target group"),
            (_("Target group"), _("Clients"), _("Started in the period"), _("Employed")),
            tuple(
                TableRow(
                    served.label,
                    (
                        _count(served.count, served.figure, hides),
                        _count(started.count, started.figure, hides),
                        _count(employed.count, employed.figure, hides),
                    ),
                )
                for served, started, employed in zip(
                    result.target_groups,
                    result.target_group_starts,
                    result.target_group_employed,
                    strict=True,
                )
            ),
        ),
    ]


def table_download_rows(tables: list[Table]) -> list[list[object]]:
    """The tables one after another for a spreadsheet: a caption row, the header, the rows;
    a hidden count reads "< 5", a figure with nothing to count stays empty."""
    rows: list[list[object]] = []
    for table in tables:
        rows.append([])
        rows.append([table.caption])
        rows.append(list(table.columns))
        for row in table.rows:
            rows.append(
                [row.label, *(_("< 5") if cell.hidden else cell.value for cell in row.cells)]
            )
    return rows
