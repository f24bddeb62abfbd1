"""Reads of the work-ability team's records. Every fetch is scoped by the user's organisation
and client relationship (through `clients_visible_to`) and writes the access log."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tyopolku.accounts.models import Unit, User
from tyopolku.accounts.roles import (
    ASSIGNABLE_WORKERS,
    CLIENT_RECORD_ROLES,
    CLIENT_WORKERS,
    SEES_ALL_CLIENTS,
    Role,
)
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.selectors import client_get, clients_visible_to
from tyopolku.core.dated import in_force
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, NotFound
from tyopolku.core.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability import archive
from tyopolku.workability.models import (
    AssessmentDeadlineSetting,
    ClientPlan,
    FeedbackAnswer,
    FeedbackLink,
    HolidayRule,
    NetworkMeeting,
    PlanAction,
    Referral,
    ReferralStatus,
    ServiceNeedAssessment,
    StaffTraining,
    TeamMeeting,
    TeamMeetingChange,
    TeamMeetingSchedule,
    TrainingKind,
)

RESPONSIBLE_KINDS = (ClientWorker.Kind.CASE_MANAGER, ClientWorker.Kind.PERSONAL_WORKER)

# --- Deadlines of the service need assessment ---


@dataclass(frozen=True)
class Deadlines:
    """The settings in force (the defaults of AssessmentDeadlineSetting where the organisation
    has no row)."""

    start_working_days: int = 7
    completion_working_days: int = 63
    warning_working_days: int = 3


def deadline_settings(organization_id: int) -> list[AssessmentDeadlineSetting]:
    return list(
        AssessmentDeadlineSetting.objects.filter(organization_id=organization_id).order_by(
            "valid_from"
        )
    )


def deadlines_on(rows: list[AssessmentDeadlineSetting], day: datetime.date) -> Deadlines:
    row = in_force(rows, day)
    if row is None:
        return Deadlines()
    return Deadlines(row.start_working_days, row.completion_working_days, row.warning_working_days)


@dataclass(frozen=True)
class AssessmentStatus:
    """Where an assessment stands against its deadlines (working days, Finnish holidays out).

    `warning` is "start" or "completion" while that deadline is near (within the warning
    days) or passed and the step is not done; "" otherwise."""

    start_deadline: datetime.date
    completion_deadline: datetime.date
    started_late: bool
    completed_late: bool
    warning: str
    overdue: bool
    working_days_left: int | None


def assessment_status(
    assessment: ServiceNeedAssessment, deadlines: Deadlines, on: datetime.date | None = None
) -> AssessmentStatus:
    on = on or today()
    start_deadline = add_working_days(assessment.initiated_on, deadlines.start_working_days)
    completion_deadline = add_working_days(
        assessment.initiated_on, deadlines.completion_working_days
    )
    warning, overdue, left = "", False, None
    if assessment.started_on > on:  # planned: the start is ahead
        left = working_days_between(on, start_deadline)
        if left <= deadlines.warning_working_days:
            warning, overdue = "start", on > start_deadline
    elif assessment.completed_on is None:
        left = working_days_between(on, completion_deadline)
        if left <= deadlines.warning_working_days:
            warning, overdue = "completion", on > completion_deadline
    return AssessmentStatus(
        start_deadline=start_deadline,
        completion_deadline=completion_deadline,
        started_late=assessment.started_on > start_deadline,
        completed_late=(
            assessment.completed_on is not None and assessment.completed_on > completion_deadline
        ),
        warning=warning,
        overdue=overdue,
        working_days_left=left,
    )


def with_status(
    assessments: list[ServiceNeedAssessment], organization_id: int
) -> list[tuple[ServiceNeedAssessment, AssessmentStatus]]:
    """Each assessment with its status under the deadlines in force on its pending day."""
    rows = deadline_settings(organization_id)
    return [(a, assessment_status(a, deadlines_on(rows, a.initiated_on))) for a in assessments]


def assessment_list(*, user: User, client_id: int) -> list[ServiceNeedAssessment]:
    client = client_get(user=user, client_id=client_id, target="service_need_assessments")
    return list(ServiceNeedAssessment.objects.filter(client=client).select_related("created_by"))


def assessment_get(
    *,
    user: User,
    assessment_id: int,
    target: str = "service_need_assessment",
    action: AccessAction = AccessAction.READ,
) -> ServiceNeedAssessment:
    assessment = (
        ServiceNeedAssessment.objects.filter(pk=assessment_id, client__in=clients_visible_to(user))
        .select_related("client__organization", "created_by")
        .first()
    )
    if assessment is None:
        raise NotFound(_("Service need assessment not found."))
    access_log_record(user=user, client_ids=[assessment.client_id], action=action, target=target)
    return assessment


# --- Client plans ---


def _plans() -> QuerySet[ClientPlan]:
    return ClientPlan.objects.select_related("created_by").prefetch_related(
        Prefetch("actions", queryset=PlanAction.objects.order_by("position", "pk"))
    )


def client_plan_list(*, user: User, client_id: int) -> list[ClientPlan]:
    """Every version, newest first."""
    client = client_get(user=user, client_id=client_id, target="client_plans")
    return list(_plans().filter(client=client).order_by("-version"))


def client_plan_get(
    *,
    user: User,
    plan_id: int,
    target: str = "client_plan",
    action: AccessAction = AccessAction.READ,
) -> ClientPlan:
    plan = (
        _plans()
        .select_related("client__organization")
        .filter(pk=plan_id, client__in=clients_visible_to(user))
        .first()
    )
    if plan is None:
        raise NotFound(_("Client plan not found."))
    access_log_record(user=user, client_ids=[plan.client_id], action=action, target=target)
    return plan


# --- Referrals ---

# Who in a unit receives referrals to each service model (besides supervisors and admins).
RECEIVING_ROLES: dict[str, frozenset[str]] = {
    ServiceModel.IPS: frozenset({Role.JOB_COACH}),
    ServiceModel.SUBCONTRACTING: frozenset({Role.WORK_COACH}),
    ServiceModel.WORK_ACTIVITY: frozenset({Role.WORK_COACH}),
    ServiceModel.WAGE_WORK: frozenset({Role.WORK_COACH}),
    ServiceModel.WORK_ABILITY_TEAM: frozenset({Role.CASE_MANAGER}),
}


def _models_received_by(user: User) -> list[str]:
    return [model for model, roles in RECEIVING_ROLES.items() if user.role in roles]


def _received_by(user: User) -> Q:
    """The referrals `user` receives: those to a service model of their role, to their unit
    or to no unit in particular; supervisors and admins receive every referral."""
    if user.role in SEES_ALL_CLIENTS:
        return Q()
    models = _models_received_by(user)
    if not models:
        return Q(pk__in=[])
    unit = Q(to_unit__isnull=True) | (Q(to_unit_id=user.unit_id) if user.unit_id else Q(pk__in=[]))
    return Q(to_service_model__in=models) & unit


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """The sender, the receivers, and whoever sees the client (its own workers)."""
    referrals = Referral.objects.filter(organization_id=user.organization_id)
    if user.organization_id is None:
        return referrals.none()
    if user.role in SEES_ALL_CLIENTS:
        return referrals
    if user.role not in CLIENT_WORKERS:
        return referrals.none()
    clients = clients_visible_to(user).filter(pk=OuterRef("client_id"))
    return referrals.filter(Q(sent_by=user) | _received_by(user) | Q(Exists(clients)))


def is_receiver(user: User, referral: Referral) -> bool:
    if user.organization_id != referral.organization_id:
        return False
    if user.role in SEES_ALL_CLIENTS:
        return True
    if referral.to_service_model not in _models_received_by(user):
        return False
    return referral.to_unit_id is None or referral.to_unit_id == user.unit_id


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "client", "from_unit", "to_unit", "sent_by", "decided_by", "enrollment"
    )


def referral_get(
    *, user: User, referral_id: int, action: AccessAction = AccessAction.READ
) -> Referral:
    referral = (
        _referrals().filter(pk=referral_id, pk__in=referrals_visible_to(user).values("pk")).first()
    )
    if referral is None:
        raise NotFound(_("Referral not found."))
    access_log_record(user=user, client_ids=[referral.client_id], action=action, target="referral")
    return referral


def referral_list(
    *, user: User, direction: str = "", status: str = "", limit: int = 50, offset: int = 0
) -> tuple[int, list[Referral]]:
    """`direction` "incoming" (received by the user), "outgoing" (sent by the user) or ""
    (every referral the user sees); `status` one of ReferralStatus or ""."""
    referrals = referrals_visible_to(user)
    if direction == "incoming":
        referrals = referrals.filter(_received_by(user))
    elif direction == "outgoing":
        referrals = referrals.filter(sent_by=user)
    if status:
        referrals = referrals.filter(status=status)
    count = referrals.count()
    page = list(
        _referrals()
        .filter(pk__in=referrals.values("pk"))
        .order_by("-sent_on", "-pk")[offset : offset + limit]
    )
    access_log_record(
        user=user,
        client_ids=[r.client_id for r in page],
        action=AccessAction.READ,
        target="referral_list",
    )
    return count, page


def client_referrals(*, client: Client) -> list[Referral]:
    """The referrals of a client fetched through `client_get` (which logged the access)."""
    return list(_referrals().filter(client=client).order_by("-sent_on", "-pk"))


def client_responsible_workers(*, client: Client) -> list[ClientWorker]:
    """The client's case managers and personal workers (SHL 42 §), open links first, then
    the history of handovers. `client` comes from `client_get`."""
    return list(
        ClientWorker.objects.filter(client=client, kind__in=RESPONSIBLE_KINDS)
        .select_related("user", "started_by", "ended_by")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-pk")
    )


def client_plan_versions(*, client: Client) -> list[ClientPlan]:
    """The versions without their actions (a list), newest first."""
    return list(ClientPlan.objects.filter(client=client).select_related("created_by"))


def client_assessments(*, client: Client) -> list[ServiceNeedAssessment]:
    return list(ServiceNeedAssessment.objects.filter(client=client).select_related("created_by"))


# --- Network meetings and team meetings ---

# Team meetings are kept by the staff with client records, and read by the whole team: peer
# instructors and experts by experience take part without any access to client records
# (the guard keeps client data out of the texts). Evaluators see aggregates only.
TEAM_MEETING_KEEPERS = CLIENT_RECORD_ROLES
TEAM_MEETING_READERS = CLIENT_RECORD_ROLES | {Role.PEER_INSTRUCTOR, Role.EXPERT_BY_EXPERIENCE}


def network_meeting_list(*, user: User, client_id: int) -> list[NetworkMeeting]:
    client = client_get(user=user, client_id=client_id, target="network_meetings")
    return client_network_meetings(client=client)


def client_network_meetings(*, client: Client) -> list[NetworkMeeting]:
    """The meetings of a client fetched through `client_get` (which logged the access)."""
    return list(NetworkMeeting.objects.filter(client=client).select_related("created_by"))


def network_meeting_get(
    *,
    user: User,
    meeting_id: int,
    target: str = "network_meeting",
    action: AccessAction = AccessAction.READ,
) -> NetworkMeeting:
    meeting = (
        NetworkMeeting.objects.filter(pk=meeting_id, client__in=clients_visible_to(user))
        .select_related("client__organization", "created_by")
        .first()
    )
    if meeting is None:
        raise NotFound(_("Network meeting not found."))
    access_log_record(user=user, client_ids=[meeting.client_id], action=action, target=target)
    return meeting


def _require_team_reader(user: User) -> None:
    if user.role not in TEAM_MEETING_READERS:
        raise Forbidden(_("Your role has no access to team meetings."))


def _team_meetings(user: User) -> QuerySet[TeamMeeting]:
    return (
        TeamMeeting.objects.filter(organization_id=user.organization_id)
        .select_related("unit", "created_by")
        .prefetch_related(Prefetch("attendees", queryset=User.objects.order_by("username")))
    )


def team_meeting_list(*, user: User, unit_id: int | None = None) -> QuerySet[TeamMeeting]:
    _require_team_reader(user)
    meetings = _team_meetings(user)
    if unit_id is not None:
        meetings = meetings.filter(unit_id=unit_id)
    return meetings.order_by("-date", "-pk")


def team_meeting_get(*, user: User, meeting_id: int) -> TeamMeeting:
    _require_team_reader(user)
    meeting = _team_meetings(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("Team meeting not found."))
    return meeting


# --- The team meetings' schedule ---

# How many coming meetings the pages and the API show.
UPCOMING_MEETINGS = 6


@dataclass(frozen=True)
class ScheduledMeeting:
    """One meeting of a schedule: `original_date` is the day the schedule gives it, `date`
    and `time` when it is held. `shifted_from_holiday` names the holiday it was moved off
    (HolidayRule.SHIFT); `warning` names why the day it is held on is not a working day (a
    holiday kept under HolidayRule.WARN, or a day it was moved to by hand)."""

    original_date: datetime.date
    date: datetime.date
    time: datetime.time
    cancelled: bool
    moved: bool
    reason: str
    shifted_from_holiday: str
    warning: str


def first_meeting_on(schedule: TeamMeetingSchedule) -> datetime.date:
    """The first meeting day: the schedule's weekday on or after its start."""
    ahead = (schedule.weekday - schedule.starts_on.weekday()) % 7
    return schedule.starts_on + datetime.timedelta(days=ahead)


