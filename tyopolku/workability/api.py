"""The work-ability support team in the API: service need assessments, client plans and
referrals, as CONTRACT.md names them."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tyopolku.audit.models import AccessAction
from tyopolku.clients.selectors import client_get
from tyopolku.core.api import ERRORS, Id, Paging, PathId, choice, integer, paginated, text
from tyopolku.core.dates import today
from tyopolku.core.errors import NotFound
from tyopolku.core.validation import NOTES_MAX
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability import selectors, services
from tyopolku.workability.archive import archive_response
from tyopolku.workability.models import (
    ClientPlan,
    HolidayRule,
    NetworkMeeting,
    Referral,
    ResponsibleParty,
    ServiceNeed,
    ServiceNeedAssessment,
    StaffTraining,
    TeamMeeting,
)

router = Router(tags=["work-ability team"])


# --- Service need assessments ---


class AssessmentIn(Schema):
    started_on: datetime.date
    completed_on: datetime.date | None = None
    # The day the matter became pending; the deadlines count from it (default: started_on).
    initiated_on: datetime.date | None = None
    participants: text(NOTES_MAX) = ""
    client_view: text(NOTES_MAX) = ""
    summary: text(NOTES_MAX) | None = None
    services_needed: list[choice(ServiceNeed)] = Field([], max_length=len(ServiceNeed))


class AssessmentPatch(Schema):
    # The version read (against lost updates): another one is a 409.
    version: integer(1, 2**31 - 1)
    started_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    initiated_on: datetime.date | None = None
    participants: text(NOTES_MAX) | None = None
    client_view: text(NOTES_MAX) | None = None
    summary: text(NOTES_MAX) | None = None
    services_needed: list[choice(ServiceNeed)] | None = Field(None, max_length=len(ServiceNeed))


class AssessmentOut(Schema):
    """`warning` is "start" or "completion" while that deadline (in Finnish working days)
    is near or passed; `overdue` when it has passed."""

    id: int
    client_id: int
    initiated_on: datetime.date
    started_on: datetime.date
    completed_on: datetime.date | None
    participants: str
    client_view: str
    summary: str
    services_needed: list[str]
    start_deadline: datetime.date
    completion_deadline: datetime.date
    warning: str
    overdue: bool
    created_by: str
    version: int


class AssessmentListOut(Schema):
    count: int
    items: list[AssessmentOut]


def _assessment_out(assessment: ServiceNeedAssessment, status) -> dict:
    return {
        "id": assessment.pk,
        "client_id": assessment.client_id,
        "initiated_on": assessment.initiated_on,
        "started_on": assessment.started_on,
        "completed_on": assessment.completed_on,
        "participants": assessment.participants,
        "client_view": assessment.client_view,
        "summary": assessment.summary,
        "services_needed": assessment.services_needed,
        "start_deadline": status.start_deadline,
        "completion_deadline": status.completion_deadline,
        "warning": status.warning,
        "overdue": status.overdue,
        "created_by": assessment.created_by.username,
        "version": assessment.version,
    }


def _assessments_out(assessments: list[ServiceNeedAssessment], organization_id: int) -> list:
    return [_assessment_out(a, s) for a, s in selectors.with_status(assessments, organization_id)]


@router.post(
    "/clients/{client_id}/service-need-assessments", response={201: AssessmentOut, **ERRORS}
)
def create_assessment(request, client_id: PathId, payload: AssessmentIn):
    client = client_get(
        user=request.user,
        client_id=client_id,
        target="service_need_assessments",
        action=AccessAction.CREATE,
    )
    data = payload.dict()
    data["summary"] = data["summary"] or ""
    assessment = services.assessment_create(user=request.user, client=client, **data)
    (out,) = _assessments_out([assessment], client.organization_id)
    return Status(201, out)


@router.get(
    "/clients/{client_id}/service-need-assessments", response={200: AssessmentListOut, **ERRORS}
)
def list_assessments(request, client_id: PathId, params: Query[Paging]):
    assessments = selectors.assessment_list(user=request.user, client_id=client_id)
    items = _assessments_out(assessments, request.user.organization_id)
    return paginated(items, params)


@router.get("/service-need-assessments/{assessment_id}", response={200: AssessmentOut, **ERRORS})
def get_assessment(request, assessment_id: PathId):
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    (out,) = _assessments_out([assessment], assessment.client.organization_id)
    return out


@router.patch("/service-need-assessments/{assessment_id}", response={200: AssessmentOut, **ERRORS})
def update_assessment(request, assessment_id: PathId, payload: AssessmentPatch):
    """Change the given fields, e.g. `completed_on` and the conclusion when the assessment is
    done. `version` is the one read: a stale one is a 409."""
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    for name in ("participants", "client_view", "summary"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if "services_needed" in changes and changes["services_needed"] is None:
        changes["services_needed"] = []
    if "started_on" in changes and changes["started_on"] is None:
        changes.pop("started_on")
    updated = services.assessment_update(
        user=request.user, assessment=assessment, version=version, **changes
    )
    updated.created_by = assessment.created_by
    (out,) = _assessments_out([updated], assessment.client.organization_id)
    return out


# --- Client plans ---


class PlanActionIn(Schema):
    text: text(NOTES_MAX)
    # Who does it, as written ("Kela", "TE-palvelut"); `responsible_party` is its code,
    # derived from the text when left out.
    responsible: text(200)
    responsible_party: choice(ResponsibleParty) | None = None
    due_date: datetime.date | None = None


class ClientPlanIn(Schema):
    goals: list[text(NOTES_MAX)] = Field(..., max_length=services.MAX_GOALS)
    actions: list[PlanActionIn] = Field([], max_length=services.MAX_ACTIONS)
    agreed_with_client: bool
    client_assessment: text(NOTES_MAX) = ""
    worker_assessment: text(NOTES_MAX) = ""
    review_on: datetime.date | None = None
    made_on: datetime.date | None = None


class PlanActionOut(Schema):
    text: str
    responsible: str
    responsible_party: str
    due_date: datetime.date | None


class ClientPlanOut(Schema):
    id: int
    client_id: int
    version: int
    made_on: datetime.date
    goals: list[str]
    actions: list[PlanActionOut]
    agreed_with_client: bool
    client_assessment: str
    worker_assessment: str
    review_on: datetime.date | None
    created_by: str

    @staticmethod
    def resolve_actions(plan: ClientPlan) -> list:
        return list(plan.actions.all())

    @staticmethod
    def resolve_created_by(plan: ClientPlan) -> str:
        return plan.created_by.username


class ClientPlanListOut(Schema):
    count: int
    items: list[ClientPlanOut]


@router.post("/clients/{client_id}/client-plans", response={201: ClientPlanOut, **ERRORS})
def create_client_plan(request, client_id: PathId, payload: ClientPlanIn):
    """A new plan: the next `version` of the client's plans (earlier ones are kept)."""
    client = client_get(
        user=request.user, client_id=client_id, target="client_plans", action=AccessAction.CREATE
    )
    data = payload.dict()
    plan = services.client_plan_create(user=request.user, client=client, **data)
    return Status(201, selectors.client_plan_get(user=request.user, plan_id=plan.pk))


