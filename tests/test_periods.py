"""One way to count calendar months, for every period of the product."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from tyopolku.core.periods import calendar_months, period_last_day
from tyopolku.placements.rules import Terms, tenure, trial_length

D = datetime.date


def test_it_counts_a_work_trial_from_the_31st_to_the_end_of_february_as_six_months():
    assert calendar_months(D(2025, 8, 31), D(2026, 2, 28)) == (6, 0)


def test_it_counts_the_follow_along_example_both_ways():
    assert period_last_day(D(2026, 3, 1), 3) == D(2026, 5, 31)
    assert calendar_months(D(2026, 3, 1), D(2026, 5, 31)) == (3, 0)
    assert period_last_day(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert period_last_day(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_it_counts_days_over_full_months():
    assert calendar_months(D(2026, 3, 1), D(2026, 6, 10)) == (3, 10)
    assert calendar_months(D(2026, 3, 1), D(2026, 3, 1)) == (0, 1)
    assert calendar_months(D(2026, 3, 2), D(2026, 3, 1)) == (0, 0)


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(1, 60))
def test_it_counts_back_exactly_the_months_it_adds(first, months):
    assert calendar_months(first, period_last_day(first, months)) == (months, 0)


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(0, 2000))
def test_it_never_counts_more_than_the_days(first, days):
    last = first + datetime.timedelta(days=days)
    months, over = calendar_months(first, last)
    assert months * 28 <= days + 1
    assert 0 <= over <= 31


def test_the_placement_rules_count_the_same_way():
    trial = Terms(
        kind="work_trial", employer_id=1, start_date=D(2025, 8, 31), end_date=D(2026, 2, 28)
    )
    length = trial_length(trial, D(2026, 11, 30))
    assert (length.months, length.days) == (6, 0)
    assert tenure(D(2025, 8, 31), D(2026, 2, 28), D(2026, 11, 30)).months == 6
