"""The month's work-share money as a CSV payment list: at once (GET of the page's address) or
made by the background worker (the page's button), the same rows either way."""

import datetime
from collections.abc import Iterator

from django.db import transaction
from django.tasks import Task
from django.utils.translation import ngettext

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.background.models import Job
from tyopolku.background.services import Progress, counted, job_export_enqueue, job_file_store
from tyopolku.files import spreadsheets
from tyopolku.workactivity.access import require_work_activity
from tyopolku.workactivity.selectors import WorkShareSummary, work_share_summary
from tyopolku.workactivity.tasks import work_share_export_task

HEADER = [
    "client_id",
    "last_name",
    "first_name",
    "days_present",
    "days_half",
    "days_ill",
    "days_absent_other",
    "amount",
    "tax_free",
    "taxable",
]


def payment_list_name(summary: WorkShareSummary) -> str:
    return f"tyoosuusraha-{summary.month:%Y-%m}.csv"


def payment_list_rows(summary: WorkShareSummary) -> Iterator[list]:
    """A row per participant, without the header."""
    for row in summary.rows:
        client = row.agreement.client
        yield [
            client.pk,
            client.last_name,
            client.first_name,
            row.present,
            row.half,
            row.ill,
            row.other,
            f"{row.amount:.2f}",
            f"{row.tax_free:.2f}",
            f"{row.taxable:.2f}",
        ]


def payment_list_logged(*, user: User, summary: WorkShareSummary) -> None:
    """Every participant of the list, logged as exported."""
    access_log_record(
        user=user,
        client_ids=[row.agreement.client_id for row in summary.rows],
        action=AccessAction.EXPORT,
        target="work_share_money",
    )


def month_export_start(*, user: User, kind: Job.Kind, task: Task, month: datetime.date) -> Job:
    """Queue a month's export of work activity for the background worker; its file is kept
    for the user (tyopolku/background)."""
    require_work_activity(user)
    return job_export_enqueue(
        user=user, kind=kind, task=task, params={"month": month.replace(day=1).isoformat()}
    )


def work_share_export_start(*, user: User, month: datetime.date) -> Job:
    """Queue the month's payment list."""
    return month_export_start(
        user=user, kind=Job.Kind.WORK_SHARE_EXPORT, task=work_share_export_task, month=month
    )


def work_share_export_work(job: Job, progress: Progress) -> str:
    """The worker's part: the list read with the user's rights, then the file and the log
    of its participants in one transaction."""
    user = job.created_by
    month = datetime.date.fromisoformat(job.params["month"])
    summary = work_share_summary(user=user, month=month)
    out = spreadsheets.CsvFile(delimiter=";", bom=True)  # Excel reads UTF-8 by its BOM
    out.writerow(HEADER)
    out.writerows(counted(payment_list_rows(summary), total=len(summary.rows), progress=progress))
    with out.temporary_file() as file, transaction.atomic():
        payment_list_logged(user=user, summary=summary)
        job_file_store(
            job=job,
            name=payment_list_name(summary),
            content_type=spreadsheets.CSV_CONTENT_TYPE,
            file=file,
        )
    return ngettext(
        "The payment list is ready: %(count)s participant.",
        "The payment list is ready: %(count)s participants.",
        len(summary.rows),
    ) % {"count": len(summary.rows)}
