"""Report targets of a generated organisation: for each calendar year of the history, the
clients to enroll, the competitive job starts of IPS and the paid jobs inside the
organisation, each set about a tenth above what the year brought (so the report shows
most of each target reached, and this year's on its way)."""

import datetime
import math
from collections import Counter

from tyopolku.demo.gen_context import Columns, Context
from tyopolku.demo.plans import IPS
from tyopolku.pathway.models import ServiceModel
from tyopolku.placements.models import PlacementKind
from tyopolku.reports.models import ReportTarget, TargetMetric

AMBITION = 1.1
PAID = frozenset({ServiceModel.SUBCONTRACTING, ServiceModel.WAGE_WORK})


def build(ctx: Context) -> None:
    enrolled, job_starts, paid = Counter(), Counter(), Counter()
    for plan in ctx.plans:
        enrolled[plan.start.year] += 1
        for job in plan.jobs:
            if (
                plan.service_model == IPS
                and job.competitive
                and job.kind == PlacementKind.EMPLOYMENT
            ):
                job_starts[job.start.year] += 1
        if plan.service_model in PAID and plan.active_from is not None:
            last = (plan.end or ctx.today).year
            for year in range(plan.active_from.year, last + 1):
                paid[year] += 1
    out: dict[str, list] = {"targets": []}
    for year in range(ctx.first_day.year, ctx.today.year + 1):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for metric, counts, model in (
            (TargetMetric.CLIENTS_ENROLLED, enrolled, ""),
            (TargetMetric.COMPETITIVE_JOB_STARTS, job_starts, IPS),
            (TargetMetric.PAID_JOBS, paid, ""),
        ):
            target = max(1, math.ceil(counts[year] * AMBITION))
            # No label: the report names the figure in the reader's language.
            out["targets"].append((ctx.organization.pk, "", metric, target, first, last, model))
    ctx.submit(TABLES, out, LABELS)


TABLES: Columns = {
    "targets": (
        ReportTarget,
        ("organization", "label", "metric", "target_value", "period_start", "period_end",
         "service_model"),
    ),
}  # fmt: skip
LABELS = {"targets": "report targets"}
