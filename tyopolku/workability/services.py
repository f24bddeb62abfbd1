"""Writes of the work-ability team's records. Each checks access through the selectors,
validates (every wrong field at once), runs in a transaction and writes the access log."""

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, CLIENT_WORKERS, Role
from tyopolku.accounts.selectors import unit_get, worker_get
from tyopolku.audit.models import AccessAction, ChangeAction
from tyopolku.audit.services import access_log_record, change_log_record
from tyopolku.clients.guard import client_data_found, team_text_check
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.services import client_worker_add, client_worker_assign, client_worker_end
from tyopolku.core.dates import date_text, today
from tyopolku.core.errors import Conflict, FieldErrors, Forbidden, InvalidInput, NotFound
from tyopolku.core.validation import NOTES_MAX, text_clean
from tyopolku.pathway.models import ServiceModel
from tyopolku.pathway.services import enrollment_create
from tyopolku.workability.models import (
    ClientPlan,
    FeedbackAnswer,
    FeedbackLink,
    HolidayRule,
    NetworkMeeting,
    PlanAction,
    Referral,
    ReferralStatus,
    ResponsibleParty,
    ServiceNeed,
    ServiceNeedAssessment,
    StaffTraining,
    TeamMeeting,
    TeamMeetingChange,
    TeamMeetingSchedule,
    Weekday,
)
from tyopolku.workability.selectors import (
    FEEDBACK_LINK_MAKERS,
    FEEDBACK_QUESTIONS,
    TEAM_MEETING_KEEPERS,
    TRAINING_KEEPERS,
    feedback_link_get,
    is_receiver,
    is_scheduled,
    team_unit_get,
    training_kind_list,
)

# A planned start or a review may be at most this far ahead.
LATEST_AHEAD = datetime.timedelta(days=366)
MAX_GOALS = 30
MAX_ACTIONS = 50
SHORT_TEXT = 200


def _require_client_role(user: User) -> None:
    if user.role not in CLIENT_RECORD_ROLES:
        raise Forbidden(_("Your role has no access to client records."))


def _log(user: User, client_id: int, action: AccessAction, target: str) -> None:
    access_log_record(user=user, client_ids=[client_id], action=action, target=target)


# --- Case manager and personal worker (SHL 42 §) ---


@transaction.atomic
def responsible_worker_hand_over(
    *,
    user: User,
    client: Client,
    worker_id: int,
    kind: str,
    reason: str,
    on: datetime.date | None = None,
) -> ClientWorker:
    """Name `worker_id` the client's case manager or personal worker from `on` (today). The
    worker who had that task hands over: their link ends (and stays as history) unless they
    are the new one. `client` comes from `client_get`; supervisors and admins only, or a
    worker taking the task on themselves when nobody has it."""
    _require_client_role(user)
    allowed = (ClientWorker.Kind.CASE_MANAGER, ClientWorker.Kind.PERSONAL_WORKER)
    if kind not in allowed:
        raise InvalidInput.for_field(
            "kind", _("Choose one of: %(values)s") % {"values": ", ".join(allowed)}
        )
    errors = FieldErrors()
    reason = text_clean(reason, "reason", errors, max_length=SHORT_TEXT)
    errors.raise_if_any()
    previous = list(
        ClientWorker.objects.filter(client=client, kind=kind, end_date__isnull=True)
        .exclude(user_id=worker_id)
        .select_related("client", "user")
    )
    link = client_worker_assign(user=user, client=client, worker_id=worker_id, kind=kind, on=on)
    if link.kind != kind:  # a coach's link becomes the named task's
        link.kind = kind
        link.save(update_fields=["kind"])
    for old in previous:
        client_worker_end(
            user=user,
            link=old,
            reason=reason or _("Handed over to %(name)s.") % {"name": link.user},
            on=on,
        )
    return link


# --- Service need assessment (SHL 36 §) ---