@router.get("/clients/{client_id}/client-plans", response={200: ClientPlanListOut, **ERRORS})
def list_client_plans(request, client_id: PathId, params: Query[Paging]):
    """Every version, newest first."""
    return paginated(selectors.client_plan_list(user=request.user, client_id=client_id), params)


# --- Referrals ---


class ReferralIn(Schema):
    client_id: Id
    to_service_model: choice(ServiceModel)
    to_unit_id: Id | None = None
    reason: text(NOTES_MAX)


class ReferralClientOut(Schema):
    """The client's basic data, which the receiving unit sees from the moment of sending."""

    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date


class ReferralOut(Schema):
    id: int
    client_id: int
    client: ReferralClientOut
    status: str
    to_service_model: str
    to_unit_id: int | None
    from_unit_id: int | None
    reason: str
    sent_by: str
    sent_on: datetime.date
    decided_by: str | None
    decided_on: datetime.date | None
    decline_reason: str
    enrollment_id: int | None

    @staticmethod
    def resolve_sent_by(referral: Referral) -> str:
        return referral.sent_by.username

    @staticmethod
    def resolve_decided_by(referral: Referral) -> str | None:
        return referral.decided_by.username if referral.decided_by else None


class ReferralListOut(Schema):
    count: int
    items: list[ReferralOut]


