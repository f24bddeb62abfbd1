"""Turn a Story into records, through the same services the UI and the API use: the rules
(start steps, phases, the legal basis of each visit) apply to the demo exactly as to real
work."""

import datetime
from decimal import Decimal

from tyopolku.accounts.models import User
from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.clients.services import client_consents_set, client_create
from tyopolku.demo import people
from tyopolku.demo.context import DemoClient, DemoContext
from tyopolku.demo.employers import employer_for_job
from tyopolku.demo.stories import IPS, Job, Story
from tyopolku.pathway.models import Enrollment, Phase, ServiceModel, VisitKind
from tyopolku.pathway.selectors import model_settings
from tyopolku.pathway.services import (
    enrollment_coach_change,
    enrollment_create,
    enrollment_end,
    enrollment_start_job_search,
    intake_step_mark_done,
    visit_create,
)
from tyopolku.placements.models import Placement
from tyopolku.placements.services import placement_create, placement_end

TARGET_GROUPS = {
    IPS: (
        "partial_work_ability",
        "long_term_unemployed",
        "young_without_education",
        "outside_labour_force",
        "immigrant_background",
        "older_unemployed",
    ),
    ServiceModel.SUBCONTRACTING: ("disability", "partial_work_ability"),
    ServiceModel.WAGE_WORK: ("disability", "partial_work_ability"),
    ServiceModel.WORK_ACTIVITY: ("long_term_unemployed", "outside_labour_force"),
    ServiceModel.WORK_ABILITY_TEAM: (
        "denied_disability_pension",
        "partial_work_ability",
        "released_from_prison",
    ),
}

# The TYP officer records these start steps (seed 001); the coach records the rest.
TYP_STEPS = frozenset({3, 4})

START_VISIT = (
    VisitKind.NETWORK_MEETING,
    90,
    "Aloituskäynti verkostopalaverina TYP-virkailijan ja työtoiminnan ohjaajan kanssa; "
    "sovittu yhteistyösopimuksesta ja valmennuksen tavoitteista.",
)
VISITS = {
    Phase.INTAKE: (
        (
            VisitKind.MEETING,
            60,
            "Tutustumistapaaminen: käyty läpi valmennuksen tavoitteet ja toiveet työstä.",
        ),
        (VisitKind.PHONE, 15, "Puhelu: sovittu seuraavan tapaamisen ajankohta."),
        (
            VisitKind.MEETING,
            45,
            "Tapaaminen työtoiminnan aikana: vahvuudet ja aiempi työkokemus.",
        ),
    ),
    Phase.JOB_SEARCH: (
        (
            VisitKind.MEETING,
            60,
            "Työnhaun tapaaminen: päivitetty CV ja käyty läpi avoimia paikkoja.",
        ),
        (VisitKind.PHONE, 20, "Puhelu: uusi avoin työpaikka, asiakas haluaa hakea."),
        (VisitKind.REMOTE, 45, "Etätapaaminen: harjoiteltu työhaastattelua."),
        (VisitKind.MEETING, 90, "Yhteinen käynti työnantajan luona tutustumassa työtehtäviin."),
        (
            VisitKind.NETWORK_MEETING,
            60,
            "Verkostopalaveri: aktivointisuunnitelma ja palkkatukioikeus päivitetty.",
        ),
    ),
    Phase.EMPLOYED: (
        (
            VisitKind.WORKPLACE,
            60,
            "Työpaikkakäynti ({title}): työtehtävät sujuvat, seuraava käynti sovittu.",
        ),
        (VisitKind.PHONE, 15, "Puhelu: kuulumiset työviikolta, jaksaminen hyvä."),
        (
            VisitKind.NETWORK_MEETING,
            60,
            "Palaveri työnantajan kanssa ({title}): työtehtävien mukauttaminen.",
        ),
        (VisitKind.REMOTE, 30, "Etätapaaminen: työvuorot ja työmatkat."),
    ),
}


def _identity(ctx: DemoContext, index: int, story: Story) -> dict:
    rng = ctx.rng
    first = people.CLIENT_FIRST_NAMES[index % len(people.CLIENT_FIRST_NAMES)]
    last = people.CLIENT_LAST_NAMES[index % len(people.CLIENT_LAST_NAMES)]
    birth = datetime.date(1963, 1, 1) + datetime.timedelta(days=rng.randint(0, 41 * 365))
    groups = TARGET_GROUPS[story.service_model]
    identity = {
        "first_name": first,
        "last_name": last,
        "municipality_code": rng.choice(people.MUNICIPALITIES),
        "target_groups": rng.sample(groups, rng.randint(1, 2)),
    }
    if index % 3 == 0:
        identity["email"] = f"{_ascii(first)}.{_ascii(last)}@example.com"
    if index % 10 == 7:
        # Some people have no Finnish identity code yet: the birth date stands in.
        return identity | {"birth_date": birth}
    # 7 and 100 share no factor, so the individual numbers stay distinct within 900–999.
    return identity | {"personal_id": synthetic_personal_id(birth, 900 + index * 7 % 100)}


def _ascii(name: str) -> str:
    return name.lower().translate(str.maketrans("äöå", "aoa"))


def _leave_intake(ctx: DemoContext, story: Story, enrollment: Enrollment, coach: User) -> None:
    if story.service_model == IPS:
        typ_officer = ctx.users[people.TYP_OFFICER]
        for number, day in sorted(story.steps.items()):
            user = typ_officer if number in TYP_STEPS else coach
            intake_step_mark_done(user=user, enrollment=enrollment, number=number, done_on=day)
    elif story.active_from is not None:
        enrollment_start_job_search(user=coach, enrollment=enrollment, on=story.active_from)


