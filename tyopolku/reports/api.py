"""API of the outcome report and the THL evaluation export (administrators, supervisors,
evaluators; for evaluators a count under five is null, see docs/reports.md)."""

import dataclasses
import datetime
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tyopolku.background.api import JobOut, job_out
from tyopolku.core.api import ERRORS, Paging, paginated
from tyopolku.core.errors import InvalidInput
from tyopolku.core.replica import reads_from_replica
from tyopolku.files import spreadsheets
from tyopolku.pathway.models import ServiceModel
from tyopolku.reports import breakdowns, selectors, service_path, survival, targets, thl
from tyopolku.reports.models import TargetMetric

router = Router(tags=["reports"])


class OutcomeParams(Schema):
    # The period, both days included.
    date_from: datetime.date = Field(..., alias="from")
    date_to: datetime.date = Field(..., alias="to")
    service_model: ServiceModel | None = None
    unit_id: int | None = Field(None, ge=1, le=2**31 - 1)
    coach_id: int | None = Field(None, ge=1, le=2**31 - 1)


class OutcomesOut(Schema):
    clients_enrolled: int | None
    clients_employed: int | None
    competitive_employment_rate: float | None
    median_days_to_first_employer_contact: float | None
    median_days_to_first_job: float | None
    placements_started: int | None


@router.get("/reports/outcomes", response={200: OutcomesOut, **ERRORS})
@reads_from_replica()
def outcomes(request, params: Query[OutcomeParams]):
    """The organisation's outcome figures of the period (docs/reports.md defines them)."""
    return selectors.figures_for(user=request.user, scope=_scope(params))


def _scope(params: OutcomeParams) -> selectors.Scope:
    if params.date_to < params.date_from:
        raise InvalidInput.for_field("to", _("The end date is before the start date."))
    return selectors.Scope(
        date_from=params.date_from,
        date_to=params.date_to,
        service_model=params.service_model or "",
        unit_id=params.unit_id,
        coach_id=params.coach_id,
    )


class BreakdownRowOut(Schema):
    code: str  # the group: referral source or target group code, phase, kind, reason, percent
    label: str
    count: int | None


class StatOut(Schema):
    count: int | None
    median: float | None
    mean: float | None


class BreakdownsOut(Schema):
    referrals: list[BreakdownRowOut]
    starts: int | None
    phases: list[BreakdownRowOut]
    first_job_starts: int | None
    job_starts: int | None
    placements_by_kind: list[BreakdownRowOut]
    placements_ended: int | None
    end_reasons: list[BreakdownRowOut]
    tenure_ended: StatOut
    tenure_ongoing: StatOut
    hours_per_week: StatOut
    hourly_wage: StatOut
    pay_subsidies: list[BreakdownRowOut]
    target_groups: list[BreakdownRowOut]
    # The same target groups: of the clients, those who started an enrollment, and those
    # who started a competitive job, in the period.
    target_group_starts: list[BreakdownRowOut]
    target_group_employed: list[BreakdownRowOut]


@router.get("/reports/breakdowns", response={200: BreakdownsOut, **ERRORS})
@reads_from_replica()
def report_breakdowns(request, params: Query[OutcomeParams]):
    """The breakdowns of the period (docs/reports.md): referrals, phases, job starts and
    endings, tenure, hours and wages, pay subsidies, target groups."""
    result = breakdowns.breakdown_figures(user=request.user, scope=_scope(params))
    return dataclasses.asdict(result)


class TargetParams(Paging):
    # Only the targets whose period overlaps these days (both optional).
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")


class TargetOut(Schema):
    id: int
    label: str
    metric: TargetMetric
    service_model: ServiceModel | None
    period_start: datetime.date
    period_end: datetime.date
    target_value: int
    value: int | None
    percent: int | None
    # The day a count in force was taken on (paid jobs), else null: counted over the period.
    counted_on: datetime.date | None


class TargetListOut(Schema):
    count: int
    items: list[TargetOut]