class ReferralParams(Paging):
    direction: Literal["incoming", "outgoing", ""] = ""
    status: Literal["sent", "accepted", "declined", ""] = ""


class AcceptIn(Schema):
    start_date: datetime.date
    coach_id: Id | None = None


class DeclineIn(Schema):
    reason: text(NOTES_MAX)


@router.post("/referrals", response={201: ReferralOut, **ERRORS})
def create_referral(request, payload: ReferralIn):
    client = client_get(
        user=request.user,
        client_id=payload.client_id,
        target="referral",
        action=AccessAction.CREATE,
    )
    referral = services.referral_create(
        user=request.user,
        client=client,
        to_service_model=payload.to_service_model,
        to_unit_id=payload.to_unit_id,
        reason=payload.reason,
    )
    return Status(201, selectors.referral_get(user=request.user, referral_id=referral.pk))


@router.get("/referrals", response={200: ReferralListOut, **ERRORS})
def list_referrals(request, params: Query[ReferralParams]):
    """`?direction=incoming` (to the user's unit and service model), `outgoing` (sent by
    the user) or neither (every referral the user sees); `?status=sent|accepted|declined`."""
    count, items = selectors.referral_list(
        user=request.user,
        direction=params.direction,
        status=params.status,
        limit=params.limit,
        offset=params.offset,
    )
    return {"count": count, "items": items}


@router.get("/referrals/{referral_id}", response={200: ReferralOut, **ERRORS})
def get_referral(request, referral_id: PathId):
    return selectors.referral_get(user=request.user, referral_id=referral_id)


@router.post("/referrals/{referral_id}/accept", response={200: ReferralOut, **ERRORS})
def accept_referral(request, referral_id: PathId, payload: AcceptIn):
    """Enrolls the client in the receiving service model; a decided referral is a 409."""
    referral = selectors.referral_get(
        user=request.user, referral_id=referral_id, action=AccessAction.UPDATE
    )
    services.referral_accept(
        user=request.user,
        referral=referral,
        start_date=payload.start_date,
        coach_id=payload.coach_id,
    )
    return selectors.referral_get(user=request.user, referral_id=referral_id)


@router.post("/referrals/{referral_id}/decline", response={200: ReferralOut, **ERRORS})
def decline_referral(request, referral_id: PathId, payload: DeclineIn):
    referral = selectors.referral_get(
        user=request.user, referral_id=referral_id, action=AccessAction.UPDATE
    )
    services.referral_decline(user=request.user, referral=referral, reason=payload.reason)
    return selectors.referral_get(user=request.user, referral_id=referral_id)


# --- Network meetings ---


class ParticipantIn(Schema):
    name: text(200)
    organisation: text(200) = ""
    role: text(200) = ""


class TaskIn(Schema):
    text: text(NOTES_MAX)
    owner: text(200)
    due_date: datetime.date | None = None


class NetworkMeetingIn(Schema):
    client_id: Id
    date: datetime.date
    participants: list[ParticipantIn] = Field(..., max_length=services.MAX_PARTICIPANTS)
    agenda: text(NOTES_MAX) = ""
    decisions: text(NOTES_MAX) | None = None
    tasks: list[TaskIn] = Field([], max_length=services.MAX_TASKS)


class ParticipantOut(Schema):
    name: str
    organisation: str
    role: str


class TaskOut(Schema):
    text: str
    owner: str
    due_date: datetime.date | None


class NetworkMeetingOut(Schema):
    id: int
    client_id: int
    date: datetime.date
    participants: list[ParticipantOut]
    agenda: str
    decisions: str
    tasks: list[TaskOut]
    created_by: str

    @staticmethod
    def resolve_created_by(meeting: NetworkMeeting) -> str:
        return meeting.created_by.username


class NetworkMeetingListOut(Schema):
    count: int
    items: list[NetworkMeetingOut]


@router.post("/network-meetings", response={201: NetworkMeetingOut, **ERRORS})
def create_network_meeting(request, payload: NetworkMeetingIn):
    """External participants have no user accounts: name, organisation and role."""
    client = client_get(
        user=request.user,
        client_id=payload.client_id,
        target="network_meetings",
        action=AccessAction.CREATE,
    )
    data = payload.dict(exclude={"client_id"})
    data["decisions"] = data["decisions"] or ""
    meeting = services.network_meeting_create(user=request.user, client=client, **data)
    return Status(201, meeting)


