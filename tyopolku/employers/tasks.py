"""The employer register's background work (run by `manage.py db_worker`)."""

from django.tasks import task

from tyopolku.background.services import job_run


@task
def employer_import_task(*, job_id: int) -> None:
    # Imported here: the import service queues this task, so it imports this module.
    from tyopolku.employers.imports import employer_import_work

    job_run(job_id=job_id, work=employer_import_work)


@task
def employer_export_task(*, job_id: int) -> None:
    from tyopolku.employers.imports import employer_export_work

    job_run(job_id=job_id, work=employer_export_work)