@router.get("/reports/targets", response={200: TargetListOut, **ERRORS})
@reads_from_replica()
def report_targets(request, params: Query[TargetParams]):
    """The organisation's targets with the figure so far over each target's own period."""
    if params.date_from and params.date_to and params.date_to < params.date_from:
        raise InvalidInput.for_field("to", _("The end date is before the start date."))
    page = paginated(
        targets.report_targets(
            user=request.user, date_from=params.date_from, date_to=params.date_to
        ),
        params,
    )
    progress = targets.target_progress(user=request.user, targets=page["items"])
    return {
        "count": page["count"],
        "items": [
            {
                "id": item.target.pk,
                "label": item.label,
                "metric": item.target.metric,
                "service_model": item.target.service_model or None,
                "period_start": item.target.period_start,
                "period_end": item.target.period_end,
                "target_value": item.target.target_value,
                "value": item.value,
                "percent": item.percent,
                "counted_on": item.counted_on,
            }
            for item in progress
        ],
    }


class FirstJobParams(Schema):
    # The period in which the enrollments followed started, both days included.
    date_from: datetime.date = Field(..., alias="from")
    date_to: datetime.date = Field(..., alias="to")
    service_model: ServiceModel | None = None
    group_by: Literal["service_model", "cohort"] = "service_model"


class SurvivalPointOut(Schema):
    day: int = Field(..., description="Days since the start of the enrollment.")
    share_still_searching: float = Field(
        ..., ge=0, le=1, description="Kaplan–Meier estimate of the share without a first job."
    )
    at_risk: int = Field(..., description="Enrollments followed and without a job before it.")


class SurvivalGroupOut(Schema):
    group: str = Field(..., description="The service model's code or the year of the start.")
    label: str
    clients: int | None = Field(..., description="Enrollments followed; null when under 5.")
    jobs: int | None = Field(..., description="Of them, those with a first job; null under 5.")
    median_days: float | None = Field(
        ..., description="Days until half have a first job; null if not reached or hidden."
    )
    points: list[SurvivalPointOut]


class TimeToFirstJobOut(Schema):
    group_by: str
    follow_up_until: datetime.date
    groups: list[SurvivalGroupOut]


@router.get("/reports/time-to-first-job", response={200: TimeToFirstJobOut, **ERRORS})
@reads_from_replica()
def time_to_first_job(request, params: Query[FirstJobParams]):
    """Time from the start of the enrollments started in the period to their first job, as
    Kaplan–Meier curves per service model or start-year cohort (docs/reports.md). Clients
    still searching are censored at the period's end or today, enrollments that ended without
    a job at their end. For evaluators a group of fewer than five is null, and the steps
    resting on fewer than five followed are left out."""
    if params.date_to < params.date_from:
        raise InvalidInput.for_field("to", _("The end date is before the start date."))
    result = survival.time_to_first_job(
        user=request.user,
        date_from=params.date_from,
        date_to=params.date_to,
        service_model=params.service_model or "",
        group_by=params.group_by,
    )
    return {
        "group_by": result.group_by,
        "follow_up_until": result.follow_up_until,
        "groups": [
            {
                "group": g.group,
                "label": g.label,
                "clients": g.clients,
                "jobs": g.jobs,
                "median_days": g.median_days,
                "points": [dataclasses.asdict(p) for p in g.points],
            }
            for g in result.groups
        ],
    }


class ServicePathParams(Schema):
    # The period, both days included: the stays that moved on in it; "now" is its last day,
    # or today if that is earlier.
    date_from: datetime.date = Field(..., alias="from")
    date_to: datetime.date = Field(..., alias="to")
    unit_id: int | None = Field(None, ge=1, le=2**31 - 1)
    service_model: ServiceModel | None = None


class StationOut(Schema):
    phase: Literal["referral", "intake", "job_search", "employed"]
    label: str
    clients_now: int | None = Field(
        ..., description="Different clients in the phase now; null when hidden (under 5)."
    )
    median_days_now: float | None = Field(
        ..., description="Median days from the start of their stay in the phase to now."
    )
    stays_completed: int | None = Field(
        ..., description="Stays in the phase that moved on to another phase in the period."
    )
    median_days_completed: float | None = Field(
        ..., description="Median length of those stays in days."
    )


class ModelPathOut(Schema):
    service_model: ServiceModel
    label: str
    stations: list[StationOut]
    ended: int | None = Field(
        ..., description="Different clients whose enrollment ended in the period."
    )


class ServicePathOut(Schema):
    date_from: datetime.date
    date_to: datetime.date
    as_of: datetime.date = Field(..., description="The day of the figures \"now\".")
    service_models: list[ModelPathOut]


