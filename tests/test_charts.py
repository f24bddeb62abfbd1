"""The shared chart machinery: scales, ticks, bars, lines and steps, number formats, and the
templates drawing the SVG with its numbers as a table beside it."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tyopolku.files.charts import (
    BarInput,
    DataTable,
    Reference,
    Scale,
    SeriesInput,
    bar_chart,
    format_number,
    format_percent,
    line_chart,
    nice_ticks,
)


def test_it_maps_values_linearly_and_upwards():
    y = Scale(0, 1, 200, 0)

    assert (y(0), y(0.5), y(1)) == (200, 100, 0)
    assert Scale(25, 125, 0, 100)(75) == 50
    # A domain of one value (a single point) goes to the middle, not a division by zero.
    assert Scale(3, 3, 0, 100)(3) == 50


@pytest.mark.parametrize(
    "low, high, ticks",
    [
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0, 17, [0, 5, 10, 15, 20]),
        (0, 20, [0, 5, 10, 15, 20]),
        (0, 180, [0, 50, 100, 150, 200]),
        (25, 125, [20, 40, 60, 80, 100, 120, 140]),
        (0, 0.5, [0, 0.1, 0.2, 0.3, 0.4, 0.5]),
        (7, 7, [7]),
    ],
)
def test_it_chooses_round_ticks_covering_the_range(low, high, ticks):
    assert nice_ticks(low, high) == pytest.approx(ticks)


def test_it_formats_numbers_and_percentages_in_the_ui_language():
    with translation.override("fi"):
        assert format_percent(0.314) == "31 %"
        assert format_percent(0.3146, 1) == "31,5 %"
        assert format_number(40.5, 1) == "40,5"
        assert format_number(12) == "12"
    with translation.override("en"):
        assert format_percent(0.3146, 1) == "31.5 %"
    assert format_percent(None) == "" and format_number(None) == ""


def _quarters(values):
    return bar_chart(
        chart_id="t",
        title="Rate",
        description="Bars",
        items=[BarInput(f"Q{i + 1}", v) for i, v in enumerate(values)],
        columns=("Quarter", "Rate"),
        caption="Rate: figures",
        value_format=format_percent,
        maximum=1.0,
        references=[Reference(0.5, "exemplary 50 %")],
    )


def test_it_draws_bars_from_zero_with_reference_lines():
    chart = _quarters([0.5, 1.0, None, 0])

    full = chart.bottom - chart.top
    assert [bar.height for bar in chart.bars] == [full / 2, full, 0, 0]
    assert chart.bars[0].y == chart.bottom - full / 2
    assert [bar.text for bar in chart.bars] == ["50 %", "100 %", "", "0 %"]
    # The benchmark is a line across the plot at its value, with its label.
    [line] = chart.references
    assert (line.y1, line.y2, line.label) == (chart.bars[0].y, chart.bars[0].y, "exemplary 50 %")
    assert [tick.text for tick in chart.ticks][-1] == "100 %"
    # The table has the same numbers; a missing bar reads "–".
    assert chart.table.rows == (
        ("Q1", ("50 %",)),
        ("Q2", ("100 %",)),
        ("Q3", ("–",)),
        ("Q4", ("0 %",)),
    )


def test_it_draws_an_empty_bar_chart_without_failing():
    chart = _quarters([])

    assert chart.empty and chart.table.rows == ()
    assert chart.ticks  # the axis is still there


def test_it_draws_horizontal_bars_scaled_to_the_largest_value_or_reference():
    chart = bar_chart(
        chart_id="c",
        title="Caseload",
        description="d",
        items=[BarInput("Anna Valmentaja", 10), BarInput("A very long name of a coach here", 30)],
        columns=("Coach", "Clients"),
        caption="c",
        references=[Reference(20, "limit 20")],
        horizontal=True,
    )

    first, second = chart.bars
    assert second.width == chart.right - chart.left  # 30: the axis ends at 30
    assert first.width == pytest.approx((chart.right - chart.left) / 3, abs=0.01)
    [limit] = chart.references
    assert limit.x1 == limit.x2 == pytest.approx(
        chart.left + (chart.right - chart.left) * 2 / 3, abs=0.01
    )
    assert second.label.endswith("…") and len(second.label) == 24
    # The table keeps the whole name.
    assert chart.table.rows[1][0] == "A very long name of a coach here"


def _lines(series, **options):
    return line_chart(
        chart_id="l",
        title="Lines",
        description="d",
        series=series,
        x_range=options.pop("x_range", (0, 100)),
        y_range=(0, 1),
        tables=[DataTable("t", ("Day", "Share"), (("0", ("100 %",)),))],
        **options,
    )


def test_it_draws_steps_for_a_survival_curve():
    chart = _lines([SeriesInput("IPS", [(0, 1), (50, 0.5), (100, 0.5)], step=True, dots=False,
                                marks=[(50, 0.5, "median 50 d")])])

    [series] = chart.series
    # Down only at the day of the event: horizontal, then vertical.
    assert series.path == "M56 16 H340 V121 H624 V121"
    assert series.dots == ()
    [mark] = series.marks
    assert (mark.x, mark.y, mark.text) == (340, 121, "median 50 d")
    assert not chart.legend  # one series needs no legend


def test_it_draws_straight_lines_with_dots_and_a_legend_for_several_series():
    chart = _lines([SeriesInput("A", [(0, 0), (100, 1)]), SeriesInput("B", [(50, 0.5)])])

    first, second = chart.series
    assert first.path == f"M56 {chart.bottom:g} L624 {chart.top:g}"
    assert len(first.dots) == 2
    assert second.path.startswith("M340 ") and len(second.dots) == 1  # a single point
    assert chart.legend and first.colour != second.colour and first.dash != second.dash


def test_it_draws_an_empty_line_chart():
    chart = _lines([SeriesInput("A", [])], x_range=(5, 5))

    assert chart.empty
    assert chart.series[0].path == ""


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+ %", text)


def test_it_renders_the_bar_chart_as_an_accessible_svg_with_its_table():
    with translation.override("fi"):
        chart = _quarters([0.314, 0.5])
        html = render_to_string("charts/_bar.html", {"chart": chart})

    svg, table = html.split("</svg>")
    assert 'role="img"' in svg
    assert 'aria-labelledby="t-title"' in svg and '<title id="t-title">Rate</title>' in svg
    assert 'aria-describedby="t-desc"' in svg and '<desc id="t-desc">Bars</desc>' in svg
    assert 'stroke-dasharray="5 4"' in svg and "exemplary 50 %" in svg
    # Coordinates with a decimal point whatever the language.
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+"', svg)
    assert "<caption>Rate: figures</caption>" in table
    assert '<th scope="col">Quarter</th>' in table and '<th scope="row">Q1</th>' in table
    # The bars' values and the table's are the same numbers.
    bar_values = re.findall(r'text-anchor="middle" font-size="12" fill="#222222">(\d+ %)<', svg)
    assert bar_values == ["31 %", "50 %"] == _numbers(table)


def test_it_renders_the_line_chart_with_its_tables():
    chart = _lines([SeriesInput("IPS", [(0, 1), (50, 0.5)], step=True)],
                   references=[Reference(0.5, "half")])
    html = render_to_string("charts/_lines.html", {"chart": chart})

    # With a reference line the plot ends at 560, leaving room for its label.
    assert '<path d="M56 16 H308 V121"' in html
    assert "half</text>" in html
    assert "<caption>t</caption>" in html and '<th scope="row">0</th><td>100 %</td>' in html
