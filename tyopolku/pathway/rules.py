"""The legal-basis rule: one place, used by the UI, the API and the demo data.

A visit takes the legal basis of the phase its date falls in (DOMAIN.md §5, seed 001):
until employment, rehabilitative work activity (Social Welfare Act 1301/2014, Act 189/2001);
after employment, activity supporting the employment of persons with disabilities
(old Social Welfare Act 710/1982 § 27 d) for the service model's follow-along period.
The period is a setting: `None` months means time-unlimited support, as IPS recommends.
"""

import datetime
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tyopolku.core.dates import date_text
from tyopolku.core.errors import InvalidInput
from tyopolku.core.periods import period_last_day
from tyopolku.pathway.legal_bases import bases_on
from tyopolku.pathway.models import BasisProblem, LegalBasis, Phase, PhaseChange, ServiceTask


@dataclass(frozen=True)
class PhaseOnDay:
    phase: Phase
    since: datetime.date
    # The start of the employment in force (the phase may have stayed "employed" across jobs).
    employed_since: datetime.date | None


class NoLegalBasis(InvalidInput):
    """A visit on that day has no legal basis; `problem` says which rule it breaks."""

    def __init__(self, problem: BasisProblem, message: str):
        super().__init__(message, {"date": message})
        self.problem = problem


# At the same date a later phase of the path wins, whichever was recorded first.
_PHASE_ORDER = {phase: rank for rank, phase in enumerate(Phase)}


@dataclass(frozen=True)
class VisitBasis:
    legal_basis: LegalBasis
    service_task: ServiceTask
    phase: Phase


def phase_on(changes: Sequence[PhaseChange], day: datetime.date) -> PhaseOnDay | None:
    """The phase in force on `day`; None before the first change. `changes` in date order."""
    current: PhaseOnDay | None = None
    for change in sorted(
        changes, key=lambda c: (c.effective_date, _PHASE_ORDER[Phase(c.phase)], c.pk or 0)
    ):
        if change.effective_date > day:
            break
        if current is not None and current.phase == change.phase:
            continue  # the same phase again keeps its original start
        employed_since = change.effective_date if change.phase == Phase.EMPLOYED else None
        current = PhaseOnDay(Phase(change.phase), change.effective_date, employed_since)
    return current


@dataclass(frozen=True)
class Job:
    """One job of an enrollment as the employment rule needs it."""

    start: datetime.date
    end: datetime.date | None  # the last day at work; None while it goes on
    # Does the client look for work again after this job (or stay with the service otherwise)?
    back_to_job_search: bool = True


@dataclass(frozen=True)
class Employment:
    """One continuous employment: jobs that overlap or follow each other within the allowed
    gap. The follow-along period runs from `start`, however many jobs it holds."""

    start: datetime.date
    end: datetime.date | None
    back_to_job_search: bool


def employments(jobs: Iterable[Job], allowed_gap_days: int = 0) -> list[Employment]:
    """The client's continuous employments, from the jobs alone: the order in which the jobs
    (and their ends) were recorded cannot change the answer. A job starting at most
    `allowed_gap_days` days after the day following the previous end continues it."""
    merged: list[Employment] = []
    for job in sorted(jobs, key=lambda j: (j.start, j.end or datetime.date.max)):
        last = merged[-1] if merged else None
        joins = last is not None and (
            last.end is None
            or job.start <= last.end + datetime.timedelta(days=1 + allowed_gap_days)
        )
        if not joins:
            merged.append(Employment(job.start, job.end, job.back_to_job_search))
            continue
        if last.end is None or job.end is None:
            merged[-1] = Employment(last.start, None, True)
        elif job.end >= last.end:
            # The job that ends last decides what follows; on the same day, either says so.
            back = job.back_to_job_search or (job.end == last.end and last.back_to_job_search)
            merged[-1] = Employment(last.start, job.end, back)
    return merged


def employment_phase_changes(
    employments: Iterable[Employment],
    *,
    end_date: datetime.date | None,
    by_hand: Collection[datetime.date] = (),
) -> set[tuple[str, datetime.date, str]]:
    """(phase, date, reason) of the phase changes that the employments imply for an
    enrollment ending on `end_date` (None: open); an employment recorded by hand on the same
    day (`by_hand`) says it already."""
    wanted = set()
    for employment in employments:
        if employment.start not in by_hand:
            wanted.add((Phase.EMPLOYED, employment.start, PhaseChange.Reason.EMPLOYMENT_STARTED))
        if employment.end is None or not employment.back_to_job_search:
            continue
        next_day = employment.end + datetime.timedelta(days=1)
        if end_date is None or next_day <= end_date:
            wanted.add((Phase.JOB_SEARCH, next_day, PhaseChange.Reason.EMPLOYMENT_ENDED))
    return wanted


def follow_along_last_day(
    employed_since: datetime.date, months: int | None
) -> datetime.date | None:
    """The last day of post-employment support (calendar months, core/periods.py):
    3 months from 1.3. is 1.3.–31.5.; None when the support is time-unlimited."""
    if months is None:
        return None
    return period_last_day(employed_since, months)


# The follow-along months: one figure, or the figure in force on the employment's first day.
MonthsRule = int | None | Callable[[datetime.date], int | None]


def visit_basis(
    *,
    service_model: str,
    start_date: datetime.date,
    changes: Sequence[PhaseChange],
    day: datetime.date,
    follow_along_months: MonthsRule,
) -> VisitBasis:
    """The legal basis for a visit on `day` in `service_model` (its bases in force that day),
    or InvalidInput naming `date` and saying why there is none."""
    bases = bases_on(service_model, day)
    if day < start_date:
        raise NoLegalBasis(
            BasisProblem.BEFORE_START,
            _("The visit is dated before the enrollment started on %(date)s.")
            % {"date": date_text(start_date)},
        )
    current = phase_on(changes, day)
    if current is None or current.phase == Phase.ENDED:
        ended = current.since if current else start_date
        raise NoLegalBasis(
            BasisProblem.AFTER_END,
            _("The enrollment ended on %(date)s; no visits can be recorded after it.")
            % {"date": date_text(ended)},
        )
    if current.phase == Phase.EMPLOYED:
        months = (
            follow_along_months(current.employed_since)
            if callable(follow_along_months)
            else follow_along_months
        )
        last_day = follow_along_last_day(current.employed_since, months)
        if last_day is not None and day > last_day:
            raise NoLegalBasis(
                BasisProblem.AFTER_FOLLOW_ALONG,
                _(
                    "The follow-along support after employment (%(months)s months from "
                    "%(start)s) ended on %(end)s; the visit has no legal basis."
                )
                % {
                    "months": months,
                    "start": date_text(current.employed_since),
                    "end": date_text(last_day),
                },
            )
        return VisitBasis(bases.after_employment, ServiceTask.WORKING_AGE_SERVICES, current.phase)
    return VisitBasis(bases.before_employment, ServiceTask.WORKING_AGE_SERVICES, current.phase)
