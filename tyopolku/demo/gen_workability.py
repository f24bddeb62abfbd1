"""The work-ability support team's records of a generated organisation, as the demo makes
them (`demo/workability.py`) but for every team client: a service need assessment from the
referral on (started within days, completed within about two months unless still going),
and after it a client plan with its actions, made again at its review date while the
client stays with the team."""

import datetime
import random
from collections import defaultdict

from tyopolku.audit.models import AccessAction
from tyopolku.demo.gen_context import Client, Columns, Context, chunks
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability.models import ClientPlan, PlanAction, ServiceNeed, ServiceNeedAssessment
from tyopolku.workability.services import responsible_party_of

PARTICIPANTS = "Asiakas, asiakasvastaava, TYM:n asiantuntija, Kelan yhteyshenkilö"
CLIENT_VIEWS = (
    "Haluan päästä töihin, mutta aamut ovat vaikeita.",
    "Haluan ensin kuntoutua ja sitten kokeilla työtä.",
    "Raha-asiat painavat; haluan ne ensin kuntoon.",
)
SUMMARIES = (
    "Työkyky osittain alentunut; tarvitsee tukea työnhakuun ja etuuksiin.",
    "Tarvitsee kuntoutuksen selvityksen ennen työhön paluuta.",
    "Valmis kokeilemaan työtä tuettuna; arjen rytmi vahvistumassa.",
)
NEEDS = (
    ServiceNeed.IPS, ServiceNeed.BENEFITS_COUNSELLING, ServiceNeed.REHABILITATION,
    ServiceNeed.MENTAL_HEALTH_SERVICES, ServiceNeed.WORK_ABILITY_ASSESSMENT,
    ServiceNeed.DEBT_COUNSELLING, ServiceNeed.WORK_ACTIVITY,
)  # fmt: skip
GOALS = (
    "Haluan osa-aikatyön puolen vuoden sisällä.",
    "Haluan selvät raha-asiat.",
    "Haluan tietää, mihin työhön terveyteni riittää.",
    "Haluan päivärytmin, joka kantaa.",
)
ACTIONS = (
    ("Etsitään työpaikkoja yhdessä.", "Oma yksikkö"),
    ("Kuntoutustarpeen selvitys.", "Kela"),
    ("Työnhakijan haastattelu.", "TYM"),
    ("Hoitokontakti terveysasemalle.", "Terveydenhuolto"),
    ("Haen itse opintotukea.", "Asiakas"),
)
CHUNK = 2_000  # clients a round: memory stays bounded at any size
REVIEW_AFTER = datetime.timedelta(days=182)  # a plan is reviewed every half year


def build(ctx: Context) -> None:
    rng = ctx.rng("workability")
    for part in chunks(ctx.clients(ServiceModel.WORK_ABILITY_TEAM), CHUNK):
        out: dict[str, list] = defaultdict(list)
        plans: list[tuple] = []
        actions: list[list[tuple]] = []
        for client in part:
            _client(ctx, rng, client, out, plans, actions)
        for plan_id, plan, plan_actions in zip(
            ctx.ids(ClientPlan, len(plans)), plans, actions, strict=True
        ):
            out["plans"].append((plan_id, *plan))
            out["actions"] += [(plan_id, *action) for action in plan_actions]
        ctx.submit(TABLES, out, LABELS)


def _client(ctx: Context, rng: random.Random, client: Client, out, plans, actions) -> None:
    stop = min(client.plan.end or ctx.today, ctx.today)
    coach = client.coach
    started = client.plan.start + datetime.timedelta(days=rng.randint(1, 7))
    if started > stop:
        return
    completed = started + datetime.timedelta(days=rng.randint(20, 60))
    completed = completed if completed <= stop else None
    at = ctx.at(rng, started)
    out["assessments"].append(
        (client.client_id, client.plan.start, started, completed, PARTICIPANTS,
         rng.choice(CLIENT_VIEWS), rng.choice(SUMMARIES),
         sorted(rng.sample(NEEDS, rng.randint(1, 3))), coach.pk, at, at, 1)
    )  # fmt: skip
    out["log"].append(
        ctx.log(at, coach.pk, client.client_id, AccessAction.CREATE, "service_need_assessment")
    )
    made = completed + datetime.timedelta(days=rng.randint(0, 10)) if completed else None
    version = 0
    while made is not None and made <= stop:
        version += 1
        review = made + REVIEW_AFTER
        at = ctx.at(rng, made)
        plans.append(
            (client.client_id, version, "Olen hyvä käsistäni ja tulen toimeen ihmisten kanssa.",
             "Vahvuuksina käytännön taidot; tarvitsee tukea arjen rytmiin.",
             rng.sample(GOALS, rng.randint(1, 3)), True, review, made, coach.pk, at)
        )  # fmt: skip
        actions.append(
            [
                (position, text, responsible, responsible_party_of(responsible), review)
                for position, (text, responsible) in enumerate(rng.sample(ACTIONS, 3))
            ]
        )
        out["log"].append(
            ctx.log(at, coach.pk, client.client_id, AccessAction.CREATE, "client_plan")
        )
        made = review + datetime.timedelta(days=rng.randint(0, 14))


TABLES: Columns = {
    "assessments": (
        ServiceNeedAssessment,
        ("client", "initiated_on", "started_on", "completed_on", "participants", "client_view",
         "summary", "services_needed", "created_by", "created_at", "updated_at", "version"),
    ),
    "plans": (
        ClientPlan,
        ("id", "client", "version", "client_assessment", "worker_assessment", "goals",
         "agreed_with_client", "review_on", "made_on", "created_by", "created_at"),
    ),
    "actions": (
        PlanAction, ("plan", "position", "text", "responsible", "responsible_party", "due_date")
    ),
}  # fmt: skip
LABELS = {
    "assessments": "service need assessments",
    "plans": "client plans",
    "actions": "plan actions",
}
