"""Writes on the client's path. Each checks access through the selectors, validates,
runs in a transaction and writes the access log."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import Organization, User
from tyopolku.accounts.roles import SEES_ALL_CLIENTS, Role
from tyopolku.accounts.selectors import unit_get, worker_get
from tyopolku.audit.models import AccessAction, ChangeAction
from tyopolku.audit.services import access_log_record, change_log_record
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.services import client_worker_add, client_worker_end
from tyopolku.core.dates import date_text, today
from tyopolku.core.errors import Conflict, FieldErrors, Forbidden, InvalidInput
from tyopolku.pathway.intake import INTAKE_STEPS, STEPS_BEFORE_JOB_SEARCH
from tyopolku.pathway.models import (
    Enrollment,
    IntakeStep,
    Phase,
    PhaseChange,
    ReferralSource,
    ServiceModel,
    ServiceModelSetting,
    Visit,
    VisitKind,
)
from tyopolku.pathway.rules import (
    Employment,
    Job,
    NoLegalBasis,
    employment_phase_changes,
    employments,
    phase_on,
    visit_basis,
)
from tyopolku.pathway.selectors import employment_gap_days, model_settings
from tyopolku.placements.models import Placement, PlacementKind

# The initial follow-along period of a new organisation: the Eksote IPS pilot's three months;
# other models start time-unlimited. Administrators change these per organisation.
DEFAULT_FOLLOW_ALONG_MONTHS = {ServiceModel.IPS: 3}
LATEST_START = datetime.timedelta(days=366)


def service_model_settings_ensure(*, organization: Organization) -> None:
    """Give each service model its first settings row (later changes are new dated rows)."""
    have = set(
        ServiceModelSetting.objects.filter(organization=organization).values_list(
            "service_model", flat=True
        )
    )
    ServiceModelSetting.objects.bulk_create(
        ServiceModelSetting(
            organization=organization,
            service_model=model,
            follow_along_months=DEFAULT_FOLLOW_ALONG_MONTHS.get(model),
        )
        for model in ServiceModel
        if model not in have
    )


def _log(user: User, enrollment: Enrollment, action: AccessAction, target: str) -> None:
    access_log_record(user=user, client_ids=[enrollment.client_id], action=action, target=target)


def _no_future(day: datetime.date, field: str, errors: FieldErrors) -> None:
    if day > today():
        errors.add(field, _("The date cannot be in the future."))


@transaction.atomic
def enrollment_create(
    *,
    user: User,
    client: Client,
    service_model: str,
    start_date: datetime.date,
    unit_id: int | None = None,
    referral_source: str | None = None,
    coach_id: int | None = None,
) -> Enrollment:
    """Enroll a client (fetched through the client selector) in a service model."""
    errors = FieldErrors()
    if service_model not in ServiceModel.values:
        errors.add(
            "service_model",
            _("Unknown service model; one of: %(values)s")
            % {"values": ", ".join(ServiceModel.values)},
        )
    if start_date > today() + LATEST_START:
        errors.add("start_date", _("The start date is more than a year ahead."))
    if start_date < client.birth_date:
        errors.add("start_date", _("The start date is before the client's date of birth."))
    unit = errors.check("unit_id", unit_get, user=user, unit_id=unit_id) if unit_id else user.unit
    coach = (
        errors.check("coach_id", worker_get, user=user, worker_id=coach_id) if coach_id else None
    )
    if coach is not None:
        _require_coach_naming(user, coach)
    if coach_id is None and user.role == Role.JOB_COACH:
        coach = user
    source = None
    if referral_source:
        source = ReferralSource.objects.filter(code=referral_source, active=True).first()
        if source is None:
            errors.add("referral_source", _("Unknown referral source."))
    errors.raise_if_any()

    if Enrollment.objects.filter(
        client=client, service_model=service_model, end_date__isnull=True
    ).exists():
        raise Conflict(
            _("The client already has an open enrollment in this service model."),
            {"service_model": _("An open enrollment in this service model exists already.")},
        )
    enrollment = Enrollment.objects.create(
        client=client,
        service_model=service_model,
        unit=unit,
        referral_source=source,
        coach=coach,
        start_date=start_date,
        created_by=user,
    )
    PhaseChange.objects.create(
        enrollment=enrollment,
        phase=Phase.INTAKE,
        effective_date=start_date,
        reason=PhaseChange.Reason.ENROLLED,
        recorded_by=user,
    )
    if service_model == ServiceModel.IPS:
        IntakeStep.objects.bulk_create(
            IntakeStep(enrollment=enrollment, number=step.number) for step in INTAKE_STEPS
        )
    if coach is not None:
        client_worker_add(
            client=client, worker=coach, kind=ClientWorker.Kind.COACH, started_by=user
        )
    _log(user, enrollment, AccessAction.CREATE, "enrollment")
    return enrollment


def _require_coach_naming(user: User, coach: User) -> None:
    """Naming a coach gives them the client: a worker may name only themselves."""
    if coach.pk != user.pk and user.role not in SEES_ALL_CLIENTS:
        message = _("Only supervisors and administrators name another worker as the coach.")
        raise Forbidden(message, {"coach_id": message})


def _release_coach(user: User, client_id: int, coach: User) -> None:
    """End a former coach's link to the client unless they coach another open enrollment
    of the client. The link stays as history."""
    if Enrollment.objects.filter(client_id=client_id, coach=coach, end_date__isnull=True).exists():
        return
    link = (
        ClientWorker.objects.filter(client_id=client_id, user=coach, end_date__isnull=True)
        .select_related("client", "user")
        .first()
    )
    if link is not None:
        client_worker_end(user=user, link=link, reason=_("The enrollment's coach changed."))


@transaction.atomic
def enrollment_coach_change(
    *, user: User, enrollment: Enrollment, coach_id: int | None
) -> Enrollment:
    """Hand an open enrollment (fetched through `enrollment_get`) to another coach, or to
    none, from today. The new coach gets a link to the client; the old coach's link ends
    unless they coach another open enrollment of the client. Supervisors and admins only."""
    if user.role not in SEES_ALL_CLIENTS:
        message = _("Only supervisors and administrators change the coach.")
        raise Forbidden(message, {"coach_id": message})
    _require_open(enrollment)
    coach = worker_get(user=user, worker_id=coach_id) if coach_id is not None else None
    old = enrollment.coach
    if coach == old:
        return enrollment
    enrollment.coach = coach
    enrollment.save(update_fields=["coach"])
    if coach is not None:
        client_worker_add(
            client=enrollment.client, worker=coach, kind=ClientWorker.Kind.COACH, started_by=user
        )
    if old is not None:
        _release_coach(user, enrollment.client_id, old)
    _log(user, enrollment, AccessAction.UPDATE, "enrollment_coach")
    return enrollment


def _phase_change(
    enrollment: Enrollment, user: User, phase: Phase, on: datetime.date, reason: str
) -> PhaseChange:
    return PhaseChange.objects.create(
        enrollment=enrollment, phase=phase, effective_date=on, reason=reason, recorded_by=user
    )


def _require_open(enrollment: Enrollment) -> None:
    if enrollment.end_date is not None:
        raise Conflict(
            _("The enrollment ended on %(date)s.") % {"date": date_text(enrollment.end_date)}
        )


def _intake_step(enrollment: Enrollment, number: int) -> IntakeStep:
    step = enrollment.intake_steps.filter(number=number).first()
    if step is None:
        raise InvalidInput.for_field(
            "number", _("The enrollment has no start step %(n)s.") % {"n": number}
        )
    return step


def _intake_complete_sync(enrollment: Enrollment, user: User) -> None:
    """Keep the automatic move to job search in step with start steps 1–6: on the day the
    last of them was done, and only while they are all done and that day comes before any
    later phase change (a job, say). Otherwise there is none: the client went from intake
    straight to the later phase. Visits keep their legal basis either way, since intake and
    job search share it."""
    # Fresh from the database: the caller's prefetched steps do not know the step just saved.
    done = {
        s.number: s.done_on
        for s in IntakeStep.objects.filter(enrollment=enrollment)
        if s.done_on is not None
    }
    changes = enrollment.phase_changes.order_by("effective_date", "pk")
    completed = changes.filter(reason=PhaseChange.Reason.INTAKE_COMPLETE).first()
    later = changes.exclude(
        reason__in=[PhaseChange.Reason.ENROLLED, PhaseChange.Reason.INTAKE_COMPLETE]
    ).first()
    ready_on = None
    if done.keys() >= STEPS_BEFORE_JOB_SEARCH:
        ready_on = max(enrollment.start_date, *(done[n] for n in STEPS_BEFORE_JOB_SEARCH))
        if later is not None and ready_on >= later.effective_date:
            ready_on = None
    if ready_on is None:
        if completed is not None:
            completed.delete()
    elif completed is None:
        _phase_change(
            enrollment, user, Phase.JOB_SEARCH, ready_on, PhaseChange.Reason.INTAKE_COMPLETE
        )
    elif completed.effective_date != ready_on:
        completed.effective_date = ready_on
        completed.save(update_fields=["effective_date"])


@transaction.atomic
def intake_step_mark_done(
    *, user: User, enrollment: Enrollment, number: int, done_on: datetime.date
) -> IntakeStep:
    """Mark a start step done, or correct the day it was done. When steps 1–6 are all done,
    the client moves to job search on the day the last of them was done."""
    _require_open(enrollment)
    step = _intake_step(enrollment, number)
    errors = FieldErrors()
    _no_future(done_on, "done_on", errors)
    errors.raise_if_any()
    step.done_on, step.done_by = done_on, user
    step.save(update_fields=["done_on", "done_by"])
    _intake_complete_sync(enrollment, user)
    _log(user, enrollment, AccessAction.UPDATE, "intake_step")
    return step


@transaction.atomic
def intake_step_undo(*, user: User, enrollment: Enrollment, number: int) -> IntakeStep:
    """A step marked done by mistake is open again. Undoing one of steps 1–6 takes back the
    automatic move to job search (see `_intake_complete_sync`)."""
    _require_open(enrollment)
    step = _intake_step(enrollment, number)
    if step.done_on is None:
        raise InvalidInput.for_field(
            "number", _("Start step %(n)s is not marked done.") % {"n": number}
        )
    step.done_on, step.done_by = None, None
    step.save(update_fields=["done_on", "done_by"])
    _intake_complete_sync(enrollment, user)
    _log(user, enrollment, AccessAction.UPDATE, "intake_step")
    return step


@transaction.atomic
def enrollment_start_job_search(*, user: User, enrollment: Enrollment, on: datetime.date) -> None:
    """Move a non-IPS enrollment (which has no start checklist) from intake to its active phase."""
    _require_open(enrollment)
    current = phase_on(list(enrollment.phase_changes.all()), on)
    if current is None or current.phase != Phase.INTAKE:
        raise InvalidInput.for_field("date", _("The enrollment is not in intake on that day."))
    _phase_change(enrollment, user, Phase.JOB_SEARCH, on, PhaseChange.Reason.MANUAL)
    _log(user, enrollment, AccessAction.UPDATE, "enrollment")


@transaction.atomic
def enrollment_record_employment(
    *, user: User, enrollment: Enrollment, start_date: datetime.date
) -> None:
    """An employment started on `start_date` without a recorded job (no employer or terms):
    the enrollment is `employed` from then on. Jobs are recorded as placements instead."""
    _require_open(enrollment)
    if start_date < enrollment.start_date:
        raise InvalidInput.for_field(
            "start_date",
            _("The job cannot start before the enrollment (%(date)s).")
            % {"date": date_text(enrollment.start_date)},
        )
    _phase_change(enrollment, user, Phase.EMPLOYED, start_date, PhaseChange.Reason.MANUAL)
    enrollment_employment_sync(user=user, enrollment=enrollment)
    _log(user, enrollment, AccessAction.UPDATE, "employment")


def _jobs(enrollment: Enrollment, changes: list[PhaseChange]) -> list[Job]:
    """The enrollment's jobs (work trials are not employment) and the employments recorded
    without a job, which go on until the enrollment ends."""
    jobs = [
        Job(start, end, continues is not False)
        for start, end, continues in Placement.objects.filter(
            enrollment=enrollment, kind=PlacementKind.EMPLOYMENT
        ).values_list("start_date", "end_date", "continues_job_search")
    ]
    jobs += [
        Job(c.effective_date, None)
        for c in changes
        if c.reason == PhaseChange.Reason.MANUAL and c.phase == Phase.EMPLOYED
    ]
    return jobs


def _employment_changes(
    enrollment: Enrollment, employments: list[Employment], changes: list[PhaseChange]
) -> set[tuple[str, datetime.date, str]]:
    return employment_phase_changes(
        employments,
        end_date=enrollment.end_date,
        by_hand={
            c.effective_date
            for c in changes
            if c.reason == PhaseChange.Reason.MANUAL and c.phase == Phase.EMPLOYED
        },
    )


def enrollment_employment_sync(*, user: User, enrollment: Enrollment) -> None:
    """Derive the employment phases from the enrollment's jobs as they stand now, so that the
    order in which jobs and their ends were recorded never matters, and recheck the legal
    basis of the visits under them. Called by every write that changes a job."""
    changes = list(PhaseChange.objects.filter(enrollment=enrollment))
    gap = employment_gap_days(enrollment)
    jobs = _jobs(enrollment, changes)
    wanted = _employment_changes(enrollment, employments(jobs, gap), changes)
    derived = (PhaseChange.Reason.EMPLOYMENT_STARTED, PhaseChange.Reason.EMPLOYMENT_ENDED)
    stale = [
        c.pk
        for c in changes
        if c.reason in derived and (c.phase, c.effective_date, c.reason) not in wanted
    ]
    have = {(c.phase, c.effective_date, c.reason) for c in changes if c.pk not in stale}
    PhaseChange.objects.filter(pk__in=stale).delete()
    PhaseChange.objects.bulk_create(
        PhaseChange(
            enrollment=enrollment, phase=phase, effective_date=on, reason=reason, recorded_by=user
        )
        for phase, on, reason in sorted(wanted - have, key=lambda w: w[1])
    )
    if stale or wanted - have:
        _visits_recheck(user, enrollment)


def _visits_recheck(user: User, enrollment: Enrollment) -> None:
    """Give every visit the legal basis of its date under the phases as they are now. A visit
    that has none any more keeps what it had and is flagged for the coach; never deleted."""
    changes = list(PhaseChange.objects.filter(enrollment=enrollment))
    changed = []
    for visit in Visit.objects.filter(enrollment=enrollment):
        try:
            basis = visit_basis(
                service_model=enrollment.service_model,
                start_date=enrollment.start_date,
                changes=changes,
                day=visit.date,
                follow_along_months=model_settings(enrollment).follow_along_months,
            )
        except NoLegalBasis as refusal:
            fields = {"basis_problem": refusal.problem}
        else:
            fields = {"basis_problem": "", "legal_basis": basis.legal_basis}
        fields = {name: value for name, value in fields.items() if getattr(visit, name) != value}
        if fields:
            for name, value in fields.items():
                setattr(visit, name, value)
            visit.save(update_fields=list(fields))
            changed.append((visit, fields))
    for visit, fields in changed:
        change_log_record(
            user=user,
            object_type="visit",
            object_id=visit.pk,
            action=ChangeAction.UPDATE,
            fields=fields,
        )
    if changed:
        _log(user, enrollment, AccessAction.UPDATE, "visit")


@transaction.atomic
def enrollment_end(
    *, user: User, enrollment: Enrollment, end_date: datetime.date, reason: str
) -> Enrollment:
    _require_open(enrollment)
    errors = FieldErrors()
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Give the reason for ending."))
    elif len(reason) > 200:
        errors.add("reason", _("At most 200 characters."))
    last_change = max(c.effective_date for c in enrollment.phase_changes.all())
    if end_date < last_change:
        errors.add(
            "end_date",
            _("The end date is before the last phase change (%(date)s).")
            % {"date": date_text(last_change)},
        )
    last_visit = enrollment.visits.order_by("-date").values_list("date", flat=True).first()
    if last_visit and end_date < last_visit:
        errors.add(
            "end_date",
            _("The end date is before the last visit (%(date)s).")
            % {"date": date_text(last_visit)},
        )
    errors.raise_if_any()
    enrollment.end_date, enrollment.end_reason = end_date, reason
    enrollment.save(update_fields=["end_date", "end_reason"])
    # The end day itself still belongs to the service; "ended" starts the day after.
    _phase_change(
        enrollment,
        user,
        Phase.ENDED,
        end_date + datetime.timedelta(days=1),
        PhaseChange.Reason.ENROLLMENT_ENDED,
    )
    _log(user, enrollment, AccessAction.UPDATE, "enrollment")
    return enrollment


@transaction.atomic
def visit_create(
    *,
    user: User,
    enrollment: Enrollment,
    date: datetime.date,
    kind: str,
    duration_minutes: int,
    summary: str,
    next_action: str | None = None,
    next_action_on: datetime.date | None = None,
) -> Visit:
    """Record a visit; its legal basis, service task and unit come from the rule. The next
    step agreed at the visit (`next_action`, optionally dated) replaces the enrollment's
    earlier one; None leaves it as it was, "" clears it."""
    errors = FieldErrors()
    _no_future(date, "date", errors)
    if kind not in VisitKind.values:
        errors.add(
            "kind", _("Unknown kind; one of: %(values)s") % {"values": ", ".join(VisitKind.values)}
        )
    if not 1 <= duration_minutes <= 24 * 60:
        errors.add("duration_minutes", _("Give the duration in minutes, 1–1440."))
    summary = (summary or "").strip()
    if not summary:
        errors.add("summary", _("Write a short summary of the visit."))
    elif len(summary) > 10000:
        errors.add("summary", _("At most 10 000 characters."))
    next_action = _clean_next_action(next_action, next_action_on, date, errors)
    errors.raise_if_any()
    basis = visit_basis(
        service_model=enrollment.service_model,
        start_date=enrollment.start_date,
        changes=list(enrollment.phase_changes.all()),
        day=date,
        follow_along_months=model_settings(enrollment).follow_along_months,
    )
    visit = Visit.objects.create(
        enrollment=enrollment,
        date=date,
        kind=kind,
        duration_minutes=duration_minutes,
        summary=summary,
        legal_basis=basis.legal_basis,
        service_task=basis.service_task,
        service_unit=enrollment.unit,
        recorded_by=user,
    )
    if next_action is not None:
        enrollment.next_action = next_action
        enrollment.next_action_on = next_action_on if next_action else None
        enrollment.save(update_fields=["next_action", "next_action_on"])
    _log(user, enrollment, AccessAction.CREATE, "visit")
    return visit


def _clean_next_action(
    text: str | None, on: datetime.date | None, visit_date: datetime.date, errors: FieldErrors
) -> str | None:
    if text is None:
        if on is not None:
            errors.add("next_action", _("Say what was agreed for that date."))
        return None
    text = text.strip()
    if len(text) > 200:
        errors.add("next_action", _("At most 200 characters."))
    if on is not None and not text:
        errors.add("next_action", _("Say what was agreed for that date."))
    if on is not None and on < visit_date:
        errors.add("next_action_on", _("The next step cannot be before the visit."))
    return text
