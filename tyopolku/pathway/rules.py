"""The legal-basis rule: one place, used by the UI, the API and the demo data.

A visit takes the legal basis of the phase its date falls in (DOMAIN.md §5, seed 001):
until employment, rehabilitative work activity (Social Welfare Act 1301/2014, Act 189/2001);
after employment, activity supporting the employment of persons with disabilities
(old Social Welfare Act 710/1982 § 27 d) for the service model's follow-along period.
The period is a setting: `None` months means time-unlimited support, as IPS recommends.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from tyopolku.core.dates import date_text
from tyopolku.core.errors import InvalidInput
from tyopolku.pathway.models import LegalBasis, Phase, PhaseChange, ServiceTask


@dataclass(frozen=True)
class PhaseOnDay:
    phase: Phase
    since: datetime.date
    # The start of the employment in force (the phase may have stayed "employed" across jobs).
    employed_since: datetime.date | None


@dataclass(frozen=True)
class VisitBasis:
    legal_basis: LegalBasis
    service_task: ServiceTask
    phase: Phase


def phase_on(changes: Sequence[PhaseChange], day: datetime.date) -> PhaseOnDay | None:
    """The phase in force on `day`; None before the first change. `changes` in date order."""
    current: PhaseOnDay | None = None
    for change in sorted(changes, key=lambda c: (c.effective_date, c.pk or 0)):
        if change.effective_date > day:
            break
        if current is not None and current.phase == change.phase:
            continue  # the same phase again keeps its original start
        employed_since = change.effective_date if change.phase == Phase.EMPLOYED else None
        current = PhaseOnDay(Phase(change.phase), change.effective_date, employed_since)
    return current


def follow_along_last_day(
    employed_since: datetime.date, months: int | None
) -> datetime.date | None:
    """The last day of post-employment support: 3 months from 1.3. is 1.3.–31.5.

    The period ends the day before the same-numbered day `months` later; where that month
    has no such day (1 month from 31.1.), it ends on the month's last day (28.2.), so a later
    start never gets a shorter period.
    """
    if months is None:
        return None
    same_day = employed_since + relativedelta(months=months)
    if same_day.day != employed_since.day:  # relativedelta clipped it to the month's end
        return same_day
    return same_day - datetime.timedelta(days=1)


def visit_basis(
    *,
    start_date: datetime.date,
    changes: Sequence[PhaseChange],
    day: datetime.date,
    follow_along_months: int | None,
) -> VisitBasis:
    """The legal basis for a visit on `day`, or InvalidInput naming `date` and saying why."""
    if day < start_date:
        raise InvalidInput.for_field(
            "date",
            _("The visit is dated before the enrollment started on %(date)s.")
            % {"date": date_text(start_date)},
        )
    current = phase_on(changes, day)
    if current is None or current.phase == Phase.ENDED:
        ended = current.since if current else start_date
        raise InvalidInput.for_field(
            "date",
            _("The enrollment ended on %(date)s; no visits can be recorded after it.")
            % {"date": date_text(ended)},
        )
    if current.phase == Phase.EMPLOYED:
        last_day = follow_along_last_day(current.employed_since, follow_along_months)
        if last_day is not None and day > last_day:
            raise InvalidInput.for_field(
                "date",
                _(
                    "The follow-along support after employment (%(months)s months from "
                    "%(start)s) ended on %(end)s; the visit has no legal basis."
                )
                % {
                    "months": follow_along_months,
                    "start": date_text(current.employed_since),
                    "end": date_text(last_day),
                },
            )
        return VisitBasis(
            LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT,
            ServiceTask.WORKING_AGE_SERVICES,
            current.phase,
        )
    return VisitBasis(
        LegalBasis.REHABILITATIVE_WORK_ACTIVITY, ServiceTask.WORKING_AGE_SERVICES, current.phase
    )
