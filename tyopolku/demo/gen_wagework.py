"""Wage work of a generated organisation (palkkatyömalli): a paid job inside the
organisation, in the coach's unit, for each wage-work client out of intake, from then on
until the enrollment ends."""

import random
from decimal import Decimal

from tyopolku.audit.models import AccessAction
from tyopolku.demo.gen_context import Columns, Context
from tyopolku.pathway.models import ServiceModel
from tyopolku.wagework.models import WageJob

TITLES = (
    "Keittiöapulainen", "Siivooja", "Kiinteistönhoitaja", "Varastotyöntekijä",
    "Kahvilatyöntekijä", "Pesulatyöntekijä", "Puutarhatyöntekijä",
)  # fmt: skip
WEEKLY_HOURS = (Decimal(20), Decimal(25), Decimal(30), Decimal("37.5"))


def build(ctx: Context) -> None:
    rng: random.Random = ctx.rng("wagework")
    out: dict[str, list] = {"jobs": [], "log": []}
    for client in ctx.clients(ServiceModel.WAGE_WORK):
        start = client.plan.active_from
        if start is None:
            continue
        coach = client.coach
        at = ctx.at(rng, start)
        out["jobs"].append(
            (ctx.organization.pk, coach.unit_id, client.client_id, rng.choice(TITLES),
             rng.choice(WEEKLY_HOURS), start, client.plan.end, coach.pk, at, 1)
        )  # fmt: skip
        out["log"].append(ctx.log(at, coach.pk, client.client_id, AccessAction.CREATE, "wage_job"))
    ctx.submit(TABLES, out, LABELS)


TABLES: Columns = {
    "jobs": (
        WageJob,
        ("organization", "unit", "client", "title", "weekly_hours", "start_date", "end_date",
         "created_by", "created_at", "version"),
    ),
}  # fmt: skip
LABELS = {"jobs": "paid jobs (wage work)"}
