"""The work-ability support team in the demo: the case manager (`asiakasvastaava`) takes on
two clients with a high threshold to work, with a service need assessment and a client
plan each; one of them is referred on to IPS job coaching and waits for the unit's answer."""

import datetime

from tyopolku.clients.models import ClientWorker
from tyopolku.clients.services import client_worker_add
from tyopolku.demo import people
from tyopolku.demo.context import DemoContext
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability.services import assessment_create, client_plan_create, referral_create

CLIENTS = 2


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def build_work_ability(ctx: DemoContext) -> None:
    manager = ctx.users[people.CASE_MANAGER]
    team_first = sorted(
        (d for d in ctx.clients if d.enrollment.end_date is None),
        key=lambda d: (d.enrollment.service_model != ServiceModel.WORK_ABILITY_TEAM, d.client.pk),
    )
    for number, demo in enumerate(team_first[:CLIENTS]):
        client = demo.client
        start = max(demo.enrollment.start_date, ctx.today - _days(120))
        client_worker_add(
            client=client,
            worker=manager,
            kind=ClientWorker.Kind.CASE_MANAGER,
            started_by=ctx.users[people.SUPERVISOR],
            on=start,
        )
        assessment_create(
            user=manager,
            client=client,
            initiated_on=start,
            started_on=start + _days(3),
            completed_on=min(start + _days(40), ctx.today),
            participants="Asiakas, asiakasvastaava, TYM:n asiantuntija, Kelan yhteyshenkilö",
            client_view="Haluan päästä töihin, mutta aamut ovat vaikeita.",
            summary="Työkyky osittain alentunut; tarvitsee tukea työnhakuun ja etuuksiin.",
            services_needed=["ips", "benefits_counselling"],
        )
        client_plan_create(
            user=manager,
            client=client,
            made_on=min(start + _days(45), ctx.today),
            client_assessment="Olen hyvä käsistäni ja tulen toimeen ihmisten kanssa.",
            worker_assessment="Vahvuuksina käytännön taidot; tarvitsee tukea arjen rytmiin.",
            goals=["Haluan osa-aikatyön puolen vuoden sisällä.", "Haluan selvät raha-asiat."],
            actions=[
                {"text": "Etsitään työpaikkoja yhdessä.", "responsible": "our_unit"},
                {"text": "Kuntoutustarpeen selvitys.", "responsible": "Kela"},
                {"text": "Työnhakijan haastattelu.", "responsible": "TYM"},
            ],
            agreed_with_client=True,
            review_on=min(start + _days(45), ctx.today) + _days(90),
        )
        if number == 0 and demo.enrollment.service_model != ServiceModel.IPS:
            referral_create(
                user=manager,
                client=client,
                to_service_model=ServiceModel.IPS,
                to_unit_id=ctx.units[people.TYOVALMENNUSKESKUS].pk,
                reason="Asiakas haluaa avoimille työmarkkinoille; IPS-valmennus sopii.",
            )
