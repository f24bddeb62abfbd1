"""Dated rows (rates, rules, settings): the one way to pick the row in force on a day."""

import datetime
from collections.abc import Sequence


def in_force[Row](rows: Sequence[Row], day: datetime.date) -> Row | None:
    """The row with the latest `valid_from` on or before `day`; before the first row, the
    first row (a figure always applies); None when there are no rows. `rows` oldest first."""
    current = None
    for row in rows:
        if row.valid_from > day:
            break
        current = row
    return current if current is not None else (rows[0] if rows else None)