@router.get("/network-meetings/{network_meeting_id}", response={200: NetworkMeetingOut, **ERRORS})
def get_network_meeting(request, network_meeting_id: PathId):
    return selectors.network_meeting_get(user=request.user, meeting_id=network_meeting_id)


@router.get(
    "/clients/{client_id}/network-meetings", response={200: NetworkMeetingListOut, **ERRORS}
)
def list_network_meetings(request, client_id: PathId, params: Query[Paging]):
    return paginated(selectors.network_meeting_list(user=request.user, client_id=client_id), params)


# --- Team meetings ---


class TeamMeetingIn(Schema):
    unit_id: Id
    date: datetime.date
    agenda: text(NOTES_MAX) | None = None
    minutes: text(NOTES_MAX) | None = None
    attendees: list[text(150)] = Field([], max_length=200)


class TeamMeetingOut(Schema):
    id: int
    unit_id: int
    date: datetime.date
    agenda: str
    minutes: str
    attendees: list[str]
    created_by: str

    @staticmethod
    def resolve_attendees(meeting: TeamMeeting) -> list[str]:
        return [user.username for user in meeting.attendees.all()]

    @staticmethod
    def resolve_created_by(meeting: TeamMeeting) -> str:
        return meeting.created_by.username


class TeamMeetingListOut(Schema):
    count: int
    items: list[TeamMeetingOut]


class TeamMeetingParams(Paging):
    unit_id: Id | None = None


@router.post("/team-meetings", response={201: TeamMeetingOut, **ERRORS})
def create_team_meeting(request, payload: TeamMeetingIn):
    """A client's name or identity code in `agenda` or `minutes` is a 422 naming the field:
    the whole team reads them, peer instructors and experts by experience too."""
    data = payload.dict()
    data["agenda"] = data["agenda"] or ""
    data["minutes"] = data["minutes"] or ""
    meeting = services.team_meeting_create(user=request.user, **data)
    return Status(201, selectors.team_meeting_get(user=request.user, meeting_id=meeting.pk))


@router.get("/team-meetings", response={200: TeamMeetingListOut, **ERRORS})
def list_team_meetings(request, params: Query[TeamMeetingParams]):
    return paginated(selectors.team_meeting_list(user=request.user, unit_id=params.unit_id), params)


@router.get("/team-meetings/{team_meeting_id}", response={200: TeamMeetingOut, **ERRORS})
def get_team_meeting(request, team_meeting_id: PathId):
    return selectors.team_meeting_get(user=request.user, meeting_id=team_meeting_id)


# --- Staff competence ---


class StaffTrainingIn(Schema):
    worker_id: Id
    # A code of the trainings' code list (`ips_basics`, `job_development`, …).
    training: text(40)
    completed_on: datetime.date
    expires_on: datetime.date | None = None


class StaffTrainingOut(Schema):
    id: int
    worker_id: int
    worker: str
    training: str
    training_name: str
    completed_on: datetime.date
    expires_on: datetime.date | None

    @staticmethod
    def resolve_worker(record: StaffTraining) -> str:
        return record.worker.username

    @staticmethod
    def resolve_training(record: StaffTraining) -> str:
        return record.training.code

    @staticmethod
    def resolve_training_name(record: StaffTraining) -> str:
        return str(record.training)


class CoverageOut(Schema):
    training: str
    training_name: str
    trained: int
    workers: int
    percent: int


class UnitTrainingsOut(Schema):
    """Per training, how many of the unit's workers have it valid today (`trained` of
    `workers`); then every training recorded for the unit's workers, newest first."""

    unit_id: int
    coverage: list[CoverageOut]
    items: list[StaffTrainingOut]


@router.post("/staff-trainings", response={201: StaffTrainingOut, **ERRORS})
def create_staff_training(request, payload: StaffTrainingIn):
    """Supervisors and administrators; an unknown worker or training is a 422 naming it."""
    record = services.staff_training_create(user=request.user, **payload.dict())
    return Status(201, record)


