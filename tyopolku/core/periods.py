"""Calendar months: the one way every period in the product is counted (follow-along
support, pay subsidy, work trials, tenure).

A period of N months from day D ends the day before the same-numbered day N months later:
3 months from 1.3. is 1.3.–31.5. Where that month has no such day (1 month from 31.1.), it
ends on the month's last day (28.2.), so a later start never gets a shorter period. Counting
the other way, 31.8.–28.2. is exactly 6 months.
"""

import datetime

from dateutil.relativedelta import relativedelta

ONE_DAY = datetime.timedelta(days=1)


def period_last_day(first: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` calendar months starting on `first`."""
    same_day = first + relativedelta(months=months)
    if same_day.day != first.day:  # relativedelta clipped it to the month's end
        return same_day
    return same_day - ONE_DAY


def calendar_months(first: datetime.date, last: datetime.date) -> tuple[int, int]:
    """Full calendar months and the days over them from `first` to `last`, both included."""
    if last < first:
        return 0, 0
    span = relativedelta(last + ONE_DAY, first)
    months = span.years * 12 + span.months
    # relativedelta counts from the clipped day; step to the period rule above.
    while period_last_day(first, months + 1) <= last:
        months += 1
    while months and period_last_day(first, months) > last:
        months -= 1
    counted_until = period_last_day(first, months) if months else first - ONE_DAY
    return months, (last - counted_until).days
