"""A month's work-share money statements of many participants in one PDF, a statement a
page, made by the background worker (it grows with the organisation). Each statement is the
one the participant's own statement page shows (selectors.work_share_statements) in the same
printed form (_statement_body.html)."""

import datetime
import io
from pathlib import Path

from django.db import transaction
from django.utils.translation import ngettext

from tyopolku.accounts.models import User
from tyopolku.background.models import Job
from tyopolku.background.services import Progress, job_file_store
from tyopolku.files.pdf import render_pdf
from tyopolku.workactivity.payment_list import month_export_start
from tyopolku.workactivity.selectors import work_share_statements
from tyopolku.workactivity.tasks import work_share_statements_task

STYLESHEET = Path(__file__).parent / "static" / "workactivity" / "statements_pdf.css"
PDF = "application/pdf"


def statements_export_start(*, user: User, month: datetime.date) -> Job:
    """Queue the month's statements (like the payment list)."""
    return month_export_start(
        user=user, kind=Job.Kind.WORK_SHARE_STATEMENTS, task=work_share_statements_task, month=month
    )


def statements_pdf(statements: list, month: datetime.date) -> bytes:
    return render_pdf(
        "workactivity/statements_pdf.html",
        {"statements": statements, "month": month},
        stylesheets=[STYLESHEET],
    )


def statements_export_work(job: Job, progress: Progress) -> str:
    """The worker's part: the statements read with the user's rights (logged as exported
    when the job ends), the PDF rendered, then stored."""
    month = datetime.date.fromisoformat(job.params["month"])
    statements = work_share_statements(user=job.created_by, month=month)
    progress(0, len(statements))
    pdf = statements_pdf(statements, month)
    progress(len(statements), len(statements))
    with transaction.atomic():
        job_file_store(
            job=job,
            name=f"tyoosuusrahat-{month:%Y-%m}.pdf",
            content_type=PDF,
            file=io.BytesIO(pdf),
        )
    return ngettext(
        "The statements are ready: %(count)s participant.",
        "The statements are ready: %(count)s participants.",
        len(statements),
    ) % {"count": len(statements)}
