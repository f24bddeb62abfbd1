"""Long work (imports, exports) runs in the background worker, not in the request: a service
queues it as a Job with `job_enqueue`, the worker's task calls `job_run`, and the pages and
the API read the Job's progress. The queue is Django's tasks framework with the
database-backed worker of django-tasks-db (`manage.py db_worker`)."""

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.tasks import Task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.services import access_channel, access_log_kept
from tyopolku.background.models import Job, JobFile
from tyopolku.core.errors import DomainError

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# How often an export reports its progress (rows).
PROGRESS_EVERY = 1000


def job_enqueue(
    *,
    user: User,
    kind: Job.Kind,
    object_id: int,
    task: Task,
    total: int = 0,
    params: dict[str, Any] | None = None,
) -> Job:
    """Queue `task(job_id=…)`. The queue row is written in the caller's transaction: if the
    caller rolls back, the work is never started; the worker sees it once committed."""
    job = Job.objects.create(
        organization_id=user.organization_id,
        created_by=user,
        kind=kind,
        object_id=object_id,
        total=total,
        params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.task_id = str(task.enqueue(job_id=job.pk).id)
    job.save(update_fields=["task_id"])
    return job


@transaction.atomic
def job_export_enqueue(
    *, user: User, kind: Job.Kind, task: Task, params: dict[str, Any] | None = None
) -> Job:
    """Queue an export of the user's organisation. The access checks are the caller's; the
    work checks them again, as the user's role may change while the job waits."""
    return job_enqueue(
        user=user, kind=kind, object_id=user.organization_id, task=task, params=params
    )


def job_file_store(*, job: Job, name: str, content_type: str, file: IO[bytes]) -> JobFile:
    """Keep the work's file for the one who started the job, until the retention time
    (settings.EXPORT_FILE_RETENTION_HOURS) ends. Called inside the work's transaction,
    together with the log of what the file holds: both are written, or neither."""
    content = file.read()
    return JobFile.objects.create(
        job=job,
        organization_id=job.organization_id,
        name=name,
        content_type=content_type,
        content=content,
        size=len(content),
        expires_at=timezone.now()
        + datetime.timedelta(hours=settings.EXPORT_FILE_RETENTION_HOURS),
    )


def job_created_record(*, job: Job, ids: list[int]) -> None:
    """The records the work made (an invoice run's invoices), in the work's transaction."""
    Job.objects.filter(pk=job.pk).update(created_ids=ids)


def job_files_purge() -> int:
    """Delete the files kept past their retention time; the number deleted. Each job the
    worker runs does it first, and `manage.py purge_job_files` for a quiet worker."""
    return JobFile.objects.filter(expires_at__lte=timezone.now()).delete()[0]


def counted[T](rows: Iterable[T], *, total: int, progress: Progress) -> Iterator[T]:
    """`rows` as they are, reporting every PROGRESS_EVERY of them to the job. An export
    reads and writes its file outside any transaction, so the page sees the progress."""
    done = 0
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, max(done, total))
    progress(done, max(done, total))


def _progress(job_id: int) -> Progress:
    def report(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    return report


def job_run(*, job_id: int, work: Callable[[Job, Progress], str]) -> None:
    """Run `work` for a queued job and record how it ended. `work` does its writing in one
    transaction of its own, so that a failure leaves nothing half-written; it returns the
    sentence that tells the user what was done. A domain error (the data changed, a rule
    refused) fails the job with its message; anything else fails it with a general message
    and is raised again, so that the queue keeps the traceback. A failed job can be started
    again by the service that queued it."""
    job_files_purge()
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        # The worker serves every user: it writes in the language of the one who started it,
        # and the access log names the job as the channel its reads went through. What the
        # work read is logged in one insert when it ends, even if it failed.
        with (
            translation.override(job.language),
            access_channel(f"job {job.kind} {job.pk}"),
            access_log_kept(),
        ):
            message = work(job, _progress(job_id))
    except DomainError as error:
        _finish(job_id, Job.Status.FAILED, error.message)
        return
    except Exception:
        logger.exception("Background job %s failed", job_id)
        _finish(
            job_id,
            Job.Status.FAILED,
            _("The work failed unexpectedly and nothing was saved. Try again."),
        )
        raise
    _finish(job_id, Job.Status.DONE, message)


def _finish(job_id: int, status: Job.Status, message: str) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job_id).update(
            status=status, message=message, finished_at=timezone.now()
        )
