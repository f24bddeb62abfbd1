"""The generated clients' paths as plain data, and the phase changes and visits they imply.

Pure functions of a seeded random generator and today, like the demo's stories, but drawn
from distributions instead of a fixed script, so that any number of clients can be made.
Everything that is a rule of the service comes from `tyopolku.pathway.rules`: the phase
changes of the jobs (`employments`, `employment_phase_changes`), the follow-along period
(`follow_along_last_day`) and each visit's legal basis (`visit_basis`).
"""

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tyopolku.pathway.intake import STEPS_BEFORE_JOB_SEARCH
from tyopolku.pathway.models import Phase, PhaseChange, ServiceModel
from tyopolku.pathway.rules import (
    Job,
    NoLegalBasis,
    VisitBasis,
    employment_phase_changes,
    employments,
    follow_along_last_day,
    visit_basis,
)
from tyopolku.placements.models import PlacementKind

DAY = datetime.timedelta(days=1)
IPS = ServiceModel.IPS

# Shares of the service models among the clients (IPS most, as in the pilots), as a cycle
# of 20: every 20 clients in a row hold every model.
MODEL_SHARES = {
    IPS: 10,
    ServiceModel.WORK_ACTIVITY: 4,
    ServiceModel.WORK_ABILITY_TEAM: 3,
    ServiceModel.SUBCONTRACTING: 2,
    ServiceModel.WAGE_WORK: 1,
}
MODEL_CYCLE = tuple(
    model
    for turn in range(max(MODEL_SHARES.values()))
    for model, share in MODEL_SHARES.items()
    if turn < share
)
# Who coaches them: job coaches, or work coaches in the workshops.
WORK_COACH_MODELS = frozenset({ServiceModel.WORK_ACTIVITY, ServiceModel.SUBCONTRACTING})
# How likely a client in job search finds a job at all.
JOB_CHANCE = {
    IPS: 0.55,
    ServiceModel.WORK_ACTIVITY: 0.2,
    ServiceModel.WORK_ABILITY_TEAM: 0.25,
    ServiceModel.SUBCONTRACTING: 0.85,
    ServiceModel.WAGE_WORK: 0.9,
}
# Open-market jobs; subcontracting and wage work are not competitive employment.
COMPETITIVE = frozenset({IPS, ServiceModel.WORK_ACTIVITY, ServiceModel.WORK_ABILITY_TEAM})

# Visits every this many days, by phase (weekly-ish in coaching, sparser in follow-along).
VISIT_GAPS = {
    Phase.INTAKE: (4, 10),
    Phase.JOB_SEARCH: (5, 11),
    Phase.EMPLOYED: (7, 14),  # the first three months of an employment
}
LATER_FOLLOW_ALONG_GAP = (14, 35)
EARLY_FOLLOW_ALONG_DAYS = 90
# After a refused day (no legal basis, e.g. past the follow-along period) the coach waits.
REFUSED_GAP = (14, 35)
# Employer contacts on a client's behalf: job development in job search, support at work.
CONTACT_GAPS = {Phase.JOB_SEARCH: (50, 110), Phase.EMPLOYED: (60, 130)}

END_REASONS_EARLY = (
    "Asiakas aloitti ammatillisen koulutuksen.",
    "Muutto toiselle paikkakunnalle.",
    "Asiakkaan oma päätös: valmennus keskeytettiin.",
    "Pitkä sairausloma; palveluun voi palata myöhemmin.",
    "Siirtyi kuntouttavaan työtoimintaan.",
)
END_REASON_FOLLOW_ALONG = "Seurantatuki päättyi; työsuhde jatkuu."
END_REASON_EMPLOYED = "Työllistyi; palvelu päättyi."
FIXED_TERM_ENDED = "Määräaikainen työsuhde päättyi."
WORK_TRIAL_ENDED = "Työkokeilu päättyi suunnitellusti."

# The follow-along months of a service model for an employment starting on a day.
MonthsRule = Callable[[str, datetime.date], int | None]


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """A phase change before it is stored: the fields the rules read from a PhaseChange
    (`phase_on` and `visit_basis`), without a model instance's cost per visit."""

    phase: Phase
    effective_date: datetime.date
    reason: str
    pk: None = None