@router.get("/units/{unit_id}/trainings", response={200: UnitTrainingsOut, **ERRORS})
def get_unit_trainings(request, unit_id: PathId):
    data = selectors.unit_trainings(user=request.user, unit_id=unit_id)
    return {
        "unit_id": data.unit.pk,
        "coverage": [
            {
                "training": row.training.code,
                "training_name": str(row.training),
                "trained": row.trained,
                "workers": row.workers,
                "percent": row.percent,
            }
            for row in data.coverage
        ],
        "items": list(selectors.staff_training_list(user=request.user, unit_id=unit_id)[:500]),
    }


# --- Anonymous client feedback ---


class FeedbackLinkIn(Schema):
    unit_id: Id
    service_model: choice(ServiceModel)
    single_use: bool = True


class FeedbackLinkOut(Schema):
    """`url` is the public form's address (no login); `code` the part a client can type."""

    code: str
    url: str
    unit_id: int
    service_model: str
    single_use: bool
    expires_on: datetime.date


class QuarterFeedbackOut(Schema):
    """A quarter with fewer than five answers has `count`, the averages and the comments
    empty (null): only that there were a few is shown."""

    year: int
    quarter: int
    count: int | None
    means: dict[str, float | None]
    comments: list[str]
    withheld_comments: int


class UnitFeedbackOut(Schema):
    unit_id: int
    quarters: list[QuarterFeedbackOut]


@router.post("/feedback-links", response={201: FeedbackLinkOut, **ERRORS})
def create_feedback_link(request, payload: FeedbackLinkIn):
    link = services.feedback_link_create(user=request.user, **payload.dict())
    return Status(
        201,
        {
            "code": link.code,
            "url": request.build_absolute_uri(f"/feedback/{link.code}/"),
            "unit_id": link.unit_id,
            "service_model": link.service_model,
            "single_use": link.single_use,
            "expires_on": link.expires_on,
        },
    )


@router.get("/units/{unit_id}/feedback", response={200: UnitFeedbackOut, **ERRORS})
def get_unit_feedback(request, unit_id: PathId):
    unit, quarters = selectors.unit_feedback(user=request.user, unit_id=unit_id)
    names = [name for name, _label in selectors.FEEDBACK_QUESTIONS]
    return {
        "unit_id": unit.pk,
        "quarters": [
            {
                "year": q.year,
                "quarter": q.quarter,
                "count": q.count,
                "means": {name: mean for name, (_label, mean) in zip(names, q.means, strict=True)},
                "comments": q.comments,
                "withheld_comments": q.withheld,
            }
            for q in quarters
        ],
    }


# --- Archive copies of client documents (PDF/A and its JSON twin) ---

_PDF = {"responses": {200: {"content": {"application/pdf": {}}}}}
_JSON = {"responses": {200: {"content": {"application/json": {}}}}}


def _archive(request, kind: str, object_id: int, fmt: str):
    document = selectors.archive_document_get(user=request.user, kind=kind, object_id=object_id)
    return archive_response(document, fmt)


@router.get(
    "/service-need-assessments/{assessment_id}/archive.pdf",
    response={200: None, **ERRORS},
    openapi_extra=_PDF,
)
def assessment_archive_pdf(request, assessment_id: PathId):
    """The assessment as PDF/A-3b with its JSON twin embedded (an export in the log)."""
    return _archive(request, "service_need_assessment", assessment_id, "pdf")


@router.get(
    "/service-need-assessments/{assessment_id}/archive.json",
    response={200: None, **ERRORS},
    openapi_extra=_JSON,
)
def assessment_archive_json(request, assessment_id: PathId):
    """The JSON twin: archive metadata and content (schema archive-document.schema.json)."""
    return _archive(request, "service_need_assessment", assessment_id, "json")


@router.get(
    "/client-plans/{plan_id}/archive.pdf", response={200: None, **ERRORS}, openapi_extra=_PDF
)
def client_plan_archive_pdf(request, plan_id: PathId):
    """One version of the plan as PDF/A-3b with its JSON twin embedded."""
    return _archive(request, "client_plan", plan_id, "pdf")


