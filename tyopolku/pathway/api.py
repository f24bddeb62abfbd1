import datetime
from typing import Annotated

from ninja import Path, Query, Router, Schema, Status

from tyopolku.audit.models import AccessAction
from tyopolku.clients.selectors import client_get
from tyopolku.core.api import ERRORS, Id, Paging, PathId, choice, integer, paginated, text
from tyopolku.pathway import services
from tyopolku.pathway.intake import INTAKE_STEPS
from tyopolku.pathway.models import Enrollment, LegalBasis, Phase, ServiceModel, Visit, VisitKind
from tyopolku.pathway.selectors import (
    enrollment_get,
    enrollment_refresh,
    enrollment_with_status,
    visit_list,
)

router = Router(tags=["enrollments"])

# The number of an IPS start step (DOMAIN.md §5).
StepNumber = Annotated[int, Path(ge=1, le=len(INTAKE_STEPS))]


class EnrollmentIn(Schema):
    service_model: choice(ServiceModel)
    start_date: datetime.date
    unit_id: Id | None = None
    referral_source: text(40) | None = None
    coach_id: Id | None = None


class IntakeStepOut(Schema):
    number: int
    code: str
    title: str
    actor: str
    done_on: datetime.date | None


class EnrollmentOut(Schema):
    id: int
    client_id: int
    service_model: choice(ServiceModel)
    phase: choice(Phase)
    phase_since: datetime.date
    start_date: datetime.date
    end_date: datetime.date | None
    end_reason: str
    unit_id: int | None
    coach_id: int | None
    referral_source: str | None
    follow_along_last_day: datetime.date | None
    next_action: str
    next_action_on: datetime.date | None
    intake_steps: list[IntakeStepOut]


class IntakeStepIn(Schema):
    done_on: datetime.date


class EnrollmentEndIn(Schema):
    end_date: datetime.date
    reason: text(200)


class EmploymentIn(Schema):
    start_date: datetime.date


class VisitIn(Schema):
    date: datetime.date
    kind: choice(VisitKind)
    duration_minutes: integer(1, 24 * 60)
    summary: text(10_000)
    # The next step agreed at the visit: left out keeps the earlier one, "" clears it.
    next_action: text(200) | None = None
    next_action_on: datetime.date | None = None


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class VisitOut(Schema):
    id: int
    enrollment_id: int
    date: datetime.date
    kind: choice(VisitKind)
    duration_minutes: int
    summary: str
    legal_basis: choice(LegalBasis)
    legal_basis_text: str
    service_task: str
    service_unit: UnitRefOut | None
    recorded_by: str
    # Set when a job recorded or changed later left the visit without a legal basis.
    basis_problem: str
    basis_problem_text: str

    @staticmethod
    def resolve_legal_basis_text(visit: Visit) -> str:
        return str(LegalBasis(visit.legal_basis).label)

    @staticmethod
    def resolve_basis_problem_text(visit: Visit) -> str:
        return str(visit.get_basis_problem_display()) if visit.basis_problem else ""

    @staticmethod
    def resolve_recorded_by(visit: Visit) -> str:
        return visit.recorded_by.username


class VisitListOut(Schema):
    count: int
    items: list[VisitOut]


def _enrollment_out(enrollment: Enrollment) -> dict:
    enrollment, status = enrollment_with_status(enrollment)
    return {
        "id": enrollment.pk,
        "client_id": enrollment.client_id,
        "service_model": enrollment.service_model,
        "phase": status.phase,
        "phase_since": status.phase_since,
        "start_date": enrollment.start_date,
        "end_date": enrollment.end_date,
        "end_reason": enrollment.end_reason,
        "unit_id": enrollment.unit_id,
        "coach_id": enrollment.coach_id,
        "referral_source": enrollment.referral_source.code if enrollment.referral_source else None,
        "follow_along_last_day": status.follow_along_last_day,
        "next_action": enrollment.next_action,
        "next_action_on": enrollment.next_action_on,
        "intake_steps": [
            {
                "number": step.number,
                "code": INTAKE_STEPS[step.number - 1].code,
                "title": str(INTAKE_STEPS[step.number - 1].title),
                "actor": str(INTAKE_STEPS[step.number - 1].actor),
                "done_on": step.done_on,
            }
            for step in enrollment.intake_steps.all()
        ],
    }