def _services_needed(codes: Iterable[str] | None, errors: FieldErrors) -> list[str]:
    codes = list(dict.fromkeys(codes or []))
    unknown = [c for c in codes if c not in ServiceNeed.values]
    if unknown:
        errors.add(
            "services_needed",
            _("Unknown service: %(codes)s; one of: %(values)s")
            % {"codes": ", ".join(unknown), "values": ", ".join(ServiceNeed.values)},
        )
    return codes


def _assessment_dates(
    client: Client,
    initiated_on: datetime.date | None,
    started_on: datetime.date,
    completed_on: datetime.date | None,
    errors: FieldErrors,
) -> datetime.date:
    pending_field = "initiated_on" if initiated_on else "started_on"
    initiated_on = initiated_on or started_on
    if started_on > today() + LATEST_AHEAD:
        errors.add("started_on", _("The start date is more than a year ahead."))
    if initiated_on < client.birth_date:
        errors.add(pending_field, _("The date is before the client's date of birth."))
    if initiated_on > started_on:
        errors.add("initiated_on", _("The matter became pending after the start date."))
    if completed_on is not None:
        if completed_on < started_on:
            errors.add("completed_on", _("The completion date is before the start date."))
        elif completed_on > today():
            errors.add("completed_on", _("The date cannot be in the future."))
    return initiated_on


@transaction.atomic
def assessment_create(
    *,
    user: User,
    client: Client,
    started_on: datetime.date,
    completed_on: datetime.date | None = None,
    initiated_on: datetime.date | None = None,
    participants: str = "",
    client_view: str = "",
    summary: str = "",
    services_needed: Iterable[str] | None = None,
) -> ServiceNeedAssessment:
    """Record a service need assessment of `client` (fetched through `client_get`)."""
    _require_client_role(user)
    errors = FieldErrors()
    initiated_on = _assessment_dates(client, initiated_on, started_on, completed_on, errors)
    participants = text_clean(participants, "participants", errors, max_length=NOTES_MAX)
    client_view = text_clean(client_view, "client_view", errors, max_length=NOTES_MAX)
    summary = text_clean(summary, "summary", errors, max_length=NOTES_MAX)
    codes = _services_needed(services_needed, errors)
    errors.raise_if_any()
    assessment = ServiceNeedAssessment.objects.create(
        client=client,
        initiated_on=initiated_on,
        started_on=started_on,
        completed_on=completed_on,
        participants=participants,
        client_view=client_view,
        summary=summary,
        services_needed=codes,
        created_by=user,
    )
    _log(user, client.pk, AccessAction.CREATE, "service_need_assessment")
    return assessment


@transaction.atomic
def assessment_update(
    *, user: User, assessment: ServiceNeedAssessment, version: int, **changes
) -> ServiceNeedAssessment:
    """Change the given fields (a PATCH; completing the assessment is one). `version` is the
    one the user read: another user's save in between is a 409, not a lost update."""
    _require_client_role(user)
    fields = {
        "initiated_on",
        "started_on",
        "completed_on",
        "participants",
        "client_view",
        "summary",
        "services_needed",
    }
    changes = {k: v for k, v in changes.items() if k in fields}
    locked = ServiceNeedAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.version != version:
        raise Conflict(
            _("Someone else saved the assessment meanwhile: reload it and try again."),
            {"version": _("The assessment has changed.")},
        )
    errors = FieldErrors()
    data = {name: getattr(locked, name) for name in fields} | changes
    for name in ("participants", "client_view", "summary"):
        data[name] = text_clean(data[name], name, errors, max_length=NOTES_MAX)
    data["initiated_on"] = _assessment_dates(
        assessment.client,
        data["initiated_on"] if "initiated_on" in changes else locked.initiated_on,
        data["started_on"],
        data["completed_on"],
        errors,
    )
    data["services_needed"] = _services_needed(data["services_needed"], errors)
    errors.raise_if_any()
    for name, value in data.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    _log(user, locked.client_id, AccessAction.UPDATE, "service_need_assessment")
    return locked


# --- Client plan (SHL 39 §) ---

