"""The reports' background work (run by `manage.py db_worker`)."""

from django.tasks import task

from tyopolku.background.services import job_run


@task
def thl_export_task(*, job_id: int) -> None:
    # Imported here: the export's service queues this task, so it imports this module.
    from tyopolku.reports.thl import thl_export_work

    job_run(job_id=job_id, work=thl_export_work)
