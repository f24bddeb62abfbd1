"""Checks of a rehabilitative work activity plan against the limits in force: what is wrong,
field by field, for the agreement form and API to show."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from tyopolku.core.periods import calendar_months
from tyopolku.workactivity.models import RehabilitativeWorkActivityRule


def plan_problems(
    rule: RehabilitativeWorkActivityRule,
    *,
    start: datetime.date,
    end: datetime.date,
    days_per_week: int,
    hours_per_day: Decimal,
) -> dict[str, str]:
    """Field name -> why the plan breaks the rule; empty when it keeps to it."""
    problems = {}
    months, days = calendar_months(start, end)
    if months < rule.min_months or (months, days) > (rule.max_months, 0):
        problems["end_date"] = _("A period lasts %(min)s–%(max)s months.") % {
            "min": rule.min_months,
            "max": rule.max_months,
        }
    if not rule.min_days_per_week <= days_per_week <= rule.max_days_per_week:
        problems["days_per_week"] = _("%(min)s–%(max)s days a week.") % {
            "min": rule.min_days_per_week,
            "max": rule.max_days_per_week,
        }
    if not rule.min_hours_per_day <= hours_per_day <= rule.max_hours_per_day:
        problems["hours_per_day"] = _("%(min)s–%(max)s hours a day.") % {
            "min": rule.min_hours_per_day.normalize(),
            "max": rule.max_hours_per_day.normalize(),
        }
    return problems
