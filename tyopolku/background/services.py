"""Long work (imports, exports) runs in the background worker, not in the request: a service
queues it as a Job with `job_enqueue`, the worker's task calls `job_run`, and the pages and
the API read the Job's progress. The queue is Django's tasks framework with the
database-backed worker of django-tasks-db (`manage.py db_worker`)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.tasks import Task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.services import access_log_kept
from tyopolku.background.models import Job
from tyopolku.core.errors import DomainError

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def job_enqueue(*, user: User, kind: Job.Kind, object_id: int, task: Task, total: int = 0) -> Job:
    """Queue `task(job_id=…)`. The queue row is written in the caller's transaction: if the
    caller rolls back, the work is never started; the worker sees it once committed."""
    job = Job.objects.create(
        organization_id=user.organization_id,
        created_by=user,
        kind=kind,
        object_id=object_id,
        total=total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.task_id = str(task.enqueue(job_id=job.pk).id)
    job.save(update_fields=["task_id"])
    return job


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
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        # The worker serves every user: it writes in the language of the one who started it.
        # What the work read is logged in one insert when it ends, even if it failed.
        with translation.override(job.language), access_log_kept():
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