# Names people write for a responsible party, folded, to its code.
_PARTY_NAMES = {
    "our_unit": ResponsibleParty.OUR_UNIT,
    "client": ResponsibleParty.CLIENT,
    "asiakas": ResponsibleParty.CLIENT,
    "employment_authority": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "tym": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "te": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "te-toimisto": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "te-palvelut": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "typ": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "työllisyyspalvelut": ResponsibleParty.EMPLOYMENT_AUTHORITY,
    "kela": ResponsibleParty.KELA,
    "health_care": ResponsibleParty.HEALTH_CARE,
    "terveydenhuolto": ResponsibleParty.HEALTH_CARE,
    "ngo": ResponsibleParty.NGO,
    "järjestö": ResponsibleParty.NGO,
    "educational_institution": ResponsibleParty.EDUCATIONAL_INSTITUTION,
    "oppilaitos": ResponsibleParty.EDUCATIONAL_INSTITUTION,
    "other": ResponsibleParty.OTHER,
}


def responsible_party_of(responsible: str) -> str:
    """The party code of a free-text responsible ("Kela", "TE-toimisto", "kela: Maija")."""
    folded = responsible.strip().casefold()
    if folded in _PARTY_NAMES:
        return _PARTY_NAMES[folded]
    first = folded.replace(",", " ").replace(":", " ").split(" ", 1)[0] if folded else ""
    return _PARTY_NAMES.get(first, ResponsibleParty.OTHER)


def _clean_actions(
    actions: Iterable[Mapping], errors: FieldErrors, on: datetime.date
) -> list[PlanAction]:
    cleaned = []
    actions = list(actions or [])
    if len(actions) > MAX_ACTIONS:
        errors.add("actions", _("At most %(n)s items.") % {"n": MAX_ACTIONS})
        return []
    for number, action in enumerate(actions):
        field = f"actions.{number}"
        text = text_clean(
            action.get("text"), f"{field}.text", errors, required=True, max_length=NOTES_MAX
        )
        responsible = text_clean(
            action.get("responsible"),
            f"{field}.responsible",
            errors,
            required=True,
            max_length=SHORT_TEXT,
        )
        party = action.get("responsible_party") or responsible_party_of(responsible)
        if party not in ResponsibleParty.values:
            errors.add(
                f"{field}.responsible_party",
                _("Choose one of: %(values)s") % {"values": ", ".join(ResponsibleParty.values)},
            )
        due = action.get("due_date")
        if due is not None and due > on + LATEST_AHEAD * 3:
            errors.add(f"{field}.due_date", _("The date is more than three years ahead."))
        cleaned.append(
            PlanAction(
                position=number,
                text=text,
                responsible=responsible,
                responsible_party=party,
                due_date=due,
            )
        )
    return cleaned


@transaction.atomic
def client_plan_create(
    *,
    user: User,
    client: Client,
    goals: Iterable[str],
    actions: Iterable[Mapping] = (),
    agreed_with_client: bool = False,
    client_assessment: str = "",
    worker_assessment: str = "",
    review_on: datetime.date | None = None,
    made_on: datetime.date | None = None,
) -> ClientPlan:
    """A new client plan for `client` (fetched through `client_get`): the next version."""
    _require_client_role(user)
    errors = FieldErrors()
    made_on = made_on or today()
    if made_on > today():
        errors.add("made_on", _("The date cannot be in the future."))
    goals = list(goals or [])
    if len(goals) > MAX_GOALS:
        errors.add("goals", _("At most %(n)s items.") % {"n": MAX_GOALS})
    goals = [
        text_clean(g, f"goals.{n}", errors, required=True, max_length=NOTES_MAX)
        for n, g in enumerate(goals)
    ]
    if not goals:
        errors.add("goals", _("Write at least one goal, in the client's own words."))
    plan_actions = _clean_actions(actions, errors, made_on)
    client_assessment = text_clean(
        client_assessment, "client_assessment", errors, max_length=NOTES_MAX
    )
    worker_assessment = text_clean(
        worker_assessment, "worker_assessment", errors, max_length=NOTES_MAX
    )
    if review_on is not None and (review_on < made_on or review_on > made_on + LATEST_AHEAD):
        errors.add("review_on", _("The review date must be within a year of the plan."))
    errors.raise_if_any()
    latest = ClientPlan.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    try:
        with transaction.atomic():
            plan = ClientPlan.objects.create(
                client=client,
                version=latest + 1,
                goals=goals,
                agreed_with_client=agreed_with_client,
                client_assessment=client_assessment,
                worker_assessment=worker_assessment,
                review_on=review_on,
                made_on=made_on,
                created_by=user,
            )
    except IntegrityError as error:  # another plan of the client was saved meanwhile
        raise Conflict(
            _("Another plan of the client was saved meanwhile: reload and try again.")
        ) from error
    for action in plan_actions:
        action.plan = plan
    PlanAction.objects.bulk_create(plan_actions)
    _log(user, client.pk, AccessAction.CREATE, "client_plan")
    return plan