@dataclass(frozen=True)
class PlannedJob:
    kind: str  # PlacementKind
    start: datetime.date
    end: datetime.date | None  # the last day at work; None while it goes on
    planned_end: datetime.date | None
    competitive: bool
    continues_job_search: bool | None


@dataclass
class Plan:
    service_model: ServiceModel
    start: datetime.date
    steps: dict[int, datetime.date] = field(default_factory=dict)  # IPS start steps done
    active_from: datetime.date | None = None  # out of intake
    jobs: list[PlannedJob] = field(default_factory=list)
    end: datetime.date | None = None
    end_reason: str = ""
    changes: list[PlannedChange] = field(default_factory=list)

    @property
    def employment_jobs(self) -> list[Job]:
        return [
            Job(job.start, job.end, job.continues_job_search is not False)
            for job in self.jobs
            if job.kind == PlacementKind.EMPLOYMENT
        ]


def _between(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    """Between `low` and `high` days (both included); `random()` is several times faster
    than `randint`, which counts for millions of visits."""
    return datetime.timedelta(days=low + int(rng.random() * (high - low + 1)))


def plan_client(
    rng: random.Random, today: datetime.date, years: int, months: MonthsRule, index: int
) -> Plan:
    """The path of client number `index` from referral to today (or to its end)."""
    model = MODEL_CYCLE[index % len(MODEL_CYCLE)]
    start = today - _between(rng, 1, max(1, int(years * 365.25)))
    plan = Plan(model, start)
    intake_days = rng.randint(10, 60)
    if model == IPS:
        for number in sorted(STEPS_BEFORE_JOB_SEARCH):
            day = start + datetime.timedelta(days=intake_days * number // 6)
            if day <= today:
                plan.steps[number] = day
        if plan.steps.keys() >= STEPS_BEFORE_JOB_SEARCH:
            plan.active_from = max(plan.steps[n] for n in STEPS_BEFORE_JOB_SEARCH)
            for number in (7, 8):
                day = plan.active_from + _between(rng, 0, 21)
                if day <= today:
                    plan.steps[number] = day
    elif start + datetime.timedelta(days=intake_days) <= today:
        plan.active_from = start + datetime.timedelta(days=intake_days)
    if plan.active_from is None:
        if rng.random() < 0.1 and (today - start).days > 20:
            plan.end = start + _between(rng, 7, (today - start).days - 1)
            plan.end_reason = rng.choice(END_REASONS_EARLY)
        return _finish(plan, today)
    _plan_work(rng, plan, today, months)
    return _finish(plan, today)


def _plan_work(rng: random.Random, plan: Plan, today: datetime.date, months: MonthsRule) -> None:
    model = plan.service_model
    search_from = plan.active_from
    searching = int(rng.expovariate(1 / 150)) + 14
    if model in (IPS, ServiceModel.WORK_ACTIVITY) and searching > 90 and rng.random() < 0.3:
        trial_start = search_from + _between(rng, 14, searching // 2)
        trial_end = min(
            trial_start + _between(rng, 30, 90),
            search_from + datetime.timedelta(days=searching - 3),
        )
        if trial_end < today:
            plan.jobs.append(
                PlannedJob(PlacementKind.WORK_TRIAL, trial_start, trial_end, trial_end, False, True)
            )
    for _job_number in range(3):
        job_start = search_from + datetime.timedelta(days=searching)
        if job_start > today or rng.random() > JOB_CHANCE[model]:
            break
        fixed_term = rng.random() < 0.35
        end = job_start + _between(rng, 60, 365) if fixed_term else None
        plan.jobs.append(
            PlannedJob(
                PlacementKind.EMPLOYMENT,
                job_start,
                end if end is not None and end <= today else None,
                end,
                model in COMPETITIVE,
                True if end is not None and end <= today else None,
            )
        )
        if end is None or end > today:
            # Working today or for good: the service ends after the follow-along support.
            last = follow_along_last_day(job_start, months(model, job_start))
            if last is not None:
                plan.end = last + _between(rng, 0, 30)
                plan.end_reason = END_REASON_FOLLOW_ALONG
            elif rng.random() < 0.5:
                plan.end = job_start + _between(rng, 180, 900)
                plan.end_reason = END_REASON_EMPLOYED
            return
        search_from = end + DAY
        searching = int(rng.expovariate(1 / 120)) + 14
    if rng.random() < 0.6:
        plan.end = search_from + datetime.timedelta(days=int(rng.expovariate(1 / 300)) + 30)
        plan.end_reason = rng.choice(END_REASONS_EARLY)


def _finish(plan: Plan, today: datetime.date) -> Plan:
    """Cut the path at today and derive its phase changes with the services' rules."""
    if plan.end is not None and plan.end > today:
        plan.end, plan.end_reason = None, ""
    if plan.end is not None:
        # A job going on when the service ends stays open: the client still works there.
        plan.jobs = [
            job
            if job.end is None or job.end <= plan.end
            else PlannedJob(job.kind, job.start, None, job.planned_end, job.competitive, None)
            for job in plan.jobs
            if job.start <= plan.end
        ]
    Reason = PhaseChange.Reason
    changes = [(Phase.INTAKE, plan.start, Reason.ENROLLED)]
    merged = employments(plan.employment_jobs)
    if plan.active_from is not None and (not merged or plan.active_from < merged[0].start):
        reason = Reason.INTAKE_COMPLETE if plan.service_model == IPS else Reason.MANUAL
        changes.append((Phase.JOB_SEARCH, plan.active_from, reason))
    changes += sorted(employment_phase_changes(merged, end_date=plan.end), key=lambda c: c[1])
    if plan.end is not None:
        plan.end = max(plan.end, *(day for _phase, day, _reason in changes))
        changes.append((Phase.ENDED, plan.end + DAY, Reason.ENROLLMENT_ENDED))
    plan.changes = [PlannedChange(phase, day, reason) for phase, day, reason in changes]
    return plan


@dataclass(frozen=True)
class PlannedVisit:
    day: datetime.date
    basis: VisitBasis


def visit_days(
    rng: random.Random,
    plan: Plan,
    today: datetime.date,
    follow_along_months: Callable[[datetime.date], int | None],
) -> Iterator[PlannedVisit]:
    """The days a coach met the client, each with the legal basis `visit_basis` gives it.
    A day the rule refuses (past the follow-along period) gets no visit, as the service
    would refuse it."""
    last = min(plan.end or today, today)
    starts = [employment.start for employment in employments(plan.employment_jobs)]
    day = plan.start + _between(rng, 0, 3)
    while day <= last:
        try:
            basis = visit_basis(
                service_model=plan.service_model,
                start_date=plan.start,
                changes=plan.changes,
                day=day,
                follow_along_months=follow_along_months,
            )
        except NoLegalBasis:
            day += _between(rng, *REFUSED_GAP)
            continue
        yield PlannedVisit(day, basis)
        gap = VISIT_GAPS.get(basis.phase, REFUSED_GAP)
        if basis.phase == Phase.EMPLOYED:
            since = max(start for start in starts if start <= day)
            if (day - since).days > EARLY_FOLLOW_ALONG_DAYS:
                gap = LATER_FOLLOW_ALONG_GAP
        day += _between(rng, *gap)


def contact_days(
    rng: random.Random, plan: Plan, today: datetime.date
) -> Iterator[tuple[datetime.date, PlannedJob | None]]:
    """Days the coach contacted an employer for the client: the job's employer while the
    client works (None: a new employer, in job search)."""
    last = min(plan.end or today, today)
    if plan.active_from is None:
        return
    day = plan.active_from + _between(rng, 3, 20)
    while day <= last:
        job = next(
            (
                j
                for j in plan.jobs
                if j.kind == PlacementKind.EMPLOYMENT
                and j.start <= day
                and (j.end is None or day <= j.end)
            ),
            None,
        )
        yield day, job
        day += _between(rng, *CONTACT_GAPS[Phase.EMPLOYED if job else Phase.JOB_SEARCH])
