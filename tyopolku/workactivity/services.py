"""Writes of work activity: agreements (checked against the limits in force on their first
day), goals, reviews on the evaluation form and daily attendance. Each checks the role,
reaches the participant through the client relationship, validates every field at once and
records itself in the access log (all of it is client data)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.selectors import client_get
from tyopolku.core.dates import date_text
from tyopolku.core.errors import Conflict, FieldErrors, InvalidInput
from tyopolku.core.validation import NOTES_MAX, choice_clean, decimal_clean, text_clean
from tyopolku.pathway.models import Enrollment, ServiceModel
from tyopolku.workability.models import Referral
from tyopolku.workability.services import referral_create
from tyopolku.workactivity.access import require_work_activity
from tyopolku.workactivity.models import (
    SCREENING_CRITERIA,
    Agreement,
    AgreementRevision,
    Attendance,
    AttendancePortion,
    AttendanceStatus,
    Goal,
    GoalRating,
    Review,
    Screening,
)
from tyopolku.workactivity.rules import (
    clients_lock,
    clients_with_paid_work,
    paid_work_that_day,
    plan_problems,
)
from tyopolku.workactivity.selectors import agreement_for_input, rehabilitative_rule_on

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
TERMS = ("start_date", "end_date", "days_per_week", "hours_per_day", "place", "tasks")
# Marks that take one of the agreement's days of the week (an absence is a missed work day).
WORK_DAY_MARKS = {AttendanceStatus.PRESENT, AttendanceStatus.ILL, AttendanceStatus.OTHER}


def _log(user: User, agreement: Agreement, action: AccessAction, target: str) -> None:
    access_log_record(user=user, client_ids=[agreement.client_id], action=action, target=target)


def _terms_clean(
    errors: FieldErrors,
    *,
    start_date,
    end_date,
    days_per_week,
    hours_per_day,
    place,
    tasks,
) -> dict:
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is None:
            errors.add(name, _("This field is required."))
        elif not EARLIEST <= value <= LATEST:
            errors.add(
                name,
                _("A date from %(first)s to %(last)s.")
                % {"first": date_text(EARLIEST), "last": date_text(LATEST)},
            )
    hours = decimal_clean(
        hours_per_day, "hours_per_day", errors, low=Decimal(0), high=Decimal(24), places="0.1"
    )
    if hours is None:
        errors.add("hours_per_day", _("This field is required."))
    try:
        days = int(days_per_week)
    except (TypeError, ValueError):
        days = None
        errors.add("days_per_week", _("Enter a whole number."))
    place = text_clean(place, "place", errors, required=True, max_length=200)
    tasks = text_clean(tasks, "tasks", errors, max_length=NOTES_MAX)
    if "start_date" not in errors.fields and "end_date" not in errors.fields:
        if end_date < start_date:
            errors.add("end_date", _("The end date is before the start date."))
        elif days is not None and hours is not None:
            rule = rehabilitative_rule_on(start_date)
            if rule is not None:
                for name, text in plan_problems(
                    rule,
                    start=start_date,
                    end=end_date,
                    days_per_week=days,
                    hours_per_day=hours,
                ).items():
                    errors.add(name, text)
    return {
        "start_date": start_date,
        "end_date": end_date,
        "days_per_week": days,
        "hours_per_day": hours,
        "place": place,
        "tasks": tasks,
    }


def _overlap_check(errors: FieldErrors, client_id: int, terms: dict, exclude: int | None) -> None:
    if errors.fields:
        return
    others = Agreement.objects.filter(
        client_id=client_id, start_date__lte=terms["end_date"], end_date__gte=terms["start_date"]
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        errors.add("start_date", _("The participant has another agreement in this period."))


def agreement_create(
    *,
    user: User,
    enrollment: Enrollment,
    start_date: datetime.date,
    end_date: datetime.date,
    days_per_week: int,
    hours_per_day,
    place: str,
    tasks: str = "",
    goals: list[str] | tuple[str, ...] = (),
) -> Agreement:
    """An agreement for a client enrolled in open work activity. `enrollment` is fetched by
    the caller through the client relationship."""
    require_work_activity(user)
    errors = FieldErrors()
    if enrollment.service_model != ServiceModel.WORK_ACTIVITY:
        errors.add("enrollment_id", _("The enrollment is not in open work activity."))
    terms = _terms_clean(
        errors,
        start_date=start_date,
        end_date=end_date,
        days_per_week=days_per_week,
        hours_per_day=hours_per_day,
        place=place,
        tasks=tasks,
    )
    goal_texts = []
    for index, goal in enumerate(goals or ()):
        text = text_clean(goal, f"goals.{index}", errors, max_length=500)
        if text:
            goal_texts.append(text)
    _overlap_check(errors, enrollment.client_id, terms, None)
    errors.raise_if_any()
    with transaction.atomic():
        agreement = Agreement.objects.create(
            organization_id=user.organization_id,
            client_id=enrollment.client_id,
            enrollment=enrollment,
            created_by=user,
            **terms,
        )
        Goal.objects.bulk_create(Goal(agreement=agreement, text=text) for text in goal_texts)
        _log(user, agreement, AccessAction.CREATE, "work_activity_agreement")
    return agreement


def _snapshot(agreement: Agreement) -> dict:
    return {
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "days_per_week": agreement.days_per_week,
        "hours_per_day": str(agreement.hours_per_day),
        "place": agreement.place,
        "tasks": agreement.tasks,
    }


def agreement_update(
    *,
    user: User,
    agreement: Agreement,
    version: int,
    start_date: datetime.date,
    end_date: datetime.date,
    days_per_week: int,
    hours_per_day,
    place: str,
    tasks: str = "",
) -> Agreement:
    """New terms; the earlier ones are kept as a revision. A stale `version` → 409. Marked
    attendance must stay inside the period."""
    require_work_activity(user)
    errors = FieldErrors()
    terms = _terms_clean(
        errors,
        start_date=start_date,
        end_date=end_date,
        days_per_week=days_per_week,
        hours_per_day=hours_per_day,
        place=place,
        tasks=tasks,
    )
    _overlap_check(errors, agreement.client_id, terms, agreement.pk)
    if not errors.fields:
        outside = agreement.attendances.exclude(date__range=(start_date, end_date))
        if outside.exists():
            errors.add("start_date", _("Attendance is marked outside the new period."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.version != version:
            raise Conflict(
                _("The agreement has changed since you opened it."),
                {"version": _("The agreement has changed since you opened it.")},
            )
        AgreementRevision.objects.create(
            agreement=locked, version=locked.version, terms=_snapshot(locked), changed_by=user
        )
        for name in TERMS:
            setattr(locked, name, terms[name])
        locked.version += 1
        locked.save(update_fields=[*TERMS, "version", "updated_at"])
        _log(user, locked, AccessAction.UPDATE, "work_activity_agreement")
    return locked


def goal_add(*, user: User, agreement: Agreement, text: str, how_we_know: str = "") -> Goal:
    require_work_activity(user)
    errors = FieldErrors()
    text = text_clean(text, "text", errors, required=True, max_length=500)
    how_we_know = text_clean(how_we_know, "how_we_know", errors, max_length=500)
    errors.raise_if_any()
    with transaction.atomic():
        goal = Goal.objects.create(agreement=agreement, text=text, how_we_know=how_we_know)
        _log(user, agreement, AccessAction.UPDATE, "work_activity_goal")
    return goal


def review_create(
    *,
    user: User,
    agreement: Agreement,
    date: datetime.date,
    ratings: list[dict],
    overall_notes: str = "",
    participant_view: str = "",
    next_steps: str = "",
) -> Review:
    """An evaluation form: `ratings` is a list of {goal_id, progress (1–5), notes}, at most
    one per goal of the agreement. Reviews are kept, never edited."""
    require_work_activity(user)
    errors = FieldErrors()
    if date is None or not EARLIEST <= date <= LATEST:
        errors.add("date", _("Give the date of the review."))
    overall_notes = text_clean(overall_notes, "overall_notes", errors, max_length=NOTES_MAX)
    participant_view = text_clean(
        participant_view, "participant_view", errors, max_length=NOTES_MAX
    )
    next_steps = text_clean(next_steps, "next_steps", errors, max_length=NOTES_MAX)
    goals = {g.pk: g for g in agreement.goals.all()}
    cleaned, seen = [], set()
    for index, rating in enumerate(ratings or ()):
        goal_id = rating.get("goal_id")
        if goal_id not in goals or goal_id in seen:
            errors.add(f"ratings.{index}.goal_id", _("A goal of this agreement, once."))
            continue
        seen.add(goal_id)
        progress = rating.get("progress")
        if not isinstance(progress, int) or not 1 <= progress <= 5:
            errors.add(f"ratings.{index}.progress", _("Progress from 1 to 5."))
            continue
        notes = text_clean(rating.get("notes"), f"ratings.{index}.notes", errors, max_length=2000)
        cleaned.append((goals[goal_id], progress, notes))
    errors.raise_if_any()
    with transaction.atomic():
        review = Review.objects.create(
            agreement=agreement,
            date=date,
            overall_notes=overall_notes,
            participant_view=participant_view,
            next_steps=next_steps,
            created_by=user,
        )
        GoalRating.objects.bulk_create(
            GoalRating(review=review, goal=goal, progress=progress, notes=notes)
            for goal, progress, notes in cleaned
        )
        _log(user, agreement, AccessAction.CREATE, "work_activity_review")
    return review


def _week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _week_is_full(agreement: Agreement, day: datetime.date) -> bool:
    """Whether the days a week of the agreement are all marked in the week of `day`, the day
    itself apart (marking a day again replaces its mark)."""
    monday, sunday = _week_of(day)
    taken = (
        agreement.attendances.filter(date__range=(monday, sunday), status__in=WORK_DAY_MARKS)
        .exclude(date=day)
        .count()
    )
    return taken >= agreement.days_per_week


def _paid_work_check(errors: FieldErrors, day: datetime.date, cleaned: list[tuple]) -> None:
    """A day present is refused for a participant with paid work logged that day (one query
    for all the marks). In the write's transaction, the participants' rows locked first as
    logging hours locks them: a day present and hours written at once cannot both pass."""
    present = {
        agreement.client_id: index
        for index, agreement, status, _portion in cleaned
        if status == AttendanceStatus.PRESENT
    }
    if present:
        clients_lock(present)
        for client_id in clients_with_paid_work(client_ids=present, day=day):
            errors.add(f"marks.{present[client_id]}.status", paid_work_that_day())


def attendance_mark(*, user: User, day: datetime.date, marks: list[dict]) -> list[Attendance]:
    """Mark one day for one or more participants: `marks` is a list of {agreement_id,
    status, portion ("full", the default, or "half": only a day present can be a half
    day)}. A day outside an agreement's period is refused, and so is a work day (present
    or absent, a half day too) beyond the agreement's days a week (Monday to Sunday), and a
    day present when the participant has paid work logged that day (rules.py)."""
    require_work_activity(user)
    errors = FieldErrors()
    if day is None or not EARLIEST <= day <= LATEST:
        errors.add("date", _("Give the day."))
    if not marks:
        errors.add("marks", _("Mark at least one participant."))
    cleaned, seen = [], set()
    for index, mark in enumerate(marks or ()):
        field = f"marks.{index}.agreement_id"
        try:
            agreement = agreement_for_input(
                user=user, agreement_id=mark.get("agreement_id") or 0, field=field
            )
        except InvalidInput as error:
            errors.add(field, error.fields.get(field, error.message))
            agreement = None
        status = choice_clean(mark.get("status"), f"marks.{index}.status", errors, AttendanceStatus)
        portion = choice_clean(
            mark.get("portion") or AttendancePortion.FULL,
            f"marks.{index}.portion",
            errors,
            AttendancePortion,
        )
        if portion == AttendancePortion.HALF and status != AttendanceStatus.PRESENT:
            errors.add(f"marks.{index}.portion", _("Only a day present can be a half day."))
        if agreement is None or {f"marks.{index}.status", f"marks.{index}.portion"} & set(
            errors.fields
        ):
            continue
        if agreement.pk in seen:
            errors.add(f"marks.{index}.agreement_id", _("One mark a participant a day."))
            continue
        seen.add(agreement.pk)
        day_known = day is not None and "date" not in errors.fields
        if day_known and not agreement.start_date <= day <= agreement.end_date:
            errors.add(
                f"marks.{index}.date",
                _("The day is outside the agreement (%(start)s–%(end)s).")
                % {
                    "start": date_text(agreement.start_date),
                    "end": date_text(agreement.end_date),
                },
            )
            continue
        cleaned.append((index, agreement, status, portion))
    errors.raise_if_any()
    saved = []
    with transaction.atomic():
        # The agreements' rows are locked before the week is counted: two people marking the
        # same participant at once are taken one after the other, and the second sees the
        # first one's day, so a week never gets more work days than the agreement has.
        list(
            Agreement.objects.select_for_update()
            .filter(pk__in=[agreement.pk for _index, agreement, *_mark in cleaned])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        _paid_work_check(errors, day, cleaned)
        for index, agreement, status, _portion in cleaned:
            if status in WORK_DAY_MARKS and _week_is_full(agreement, day):
                errors.add(
                    f"marks.{index}.status",
                    _("The agreement has %(n)s work days a week; they are all marked.")
                    % {"n": agreement.days_per_week},
                )
        errors.raise_if_any()
        for _index, agreement, status, portion in cleaned:
            attendance, _created = Attendance.objects.update_or_create(
                agreement=agreement,
                date=day,
                defaults={"status": status, "portion": portion, "marked_by": user},
            )
            saved.append(attendance)
        access_log_record(
            user=user,
            client_ids=[a.client_id for _index, a, *_mark in cleaned],
            action=AccessAction.UPDATE,
            target="work_activity_attendance",
        )
    return saved


def screening_create(
    *,
    user: User,
    agreement: Agreement,
    date: datetime.date,
    summary: str = "",
    **scores,
) -> Screening:
    """An employment-potential screening: each criterion of SCREENING_CRITERIA rated 1–5."""
    require_work_activity(user)
    errors = FieldErrors()
    if date is None or not EARLIEST <= date <= LATEST:
        errors.add("date", _("Give the date of the screening."))
    cleaned = {}
    for name, _label in SCREENING_CRITERIA:
        value = scores.pop(name, None)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors.add(name, _("From 1 to 5."))
        cleaned[name] = value
    if scores:
        errors.add(next(iter(scores)), _("Unknown criterion."))
    summary = text_clean(summary, "summary", errors, max_length=NOTES_MAX)
    errors.raise_if_any()
    with transaction.atomic():
        screening = Screening.objects.create(
            agreement=agreement, date=date, summary=summary, created_by=user, **cleaned
        )
        _log(user, agreement, AccessAction.CREATE, "work_activity_screening")
    return screening


def ips_refer(*, user: User, agreement: Agreement, reason: str = "") -> Referral:
    """Refer the participant to IPS job coaching through the work-ability team's referral
    (the same record and rules: a waiting referral is not sent twice). The latest screening
    is the reason unless one is given, and it keeps the referral."""
    require_work_activity(user)
    screening = agreement.screenings.order_by("-date", "-pk").first()
    if screening is None:
        raise InvalidInput.for_field("screening", _("Screen the participant first."))
    client = client_get(
        user=user, client_id=agreement.client_id, target="referral", action=AccessAction.CREATE
    )
    reason = (
        (reason or "").strip()
        or screening.summary
        or _("Employment-potential screening of %(day)s: wishes to work.")
        % {"day": date_text(screening.date)}
    )
    with transaction.atomic():
        referral = referral_create(
            user=user, client=client, to_service_model=ServiceModel.IPS, reason=reason
        )
        screening.referral = referral
        screening.save(update_fields=["referral"])
    return referral
