"""The invoice run in the background: the page and the API queue it, the worker makes the
invoices with `services.invoice_run` (the same invoices as a run in the request), and the
job tells how far it got and which invoices it made. One run of an organisation at a time:
the number series is locked for a run anyway."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tyopolku.accounts.models import User
from tyopolku.background.models import Job
from tyopolku.background.selectors import job_active_exists
from tyopolku.background.services import Progress, job_created_record, job_enqueue
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict
from tyopolku.subcontracting.access import require_invoicing
from tyopolku.subcontracting.models import WorkLog
from tyopolku.subcontracting.services import (
    invoice_period_check,
    invoice_run,
    invoicing_setting_for,
)
from tyopolku.subcontracting.tasks import invoice_run_task


def _customers_to_invoice(user: User, start: datetime.date, end: datetime.date) -> int:
    """How many invoices the run will make, as far as can be told before it runs."""
    return (
        WorkLog.objects.filter(
            order__organization_id=user.organization_id,
            date__range=(start, end),
            superseded_by__isnull=True,
            invoice_line__isnull=True,
        )
        .values("order__customer_id")
        .distinct()
        .count()
    )


@transaction.atomic
def invoice_run_start(
    *, user: User, period_start: datetime.date, period_end: datetime.date
) -> Job:
    """Queue the period's invoice run after the checks that need no waiting (the period,
    the organisation's invoicing details), so that they are told at once. The invoices are
    dated on the day the run was started, whenever the worker gets to it."""
    require_invoicing(user)
    invoice_period_check(period_start, period_end)
    invoice_date = today()
    invoicing_setting_for(user, invoice_date)
    if job_active_exists(kind=Job.Kind.INVOICE_RUN, object_id=user.organization_id):
        raise Conflict(_("An invoice run is under way already: wait for it to end."))
    return job_enqueue(
        user=user,
        kind=Job.Kind.INVOICE_RUN,
        object_id=user.organization_id,
        task=invoice_run_task,
        total=_customers_to_invoice(user, period_start, period_end),
        params={
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "invoice_date": invoice_date.isoformat(),
        },
    )


def invoice_run_work(job: Job, progress: Progress) -> str:
    """The worker's part: the run and the record of its invoices in one transaction; a
    refusal (no VAT rate, no invoicing details) leaves no invoice and no used number."""
    params = {name: datetime.date.fromisoformat(value) for name, value in job.params.items()}
    with transaction.atomic():
        invoices = invoice_run(user=job.created_by, **params)
        job_created_record(job=job, ids=[invoice.pk for invoice in invoices])
    progress(len(invoices), len(invoices))
    if not invoices:
        return _("No hours left to invoice in the period.")
    return ngettext(
        "%(count)s invoice made: number %(first)s.",
        "%(count)s invoices made: numbers %(first)s–%(last)s.",
        len(invoices),
    ) % {"count": len(invoices), "first": invoices[0].number, "last": invoices[-1].number}
