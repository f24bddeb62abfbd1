"""Group work's background work (run by `manage.py db_worker`)."""

from django.tasks import task

from tyopolku.background.services import job_run


@task
def pay_export_task(*, job_id: int) -> None:
    # Imported here: the services queue these tasks, so they import this module.
    from tyopolku.subcontracting.pay import pay_export_work

    job_run(job_id=job_id, work=pay_export_work)


@task
def invoice_run_task(*, job_id: int) -> None:
    from tyopolku.subcontracting.invoice_runs import invoice_run_work

    job_run(job_id=job_id, work=invoice_run_work)