def _consents(ctx: DemoContext, story: Story, client, coach: User) -> None:
    """IPS clients answer THL's study consents at start step 7; others only about sharing."""
    if 7 in story.steps:
        client_consents_set(
            user=coach,
            client=client,
            thl_evaluation=ctx.rng.random() < 0.9,
            thl_follow_up=ctx.rng.random() < 0.75,
            information_sharing=True,
            on=story.steps[7],
        )
    elif story.service_model != IPS and story.active_from and ctx.rng.random() < 0.5:
        client_consents_set(
            user=coach,
            client=client,
            thl_evaluation=False,
            thl_follow_up=False,
            information_sharing=True,
            on=story.active_from,
        )


HOURS_PER_WEEK = (15, 20, 25, 30, 37.5)
# (percent, months) of the pay subsidies some IPS jobs have; wage work always has the 70 %.
PAY_SUBSIDIES = ((50, 5), (70, 10))
FIXED_TERM_ENDED = "Määräaikainen työsuhde päättyi."


def _terms(ctx: DemoContext, story: Story, job: Job) -> dict:
    """Hours, wage and subsidy of a job. IPS jobs are on the open labour market (some with a
    pay subsidy); subcontracting and wage work in disability services are not."""
    rng = ctx.rng
    hours = Decimal(str(rng.choice(HOURS_PER_WEEK)))
    terms = {
        "hours_per_week": hours,
        "days_per_week": 5 if hours >= 30 else rng.choice((3, 4)),
        "hourly_wage": Decimal(rng.randint(1150, 1450)) / 100,
        "competitive": story.service_model == IPS,
        # A job the story ends was a fixed-term one, agreed to end that day.
        "planned_end_date": job.end,
    }
    if story.service_model == ServiceModel.WAGE_WORK:
        terms["pay_subsidy_percent"], terms["pay_subsidy_months"] = 70, 10
    elif story.service_model == IPS and rng.random() < 0.3:
        terms["pay_subsidy_percent"], terms["pay_subsidy_months"] = rng.choice(PAY_SUBSIDIES)
    return terms


def record_job(
    ctx: DemoContext, enrollment: Enrollment, story: Story, job: Job, coach: User
) -> Placement:
    """The one place a demo job starts and ends: a placement at a register employer. The
    placement service moves the phase to employed, and back to job search at its end."""
    employer, opening = employer_for_job(ctx, job)
    placement = placement_create(
        user=coach,
        enrollment=enrollment,
        employer_id=employer.pk,
        opening_id=opening.pk if opening else None,
        start_date=job.start,
        job_title=job.title,
        **_terms(ctx, story, job),
    )
    if opening is not None:
        opening.refresh_from_db(fields=["status"])  # filled now: not offered to another job
    if job.end is not None:
        placement_end(
            user=coach,
            placement=placement,
            end_date=job.end,
            end_reason=FIXED_TERM_ENDED,
            continues_job_search=True,
        )
    return placement


def _visit_content(ctx: DemoContext, story: Story, day: datetime.date) -> tuple[str, int, str]:
    if day == story.steps.get(5):
        return START_VISIT
    phase = story.phase_on(day)
    kind, minutes, summary = ctx.rng.choice(VISITS[phase])
    title = next((job.title for job in story.jobs if job.covers(day)), "")
    return kind, minutes, summary.format(title=title)


def _visits(ctx: DemoContext, story: Story, enrollment: Enrollment, coach: User) -> None:
    months = model_settings(enrollment).follow_along_months(ctx.today)
    for day in story.visit_days(ctx.rng, ctx.today, months):
        kind, minutes, summary = _visit_content(ctx, story, day)
        visit_create(
            user=coach,
            enrollment=enrollment,
            date=day,
            kind=kind,
            duration_minutes=minutes,
            summary=summary,
        )
        ctx.visit_count += 1


def client_path_build(ctx: DemoContext, story: Story, index: int) -> DemoClient:
    """One client from referral to today. IPS clients come through the TYP officer
    (DOMAIN.md §5) and the supervisor hands them to a coach; the other models' coaches take
    their clients in themselves."""
    coach = ctx.users[story.coach]
    creator = ctx.users[people.TYP_OFFICER] if story.service_model == IPS else coach
    client = client_create(user=creator, **_identity(ctx, index, story))
    enrollment = enrollment_create(
        user=creator,
        client=client,
        service_model=story.service_model,
        start_date=story.start,
        unit_id=ctx.units[story.unit].pk,
        referral_source=story.referral_source,
        coach_id=coach.pk if creator == coach else None,
    )
    if creator != coach:  # only a supervisor gives a client to another worker
        enrollment_coach_change(
            user=ctx.users[people.SUPERVISOR], enrollment=enrollment, coach_id=coach.pk
        )
    _leave_intake(ctx, story, enrollment, coach)
    _consents(ctx, story, client, coach)
    placements = [record_job(ctx, enrollment, story, job, coach) for job in story.jobs]
    _visits(ctx, story, enrollment, coach)
    if story.end is not None:
        enrollment_end(
            user=coach, enrollment=enrollment, end_date=story.end, reason=story.end_reason
        )
    return DemoClient(client=client, enrollment=enrollment, story=story, placements=placements)