# --- Referrals ---


@transaction.atomic
def referral_create(
    *,
    user: User,
    client: Client,
    to_service_model: str,
    reason: str,
    to_unit_id: int | None = None,
) -> Referral:
    """Refer `client` (fetched through `client_get`) to a service model, and a unit of it."""
    _require_client_role(user)
    errors = FieldErrors()
    if to_service_model not in ServiceModel.values:
        errors.add(
            "to_service_model",
            _("Unknown service model; one of: %(values)s")
            % {"values": ", ".join(ServiceModel.values)},
        )
    to_unit = (
        errors.check(
            "to_unit_id", lambda: unit_get(user=user, unit_id=to_unit_id, field="to_unit_id")
        )
        if to_unit_id is not None
        else None
    )
    reason = text_clean(reason, "reason", errors, required=True, max_length=NOTES_MAX)
    errors.raise_if_any()
    if Referral.objects.filter(
        client=client,
        to_service_model=to_service_model,
        to_unit=to_unit,
        status=ReferralStatus.SENT,
    ).exists():
        message = _("The client has been referred there already; the referral is waiting.")
        raise Conflict(message, {"to_service_model": message})
    referral = Referral.objects.create(
        organization_id=client.organization_id,
        client=client,
        from_unit=user.unit,
        to_service_model=to_service_model,
        to_unit=to_unit,
        reason=reason,
        sent_by=user,
        sent_on=today(),
    )
    _log(user, client.pk, AccessAction.CREATE, "referral")
    return referral


def _decide(user: User, referral: Referral) -> Referral:
    """The referral locked for the decision, once: a decided one is a 409."""
    if not is_receiver(user, referral):
        raise Forbidden(_("Only the receiving unit accepts or declines a referral."))
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("client")
        .get(pk=referral.pk)
    )
    if locked.status != ReferralStatus.SENT:
        raise Conflict(
            _("The referral was decided already (%(status)s, %(date)s).")
            % {"status": locked.get_status_display(), "date": date_text(locked.decided_on)}
        )
    return locked


@transaction.atomic
def referral_accept(
    *,
    user: User,
    referral: Referral,
    start_date: datetime.date,
    coach_id: int | None = None,
) -> Referral:
    """Accept a referral (fetched through `referral_get`): the client is enrolled in the
    receiving service model and unit from `start_date`, through the pathway's own service.
    The accepting worker joins the client relationship."""
    referral = _decide(user, referral)
    client = referral.client
    if coach_id is not None:
        worker_get(user=user, worker_id=coach_id)  # 422 naming coach_id when unknown
    enrollment = enrollment_create(
        user=user,
        client=client,
        service_model=referral.to_service_model,
        start_date=start_date,
        unit_id=referral.to_unit_id,
        coach_id=coach_id,
    )
    if user.role in CLIENT_WORKERS:
        kind = (
            ClientWorker.Kind.CASE_MANAGER
            if user.role == Role.CASE_MANAGER
            and referral.to_service_model == ServiceModel.WORK_ABILITY_TEAM
            else ClientWorker.Kind.OTHER
        )
        client_worker_add(client=client, worker=user, kind=kind, started_by=user)
    referral.status = ReferralStatus.ACCEPTED
    referral.decided_by, referral.decided_on = user, today()
    referral.enrollment = enrollment
    referral.save(update_fields=["status", "decided_by", "decided_on", "enrollment"])
    _log(user, client.pk, AccessAction.UPDATE, "referral")
    return referral