@router.get("/reports/service-path", response={200: ServicePathOut, **ERRORS})
@reads_from_replica()
def report_service_path(request, params: Query[ServicePathParams]):
    """Each service model's phases (referral, intake, job search, employed) with the clients
    in each now and the median days spent there, of the organisation or one of its units
    (docs/reports.md). For evaluators counts under five and medians of fewer than five stays
    are null."""
    result = service_path.service_path(
        user=request.user,
        date_from=params.date_from,
        date_to=params.date_to,
        unit_id=params.unit_id,
        service_model=params.service_model or "",
    )
    return {
        "date_from": result.date_from,
        "date_to": result.date_to,
        "as_of": result.as_of,
        "service_models": [
            {
                "service_model": model.service_model,
                "label": model.label,
                "ended": model.ended,
                "stations": [
                    {
                        "phase": s.phase,
                        "label": s.label,
                        "clients_now": s.clients_now,
                        "median_days_now": s.median_days_now,
                        "stays_completed": s.stays_completed,
                        "median_days_completed": s.median_days_completed,
                    }
                    for s in model.stations
                ],
            }
            for model in result.models
        ],
    }


class ThlParams(Schema):
    on: datetime.date
    study: str = Field(..., max_length=40)


@router.get("/exports/thl-evaluation", response={200: None, **ERRORS})
@reads_from_replica()
def thl_evaluation(request, params: Query[ThlParams]):
    """CSV (UTF-8, header row), one row per client whose THL evaluation consent is in force
    on `on`; every exported client is written to the access log."""
    response = HttpResponse(
        content_type=spreadsheets.CSV_CONTENT_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{thl.thl_file_name(params.on)}"'
        },
    )
    thl.thl_evaluation_csv(response, user=request.user, on=params.on, study=params.study)
    return response


class ThlJobIn(Schema):
    on: datetime.date
    study: str = Field(..., max_length=40)


@router.post("/exports/thl-evaluation/jobs", response={202: JobOut, **ERRORS})
def thl_evaluation_job(request, payload: ThlJobIn):
    """The same dataset made by the background worker, for a large organisation: answers at
    once with the job to poll (`GET /jobs/{job_id}`); when it is `done`, its `file` is
    downloaded with `GET /jobs/{job_id}/file` by the user who started it, until
    `file.expires_at`. The clients are written to the access log when the file is made."""
    job = thl.thl_export_start(user=request.user, on=payload.on, study=payload.study)
    return Status(202, job_out(job))


class DictionaryEntryOut(Schema):
    column: str
    meaning: str


@router.get(
    "/exports/thl-evaluation/dictionary", response={200: list[DictionaryEntryOut], **ERRORS}
)
def thl_evaluation_dictionary(request):
    """The columns of the THL evaluation CSV and what each holds."""
    selectors.report_access_check(request.user)
    return [{"column": column, "meaning": meaning} for column, meaning in thl.DICTIONARY]


class CoachFiguresOut(Schema):
    coach_id: int | None
    active_clients: int
    over_limit: bool
    clients_waiting: int
    contacts_this_week: int
    contacts_per_week: float
    job_starts: int


class ReviewOut(Schema):
    unit_id: int
    review_date: datetime.date
    total: int | None
    band: str


class DashboardOut(Schema):
    day: datetime.date
    active_client_limit: int
    quarter_start: datetime.date
    competitive_employment_rate: float | None
    team: CoachFiguresOut
    coaches: list[CoachFiguresOut]
    reviews: list[ReviewOut]


def _coach_out(row: selectors.CoachFigures) -> dict:
    return {
        "coach_id": row.coach.pk if row.coach else None,
        "active_clients": row.active_clients,
        "over_limit": row.over_limit,
        "clients_waiting": row.clients_waiting,
        "contacts_this_week": row.contacts_this_week,
        "contacts_per_week": row.contacts_per_week,
        "job_starts": row.job_starts,
    }


class DashboardParams(Schema):
    unit_id: int | None = Field(None, ge=1, le=2**31 - 1)


@router.get("/reports/dashboard", response={200: DashboardOut, **ERRORS})
def dashboard(request, params: Query[DashboardParams]):
    """The supervisor's dashboard figures (supervisors and administrators): the coaches of
    the organisation, or of one unit with `unit_id`."""
    board = selectors.dashboard(user=request.user, unit_id=params.unit_id)
    return {
        "day": board.day,
        "active_client_limit": selectors.ACTIVE_CLIENT_LIMIT,
        "quarter_start": board.quarter.start,
        "competitive_employment_rate": board.quarter.rate,
        "team": _coach_out(board.team),
        "coaches": [_coach_out(row) for row in board.coaches],
        "reviews": board.reviews,
    }
