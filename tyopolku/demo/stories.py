"""The demo clients' paths as plain data: when each one started, left intake, got a job and
ended. Pure functions of a seeded random generator and today, so the demo is the same on
every run and stays fresh (every date is relative to today)."""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from tyopolku.demo import people
from tyopolku.pathway.models import Phase, ServiceModel
from tyopolku.pathway.rules import follow_along_last_day

IPS = ServiceModel.IPS

# (kind, service model, how many clients). Mostly IPS; every phase; the two follow-along
# warnings (support ending within two weeks, support past its limit) once each.
PLAN: tuple[tuple[str, ServiceModel, int], ...] = (
    ("intake", IPS, 6),
    ("intake", ServiceModel.WORK_ABILITY_TEAM, 1),
    ("intake", ServiceModel.WORK_ACTIVITY, 1),
    ("job_search", IPS, 9),
    ("job_search", ServiceModel.WORK_ACTIVITY, 2),
    ("job_search", ServiceModel.WORK_ABILITY_TEAM, 1),
    ("job_search_after_job", IPS, 2),
    ("employed", IPS, 5),
    ("employed_ending_soon", IPS, 1),
    ("employed_past_limit", IPS, 1),
    ("employed", ServiceModel.SUBCONTRACTING, 2),
    ("employed", ServiceModel.WAGE_WORK, 1),
    ("ended_after_job", IPS, 3),
    ("ended_after_job", ServiceModel.SUBCONTRACTING, 1),
    ("ended_early", IPS, 3),
    ("ended_early", ServiceModel.WORK_ACTIVITY, 1),
)

# Who coaches the other service models, and where. IPS clients rotate over the job coaches
# and stay in their coach's unit (the legal basis keeps the work-activity unit).
NON_IPS_STAFF = {
    ServiceModel.SUBCONTRACTING: (people.WORK_COACH, people.KAHVILA_KAISLA),
    ServiceModel.WORK_ACTIVITY: (people.WORK_COACH, people.LAPPEENRANNAN_TOIMINTAKESKUS),
    ServiceModel.WAGE_WORK: (people.COACHES[1], people.TYOVALMENNUSKESKUS),
    ServiceModel.WORK_ABILITY_TEAM: (people.COACHES[2], people.TYOVALMENNUSKESKUS),
}

JOB_TITLES = {
    IPS: (
        "varastotyöntekijä",
        "myymäläapulainen",
        "keittiöapulainen",
        "puutarhatyöntekijä",
        "kuljetusapulainen",
        "laitoshuoltaja",
        "asentaja",
    ),
    ServiceModel.SUBCONTRACTING: ("siivooja", "kiinteistöhuollon työntekijä", "kahvilatyöntekijä"),
    ServiceModel.WAGE_WORK: ("pesulatyöntekijä", "avustava keittiötyöntekijä"),
}

END_REASONS_EARLY = (
    "Asiakas aloitti ammatillisen koulutuksen.",
    "Muutto toiselle paikkakunnalle.",
    "Asiakkaan oma päätös: valmennus keskeytettiin.",
    "Pitkä sairausloma; palveluun voi palata myöhemmin.",
)
END_REASON_AFTER_JOB = {
    IPS: "Seurantatuki päättyi; työsuhde jatkuu.",
    ServiceModel.SUBCONTRACTING: "Siirtyi alihankintaryhmästä avoimille työmarkkinoille.",
}

REFERRAL_SOURCES = {
    ServiceModel.SUBCONTRACTING: "disability_services",
    ServiceModel.WORK_ACTIVITY: "social_work",
    ServiceModel.WAGE_WORK: "disability_services",
    ServiceModel.WORK_ABILITY_TEAM: "social_work",
}
# TYP (Act 1369/2014) became TYM (Act 381/2023) on this day.
TYM_FROM = datetime.date(2025, 1, 1)


@dataclass(frozen=True)
class Job:
    start: datetime.date
    title: str
    end: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Story:
    """One demo client's path. `kind` names the scenario (tests and later builders, e.g.
    placements for `jobs`, look scenarios up by it)."""

    kind: str
    service_model: ServiceModel
    coach: str
    unit: str
    start: datetime.date
    # The day the client leaves intake (IPS: the day start step 6 is done); None = in intake.
    active_from: datetime.date | None = None
    # IPS start steps done: number → day.
    steps: dict[int, datetime.date] = field(default_factory=dict)
    jobs: tuple[Job, ...] = ()
    end: datetime.date | None = None
    end_reason: str = ""

    @property
    def referral_source(self) -> str:
        if self.service_model == IPS:
            return "tym" if self.start >= TYM_FROM else "typ"
        return REFERRAL_SOURCES[self.service_model]

    def phase_on(self, day: datetime.date) -> Phase:
        if self.active_from is None or day < self.active_from:
            return Phase.INTAKE
        if any(job.covers(day) for job in self.jobs):
            return Phase.EMPLOYED
        return Phase.JOB_SEARCH

    def visit_allowed(self, day: datetime.date, follow_along_months: int | None) -> bool:
        """Inside the enrollment and, in a job, inside the follow-along period (the rule
        refuses visits after it: they would have no legal basis)."""
        if day < self.start or (self.end is not None and day > self.end):
            return False
        for job in self.jobs:
            if job.covers(day):
                last_day = follow_along_last_day(job.start, follow_along_months)
                return last_day is None or day <= last_day
        return True

    def visit_days(
        self, rng: random.Random, today: datetime.date, follow_along_months: int | None
    ) -> list[datetime.date]:
        """About one contact a week or two, plus the start visit on the day of step 5."""
        last = min(today, self.end or today)
        days = {self.steps[5]} if 5 in self.steps else set()
        day = self.start + _days(rng.randint(1, 4))
        while day <= last:
            if self.visit_allowed(day, follow_along_months):
                days.add(day)
            day += _days(rng.randint(6, 15))
        return sorted(days)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _intake_length(rng: random.Random) -> datetime.timedelta:
    return _days(rng.randint(14, 35))