@transaction.atomic
def referral_decline(*, user: User, referral: Referral, reason: str) -> Referral:
    """Decline a referral (fetched through `referral_get`) with a reason; nobody is enrolled."""
    errors = FieldErrors()
    reason = text_clean(reason, "reason", errors, required=True, max_length=NOTES_MAX)
    errors.raise_if_any()
    referral = _decide(user, referral)
    referral.status = ReferralStatus.DECLINED
    referral.decided_by, referral.decided_on = user, today()
    referral.decline_reason = reason
    referral.save(update_fields=["status", "decided_by", "decided_on", "decline_reason"])
    _log(user, referral.client_id, AccessAction.UPDATE, "referral")
    return referral


# --- Network meetings and team meetings ---

MAX_PARTICIPANTS = 30
MAX_TASKS = 30


def _clean_participants(participants: Iterable[Mapping], errors: FieldErrors) -> list[dict]:
    participants = list(participants or [])
    if len(participants) > MAX_PARTICIPANTS:
        errors.add("participants", _("At most %(n)s items.") % {"n": MAX_PARTICIPANTS})
        return []
    cleaned = []
    for number, person in enumerate(participants):
        field = f"participants.{number}"
        cleaned.append(
            {
                "name": text_clean(
                    person.get("name"),
                    f"{field}.name",
                    errors,
                    required=True,
                    max_length=SHORT_TEXT,
                ),
                "organisation": text_clean(
                    person.get("organisation"),
                    f"{field}.organisation",
                    errors,
                    max_length=SHORT_TEXT,
                ),
                "role": text_clean(
                    person.get("role"), f"{field}.role", errors, max_length=SHORT_TEXT
                ),
            }
        )
    return cleaned


def _clean_tasks(tasks: Iterable[Mapping], errors: FieldErrors, on: datetime.date) -> list[dict]:
    tasks = list(tasks or [])
    if len(tasks) > MAX_TASKS:
        errors.add("tasks", _("At most %(n)s items.") % {"n": MAX_TASKS})
        return []
    cleaned = []
    for number, task in enumerate(tasks):
        field = f"tasks.{number}"
        due = task.get("due_date")
        if due is not None and due > on + LATEST_AHEAD * 3:
            errors.add(f"{field}.due_date", _("The date is more than three years ahead."))
        cleaned.append(
            {
                "text": text_clean(
                    task.get("text"), f"{field}.text", errors, required=True, max_length=NOTES_MAX
                ),
                "owner": text_clean(
                    task.get("owner"),
                    f"{field}.owner",
                    errors,
                    required=True,
                    max_length=SHORT_TEXT,
                ),
                "due_date": due.isoformat() if due else None,
            }
        )
    return cleaned


@transaction.atomic
def network_meeting_create(
    *,
    user: User,
    client: Client,
    date: datetime.date,
    participants: Iterable[Mapping] = (),
    agenda: str = "",
    decisions: str = "",
    tasks: Iterable[Mapping] = (),
) -> NetworkMeeting:
    """Record a network meeting of `client` (fetched through `client_get`)."""
    _require_client_role(user)
    errors = FieldErrors()
    if date > today() + LATEST_AHEAD:
        errors.add("date", _("The date is more than a year ahead."))
    if date < client.birth_date:
        errors.add("date", _("The date is before the client's date of birth."))
    people = _clean_participants(participants, errors)
    agenda = text_clean(agenda, "agenda", errors, max_length=NOTES_MAX)
    decisions = text_clean(decisions, "decisions", errors, max_length=NOTES_MAX)
    follow_ups = _clean_tasks(tasks, errors, date)
    errors.raise_if_any()
    meeting = NetworkMeeting.objects.create(
        client=client,
        date=date,
        participants=people,
        agenda=agenda,
        decisions=decisions,
        tasks=follow_ups,
        created_by=user,
    )
    _log(user, client.pk, AccessAction.CREATE, "network_meeting")
    return meeting


