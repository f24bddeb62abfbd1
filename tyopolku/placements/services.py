"""Writes of placements. A job moves the enrollment's phase through the pathway services;
every write is client data and goes to the access log."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.core.dates import date_text, today
from tyopolku.core.errors import Conflict, FieldErrors
from tyopolku.core.validation import decimal_clean, text_clean
from tyopolku.employers.models import Opening
from tyopolku.pathway.models import Enrollment
from tyopolku.pathway.services import enrollment_employment_sync
from tyopolku.placements.models import Placement, PlacementKind
from tyopolku.placements.selectors import (
    employer_for_placement,
    opening_for_placement,
)

MAX_HOURS_PER_WEEK = Decimal(80)
MAX_HOURLY_WAGE = Decimal("99999.99")
# Only a typing check: the rates' own limits (dated rows) give warnings, not refusals.
PLAUSIBLE_SUBSIDY_MONTHS = 60
LATEST_START = datetime.timedelta(days=366)


def _log(user: User, placement: Placement, action: AccessAction) -> None:
    access_log_record(
        user=user, client_ids=[placement.enrollment.client_id], action=action, target="placement"
    )


def _check_dates(
    enrollment: Enrollment,
    start_date: datetime.date,
    planned_end_date: datetime.date | None,
    errors: FieldErrors,
) -> None:
    if start_date < enrollment.start_date:
        errors.add(
            "start_date",
            _("The job cannot start before the enrollment (%(date)s).")
            % {"date": date_text(enrollment.start_date)},
        )
    if start_date > today() + LATEST_START:
        errors.add("start_date", _("The start date is more than a year ahead."))
    if planned_end_date is not None and planned_end_date < start_date:
        errors.add("planned_end_date", _("The agreed end date is before the start date."))


def _check_work_trial(
    competitive: bool, hourly_wage, pay_subsidy_percent, errors: FieldErrors
) -> None:
    """A work trial is not an employment: no wage, no pay subsidy, not open-market work."""
    if competitive:
        errors.add("competitive", _("A work trial is not competitive employment."))
    if hourly_wage is not None:
        errors.add("hourly_wage", _("A work trial is not paid a wage."))
    if pay_subsidy_percent is not None:
        errors.add("pay_subsidy_percent", _("A work trial has no pay subsidy."))


def _check_subsidy(percent: int | None, months: int | None, errors: FieldErrors) -> None:
    if percent is not None and not 1 <= percent <= 100:
        errors.add("pay_subsidy_percent", _("Give the pay subsidy as a percentage, 1–100."))
    if months is not None:
        if percent is None:
            errors.add("pay_subsidy_months", _("Give the pay subsidy percentage too."))
        elif not 1 <= months <= PLAUSIBLE_SUBSIDY_MONTHS:
            errors.add(
                "pay_subsidy_months",
                _("Give the months, 1–%(max)s.") % {"max": PLAUSIBLE_SUBSIDY_MONTHS},
            )


@transaction.atomic
def placement_create(
    *,
    user: User,
    enrollment: Enrollment,
    employer_id: int,
    start_date: datetime.date,
    job_title: str,
    hours_per_week,
    competitive: bool,
    kind: str = PlacementKind.EMPLOYMENT,
    opening_id: int | None = None,
    hourly_wage=None,
    pay_subsidy_percent: int | None = None,
    pay_subsidy_months: int | None = None,
    days_per_week: int | None = None,
    planned_end_date: datetime.date | None = None,
) -> Placement:
    """Record the job a client got (`enrollment` from `enrollment_get`). An employment moves
    the enrollment to `employed` from its first day; a work trial is not an employment and
    leaves the phase as it is. An opening the job fills becomes `filled`."""
    if enrollment.end_date is not None:
        raise Conflict(
            _("The enrollment ended on %(date)s.") % {"date": date_text(enrollment.end_date)}
        )
    errors = FieldErrors()
    employer = errors.check(
        "employer_id", employer_for_placement, user=user, employer_id=employer_id
    )
    opening = None
    if opening_id is not None and employer is not None:
        opening = errors.check(
            "opening_id", opening_for_placement, employer=employer, opening_id=opening_id
        )
    if kind not in PlacementKind.values:
        errors.add(
            "kind",
            _("Unknown kind; one of: %(values)s") % {"values": ", ".join(PlacementKind.values)},
        )
    job_title = text_clean(job_title, "job_title", errors, required=True, max_length=200)
    if hours_per_week is None:
        errors.add("hours_per_week", _("This field is required."))
    hours = decimal_clean(
        hours_per_week,
        "hours_per_week",
        errors,
        low=Decimal("0.1"),
        high=MAX_HOURS_PER_WEEK,
        places="0.1",
    )
    wage = decimal_clean(
        hourly_wage, "hourly_wage", errors, low=Decimal(0), high=MAX_HOURLY_WAGE, places="0.01"
    )
    if days_per_week is not None and not 1 <= days_per_week <= 7:
        errors.add("days_per_week", _("Give the working days a week, 1–7."))
    _check_subsidy(pay_subsidy_percent, pay_subsidy_months, errors)
    if kind == PlacementKind.WORK_TRIAL:
        _check_work_trial(competitive, hourly_wage, pay_subsidy_percent, errors)
    _check_dates(enrollment, start_date, planned_end_date, errors)
    errors.raise_if_any()

    placement = Placement.objects.create(
        enrollment=enrollment,
        employer=employer,
        opening=opening,
        kind=kind,
        job_title=job_title,
        start_date=start_date,
        planned_end_date=planned_end_date,
        hours_per_week=hours,
        days_per_week=days_per_week,
        hourly_wage=wage,
        competitive=competitive,
        pay_subsidy_percent=pay_subsidy_percent,
        pay_subsidy_months=pay_subsidy_months,
        created_by=user,
    )
    if opening is not None and opening.status != Opening.Status.FILLED:
        opening.status = Opening.Status.FILLED
        opening.save(update_fields=["status"])
    if kind == PlacementKind.EMPLOYMENT:
        enrollment_employment_sync(user=user, enrollment=enrollment)
    _log(user, placement, AccessAction.CREATE)
    return placement


@transaction.atomic
def placement_end(
    *,
    user: User,
    placement: Placement,
    end_date: datetime.date | None,
    end_reason: str | None,
    continues_job_search: bool = True,
) -> Placement:
    """Record the end of a job (`placement` from `placement_get`). Ending it again only
    corrects the reason (None keeps it); a different end date is a conflict."""
    errors = FieldErrors()
    if end_reason is None:
        end_reason = placement.end_reason
    end_reason = text_clean(end_reason, "end_reason", errors, required=True, max_length=200)
    ended_already = placement.end_date is not None
    if end_date is None:
        if not ended_already:
            errors.add("end_date", _("Give the last day at work."))
        end_date = placement.end_date
    elif ended_already and end_date != placement.end_date:
        raise Conflict(
            _("The placement ended on %(date)s already.") % {"date": date_text(placement.end_date)},
            {"end_date": _("The placement has ended already.")},
        )
    elif end_date < placement.start_date:
        errors.add("end_date", _("The end date is before the start date."))
    elif end_date > today():
        errors.add(
            "end_date",
            _("Record the end when it has happened; a fixed-term job has an agreed end date."),
        )
    errors.raise_if_any()

    placement.end_reason = end_reason
    if ended_already:
        placement.save(update_fields=["end_reason", "updated_at"])
    else:
        placement.end_date = end_date
        placement.continues_job_search = continues_job_search
        placement.save(
            update_fields=["end_date", "end_reason", "continues_job_search", "updated_at"]
        )
        if placement.kind == PlacementKind.EMPLOYMENT:
            enrollment_employment_sync(user=user, enrollment=placement.enrollment)
    _log(user, placement, AccessAction.UPDATE)
    return placement
