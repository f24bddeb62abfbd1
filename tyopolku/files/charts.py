"""Charts drawn on the server as inline SVG: the geometry in plain Python, the markup in
`templates/charts/_bar.html` and `_lines.html`.

No script and no inline style (the pages' CSP allows neither), no chart library. Every chart
carries its numbers as a data table too (`DataTable`), which the templates put beside the
picture for screen readers and for anyone who would rather read than look. Coordinates are
plain floats (the templates print them with localisation off); every text a chart shows is
formatted here in the UI language's number format (`format_number`, `format_percent`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format

# Line and bar colours with a contrast of at least 4.5:1 on white, told apart by dash and
# marker too (not by colour alone).
COLOURS = ("#1f5f8b", "#a64300", "#2e6b30", "#6a1b9a", "#4d4d4d")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
REFERENCE_COLOUR = "#555555"
TEXT_COLOUR = "#222222"
# Room right of the plot for the labels of reference lines ("exemplary 115").
REFERENCE_LABEL_ROOM = 120.0


# --- Numbers as text ------------------------------------------------------------------------


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """`value` in the UI language's format ("1,5" in Finnish); "" for none."""
    if value is None:
        return ""
    if isinstance(value, int):
        decimals = 0
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)


def format_percent(share: float | None, decimals: int = 0) -> str:
    """A share 0–1 as per cent: 0.314 → "31 %" (Finnish "31,4 %" with a decimal); "" for none."""
    if share is None:
        return ""
    return f"{format_number(share * 100, decimals)} %"


# --- Scales and ticks -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A linear map from data values (`low`–`high`) to drawing units (`start`–`end`); `end`
    may be below `start` (a y axis grows upwards). A domain of one value maps to the middle."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return round((self.start + self.end) / 2, 2)
        share = (value - self.low) / (self.high - self.low)
        return round(self.start + share * (self.end - self.start), 2)


def _nice(step: float) -> float:
    """The nearest of 1, 2, 2.5, 5, 10 × a power of ten at or above `step`."""
    power = 10 ** math.floor(math.log10(step))
    for multiple in (1, 2, 2.5, 5, 10):
        if step <= multiple * power * (1 + 1e-9):
            return multiple * power
    return 10 * power


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values from at or below `low` to at or above `high`, about `count` intervals
    apart: (0, 0.5) → 0, 0.1, … 0.5; (0, 17) → 0, 5, 10, 15, 20. One value gives itself."""
    if high < low:
        low, high = high, low
    if high == low:
        return [float(low)]
    step = _nice((high - low) / max(count, 1))
    first = math.floor(low / step + 1e-9) * step
    ticks = []
    value = first
    while value < high + step * 1e-9 or not ticks:
        ticks.append(round(value, 10))
        value = first + len(ticks) * step
    if ticks[-1] < high - step * 1e-9:
        ticks.append(round(first + len(ticks) * step, 10))
    return ticks


@dataclass(frozen=True)
class Tick:
    position: float  # along the axis, in drawing units
    text: str


# --- The data table beside a chart ----------------------------------------------------------


@dataclass(frozen=True)
class DataTable:
    """The chart's numbers for reading: a caption, the column headers (the row header's
    first), and rows of a header and cells, all text."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def labelled_rows(self) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        """The rows with each cell's column header, for tables read as cards on a phone."""
        return tuple(
            (header, tuple(zip(self.columns[1:], cells, strict=False)))
            for header, cells in self.rows
        )


# --- Bar charts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BarInput:
    label: str
    value: float | None  # None: no bar (hidden or nothing to count)
    # The row's cells in the data table; by default the value as `value_format` gives it.
    cells: tuple[str, ...] = ()
    text: str | None = None  # the label on the bar; by default the value formatted