@transaction.atomic
def team_meeting_create(
    *,
    user: User,
    unit_id: int,
    date: datetime.date,
    agenda: str = "",
    minutes: str = "",
    attendees: Iterable[str] = (),
) -> TeamMeeting:
    """Record a team meeting of a unit. Its agenda and minutes go to the whole team, peer
    instructors and experts by experience too: a client's name or identity code in them is
    refused (422 naming the field), and the refusal is logged as a disclosure."""
    if user.role not in TEAM_MEETING_KEEPERS:
        raise Forbidden(_("Your role does not keep team meetings."))
    errors = FieldErrors()
    unit = errors.check("unit_id", lambda: unit_get(user=user, unit_id=unit_id))
    if date > today() + LATEST_AHEAD:
        errors.add("date", _("The date is more than a year ahead."))
    agenda = text_clean(agenda, "agenda", errors, max_length=NOTES_MAX)
    minutes = text_clean(minutes, "minutes", errors, max_length=NOTES_MAX)
    usernames = list(dict.fromkeys(a.strip() for a in attendees or [] if a and a.strip()))
    people = list(
        User.objects.filter(
            organization_id=user.organization_id, username__in=usernames, is_active=True
        )
    )
    unknown = sorted(set(usernames) - {p.username for p in people})
    if unknown:
        errors.add(
            "attendees",
            _("Unknown user in this organisation: %(names)s") % {"names": ", ".join(unknown)},
        )
    team_text_check(
        organization_id=user.organization_id,
        errors=errors,
        user=user,
        agenda=agenda,
        minutes=minutes,
    )
    errors.raise_if_any()
    meeting = TeamMeeting.objects.create(
        organization_id=user.organization_id,
        unit=unit,
        date=date,
        agenda=agenda,
        minutes=minutes,
        created_by=user,
    )
    meeting.attendees.set(people)
    change_log_record(
        user=user, object_type="team_meeting", object_id=meeting.pk, action=ChangeAction.CREATE
    )
    return meeting


# --- The team meetings' schedule ---

SCHEDULE_FIELDS = (
    "starts_on",
    "weekday",
    "time",
    "interval_weeks",
    "ends_on",
    "place",
    "on_holiday",
)


@transaction.atomic
def team_schedule_save(
    *,
    user: User,
    unit_id: int,
    starts_on: datetime.date,
    weekday: int,
    time: datetime.time,
    interval_weeks: int = 2,
    ends_on: datetime.date | None = None,
    place: str = "",
    on_holiday: str = HolidayRule.SHIFT,
    version: int | None = None,
) -> TeamMeetingSchedule:
    """Set the unit's team meeting schedule. The first save creates it; a later one needs
    the `version` read (another save in between is a 409). Moves and cancellations of days
    the new schedule no longer gives are dropped. `place` is read by the whole team: client
    data in it is refused like in the minutes."""
    if user.role not in TEAM_MEETING_KEEPERS:
        raise Forbidden(_("Your role does not keep team meetings."))
    unit = team_unit_get(user=user, unit_id=unit_id)
    errors = FieldErrors()
    if weekday not in Weekday.values:
        errors.add("weekday", _("Choose a weekday from Monday to Friday."))
    if not 1 <= interval_weeks <= 4:
        errors.add("interval_weeks", _("Choose from 1 to 4 weeks."))
    if starts_on > today() + LATEST_AHEAD:
        errors.add("starts_on", _("The start date is more than a year ahead."))
    if ends_on is not None and ends_on < starts_on:
        errors.add("ends_on", _("The schedule cannot end before it starts."))
    if on_holiday not in HolidayRule.values:
        errors.add(
            "on_holiday",
            _("Choose one of: %(values)s") % {"values": ", ".join(HolidayRule.values)},
        )
    place = text_clean(place, "place", errors, max_length=SHORT_TEXT)
    team_text_check(organization_id=user.organization_id, errors=errors, user=user, place=place)
    errors.raise_if_any()
    values = {
        "starts_on": starts_on,
        "weekday": weekday,
        "time": time,
        "interval_weeks": interval_weeks,
        "ends_on": ends_on,
        "place": place,
        "on_holiday": on_holiday,
    }
    schedule = TeamMeetingSchedule.objects.select_for_update().filter(unit=unit).first()
    if schedule is None:
        try:
            with transaction.atomic():
                schedule = TeamMeetingSchedule.objects.create(
                    organization_id=user.organization_id, unit=unit, created_by=user, **values
                )
        except IntegrityError as error:  # another keeper made it meanwhile
            raise Conflict(_("The unit got a schedule meanwhile: reload and try again.")) from error
        action = ChangeAction.CREATE
    else:
        if version != schedule.version:
            raise Conflict(
                _("Someone else changed the schedule meanwhile: reload it and try again."),
                {"version": _("The schedule has changed.")},
            )
        for name, value in values.items():
            setattr(schedule, name, value)
        schedule.version += 1
        schedule.save(update_fields=[*SCHEDULE_FIELDS, "version", "updated_at"])
        stale = [
            change.pk
            for change in schedule.changes.all()
            if not is_scheduled(schedule, change.original_date)
        ]
        TeamMeetingChange.objects.filter(pk__in=stale).delete()
        action = ChangeAction.UPDATE
    change_log_record(
        user=user,
        object_type="team_meeting_schedule",
        object_id=schedule.pk,
        action=action,
        fields=SCHEDULE_FIELDS,
    )
    return schedule


