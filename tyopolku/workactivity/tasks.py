"""Open work activity's background work (run by `manage.py db_worker`)."""

from django.tasks import task

from tyopolku.background.services import job_run


@task
def work_share_export_task(*, job_id: int) -> None:
    # Imported here: the payment list queues this task, so it imports this module.
    from tyopolku.workactivity.payment_list import work_share_export_work

    job_run(job_id=job_id, work=work_share_export_work)


@task
def work_share_statements_task(*, job_id: int) -> None:
    from tyopolku.workactivity.statements import statements_export_work

    job_run(job_id=job_id, work=statements_export_work)
