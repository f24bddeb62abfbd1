import datetime
from decimal import Decimal

from ninja import Query, Router, Schema, Status

from tyopolku.audit.models import AccessAction
from tyopolku.core.api import ERRORS, Id, Paging, PathId, choice, decimal, integer, text
from tyopolku.pathway.selectors import enrollment_get
from tyopolku.placements import services
from tyopolku.placements.models import PlacementKind
from tyopolku.placements.selectors import (
    PlacementSummary,
    placement_get,
    placement_list,
    placement_summaries,
    placement_summary,
)
from tyopolku.placements.services import (
    MAX_HOURLY_WAGE,
    MAX_HOURS_PER_WEEK,
    PLAUSIBLE_SUBSIDY_MONTHS,
)

router = Router(tags=["placements"])


class PlacementIn(Schema):
    employer_id: Id
    start_date: datetime.date
    job_title: text(200)
    hours_per_week: decimal(Decimal("0.1"), MAX_HOURS_PER_WEEK)
    competitive: bool
    hourly_wage: decimal(Decimal(0), MAX_HOURLY_WAGE) | None = None
    pay_subsidy_percent: integer(1, 100) | None = None
    pay_subsidy_months: integer(1, PLAUSIBLE_SUBSIDY_MONTHS) | None = None
    opening_id: Id | None = None
    kind: choice(PlacementKind) = PlacementKind.EMPLOYMENT.value
    days_per_week: integer(1, 7) | None = None
    planned_end_date: datetime.date | None = None


class PlacementPatch(Schema):
    end_date: datetime.date | None = None
    end_reason: text(200) | None = None
    continues_job_search: bool = True


class SubsidyEstimateOut(Schema):
    percent: int
    reason: str
    rate_valid_from: datetime.date
    monthly_wage: Decimal
    monthly_amount: Decimal
    max_monthly_eur: Decimal
    capped: bool


class RuleWarningOut(Schema):
    code: str
    message: str


class PlacementOut(Schema):
    id: int
    enrollment_id: int
    client_id: int
    employer_id: int
    employer_name: str
    opening_id: int | None
    kind: choice(PlacementKind)
    job_title: str
    start_date: datetime.date
    planned_end_date: datetime.date | None
    end_date: datetime.date | None
    end_reason: str
    continues_job_search: bool | None
    hours_per_week: float
    days_per_week: int | None
    hourly_wage: Decimal | None
    competitive: bool
    pay_subsidy_percent: int | None
    pay_subsidy_months: int | None
    active: bool
    tenure_days: int
    tenure_months: int
    pay_subsidy_estimate: SubsidyEstimateOut | None
    work_trial_expense_allowance_per_day: Decimal | None
    warnings: list[RuleWarningOut]


class PlacementListOut(Schema):
    count: int
    items: list[PlacementOut]


def _out(summary: PlacementSummary) -> dict:
    p = summary.placement
    return {
        "id": p.pk,
        "enrollment_id": p.enrollment_id,
        "client_id": p.enrollment.client_id,
        "employer_id": p.employer_id,
        "employer_name": p.employer.name,
        "opening_id": p.opening_id,
        "kind": p.kind,
        "job_title": p.job_title,
        "start_date": p.start_date,
        "planned_end_date": p.planned_end_date,
        "end_date": p.end_date,
        "end_reason": p.end_reason,
        "continues_job_search": p.continues_job_search,
        "hours_per_week": p.hours_per_week,
        "days_per_week": p.days_per_week,
        "hourly_wage": p.hourly_wage,
        "competitive": p.competitive,
        "pay_subsidy_percent": p.pay_subsidy_percent,
        "pay_subsidy_months": p.pay_subsidy_months,
        "active": summary.active,
        "tenure_days": summary.tenure.days,
        "tenure_months": summary.tenure.months,
        "pay_subsidy_estimate": summary.assessment.subsidy,
        "work_trial_expense_allowance_per_day": summary.assessment.expense_allowance_eur_per_day,
        "warnings": list(summary.assessment.warnings),
    }


def _fresh(request, placement_id: int) -> dict:
    """Read back after a write: the answer shows the estimate and warnings as saved."""
    return _out(placement_summary(placement_get(user=request.user, placement_id=placement_id)))


@router.post("/enrollments/{enrollment_id}/placements", response={201: PlacementOut, **ERRORS})
def create_placement(request, enrollment_id: PathId, payload: PlacementIn):
    """A job the client got. An employment moves the enrollment to `employed` from
    `start_date`; the answer carries the pay subsidy estimate and the rule warnings."""
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="placement",
        action=AccessAction.CREATE,
    )
    placement = services.placement_create(
        user=request.user, enrollment=enrollment, **payload.dict()
    )
    return Status(201, _fresh(request, placement.pk))


@router.get("/enrollments/{enrollment_id}/placements", response={200: PlacementListOut, **ERRORS})
def list_placements(request, enrollment_id: PathId, params: Query[Paging]):
    enrollment = enrollment_get(user=request.user, enrollment_id=enrollment_id, target="placement")
    placements = placement_list(enrollment=enrollment)
    page = list(placements[params.offset : params.offset + params.limit])
    return {
        "count": placements.count(),
        "items": [_out(s) for s in placement_summaries(page, client_id=enrollment.client_id)],
    }


@router.get("/placements/{placement_id}", response={200: PlacementOut, **ERRORS})
def get_placement(request, placement_id: PathId):
    return _out(placement_summary(placement_get(user=request.user, placement_id=placement_id)))


@router.patch("/placements/{placement_id}", response={200: PlacementOut, **ERRORS})
def update_placement(request, placement_id: PathId, payload: PlacementPatch):
    """End the job: `end_date` and `end_reason`. With `continues_job_search` (default true)
    the client is back in job search from the next day, unless another job goes on."""
    placement = placement_get(
        user=request.user, placement_id=placement_id, action=AccessAction.UPDATE
    )
    services.placement_end(user=request.user, placement=placement, **payload.dict())
    return _fresh(request, placement_id)