def is_scheduled(schedule: TeamMeetingSchedule, day: datetime.date) -> bool:
    """Whether the schedule gives a meeting on `day` (before any holiday shift or change)."""
    first = first_meeting_on(schedule)
    return (
        first <= day
        and (day - first).days % (7 * schedule.interval_weeks) == 0
        and (schedule.ends_on is None or day <= schedule.ends_on)
    )


def _not_working_day_reason(day: datetime.date) -> str:
    if is_working_day(day):
        return ""
    return holiday_name(day) or _("a weekend day")


def scheduled_meetings(
    schedule: TeamMeetingSchedule,
    changes: list[TeamMeetingChange],
    *,
    on: datetime.date,
    count: int = UPCOMING_MEETINGS,
) -> list[ScheduledMeeting]:
    """The next `count` meetings held on or after `on`, cancelled ones included (marked),
    in the order they are held. Computed from the schedule and its changes; no query."""
    step = datetime.timedelta(weeks=schedule.interval_weeks)
    by_day = {change.original_date: change for change in changes}
    first = first_meeting_on(schedule)
    # Start a few meetings back: one moved by hand from the past may be held ahead.
    skipped = max(0, (on - first).days // step.days - 2)
    day = first + skipped * step
    meetings: list[ScheduledMeeting] = []
    # A series is at most `count` + a few meetings past the first that is held after `on`.
    for _n in range(count + 6):
        if schedule.ends_on is not None and day > schedule.ends_on:
            break
        meetings.append(_meeting(schedule, day, by_day.get(day)))
        day += step
    upcoming = sorted((m for m in meetings if m.date >= on), key=lambda m: (m.date, m.time))
    return upcoming[:count]


def _meeting(
    schedule: TeamMeetingSchedule, day: datetime.date, change: TeamMeetingChange | None
) -> ScheduledMeeting:
    held_on, shifted_from = day, ""
    if not is_working_day(day) and schedule.on_holiday == HolidayRule.SHIFT:
        held_on, shifted_from = add_working_days(day, 1), holiday_name(day) or ""
    moved = change is not None and not change.cancelled
    if moved:
        held_on = change.new_date or held_on
    return ScheduledMeeting(
        original_date=day,
        date=held_on,
        time=(change.new_time if moved and change.new_time else schedule.time),
        cancelled=change is not None and change.cancelled,
        moved=moved,
        reason=change.reason if change else "",
        shifted_from_holiday="" if moved and change.new_date else shifted_from,
        warning=_not_working_day_reason(held_on),
    )


def team_unit_get(*, user: User, unit_id: int) -> Unit:
    """A unit of the user's organisation for its team's pages, or 404."""
    _require_team_reader(user)
    unit = Unit.objects.filter(pk=unit_id, organization_id=user.organization_id).first()
    if unit is None or user.organization_id is None:
        raise NotFound(_("Service unit not found."))
    return unit


def _schedules(user: User) -> QuerySet[TeamMeetingSchedule]:
    return (
        TeamMeetingSchedule.objects.filter(organization_id=user.organization_id)
        .select_related("unit")
        .prefetch_related("changes")
    )


def team_schedule_get(*, user: User, unit_id: int) -> tuple[Unit, TeamMeetingSchedule | None]:
    """The unit and its schedule (None before it has one), its changes prefetched."""
    unit = team_unit_get(user=user, unit_id=unit_id)
    return unit, _schedules(user).filter(unit=unit).first()


def team_schedule_list(
    *, user: User
) -> list[tuple[TeamMeetingSchedule, list[ScheduledMeeting]]]:
    """Every unit's schedule in the organisation with its coming meetings: two queries."""
    _require_team_reader(user)
    on = today()
    return [
        (schedule, scheduled_meetings(schedule, list(schedule.changes.all()), on=on))
        for schedule in _schedules(user).order_by("unit__name", "pk")
    ]


# --- Archive copies of client documents ---


def archive_document_get(*, user: User, kind: str, object_id: int) -> dict:
    """The JSON twin of a client document (`kind` a key of archive.DOCUMENT_KINDS) for its
    archive copy, with the access of reading it; the download is an export in the client's
    access log."""
    export = AccessAction.EXPORT
    if kind == "service_need_assessment":
        return archive.assessment_document(
            assessment_get(
                user=user, assessment_id=object_id, target="archive_copy", action=export
            )
        )
    if kind == "client_plan":
        return archive.plan_document(
            client_plan_get(user=user, plan_id=object_id, target="archive_copy", action=export)
        )
    if kind == "network_meeting":
        return archive.network_meeting_document(
            network_meeting_get(
                user=user, meeting_id=object_id, target="archive_copy", action=export
            )
        )
    raise NotFound(_("Unknown kind of document."))


# --- The case manager's caseload ---

CASE_CASELOAD_PAGE_SIZE = 50


@dataclass(frozen=True)
class CaseloadRow:
    """One client of a case manager's caseload with the facts the list shows."""

    client: Client
    kind: str  # the user's link: "case_manager" or "personal_worker"
    assessment: AssessmentStatus | None  # of the latest open assessment
    plan_version: int | None
    plan_review_on: datetime.date | None
    plan_review_due: bool  # the review date is today or past
    open_referrals: int


def _case_clients(user: User) -> QuerySet[Client]:
    """The clients `user` is case manager or personal worker of today."""
    links = ClientWorker.objects.in_force(today()).filter(
        user=user, kind__in=RESPONSIBLE_KINDS, client=OuterRef("pk")
    )
    return clients_visible_to(user).filter(Exists(links))


def case_caseload_count(*, user: User) -> int:
    return _case_clients(user).count()


def case_caseload(
    *, user: User, offset: int = 0, limit: int = CASE_CASELOAD_PAGE_SIZE
) -> list[CaseloadRow]:
    """One page of the user's case-managed clients by name, each with the user's kind of
    link, the latest open assessment's dates, the latest plan's version and review date and
    the number of referrals waiting for a decision, all from one query. Logs a read of every
    client listed."""
    on = today()
    link = ClientWorker.objects.in_force(on).filter(
        user=user, kind__in=RESPONSIBLE_KINDS, client=OuterRef("pk")
    )
    open_assessment = ServiceNeedAssessment.objects.filter(
        client=OuterRef("pk"), completed_on__isnull=True
    ).order_by("-initiated_on", "-pk")
    plan = ClientPlan.objects.filter(client=OuterRef("pk")).order_by("-version")
    waiting = (
        Referral.objects.filter(client=OuterRef("pk"), status=ReferralStatus.SENT)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    clients = list(
        _case_clients(user)
        .annotate(
            link_kind=Subquery(link.order_by("kind").values("kind")[:1]),
            assessment_initiated_on=Subquery(open_assessment.values("initiated_on")[:1]),
            assessment_started_on=Subquery(open_assessment.values("started_on")[:1]),
            plan_version=Subquery(plan.values("version")[:1]),
            plan_review_on=Subquery(plan.values("review_on")[:1]),
            open_referrals=Coalesce(Subquery(waiting), 0),
        )
        .order_by("last_name", "first_name", "pk")[offset : offset + limit]
    )
    access_log_record(
        user=user,
        client_ids=[c.pk for c in clients],
        action=AccessAction.READ,
        target="case_caseload",
    )
    rows = deadline_settings(user.organization_id) if clients else []
    result = []
    for client in clients:
        status = None
        if client.assessment_initiated_on is not None:
            assessment = ServiceNeedAssessment(
                initiated_on=client.assessment_initiated_on,
                started_on=client.assessment_started_on,
            )
            status = assessment_status(
                assessment, deadlines_on(rows, client.assessment_initiated_on), on
            )
        result.append(
            CaseloadRow(
                client=client,
                kind=client.link_kind,
                assessment=status,
                plan_version=client.plan_version,
                plan_review_on=client.plan_review_on,
                plan_review_due=client.plan_review_on is not None and client.plan_review_on <= on,
                open_referrals=client.open_referrals,
            )
        )
    return result


# --- Staff competence ---

# Administrators and supervisors keep the trainings and read the coverage.
TRAINING_KEEPERS = SEES_ALL_CLIENTS


def _require_training_keeper(user: User) -> None:
    if user.role not in TRAINING_KEEPERS:
        raise Forbidden(_("Only supervisors and administrators see the staff's trainings."))


def training_kind_list() -> QuerySet[TrainingKind]:
    """The trainings in use (a code list, see TrainingKind)."""
    return TrainingKind.objects.filter(active=True)


def staff_unit_get(*, user: User, unit_id: int) -> Unit:
    """A unit of the user's organisation for the staff pages (trainings, feedback), or 404."""
    _require_training_keeper(user)
    unit = Unit.objects.filter(pk=unit_id, organization_id=user.organization_id).first()
    if unit is None or user.organization_id is None:
        raise NotFound(_("Service unit not found."))
    return unit


@dataclass(frozen=True)
class TrainingCoverage:
    training: TrainingKind
    trained: int  # workers of the unit with the training valid today
    workers: int

    @property
    def percent(self) -> int:
        return round(100 * self.trained / self.workers) if self.workers else 0


@dataclass(frozen=True)
class UnitTrainings:
    unit: Unit
    trainings: list[TrainingKind]
    coverage: list[TrainingCoverage]
    # Each worker with their latest training of each kind (None where they have none).
    workers: list[tuple[User, list[tuple[TrainingKind, StaffTraining | None]]]]
    on: datetime.date


def training_valid(training: StaffTraining, on: datetime.date) -> bool:
    return training.completed_on <= on and (
        training.expires_on is None or training.expires_on >= on
    )


def unit_trainings(*, user: User, unit_id: int) -> UnitTrainings:
    """The unit's active workers (the roles that work with clients) and their trainings, and
    per training the share of them who have it valid today: three queries however many."""
    unit = staff_unit_get(user=user, unit_id=unit_id)
    on = today()
    kinds = list(training_kind_list())
    workers = list(
        User.objects.filter(unit=unit, is_active=True, role__in=ASSIGNABLE_WORKERS)
        .order_by("last_name", "first_name", "pk")
        .prefetch_related(
            Prefetch(
                "trainings",
                queryset=StaffTraining.objects.order_by("completed_on", "pk"),
                to_attr="training_rows",
            )
        )
    )
    rows = []
    trained = dict.fromkeys((k.pk for k in kinds), 0)
    for worker in workers:
        latest: dict[int, StaffTraining] = {}
        for training in worker.training_rows:  # oldest first: the latest wins
            latest[training.training_id] = training
        rows.append((worker, [(k, latest.get(k.pk)) for k in kinds]))
        for kind_id, training in latest.items():
            if kind_id in trained and training_valid(training, on):
                trained[kind_id] += 1
    coverage = [TrainingCoverage(k, trained[k.pk], len(workers)) for k in kinds]
    return UnitTrainings(unit=unit, trainings=kinds, coverage=coverage, workers=rows, on=on)


def staff_training_list(*, user: User, unit_id: int) -> QuerySet[StaffTraining]:
    unit = staff_unit_get(user=user, unit_id=unit_id)
    return (
        StaffTraining.objects.filter(organization_id=user.organization_id, worker__unit=unit)
        .select_related("worker", "training")
        .order_by("-completed_on", "-pk")
    )


# --- Anonymous client feedback ---

# The questions of the feedback form (plain language), each scored 1–5.
FEEDBACK_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("respect", gettext_lazy("I was treated with respect.")),
    ("information", gettext_lazy("I got enough information about the service.")),
    ("influence", gettext_lazy("I could have a say in my own plan.")),
    ("helped", gettext_lazy("The service helped me towards work or studies.")),
)
# Who hands out feedback links: the staff who work with clients.
FEEDBACK_LINK_MAKERS = CLIENT_RECORD_ROLES
# Fewer answers than this in a quarter are not shown (the reports' small-count rule).
FEEDBACK_SMALL_COUNT = 5


def feedback_link_get(*, code: str) -> FeedbackLink:
    """A link that still takes answers (anyone holding the code), or 404."""
    link = (
        FeedbackLink.objects.filter(code=code, expires_on__gte=today())
        .select_related("unit")
        .first()
    )
    if link is None:
        raise NotFound(_("This feedback link is not valid any more."))
    return link


@dataclass(frozen=True)
class QuarterFeedback:
    """A quarter's answers about a unit. Under FEEDBACK_SMALL_COUNT answers only the fact
    that there were a few is shown: no count, no averages, no comments."""

    year: int
    quarter: int
    count: int | None
    means: list[tuple[str, float | None]]
    comments: list[str]
    withheld: int  # comments left out because they named a client


def unit_feedback(*, user: User, unit_id: int) -> tuple[Unit, list[QuarterFeedback]]:
    """The unit's feedback per quarter, newest first: two queries."""
    unit = staff_unit_get(user=user, unit_id=unit_id)
    answers = FeedbackAnswer.objects.filter(unit=unit, organization_id=user.organization_id)
    rows = (
        answers.annotate(year=ExtractYear("month"), quarter=ExtractQuarter("month"))
        .values("year", "quarter")
        .annotate(
            n=Count("pk"),
            withheld=Count("pk", filter=Q(text_withheld=True)),
            **{f"mean_{name}": Avg(name) for name, _label in FEEDBACK_QUESTIONS},
        )
        .order_by("-year", "-quarter")
    )
    shown = [row for row in rows if row["n"] >= FEEDBACK_SMALL_COUNT]
    comments: dict[tuple[int, int], list[str]] = {}
    if shown:
        texts = (
            answers.exclude(free_text="")
            .annotate(year=ExtractYear("month"), quarter=ExtractQuarter("month"))
            .filter(year__in={row["year"] for row in shown})
            .order_by("free_text")
            .values_list("year", "quarter", "free_text")
        )
        for year, quarter, text in texts:
            comments.setdefault((year, quarter), []).append(text)
    result = []
    for row in rows:
        small = row["n"] < FEEDBACK_SMALL_COUNT
        key = (row["year"], row["quarter"])
        result.append(
            QuarterFeedback(
                year=row["year"],
                quarter=row["quarter"],
                count=None if small else row["n"],
                means=[
                    (str(label), None if small else round(row[f"mean_{name}"], 1))
                    for name, label in FEEDBACK_QUESTIONS
                ],
                comments=[] if small else comments.get(key, []),
                withheld=0 if small else row["withheld"],
            )
        )
    return unit, result
