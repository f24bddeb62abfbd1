"""Running the queued background tasks inside a test, as the worker (`manage.py db_worker`)
would: each task claimed and run by django-tasks-db's own worker code. The worker's loop is
left out because it closes old database connections, which would end the test's transaction;
tests/test_background.py runs the real command once, in a test with committed data."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tyopolku.background.models import Job
from tyopolku.core.dates import today
from tyopolku.employers.imports import employer_import_start
from tyopolku.reports.thl import thl_export_start


def run_queued_tasks() -> int:
    """Run every task that is ready; the number run."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    count = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        count += 1
    return count


def world_job(w) -> Job:
    """The access policy's job: the world's spreadsheet import queued by its supervisor."""
    existing = Job.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    return employer_import_start(user=w.worker_link.user, employer_import=w.employer_import)


def world_export_job(w) -> Job:
    """The access policy's export: the world's THL dataset made for its supervisor, its file
    kept."""
    existing = Job.objects.filter(organization=w.org, kind=Job.Kind.THL_EXPORT).first()
    if existing is not None:
        return existing
    job = thl_export_start(user=w.worker_link.user, on=today(), study="ips-pilot")
    run_queued_tasks()
    return job