@transaction.atomic
def team_meeting_change(
    *,
    user: User,
    unit_id: int,
    original_date: datetime.date,
    action: str,
    new_date: datetime.date | None = None,
    new_time: datetime.time | None = None,
    reason: str = "",
) -> TeamMeetingChange | None:
    """Move (`action` "move", to `new_date` and/or `new_time`) or cancel ("cancel") the
    meeting the unit's schedule gives on `original_date`, or undo either ("restore"). The
    reason is read by the whole team: client data in it is refused."""
    if user.role not in TEAM_MEETING_KEEPERS:
        raise Forbidden(_("Your role does not keep team meetings."))
    unit = team_unit_get(user=user, unit_id=unit_id)
    schedule = TeamMeetingSchedule.objects.select_for_update().filter(unit=unit).first()
    if schedule is None:
        raise NotFound(_("The unit has no team meeting schedule."))
    errors = FieldErrors()
    actions = ("move", "cancel", "restore")
    if action not in actions:
        errors.add("action", _("Choose one of: %(values)s") % {"values": ", ".join(actions)})
    if not is_scheduled(schedule, original_date):
        errors.add("original_date", _("The schedule has no meeting on that day."))
    if action == "move":
        if new_date is None and new_time is None:
            errors.add("new_date", _("Give the new day or time."))
        elif new_date is not None and new_date > today() + LATEST_AHEAD:
            errors.add("new_date", _("The date is more than a year ahead."))
    reason = text_clean(reason, "reason", errors, max_length=SHORT_TEXT)
    team_text_check(organization_id=user.organization_id, errors=errors, user=user, reason=reason)
    errors.raise_if_any()
    TeamMeetingChange.objects.filter(schedule=schedule, original_date=original_date).delete()
    change = None
    if action != "restore":
        change = TeamMeetingChange.objects.create(
            schedule=schedule,
            original_date=original_date,
            cancelled=action == "cancel",
            new_date=new_date if action == "move" else None,
            new_time=new_time if action == "move" else None,
            reason=reason,
            changed_by=user,
        )
    change_log_record(
        user=user,
        object_type="team_meeting_schedule",
        object_id=schedule.pk,
        action=ChangeAction.UPDATE,
        fields=["changes"],
    )
    return change


# --- Staff competence ---


