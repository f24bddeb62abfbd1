"""API of the wage-work model: paid jobs inside the organisation (each a client's employment
contract) and the count of the organisation's paid jobs in force on a day against its
target. Hours are decimal strings, e.g. "30.00"."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Query, Router, Schema, Status
from pydantic import Field, WithJsonSchema

from tyopolku.audit.models import AccessAction
from tyopolku.core.api import ERRORS, Id, Paging, PathId, integer, text
from tyopolku.core.dates import today
from tyopolku.wagework import selectors, services
from tyopolku.wagework.access import require_wage_work
from tyopolku.wagework.models import WageJob

router = Router(tags=["wage work"])

Hours = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{1,2}([.,][0-9]{1,2})?$", "maxLength": 5}),
]


class WageJobIn(Schema):
    client_id: Id
    unit_id: Id
    title: text(200)
    weekly_hours: Hours
    start_date: datetime.date
    end_date: datetime.date | None = None


class WageJobUpdateIn(Schema):
    unit_id: Id
    title: text(200)
    weekly_hours: Hours
    start_date: datetime.date
    end_date: datetime.date | None = None
    version: integer(1, 2_000_000_000)


class WageJobOut(Schema):
    id: int
    client_id: int
    unit_id: int
    title: str
    weekly_hours: str
    start_date: datetime.date
    end_date: datetime.date | None
    version: int

    @staticmethod
    def resolve_weekly_hours(job: WageJob) -> str:
        return f"{job.weekly_hours:.2f}"


class WageJobListOut(Schema):
    count: int
    items: list[WageJobOut]


class WageJobParams(Paging):
    # Only the jobs in force on this day.
    on: datetime.date | None = None


class PaidJobsParams(Schema):
    on: datetime.date | None = Field(None, description="The day counted; today when left out.")


class PaidJobsOut(Schema):
    on: datetime.date
    wage_jobs: int
    group_employments: int
    total: int
    target: int | None
    target_period_start: datetime.date | None
    target_period_end: datetime.date | None


@router.post("/wage-jobs", response={201: WageJobOut, **ERRORS})
def create_wage_job(request, payload: WageJobIn):
    """A paid job of a client inside the organisation (a client outside the caller's client
    relationship → 404)."""
    return Status(201, services.wage_job_create(user=request.user, **payload.dict()))


@router.get("/wage-jobs", response={200: WageJobListOut, **ERRORS})
def list_wage_jobs(request, params: Query[WageJobParams]):
    """The paid jobs of the clients the caller works with, newest first; `on` keeps those in
    force that day."""
    count, items = selectors.wage_job_page(
        user=request.user, offset=params.offset, limit=params.limit, on=params.on
    )
    return {"count": count, "items": items}


@router.get("/wage-jobs/{wage_job_id}", response={200: WageJobOut, **ERRORS})
def get_wage_job(request, wage_job_id: PathId):
    return selectors.wage_job_get(user=request.user, wage_job_id=wage_job_id)


@router.put("/wage-jobs/{wage_job_id}", response={200: WageJobOut, **ERRORS})
def update_wage_job(request, wage_job_id: PathId, payload: WageJobUpdateIn):
    """New terms (e.g. the end date) with the `version` read; a stale one → 409."""
    job = selectors.wage_job_get(
        user=request.user, wage_job_id=wage_job_id, action=AccessAction.UPDATE
    )
    return services.wage_job_update(user=request.user, job=job, **payload.dict())


@router.get("/paid-jobs", response={200: PaidJobsOut, **ERRORS})
def paid_jobs(request, params: Query[PaidJobsParams]):
    """The organisation's paid jobs in force on `on` (wage-work jobs and the subcontracting
    groups' employment contracts), with the paid-jobs target in force that day. Counts
    only: no one is named."""
    require_wage_work(request.user)
    day = params.on or today()
    count = selectors.paid_jobs_on(organization_id=request.user.organization_id, day=day)
    target = selectors.paid_jobs_target_on(organization_id=request.user.organization_id, day=day)
    return {
        "on": day,
        "wage_jobs": count.wage_jobs,
        "group_employments": count.group_employments,
        "total": count.total,
        "target": target.target_value if target else None,
        "target_period_start": target.period_start if target else None,
        "target_period_end": target.period_end if target else None,
    }
