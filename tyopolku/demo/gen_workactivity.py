"""Renewed open work activity of a generated organisation: for each work-activity client out
of intake, agreements of six or twelve months one after another through the enrollment
(each checked with `rules.plan_problems` against the limits in force on its first day, as
the services check them), one to three goals, a review about every three months with the
goals rated, attendance on the agreement's days of the week (mostly present, some half
days, some absences with their reason), a screening for some, and the organisation's
work-share money per day.

The agreements' dates are drawn first for all the clients (a few small rows each), so that
their ids are reserved at once; the attendance, the bulk, is then drawn a chunk of clients
at a time while the writer copies the chunk before."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tyopolku.audit.models import AccessAction
from tyopolku.core.dated import in_force
from tyopolku.core.periods import period_last_day
from tyopolku.demo.gen_context import Client, Columns, Context, chunks
from tyopolku.pathway.models import ServiceModel
from tyopolku.workactivity.models import (
    Agreement,
    Attendance,
    AttendancePortion,
    AttendanceStatus,
    Goal,
    GoalRating,
    RehabilitativeWorkActivityRule,
    Review,
    Screening,
    WorkShareBasis,
)
from tyopolku.workactivity.rules import plan_problems

CHUNK = 2_000
AGREEMENT_MONTHS = (6, 6, 12)
DAYS_A_WEEK = (1, 2, 2, 3, 3, 4)
HOURS_A_DAY = (Decimal(4), Decimal(5), Decimal(6), Decimal("6.5"))
REVIEW_GAP = (80, 100)  # days
SCREENED = 0.3  # share of the agreements with a screening
WORK_SHARE = ((0, Decimal("9.00")), (1, Decimal("10.00")))  # (years after the start, € a day)
PLACES = ("Puutyöpaja", "Tekstiilipaja", "Kierrätysmyymälä", "Kahvila", "Kiinteistöpalvelut")
TASKS = (
    "Puutöitä ja pienkorjauksia ohjatusti.",
    "Lahjoitustavaran lajittelua ja hinnoittelua.",
    "Keittiö- ja asiakaspalvelutehtäviä.",
    "Pihatöitä ja siivousta.",
)
GOALS = (
    ("Haluan jaksaa tulla paikalle sovittuina päivinä.", "Läsnäolo on yli 80 %."),
    ("Haluan oppia käyttämään pajan koneita turvallisesti.", "Työskentelen koneella itse."),
    ("Haluan selvittää, millainen työ minulle sopisi.", "Tiedän kaksi vaihtoehtoa."),
    ("Haluan rytmin arkeen.", "Herään arkiaamuisin kahdeksalta."),
    ("Haluan tutustua uusiin ihmisiin.", "Syön lounaan muiden kanssa."),
)
REVIEW_NOTES = (
    "Osallistuminen on ollut säännöllistä.",
    "Poissaoloja on ollut jonkin verran; syistä on puhuttu.",
    "Työtehtävät sujuvat yhä itsenäisemmin.",
)
NEXT_STEPS = ("Jatketaan samoin.", "Kokeillaan uutta työtehtävää.", "Selvitetään työkokeilua.")
MARKED_AT = datetime.time(13, 0, tzinfo=datetime.UTC)  # the day's marks after the work
# A day's mark from one draw below these limits: ill, absent for another reason, present
# half a day; else present the whole day.
MARKS = (
    (0.06, (AttendanceStatus.ILL, AttendancePortion.FULL)),
    (0.09, (AttendanceStatus.OTHER, AttendancePortion.FULL)),
    (0.14, (AttendanceStatus.PRESENT, AttendancePortion.HALF)),
)
PRESENT = (AttendanceStatus.PRESENT, AttendancePortion.FULL)


@dataclass(slots=True)
class _Agreement:
    client: Client
    start: datetime.date
    end: datetime.date
    until: datetime.date  # the last day with attendance: the end, the enrollment's or today
    days: int
    hours: Decimal
    goals: int
    reviews: list[datetime.date] = field(default_factory=list)
    screening: datetime.date | None = None
    id: int = 0
    goal_ids: list[int] = field(default_factory=list)
    review_ids: list[int] = field(default_factory=list)


def build(ctx: Context) -> None:
    rng = ctx.rng("workactivity")
    rules = list(RehabilitativeWorkActivityRule.objects.order_by("valid_from"))
    if not rules:
        raise ValueError("No work activity rules: run the migrations (they add the limits).")
    clients = [c for c in ctx.clients(ServiceModel.WORK_ACTIVITY) if c.plan.active_from]
    agreements = [a for client in clients for a in _agreements(ctx, rng, rules, client)]
    _reserve(ctx, agreements)
    first = ctx.first_day
    ctx.submit(
        TABLES,
        {
            "bases": [
                (ctx.organization.pk, first + relativedelta(years=years), euros,
                 "Järjestäjän päätös (generoitu)")
                for years, euros in WORK_SHARE
                if first + relativedelta(years=years) <= ctx.today
            ]
        },
        LABELS,
    )  # fmt: skip
    by_client: dict[int, list[_Agreement]] = defaultdict(list)
    for agreement in agreements:
        by_client[agreement.client.index].append(agreement)
    for part in chunks(clients, CHUNK):
        out: dict[str, list] = defaultdict(list)
        for client in part:
            for agreement in by_client[client.index]:
                _rows(ctx, rng, agreement, out)
        ctx.submit(TABLES, out, LABELS)


def _agreements(ctx: Context, rng: random.Random, rules, client: Client) -> list[_Agreement]:
    """Agreements one after another from the end of intake while the enrollment lasts (the
    last one may run past today; one cut short by the enrollment's end keeps the rule's
    shortest period and its attendance stops with the enrollment)."""
    plan, agreements = client.plan, []
    stop = min(plan.end or ctx.today, ctx.today)
    start = plan.active_from
    while start <= stop:
        rule = in_force(rules, start)
        end = period_last_day(start, rng.choice(AGREEMENT_MONTHS))
        if plan.end is not None and end > plan.end:
            end = max(plan.end, period_last_day(start, rule.min_months))
        days, hours = rng.choice(DAYS_A_WEEK), rng.choice(HOURS_A_DAY)
        problems = plan_problems(
            rule, start=start, end=end, days_per_week=days, hours_per_day=hours
        )
        if problems:  # never: the draws keep to the limits, and the data must too
            raise ValueError(f"A generated agreement breaks the rule: {problems}")
        agreement = _Agreement(client, start, end, min(end, stop), days, hours, rng.randint(1, 3))
        review = start + datetime.timedelta(days=rng.randint(*REVIEW_GAP))
        while review <= agreement.until:
            agreement.reviews.append(review)
            review += datetime.timedelta(days=rng.randint(*REVIEW_GAP))
        screening = start + datetime.timedelta(days=rng.randint(45, 75))
        if rng.random() < SCREENED and screening <= agreement.until:
            agreement.screening = screening
        agreements.append(agreement)
        start = end + datetime.timedelta(days=1)
    return agreements


def _reserve(ctx: Context, agreements: list[_Agreement]) -> None:
    agreement_ids = ctx.ids(Agreement, len(agreements))
    goal_ids = iter(ctx.ids(Goal, sum(a.goals for a in agreements)))
    review_ids = iter(ctx.ids(Review, sum(len(a.reviews) for a in agreements)))
    for agreement, pk in zip(agreements, agreement_ids, strict=True):
        agreement.id = pk
        agreement.goal_ids = [next(goal_ids) for _goal in range(agreement.goals)]
        agreement.review_ids = [next(review_ids) for _review in agreement.reviews]


def _rows(ctx: Context, rng: random.Random, agreement: _Agreement, out: dict[str, list]) -> None:
    client, coach = agreement.client, agreement.client.coach
    created = ctx.at(rng, agreement.start)
    out["agreements"].append(
        (agreement.id, ctx.organization.pk, client.client_id, client.enrollment_id,
         agreement.start, agreement.end, agreement.days, agreement.hours,
         rng.choice(PLACES), rng.choice(TASKS), 1, coach.pk, created, created)
    )  # fmt: skip
    out["log"].append(
        ctx.log(created, coach.pk, client.client_id, AccessAction.CREATE, "work_activity_agreement")
    )
    for goal_id, (text, how) in zip(
        agreement.goal_ids, rng.sample(GOALS, agreement.goals), strict=True
    ):
        out["goals"].append((goal_id, agreement.id, text, how, created))
    for number, (review_id, day) in enumerate(
        zip(agreement.review_ids, agreement.reviews, strict=True)
    ):
        at = ctx.at(rng, day)
        out["reviews"].append(
            (review_id, agreement.id, day, rng.choice(REVIEW_NOTES), "Olen viihtynyt.",
             rng.choice(NEXT_STEPS), coach.pk, at)
        )  # fmt: skip
        for goal_id in agreement.goal_ids:
            progress = max(1, min(5, 2 + number + rng.choice((-1, 0, 0, 1))))
            out["ratings"].append((review_id, goal_id, progress, ""))
        out["log"].append(
            ctx.log(at, coach.pk, client.client_id, AccessAction.CREATE, "work_activity_review")
        )
    if agreement.screening is not None:
        at = ctx.at(rng, agreement.screening)
        scores = [rng.choice((2, 3, 3, 4, 4, 5)) for _criterion in range(6)]
        out["screenings"].append(
            (agreement.id, agreement.screening, *scores, "Työllistymisen mahdollisuudet arvioitu.",
             coach.pk, at)
        )  # fmt: skip
        out["log"].append(
            ctx.log(at, coach.pk, client.client_id, AccessAction.CREATE, "work_activity_screening")
        )
    _attendance(rng, agreement, out["attendance"])


def _attendance(rng: random.Random, agreement: _Agreement, rows: list) -> None:
    """A mark on each of the agreement's days of the week (the same weekdays throughout)
    up to its last day with attendance."""
    weekdays = sorted(rng.sample(range(5), agreement.days))
    coach_id = agreement.client.coach.pk
    week = agreement.start - datetime.timedelta(days=agreement.start.weekday())
    seven = datetime.timedelta(days=7)
    offsets = [datetime.timedelta(days=day) for day in weekdays]
    while week <= agreement.until:
        for offset in offsets:
            day = week + offset
            if day < agreement.start or day > agreement.until:
                continue
            mark = _mark(rng.random())
            rows.append(
                (agreement.id, day, *mark, coach_id, datetime.datetime.combine(day, MARKED_AT))
            )
        week += seven


def _mark(draw: float) -> tuple[str, str]:
    """(status, portion) of a day from a draw in [0, 1)."""
    for limit, mark in MARKS:
        if draw < limit:
            return mark
    return PRESENT


TABLES: Columns = {
    "bases": (WorkShareBasis, ("organization", "valid_from", "eur_per_day", "source")),
    "agreements": (
        Agreement,
        ("id", "organization", "client", "enrollment", "start_date", "end_date", "days_per_week",
         "hours_per_day", "place", "tasks", "version", "created_by", "created_at", "updated_at"),
    ),
    "goals": (Goal, ("id", "agreement", "text", "how_we_know", "created_at")),
    "reviews": (
        Review,
        ("id", "agreement", "date", "overall_notes", "participant_view", "next_steps",
         "created_by", "created_at"),
    ),
    "ratings": (GoalRating, ("review", "goal", "progress", "notes")),
    "screenings": (
        Screening,
        ("agreement", "date", "own_wish", "attendance", "work_skills", "independence", "health",
         "support_network", "summary", "created_by", "created_at"),
    ),
    "attendance": (
        Attendance,
        ("agreement", "date", "status", "portion", "marked_by", "marked_at"),
    ),
}  # fmt: skip
LABELS = {
    "bases": "work-share money bases",
    "agreements": "work activity agreements",
    "goals": "work activity goals",
    "reviews": "work activity reviews",
    "ratings": "goal ratings",
    "screenings": "screenings",
    "attendance": "attendance days",
}
