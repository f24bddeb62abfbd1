"""Reads of the work-activity rules (no client data here)."""

import datetime

from tyopolku.core.dated import in_force
from tyopolku.workactivity.models import RehabilitativeWorkActivityRule


def rehabilitative_rule_on(day: datetime.date) -> RehabilitativeWorkActivityRule | None:
    """The limits in force on `day` (a few rows: read them all)."""
    return in_force(list(RehabilitativeWorkActivityRule.objects.order_by("valid_from")), day)