@dataclass(frozen=True)
class Reference:
    """A reference value drawn as a labelled dashed line (a benchmark, a limit)."""

    value: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as the bar shows it ("" without a bar)
    x: float
    y: float
    width: float
    height: float
    label_x: float  # where the category label goes
    label_y: float
    text_x: float  # where the value goes
    text_y: float


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class BarChart:
    chart_id: str  # the prefix of the SVG's element ids
    title: str
    description: str
    width: float
    height: float
    horizontal: bool
    left: float
    top: float
    right: float
    bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    references: tuple[ReferenceLine, ...]
    table: DataTable
    colour: str = COLOURS[0]

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[BarInput],
    columns: tuple[str, ...],
    caption: str,
    value_format: Callable[[float | None], str] = format_number,
    maximum: float | None = None,
    references: Sequence[Reference] = (),
    horizontal: bool = False,
) -> BarChart:
    """Bars from zero, one per item, on an axis up to `maximum` (by default the largest
    value or reference, rounded up to a tick). Vertical bars suit a few categories (quarters),
    horizontal ones many with long names (coaches)."""
    values = [i.value for i in items if i.value is not None]
    top_value = max([*values, *(r.value for r in references), 0])
    ticks = nice_ticks(0, maximum if maximum is not None else top_value or 1)
    high = maximum if maximum is not None else ticks[-1]
    ticks = [t for t in ticks if t <= high + 1e-9]
    rows = tuple(
        (i.label, i.cells or (value_format(i.value) if i.value is not None else "–",))
        for i in items
    )
    table = DataTable(caption, columns, rows)
    if horizontal:
        left, right, top, band = 170.0, 600.0, 28.0, 30.0
        width, bottom = 640.0, top + band * len(items)
        height = bottom + 32
        scale = Scale(0, high, left, right)
        bars = []
        for index, item in enumerate(items):
            y = top + index * band
            end = scale(min(item.value, high)) if item.value is not None else left
            bars.append(
                Bar(
                    label=_shorten(item.label, 24),
                    text=_bar_text(item, value_format),
                    x=left,
                    y=y + band * 0.2,
                    width=round(end - left, 2),
                    height=round(band * 0.6, 2),
                    label_x=left - 8,
                    label_y=round(y + band / 2, 2),
                    text_x=round(end + 4, 2),
                    text_y=round(y + band / 2, 2),
                )
            )
        tick_marks = tuple(Tick(scale(t), value_format(t)) for t in ticks)
        lines = tuple(
            ReferenceLine(r.label, scale(r.value), top - 6, scale(r.value), bottom,
                          scale(r.value), top - 10)
            for r in references
        )
    else:
        # The reference lines' labels go right of the plot, clear of the bars.
        left, right, top, bottom, height = 56.0, 560.0, 16.0, 236.0, 270.0
        width = right + REFERENCE_LABEL_ROOM if references else 640.0
        right = right if references else 624.0
        scale = Scale(0, high, bottom, top)
        band = (right - left) / max(len(items), 1)
        bars = []
        for index, item in enumerate(items):
            x = left + index * band
            y = scale(min(item.value, high)) if item.value is not None else bottom
            bars.append(
                Bar(
                    label=item.label,
                    text=_bar_text(item, value_format),
                    x=round(x + band * 0.2, 2),
                    y=y,
                    width=round(band * 0.6, 2),
                    height=round(bottom - y, 2),
                    label_x=round(x + band / 2, 2),
                    label_y=bottom + 18,
                    text_x=round(x + band / 2, 2),
                    text_y=round(y - 4, 2),
                )
            )
        tick_marks = tuple(Tick(scale(t), value_format(t)) for t in ticks)
        lines = tuple(
            ReferenceLine(r.label, left, scale(r.value), right, scale(r.value),
                          right + 6, scale(r.value))
            for r in references
        )
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        horizontal=horizontal,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        bars=tuple(bars),
        ticks=tick_marks,
        references=lines,
        table=table,
    )


def _bar_text(item: BarInput, value_format: Callable[[float | None], str]) -> str:
    if item.text is not None:
        return item.text
    return value_format(item.value) if item.value is not None else ""


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Line and step charts -------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesInput:
    name: str
    points: Sequence[tuple[float, float]]  # (x, y), in order of x
    step: bool = False  # a step line (a survival curve) instead of straight segments
    dots: bool = True  # a dot at every point
    # Points to mark and label, e.g. the median of a survival curve: (x, y, label).
    marks: Sequence[tuple[float, float, str]] = ()


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Series:
    name: str
    path: str
    colour: str
    dash: str
    dots: tuple[tuple[float, float], ...]
    marks: tuple[Mark, ...]
    legend_y: float


@dataclass(frozen=True)
class LineChart:
    chart_id: str
    title: str
    description: str
    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    series: tuple[Series, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    references: tuple[ReferenceLine, ...]
    tables: tuple[DataTable, ...]
    x_label: str = ""
    y_label: str = ""
    legend: bool = field(default=False)

    @property
    def empty(self) -> bool:
        return not any(s.path for s in self.series)


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[SeriesInput],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    tables: Sequence[DataTable],
    x_ticks: Sequence[tuple[float, str]] | None = None,
    y_ticks: Sequence[float] | None = None,
    x_format: Callable[[float], str] = format_number,
    y_format: Callable[[float], str] = format_number,
    references: Sequence[Reference] = (),
    x_label: str = "",
    y_label: str = "",
) -> LineChart:
    """Lines (or steps) over fixed x and y ranges; ticks at round values unless given (the x
    ticks as (value, text), e.g. the first day of each quarter). With more than one series a
    legend names them; each series has its own colour and dash."""
    legend = len(series) > 1
    # The reference lines' labels go right of the plot, clear of the lines.
    left, right = 56.0, (560.0 if references else 624.0)
    top = 16.0 + (18.0 * len(series) if legend else 0.0)
    bottom = top + 210.0
    width = right + REFERENCE_LABEL_ROOM if references else 640.0
    height = bottom + (48.0 if x_label else 30.0)
    x = Scale(x_range[0], x_range[1], left, right)
    y = Scale(y_range[0], y_range[1], bottom, top)
    if x_ticks is None:
        x_ticks = [(t, x_format(t)) for t in nice_ticks(*x_range, count=6)
                   if x_range[0] <= t <= x_range[1]]
    if y_ticks is None:
        y_ticks = [t for t in nice_ticks(*y_range) if y_range[0] <= t <= y_range[1]]
    drawn = []
    for index, item in enumerate(series):
        points = [(x(px), y(py)) for px, py in item.points]
        drawn.append(
            Series(
                name=item.name,
                path=_path(points, item.step),
                colour=COLOURS[index % len(COLOURS)],
                dash=DASHES[index % len(DASHES)],
                dots=tuple(points) if item.dots else (),
                marks=tuple(
                    Mark(x(mx), y(my), text, round(x(mx) + 6, 2), round(y(my) - 6, 2))
                    for mx, my, text in item.marks
                ),
                legend_y=16.0 + 18.0 * index,
            )
        )
    return LineChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        series=tuple(drawn),
        x_ticks=tuple(Tick(x(value), text) for value, text in x_ticks),
        y_ticks=tuple(Tick(y(value), y_format(value)) for value in y_ticks),
        references=tuple(
            ReferenceLine(r.label, left, y(r.value), right, y(r.value), right + 6, y(r.value))
            for r in references
        ),
        tables=tuple(tables),
        x_label=x_label,
        y_label=y_label,
        legend=legend,
    )


