"""The limits of rehabilitative work activity are dated rows (3–24 months, 1–4 days a week,
4–8 hours a day, 9 € a day), for the work-activity agreements to check against."""

import datetime
from decimal import Decimal

import pytest

from tyopolku.workactivity.models import RehabilitativeWorkActivityRule
from tyopolku.workactivity.rules import plan_problems
from tyopolku.workactivity.selectors import rehabilitative_rule_on

D = datetime.date


@pytest.fixture
def rule(db):
    return rehabilitative_rule_on(D(2026, 11, 30))


def test_it_ships_the_limits_in_force(rule):
    limits = (
        rule.min_months,
        rule.max_months,
        rule.min_days_per_week,
        rule.max_days_per_week,
        rule.min_hours_per_day,
        rule.max_hours_per_day,
        rule.expense_allowance_eur_per_day,
    )
    assert limits == (3, 24, 1, 4, Decimal(4), Decimal(8), Decimal("9.00"))
    assert "189/2001" in rule.source


@pytest.mark.parametrize(
    ("end", "days", "hours", "fields"),
    [
        (D(2026, 5, 31), 3, Decimal(6), []),  # 3 months to the day
        (D(2026, 5, 30), 3, Decimal(6), ["end_date"]),  # a day short
        (D(2028, 2, 29), 4, Decimal(8), []),  # 24 months
        (D(2028, 3, 1), 4, Decimal(8), ["end_date"]),  # a day over
        (D(2026, 12, 31), 5, Decimal(3.5), ["days_per_week", "hours_per_day"]),
    ],
)
def test_it_names_each_limit_a_plan_breaks(rule, end, days, hours, fields):
    problems = plan_problems(
        rule, start=D(2026, 3, 1), end=end, days_per_week=days, hours_per_day=hours
    )
    assert sorted(problems) == fields


def test_it_uses_the_row_in_force_on_the_day(db):
    RehabilitativeWorkActivityRule.objects.create(
        valid_from=D(2027, 1, 1), max_days_per_week=5, source="A later change"
    )
    assert rehabilitative_rule_on(D(2026, 12, 31)).max_days_per_week == 4
    assert rehabilitative_rule_on(D(2027, 1, 1)).max_days_per_week == 5
