import datetime

from django.utils import formats, timezone


def today() -> datetime.date:
    """Today in Finland (the server may run in UTC)."""
    return timezone.localdate()


def date_text(day: datetime.date) -> str:
    """A date for a message, in the active language's format (d.m.yyyy in Finnish)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")