def _path(points: list[tuple[float, float]], step: bool) -> str:
    """SVG path data through the points: straight segments, or steps that keep each y until
    the next x (a survival curve); "" with no points, a dot's worth with one."""
    if not points:
        return ""
    x0, y0 = points[0]
    commands = [f"M{x0:g} {y0:g}"]
    for px, py in points[1:]:
        if step:
            commands.append(f"H{px:g}")
            commands.append(f"V{py:g}")
        else:
            commands.append(f"L{px:g} {py:g}")
    return " ".join(commands)


# --- Paths: stations one after another ------------------------------------------------------


@dataclass(frozen=True)
class StationInput:
    label: str
    lines: tuple[str, ...]  # the station's figures, one text a line
    value: float | None = None  # drawn as a bar across the station; None: no bar


@dataclass(frozen=True)
class TextLine:
    text: str
    y: float


@dataclass(frozen=True)
class StationBox:
    label: str
    lines: tuple[TextLine, ...]
    x: float
    y: float
    width: float
    height: float
    label_y: float
    bar_y: float
    bar_width: float  # 0: no bar


@dataclass(frozen=True)
class Arrow:
    """From one station down to the next: a line and its head (SVG polygon points)."""

    x: float
    y1: float
    y2: float
    head: str


@dataclass(frozen=True)
class PathChart:
    chart_id: str
    title: str
    description: str
    width: float
    height: float
    stations: tuple[StationBox, ...]
    arrows: tuple[Arrow, ...]
    table: DataTable
    colour: str = COLOURS[0]


# A path runs downwards, so that it reads on a phone at nearly its own size.
PATH_WIDTH = 400.0
PATH_LINE = 20.0
PATH_GAP = 28.0


def path_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    stations: Sequence[StationInput],
    table: DataTable,
) -> PathChart:
    """Stations (the phases of a service path) as boxes from top to bottom joined by arrows,
    each with its label, its lines of figures and a bar for its value against the largest
    (values of None or 0 have no bar)."""
    count = max((len(s.lines) for s in stations), default=0)
    height = 12.0 + PATH_LINE * (count + 1) + 14.0
    left, width = 4.0, PATH_WIDTH - 8.0
    largest = max((s.value for s in stations if s.value), default=0)
    bar = Scale(0, largest or 1, 0, width - 24)
    boxes, arrows = [], []
    for index, station in enumerate(stations):
        y = 4.0 + index * (height + PATH_GAP)
        boxes.append(
            StationBox(
                label=station.label,
                lines=tuple(
                    TextLine(text, round(y + 12 + PATH_LINE * (n + 2) - 4, 2))
                    for n, text in enumerate(station.lines)
                ),
                x=left,
                y=y,
                width=width,
                height=height,
                label_y=round(y + 12 + PATH_LINE - 4, 2),
                bar_y=round(y + height - 8, 2),
                bar_width=bar(station.value) if station.value else 0.0,
            )
        )
        if index:
            middle = PATH_WIDTH / 2
            top, tip = y - PATH_GAP + 2, y - 2
            arrows.append(
                Arrow(middle, top, tip - 6, f"{middle - 6:g},{tip - 8:g} {middle + 6:g},"
                      f"{tip - 8:g} {middle:g},{tip:g}")
            )
    total = 8.0 + len(stations) * height + max(len(stations) - 1, 0) * PATH_GAP
    return PathChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=PATH_WIDTH,
        height=total,
        stations=tuple(boxes),
        arrows=tuple(arrows),
        table=table,
    )
