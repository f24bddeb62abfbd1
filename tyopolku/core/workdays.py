"""Finnish working days: Monday to Friday except public holidays, Midsummer Eve and Christmas
Eve (the `holidays` library's Finnish calendar, which follows the moving feasts)."""

import datetime
from functools import cache

import holidays
from django.utils.translation import get_language

# The holidays library's names of the Finnish holidays, by our UI language.
_NAME_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@cache
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Finland(years=year))


@cache
def _holiday_names(year: int, language: str) -> dict[datetime.date, str]:
    return dict(holidays.Finland(years=year, language=language))


def holiday_name(day: datetime.date) -> str | None:
    """The name of the Finnish holiday (Midsummer Eve and Christmas Eve included) on `day`,
    in the active language; None on other days."""
    language = _NAME_LANGUAGES.get((get_language() or "fi")[:2], "fi")
    return _holiday_names(day.year, language).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself is not counted): 7 working
    days from a Monday without holidays is the Wednesday of the next week."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