def _fresh(enrollment: Enrollment) -> dict:
    """Read back after a write so the answer shows the new phase."""
    return _enrollment_out(enrollment_refresh(enrollment))


@router.post("/clients/{client_id}/enrollments", response={201: EnrollmentOut, **ERRORS})
def create_enrollment(request, client_id: PathId, payload: EnrollmentIn):
    # Each write is logged as the write it attempts, refused or not (never as a read).
    client = client_get(
        user=request.user, client_id=client_id, target="enrollment", action=AccessAction.CREATE
    )
    enrollment = services.enrollment_create(user=request.user, client=client, **payload.dict())
    return Status(201, _fresh(enrollment))


@router.get("/enrollments/{enrollment_id}", response={200: EnrollmentOut, **ERRORS})
def get_enrollment(request, enrollment_id: PathId):
    return _enrollment_out(enrollment_get(user=request.user, enrollment_id=enrollment_id))


@router.post(
    "/enrollments/{enrollment_id}/intake-steps/{number}", response={200: EnrollmentOut, **ERRORS}
)
def mark_intake_step(request, enrollment_id: PathId, number: StepNumber, payload: IntakeStepIn):
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="intake_step",
        action=AccessAction.UPDATE,
    )
    services.intake_step_mark_done(
        user=request.user, enrollment=enrollment, number=number, done_on=payload.done_on
    )
    return _fresh(enrollment)


@router.delete(
    "/enrollments/{enrollment_id}/intake-steps/{number}", response={200: EnrollmentOut, **ERRORS}
)
def undo_intake_step(request, enrollment_id: PathId, number: StepNumber):
    """A start step marked done by mistake is open again; POST corrects its date."""
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="intake_step",
        action=AccessAction.UPDATE,
    )
    services.intake_step_undo(user=request.user, enrollment=enrollment, number=number)
    return _fresh(enrollment)


@router.post("/enrollments/{enrollment_id}/employment", response={200: EnrollmentOut, **ERRORS})
def record_employment(request, enrollment_id: PathId, payload: EmploymentIn):
    """A dated "employment started" entry (placements do the same with the job's details)."""
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="employment",
        action=AccessAction.UPDATE,
    )
    services.enrollment_record_employment(
        user=request.user, enrollment=enrollment, start_date=payload.start_date
    )
    return _fresh(enrollment)


@router.post("/enrollments/{enrollment_id}/end", response={200: EnrollmentOut, **ERRORS})
def end_enrollment(request, enrollment_id: PathId, payload: EnrollmentEndIn):
    enrollment = enrollment_get(
        user=request.user, enrollment_id=enrollment_id, action=AccessAction.UPDATE
    )
    services.enrollment_end(
        user=request.user, enrollment=enrollment, end_date=payload.end_date, reason=payload.reason
    )
    return _fresh(enrollment)


@router.post("/enrollments/{enrollment_id}/visits", response={201: VisitOut, **ERRORS})
def create_visit(request, enrollment_id: PathId, payload: VisitIn):
    enrollment = enrollment_get(
        user=request.user, enrollment_id=enrollment_id, target="visit", action=AccessAction.CREATE
    )
    visit = services.visit_create(user=request.user, enrollment=enrollment, **payload.dict())
    return Status(201, visit_list(enrollment=enrollment).get(pk=visit.pk))


@router.get("/enrollments/{enrollment_id}/visits", response={200: VisitListOut, **ERRORS})
def list_visits(request, enrollment_id: PathId, params: Query[Paging]):
    enrollment = enrollment_get(user=request.user, enrollment_id=enrollment_id, target="visits")
    return paginated(visit_list(enrollment=enrollment), params)


class CoachIn(Schema):
    coach_id: Id | None


@router.post("/enrollments/{enrollment_id}/coach", response={200: EnrollmentOut, **ERRORS})
def change_coach(request, enrollment_id: PathId, payload: CoachIn):
    """Hand the enrollment to another coach (`null`: none) from today; supervisors and admins.
    The old coach's client relationship ends unless they coach another open enrollment."""
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="enrollment_coach",
        action=AccessAction.UPDATE,
    )
    services.enrollment_coach_change(
        user=request.user, enrollment=enrollment, coach_id=payload.coach_id
    )
    return _fresh(enrollment)
