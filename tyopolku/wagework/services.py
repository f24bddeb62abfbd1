"""Writes of the paid jobs inside the organisation. A job is a client's employment
contract: reached through the client relationship and written to the client's access log."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.selectors import unit_get
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.selectors import client_get
from tyopolku.core.dates import date_text
from tyopolku.core.errors import Conflict, FieldErrors
from tyopolku.core.validation import decimal_clean, text_clean
from tyopolku.wagework.access import require_wage_work
from tyopolku.wagework.models import WageJob

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_WEEKLY_HOURS = Decimal(60)
FIELDS = ("unit", "title", "weekly_hours", "start_date", "end_date")


def _terms_clean(
    user: User,
    errors: FieldErrors,
    *,
    unit_id: int,
    title: str,
    weekly_hours,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
) -> dict:
    unit = errors.check("unit_id", unit_get, user=user, unit_id=unit_id)
    title = text_clean(title, "title", errors, required=True, max_length=200)
    hours = decimal_clean(
        weekly_hours, "weekly_hours", errors, low=Decimal(1), high=MAX_WEEKLY_HOURS, places="0.01"
    )
    if hours is None and "weekly_hours" not in errors.fields:
        errors.add("weekly_hours", _("This field is required."))
    for field, day in (("start_date", start_date), ("end_date", end_date)):
        if day is not None and not EARLIEST <= day <= LATEST:
            errors.add(
                field,
                _("A date from %(first)s to %(last)s.")
                % {"first": date_text(EARLIEST), "last": date_text(LATEST)},
            )
    if start_date is None:
        errors.add("start_date", _("This field is required."))
    elif end_date is not None and end_date < start_date and "end_date" not in errors.fields:
        errors.add("end_date", _("The end date is before the start date."))
    return {
        "unit": unit,
        "title": title,
        "weekly_hours": hours,
        "start_date": start_date,
        "end_date": end_date,
    }


def wage_job_create(
    *,
    user: User,
    client_id: int,
    unit_id: int,
    title: str,
    weekly_hours,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> WageJob:
    """A paid job of a client the user works with (else 404, as for any client outside the
    relationship)."""
    require_wage_work(user)
    client = client_get(
        user=user, client_id=client_id, target="wage_job", action=AccessAction.CREATE
    )
    errors = FieldErrors()
    terms = _terms_clean(
        user,
        errors,
        unit_id=unit_id,
        title=title,
        weekly_hours=weekly_hours,
        start_date=start_date,
        end_date=end_date,
    )
    errors.raise_if_any()
    with transaction.atomic():
        job = WageJob.objects.create(
            organization_id=user.organization_id, client=client, created_by=user, **terms
        )
    return job


def wage_job_update(
    *,
    user: User,
    job: WageJob,
    version: int,
    unit_id: int,
    title: str,
    weekly_hours,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> WageJob:
    """New terms of the job (e.g. its end). A stale `version` → 409."""
    require_wage_work(user)
    errors = FieldErrors()
    terms = _terms_clean(
        user,
        errors,
        unit_id=unit_id,
        title=title,
        weekly_hours=weekly_hours,
        start_date=start_date,
        end_date=end_date,
    )
    errors.raise_if_any()
    with transaction.atomic():
        locked = WageJob.objects.select_for_update().get(pk=job.pk)
        if locked.version != version:
            raise Conflict(
                _("The job has changed since you opened it."),
                {"version": _("The job has changed since you opened it.")},
            )
        for name in FIELDS:
            setattr(locked, name, terms[name])
        locked.version += 1
        locked.save(update_fields=[*FIELDS, "version"])
        access_log_record(
            user=user, client_ids=[locked.client_id], action=AccessAction.UPDATE, target="wage_job"
        )
    return locked
