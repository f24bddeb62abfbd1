"""Template filters of the reports: the role set (templates never name roles) and how a
figure hidden by the small-count rule reads."""

from django import template

from tyopolku.reports.selectors import DASHBOARD_ROLES, REPORT_ROLES

register = template.Library()


@register.filter
def reads_reports(user) -> bool:
    return getattr(user, "role", None) in REPORT_ROLES


@register.filter
def reads_dashboard(user) -> bool:
    return getattr(user, "role", None) in DASHBOARD_ROLES


@register.filter
def percent(rate: float | None) -> str:
    """0.314 → "31 %"; "" for none."""
    return "" if rate is None else f"{round(rate * 100)} %"
