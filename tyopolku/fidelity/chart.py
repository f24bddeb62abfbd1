"""The history of a unit's totals as a server-rendered SVG line chart (no script, no inline
style: the page's CSP allows neither). The page shows the same numbers in a table."""

from dataclasses import dataclass

from tyopolku.fidelity.items import MAX_TOTAL, MIN_TOTAL
from tyopolku.fidelity.models import Review

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 16, 40  # room for the labels
# The lower limits of the bands fair, good and exemplary, drawn as guide lines.
BAND_LINES = (74, 100, 115)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    review: Review


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    guides: list[tuple[int, float]]  # (total, y)
    axis: list[tuple[int, float]]
    left: int
    right: int
    bottom: int


def _y(total: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(TOP + span * (MAX_TOTAL - total) / (MAX_TOTAL - MIN_TOTAL), 1)


def history_chart(reviews: list[Review]) -> Chart | None:
    """Complete reviews, oldest first, evenly spaced along the x axis."""
    if not reviews:
        return None
    span = WIDTH - LEFT - RIGHT
    step = span / (len(reviews) - 1) if len(reviews) > 1 else 0
    points = [
        Point(x=round(LEFT + (i * step if step else span / 2), 1), y=_y(r.total), review=r)
        for i, r in enumerate(reviews)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        guides=[(total, _y(total)) for total in BAND_LINES],
        axis=[(total, _y(total)) for total in (MIN_TOTAL, 50, 75, 100, MAX_TOTAL)],
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
    )