def _timeline(
    kind: str,
    model: ServiceModel,
    rng: random.Random,
    today: datetime.date,
    months: int | None,
) -> dict:
    """Start, intake end, jobs and end of one scenario, as Story keyword arguments."""

    def job(start: datetime.date, end: datetime.date | None = None) -> tuple[Job, ...]:
        return (Job(start, rng.choice(JOB_TITLES.get(model, JOB_TITLES[IPS])), end),)

    if kind == "intake":
        return {"start": today - _days(rng.randint(4, 35))}
    if kind == "job_search":
        start = today - _days(rng.randint(45, 240))
        return {"start": start, "active_from": start + _intake_length(rng)}
    if kind == "job_search_after_job":
        start = today - _days(rng.randint(220, 320))
        active = start + _intake_length(rng)
        job_start = active + _days(rng.randint(30, 70))
        return {
            "start": start,
            "active_from": active,
            "jobs": job(job_start, job_start + _days(rng.randint(30, 80))),
        }
    if kind.startswith("employed"):
        months = months or 3  # the warnings need a limit; a fresh organisation's IPS has one
        if kind == "employed_ending_soon":
            # Support ends in ten days: inside the two-week warning.
            job_start = today + _days(11) - relativedelta(months=months)
        elif kind == "employed_past_limit":
            job_start = today - relativedelta(months=months) - _days(rng.randint(15, 40))
        else:
            job_start = today - _days(rng.randint(10, 60))
        start = job_start - _days(rng.randint(90, 240))
        return {"start": start, "active_from": start + _intake_length(rng), "jobs": job(job_start)}
    if kind == "ended_after_job":
        start = today - _days(rng.randint(330, 520))
        active = start + _intake_length(rng)
        job_start = active + _days(rng.randint(20, 90))
        end = follow_along_last_day(job_start, months) or job_start + _days(rng.randint(120, 200))
        return {
            "start": start,
            "active_from": active,
            "jobs": job(job_start),
            "end": end,
            "end_reason": END_REASON_AFTER_JOB[model],
        }
    if kind == "ended_early":
        start = today - _days(rng.randint(150, 400))
        active = start + _intake_length(rng)
        return {
            "start": start,
            "active_from": active,
            "end": active + _days(rng.randint(20, 90)),
            "end_reason": rng.choice(END_REASONS_EARLY),
        }
    raise ValueError(f"unknown demo scenario {kind!r}")


def _steps(
    rng: random.Random,
    today: datetime.date,
    start: datetime.date,
    active_from: datetime.date | None,
    steps_in_intake: int,
) -> dict[int, datetime.date]:
    """IPS start steps. Past intake: 1–6 between the start and `active_from`, 8 with 6, and
    7 (the research consents) later for most. In intake: the first `steps_in_intake`."""
    if active_from is None:
        steps, day = {}, start
        for number in range(1, steps_in_intake + 1):
            day = min(today, day + _days(rng.randint(0, 5)))
            steps[number] = day
        return steps
    span = (active_from - start).days
    middle = sorted(start + _days(rng.randint(0, span)) for _ in range(4))
    steps = dict(zip(range(1, 7), [start, *middle, active_from], strict=True))
    steps[8] = active_from
    consents_on = active_from + _days(rng.randint(0, 30))
    if consents_on <= today and rng.random() < 0.8:
        steps[7] = consents_on
    return steps


def plan_stories(
    rng: random.Random, today: datetime.date, follow_along_months: dict[str, int | None]
) -> Iterator[Story]:
    """The demo clients' stories in PLAN order. `follow_along_months` by service model."""
    ips_coaches = 0
    for kind, model, count in PLAN:
        for ordinal in range(count):
            months = follow_along_months.get(model)
            timeline = _timeline(kind, model, rng, today, months)
            if model == IPS:
                coach = people.COACHES[ips_coaches % len(people.COACHES)]
                unit = next(s.unit for s in people.STAFF if s.username == coach)
                ips_coaches += 1
                steps = _steps(
                    rng, today, timeline["start"], timeline.get("active_from"), ordinal % 6
                )
            else:
                coach, unit = NON_IPS_STAFF[model]
                steps = {}
            yield Story(
                kind=kind, service_model=model, coach=coach, unit=unit, steps=steps, **timeline
            )