@router.get(
    "/client-plans/{plan_id}/archive.json", response={200: None, **ERRORS}, openapi_extra=_JSON
)
def client_plan_archive_json(request, plan_id: PathId):
    """One version of the plan as its JSON twin."""
    return _archive(request, "client_plan", plan_id, "json")


@router.get(
    "/network-meetings/{network_meeting_id}/archive.pdf",
    response={200: None, **ERRORS},
    openapi_extra=_PDF,
)
def network_meeting_archive_pdf(request, network_meeting_id: PathId):
    """The network meeting's record as PDF/A-3b with its JSON twin embedded."""
    return _archive(request, "network_meeting", network_meeting_id, "pdf")


@router.get(
    "/network-meetings/{network_meeting_id}/archive.json",
    response={200: None, **ERRORS},
    openapi_extra=_JSON,
)
def network_meeting_archive_json(request, network_meeting_id: PathId):
    """The network meeting's record as its JSON twin."""
    return _archive(request, "network_meeting", network_meeting_id, "json")


# --- The team meetings' schedule ---


class TeamScheduleIn(Schema):
    starts_on: datetime.date
    # 0 = Monday … 4 = Friday
    weekday: integer(0, 4)
    time: datetime.time
    interval_weeks: integer(1, 4) = 2
    ends_on: datetime.date | None = None
    place: text(services.SHORT_TEXT) = ""
    on_holiday: choice(HolidayRule) = HolidayRule.SHIFT
    # The version read; needed to change an existing schedule (a stale one is a 409).
    version: integer(1, 2**31 - 1) | None = None


class TeamMeetingChangeIn(Schema):
    original_date: datetime.date
    action: Literal["move", "cancel", "restore"]
    new_date: datetime.date | None = None
    new_time: datetime.time | None = None
    reason: text(services.SHORT_TEXT) = ""


class ScheduledMeetingOut(Schema):
    original_date: datetime.date
    date: datetime.date
    time: datetime.time
    cancelled: bool
    moved: bool
    reason: str
    shifted_from_holiday: str
    warning: str


class TeamScheduleOut(Schema):
    """`upcoming`: the next meetings, each held on `date` (moved off a holiday or by hand
    from `original_date`); `warning` names a holiday or weekend it is held on."""

    unit_id: int
    starts_on: datetime.date
    weekday: int
    time: datetime.time
    interval_weeks: int
    ends_on: datetime.date | None
    place: str
    on_holiday: str
    version: int
    upcoming: list[ScheduledMeetingOut]


def _schedule_out(request, unit_id: int) -> dict:
    _unit, schedule = selectors.team_schedule_get(user=request.user, unit_id=unit_id)
    if schedule is None:
        raise NotFound(_("The unit has no team meeting schedule."))
    upcoming = selectors.scheduled_meetings(schedule, list(schedule.changes.all()), on=today())
    values = {name: getattr(schedule, name) for name in services.SCHEDULE_FIELDS}
    return {
        "unit_id": schedule.unit_id,
        "version": schedule.version,
        "upcoming": upcoming,
        **values,
    }


@router.get(
    "/units/{unit_id}/team-meeting-schedule", response={200: TeamScheduleOut, **ERRORS}
)
def get_team_schedule(request, unit_id: PathId):
    """The whole team reads it, peer instructors and experts by experience too."""
    return _schedule_out(request, unit_id)


@router.put(
    "/units/{unit_id}/team-meeting-schedule", response={200: TeamScheduleOut, **ERRORS}
)
def put_team_schedule(request, unit_id: PathId, payload: TeamScheduleIn):
    """Set the schedule (every `interval_weeks` weeks on `weekday` at `time`); changing an
    existing one needs its `version`. Client data in `place` is a 422 naming it."""
    services.team_schedule_save(user=request.user, unit_id=unit_id, **payload.dict())
    return _schedule_out(request, unit_id)


@router.post(
    "/units/{unit_id}/team-meeting-schedule/changes", response={200: TeamScheduleOut, **ERRORS}
)
def change_team_meeting(request, unit_id: PathId, payload: TeamMeetingChangeIn):
    """Move (`new_date` and/or `new_time`), cancel or restore the meeting the schedule gives
    on `original_date`."""
    services.team_meeting_change(user=request.user, unit_id=unit_id, **payload.dict())
    return _schedule_out(request, unit_id)