@transaction.atomic
def staff_training_create(
    *,
    user: User,
    worker_id: int,
    training: str,
    completed_on: datetime.date,
    expires_on: datetime.date | None = None,
) -> StaffTraining:
    """Record a worker's completed training (`training` a code of TrainingKind). Staff data:
    the change log records it."""
    if user.role not in TRAINING_KEEPERS:
        raise Forbidden(_("Only supervisors and administrators keep the staff's trainings."))
    errors = FieldErrors()
    worker = errors.check(
        "worker_id", lambda: worker_get(user=user, worker_id=worker_id, field="worker_id")
    )
    kind = training_kind_list().filter(code=training).first()
    if kind is None:
        errors.add("training", _("Unknown training."))
    if completed_on > today():
        errors.add("completed_on", _("The date is in the future."))
    if expires_on is not None and expires_on < completed_on:
        errors.add("expires_on", _("The training cannot expire before it was completed."))
    errors.raise_if_any()
    record = StaffTraining.objects.create(
        organization_id=user.organization_id,
        worker=worker,
        training=kind,
        completed_on=completed_on,
        expires_on=expires_on,
        recorded_by=user,
    )
    change_log_record(
        user=user, object_type="staff_training", object_id=record.pk, action=ChangeAction.CREATE
    )
    return record


# --- Anonymous client feedback ---

FEEDBACK_LINK_DAYS = 60
FEEDBACK_TEXT_MAX = 2000


def feedback_link_create(
    *, user: User, unit_id: int, service_model: str, single_use: bool = True
) -> FeedbackLink:
    """A link for the anonymous feedback form about a unit's service model, valid for
    FEEDBACK_LINK_DAYS days. It names no client: the worker just hands it out."""
    if user.role not in FEEDBACK_LINK_MAKERS:
        raise Forbidden(_("Your role does not hand out feedback links."))
    errors = FieldErrors()
    unit = errors.check("unit_id", lambda: unit_get(user=user, unit_id=unit_id))
    if service_model not in ServiceModel.values:
        errors.add("service_model", _("Unknown service model."))
    errors.raise_if_any()
    link = FeedbackLink.objects.create(
        organization_id=user.organization_id,
        unit=unit,
        service_model=service_model,
        code=secrets.token_urlsafe(12),
        single_use=single_use,
        expires_on=today() + datetime.timedelta(days=FEEDBACK_LINK_DAYS),
        created_by=user,
    )
    change_log_record(
        user=user, object_type="feedback_link", object_id=link.pk, action=ChangeAction.CREATE
    )
    return link


@transaction.atomic
def feedback_submit(*, code: str, free_text: str = "", **scores: int | None) -> None:
    """Save an anonymous answer through a link (no login). The answer keeps the unit, the
    service model and the month only. A free text that names a client or holds an identity
    code is left out of the answer without saying so (telling the writer would tell anyone
    holding a link who the clients are). A single-use link takes one answer and is deleted
    with it (404 after)."""
    link = feedback_link_get(code=code)
    # Two answers at once through one single-use link: the second waits, then finds it gone.
    link = FeedbackLink.objects.select_for_update().filter(pk=link.pk).first()
    if link is None:
        raise NotFound(_("This feedback link is not valid any more."))
    errors = FieldErrors()
    values = {}
    for name, _label in FEEDBACK_QUESTIONS:
        value = scores.get(name)
        if value is None or not 1 <= value <= 5:
            errors.add(name, _("Choose a number from 1 to 5."))
        values[name] = value
    unknown = set(scores) - {name for name, _label in FEEDBACK_QUESTIONS}
    if unknown:
        raise InvalidInput.for_field(sorted(unknown)[0], _("Unknown question."))
    free_text = text_clean(free_text, "free_text", errors, max_length=FEEDBACK_TEXT_MAX)
    errors.raise_if_any()
    withheld = bool(
        free_text and client_data_found(organization_id=link.organization_id, text=free_text)
    )
    FeedbackAnswer.objects.create(
        organization_id=link.organization_id,
        unit_id=link.unit_id,
        service_model=link.service_model,
        month=today().replace(day=1),
        free_text="" if withheld else free_text,
        text_withheld=withheld,
        **values,
    )
    if link.single_use:
        # Gone with its answer: nothing records which links were used, or when.
        link.delete()
