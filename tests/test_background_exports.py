"""Exports and invoice runs in the background worker: the THL dataset, the employer register,
the payroll CSV and the work-share payment list are made by the worker into a file kept in
the database for the one who started the job, for a retention time; the month's invoices are
made by the worker. Each shows its progress on the job's page and in the API; a failed job
leaves nothing written and can be started again."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests import test_subcontracting_pay, test_thl_export, test_workact_money
from tests.background import run_queued_tasks
from tests.pages_support import days_ago, login
from tests.test_subcontracting_support import (
    group_of,
    hours,
    invoicing_ready,
    member_of,
    order_for,
    vat_rates_ensure,
)
from tyopolku.audit.models import AccessLogEntry, ChangeLogEntry
from tyopolku.background.models import Job, JobFile
from tyopolku.background.services import PROGRESS_EVERY, counted
from tyopolku.core.errors import Conflict
from tyopolku.employers.models import Employer
from tyopolku.files import spreadsheets
from tyopolku.subcontracting.invoice_runs import invoice_run_start
from tyopolku.subcontracting.models import Invoice, InvoiceNumberSeries, VatRate

# The other tests' data: the THL export's consenting clients, a month of group work's hours
# and of work activity's attendance.
people = test_thl_export.people
month_of_work = test_subcontracting_pay.month_of_work
agreement = test_workact_money.agreement

D = datetime.date
THL = {"on": "2026-03-01", "study": "ips-pilot"}


def csv_rows(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


# --- Progress ----------------------------------------------------------------------------


def test_it_reports_the_progress_of_an_export_as_its_rows_are_written():
    seen = []
    rows = range(PROGRESS_EVERY * 2 + 5)

    assert list(counted(rows, total=len(rows), progress=lambda d, t: seen.append((d, t)))) == list(
        rows
    )

    n = len(rows)
    assert seen == [(0, n), (PROGRESS_EVERY, n), (PROGRESS_EVERY * 2, n), (n, n)]


def test_it_never_reports_more_done_than_total_when_rows_were_added_meanwhile():
    seen = []
    list(counted(range(3), total=2, progress=lambda d, t: seen.append((d, t))))
    assert seen[-1] == (3, 3)


# --- The THL dataset -----------------------------------------------------------------------


def test_it_makes_the_thl_dataset_in_the_worker_with_the_rows_of_the_direct_export(
    people, supervisor, api_as
):
    api = api_as(supervisor)
    direct = api.get("/exports/thl-evaluation?on=2026-03-01&study=ips-pilot").content
    AccessLogEntry.objects.all().delete()

    queued = api.post("/exports/thl-evaluation/jobs", THL)

    assert queued.status_code == 202
    job = queued.json()
    assert (job["kind"], job["status"], job["file"]) == ("thl_export", "queued", None)
    assert not AccessLogEntry.objects.filter(target="thl_export").exists()
    assert run_queued_tasks() == 1
    done = api.get(f"/jobs/{job['id']}").json()
    assert (done["status"], done["done"], done["total"]) == ("done", 2, 2)
    # The API speaks Finnish unless asked otherwise; the job writes in its starter's language.
    assert done["message"] == "Aineisto on valmis: 2 asiakasta."
    assert done["file"]["name"] == "thl-evaluation-2026-03-01.csv"
    assert done["file"]["size"] == len(direct)
    answer = api.get(f"/jobs/{job['id']}/file")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert answer.content == direct
    logged = AccessLogEntry.objects.filter(target="thl_export", action="export")
    assert sorted(logged.values_list("client_id", flat=True)) == sorted(
        [people["aino"].pk, people["bertta"].pk]
    )
    assert set(logged.values_list("channel", flat=True)) == {f"job thl_export {job['id']}"}


def test_it_hands_the_file_only_to_the_one_who_started_the_job(
    people, supervisor, admin, evaluator, api_as
):
    job = api_as(supervisor).post("/exports/thl-evaluation/jobs", THL).json()
    run_queued_tasks()

    assert api_as(admin).get(f"/jobs/{job['id']}").status_code == 200  # sees how it went
    assert api_as(admin).get(f"/jobs/{job['id']}/file").status_code == 404
    assert api_as(evaluator).get(f"/jobs/{job['id']}/file").status_code == 404
    assert api_as(supervisor).get(f"/jobs/{job['id']}/file").status_code == 200


def test_it_names_the_bad_field_at_once_and_queues_nothing(supervisor, coach, api_as):
    bad = api_as(supervisor).post("/exports/thl-evaluation/jobs", {**THL, "study": "a b"})
    refused = api_as(coach).post("/exports/thl-evaluation/jobs", THL)

    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["study"]
    assert refused.status_code == 403
    assert not Job.objects.exists()


def test_it_fails_the_job_leaving_nothing_when_the_role_changed_and_runs_it_again(
    people, evaluator, api_as
):
    job = api_as(evaluator).post("/exports/thl-evaluation/jobs", THL).json()
    evaluator.role = "job_coach"
    evaluator.save(update_fields=["role"])

    run_queued_tasks()

    failed = Job.objects.get(pk=job["id"])
    # Written in the language of the one who started it (the API's default, Finnish).
    assert (failed.status, failed.message) == ("failed", "Roolillasi ei ole pääsyä raportteihin.")
    assert not JobFile.objects.exists()
    assert not AccessLogEntry.objects.filter(target="thl_export").exists()

    evaluator.role = "evaluator"
    evaluator.save(update_fields=["role"])
    again = api_as(evaluator).post("/exports/thl-evaluation/jobs", THL).json()
    run_queued_tasks()
    assert Job.objects.get(pk=again["id"]).status == "done"
    assert AccessLogEntry.objects.filter(target="thl_export").count() == 2


def test_it_starts_the_dataset_from_its_page_and_shows_the_download(client, people, supervisor):
    login(client, supervisor)
    assert "pseudonym" in client.get(reverse("thl_export")).content.decode()

    answer = client.post(reverse("thl_export"), {"on": "2026-03-01", "study": "ips-pilot"})

    job = Job.objects.get()
    status = reverse("job_status", args=[job.pk])
    assert (answer.status_code, answer.url) == (302, status)
    waiting = client.get(status).content.decode()
    assert "<progress" in waiting and 'hx-trigger="every 2s"' in waiting
    assert reverse("job_file", args=[job.pk]) not in waiting
    run_queued_tasks()
    ready = client.get(status).content.decode()
    assert reverse("job_file", args=[job.pk]) in ready
    assert "thl-evaluation-2026-03-01.csv" in ready
    assert reverse("thl_export") in ready  # back to where it was started
    download = client.get(reverse("job_file", args=[job.pk]))
    assert csv_rows(download.content, ",")[0][0] == "pseudonym"


def test_it_sends_the_form_back_with_the_bad_field(client, supervisor):
    login(client, supervisor)

    answer = client.post(reverse("thl_export"), {"on": "2026-03-01", "study": "a b"})

    assert answer.status_code == 200
    assert "letters, digits" in answer.content.decode()
    assert not Job.objects.exists()


# --- Retention -------------------------------------------------------------------------------


def test_it_deletes_the_file_after_the_retention_time(people, supervisor, client, api_as, settings):
    settings.EXPORT_FILE_RETENTION_HOURS = 2
    job = api_as(supervisor).post("/exports/thl-evaluation/jobs", THL).json()
    run_queued_tasks()
    kept = JobFile.objects.get()
    assert timezone.now() + datetime.timedelta(minutes=119) < kept.expires_at
    assert kept.expires_at < timezone.now() + datetime.timedelta(minutes=121)

    JobFile.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert api_as(supervisor).get(f"/jobs/{job['id']}/file").status_code == 404
    assert api_as(supervisor).get(f"/jobs/{job['id']}").json()["file"] is None
    call_command("purge_job_files", stdout=io.StringIO())
    assert not JobFile.objects.exists()
    page = login(client, supervisor).get(reverse("job_status", args=[job["id"]]))
    assert "not kept any more" in page.content.decode()


def test_the_worker_deletes_expired_files_before_each_job(people, supervisor, api_as):
    api_as(supervisor).post("/exports/thl-evaluation/jobs", THL)
    run_queued_tasks()
    JobFile.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    api_as(supervisor).post("/exports/thl-evaluation/jobs", THL)
    run_queued_tasks()

    assert JobFile.objects.count() == 1


# --- The employer register -------------------------------------------------------------------


def test_it_exports_the_register_in_the_worker_from_the_page(client, supervisor, org):
    Employer.objects.create(organization=org, name="=Kaava Oy", business_id="0737546-2")
    Employer.objects.create(organization=org, name="Toinen Oy", business_id="2077474-0")
    login(client, supervisor)
    form = f'method="post" action="{reverse("employer_export")}"'
    assert form in client.get(reverse("employer_list")).content.decode()

    answer = client.post(reverse("employer_export"))

    job = Job.objects.get(kind="employer_export")
    assert answer.url == reverse("job_status", args=[job.pk])
    assert not ChangeLogEntry.objects.filter(action="export").exists()
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    download = client.get(reverse("job_file", args=[job.pk]))
    assert download["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).worksheets[0]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["=Kaava Oy", "Toinen Oy"]
    assert sheet["A2"].data_type == "s"  # text, never a formula: the one safe writer
    assert (
        ChangeLogEntry.objects.filter(object_type="employer_register", action="export").count() == 1
    )


def test_it_queues_the_register_export_in_the_api_for_managers_only(supervisor, coach, api_as):
    assert api_as(coach).post("/employers/export/jobs").status_code == 403

    queued = api_as(supervisor).post("/employers/export/jobs")

    assert (queued.status_code, queued.json()["kind"]) == (202, "employer_export")


# --- The payroll CSV and the payment list ----------------------------------------------------


def test_it_makes_the_payroll_csv_in_the_worker_as_the_direct_download(
    client,
    supervisor,
    month_of_work,
):
    login(client, supervisor)
    direct = client.get("/group-work/pay.csv", {"month": "2024-09"}).content
    AccessLogEntry.objects.filter(action="export").delete()

    answer = client.post("/group-work/pay.csv?month=2024-09")

    job = Job.objects.get(kind="pay_export")
    assert answer.url == reverse("job_status", args=[job.pk])
    assert job.params == {"month": "2024-09-01"}
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    assert client.get(reverse("job_file", args=[job.pk])).content == direct
    assert AccessLogEntry.objects.filter(action="export", target="pay_summary").count() == 1


def test_it_makes_the_payment_list_in_the_worker_as_the_direct_download(
    client,
    supervisor,
    agreement,
):
    login(client, supervisor)
    direct = client.get("/work-activity/work-share.csv?month=2026-03").content
    AccessLogEntry.objects.filter(action="export").delete()

    answer = client.post("/work-activity/work-share.csv?month=2026-03")

    job = Job.objects.get(kind="work_share_export")
    assert answer.url == reverse("job_status", args=[job.pk])
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.message) == (
        "done",
        1,
        1,
        "The payment list is ready: 1 participant.",
    )
    download = client.get(reverse("job_file", args=[job.pk]))
    assert download.content == direct
    assert download["Content-Disposition"] == 'attachment; filename="tyoosuusraha-2026-03.csv"'
    assert AccessLogEntry.objects.filter(action="export", target="work_share_money").count() == 1


# --- Invoice runs ----------------------------------------------------------------------------


@pytest.fixture
def work_to_invoice(supervisor, unit, client_record):
    """Hours for two customers in the last month."""
    invoicing_ready(supervisor.organization)
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record, start=days_ago(90))
    first = order_for(supervisor, group, price="30.00", start=days_ago(90))
    hours(supervisor, first, member, days_ago(3), "7.5")
    other = order_for(
        supervisor,
        group,
        Employer.objects.create(
            organization=supervisor.organization, name="Bostads Ab", business_id="2077474-0"
        ),
        price="20.00",
        start=days_ago(90),
    )
    hours(supervisor, other, member, days_ago(2), "2")
    return {"period_start": days_ago(30), "period_end": days_ago(0)}


def test_it_makes_the_months_invoices_in_the_worker_from_the_page(
    client, supervisor, work_to_invoice
):
    login(client, supervisor)
    period = {name: day.isoformat() for name, day in work_to_invoice.items()}

    answer = client.post(reverse("invoice_list"), period)

    job = Job.objects.get(kind="invoice_run")
    assert answer.url == reverse("job_status", args=[job.pk])
    assert (job.status, job.done, job.total) == ("queued", 0, 2)
    assert "<progress" in client.get(answer.url).content.decode()
    assert not Invoice.objects.exists()
    run_queued_tasks()
    job.refresh_from_db()
    invoices = list(Invoice.objects.order_by("number"))
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    assert job.created_ids == [invoice.pk for invoice in invoices]
    assert job.message == (f"2 invoices made: numbers {invoices[0].number}–{invoices[1].number}.")
    # The same invoices as a run in the request: 7.5 h × 30 € + 25.5 % and 2 h × 20 € + 25.5 %.
    assert sorted(str(invoice.total) for invoice in invoices) == ["282.38", "50.20"]
    assert invoices[0].invoice_date == timezone.localdate()
    page = client.get(answer.url).content.decode()
    assert job.message in page and reverse("invoice_list") in page


def test_it_runs_one_invoice_run_of_an_organisation_at_a_time(
    supervisor, admin, api_as, work_to_invoice
):
    period = {name: day.isoformat() for name, day in work_to_invoice.items()}
    queued = api_as(supervisor).post("/invoices/run-jobs", period)
    assert queued.status_code == 202

    assert api_as(admin).post("/invoices/run-jobs", period).status_code == 409

    run_queued_tasks()
    job = api_as(supervisor).get(f"/jobs/{queued.json()['id']}").json()
    assert job["status"] == "done"
    assert sorted(job["created_ids"]) == sorted(Invoice.objects.values_list("pk", flat=True))
    # Run again for the period, it makes nothing new.
    again = api_as(admin).post("/invoices/run-jobs", period).json()
    run_queued_tasks()
    # "No hours left to invoice in the period." in the API's default language
    assert Job.objects.get(pk=again["id"]).message == "Jaksolla ei ole laskuttamattomia tunteja."
    assert Invoice.objects.count() == 2


def test_it_tells_a_bad_period_and_missing_invoicing_details_at_once(supervisor, outsider, api_as):
    bad = api_as(supervisor).post(
        "/invoices/run-jobs", {"period_start": "2024-09-30", "period_end": "2024-09-01"}
    )
    no_details = api_as(outsider).post(
        "/invoices/run-jobs", {"period_start": "2024-09-01", "period_end": "2024-09-30"}
    )

    assert [e["field"] for e in bad.json()["errors"]] == ["period_end"]
    assert [e["field"] for e in no_details.json()["errors"]] == ["iban"]
    assert not Job.objects.exists()


def test_a_failed_invoice_run_makes_nothing_and_can_be_started_again(supervisor, work_to_invoice):
    job = invoice_run_start(user=supervisor, **work_to_invoice)
    series_before = list(InvoiceNumberSeries.objects.values_list("next_number", flat=True))
    VatRate.objects.all().delete()  # an administrator removed the rates while the job waited

    run_queued_tasks()

    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "No VAT rate is set: an administrator adds one.")
    assert (job.created_ids, Invoice.objects.count()) == ([], 0)
    assert list(InvoiceNumberSeries.objects.values_list("next_number", flat=True)) in (
        series_before,
        [InvoiceNumberSeries._meta.get_field("next_number").default],
    )

    vat_rates_ensure()
    again = invoice_run_start(user=supervisor, **work_to_invoice)
    run_queued_tasks()
    again.refresh_from_db()
    assert again.status == "done"
    assert len(again.created_ids) == Invoice.objects.count() == 2


def test_it_refuses_a_second_run_while_one_is_queued(supervisor, admin, work_to_invoice):
    invoice_run_start(user=supervisor, **work_to_invoice)

    with pytest.raises(Conflict, match="under way"):
        invoice_run_start(user=admin, **work_to_invoice)
