import datetime

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def iso_date(value: str | None) -> str:
    """An ISO date of an archive document's JSON twin as 30.11.2026 ("–" when empty)."""
    if not value:
        return "–"
    return date_format(datetime.date.fromisoformat(value), "j.n.Y")
