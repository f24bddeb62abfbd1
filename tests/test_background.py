"""Long work in the background: an employer import queued by the page or the API, run by the
worker (`manage.py db_worker`), its progress and outcome shown on the page and in the API, a
failure that leaves nothing written and can be started again."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.background import run_queued_tasks
from tests.pages_support import login
from tests.test_employer_import import business_id, csv_bytes
from tyopolku.audit.models import ChangeLogEntry
from tyopolku.background.models import Job
from tyopolku.core.errors import Conflict
from tyopolku.employers.imports import employer_import_create, employer_import_start
from tyopolku.employers.models import Employer, EmployerImport
from tyopolku.employers.services import employer_create


def an_import(user, *names_and_ids) -> EmployerImport:
    rows = [["Yritys", "Y-tunnus"], *names_and_ids]
    return employer_import_create(
        user=user, file_name="lista.csv", file=io.BytesIO(csv_bytes(rows))
    )[0]


def test_it_queues_the_import_and_writes_nothing_before_the_worker_runs(supervisor):
    employer_import = an_import(supervisor, ["Eka Oy", business_id()], ["Toka Oy", business_id()])

    job = employer_import_start(user=supervisor, employer_import=employer_import)

    assert (job.status, job.kind, job.object_id, job.total) == (
        "queued",
        "employer_import",
        employer_import.pk,
        2,
    )
    assert not Employer.objects.exists()
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    assert job.message == "Imported 2 employers and 0 contact persons."
    assert job.started_at <= job.finished_at
    assert sorted(Employer.objects.values_list("name", flat=True)) == ["Eka Oy", "Toka Oy"]


def test_it_queues_an_import_once(supervisor, admin):
    employer_import = an_import(supervisor, ["Eka Oy", business_id()])
    employer_import_start(user=supervisor, employer_import=employer_import)

    with pytest.raises(Conflict, match="being imported already"):
        employer_import_start(user=admin, employer_import=employer_import)

    assert Job.objects.count() == 1
    run_queued_tasks()
    assert Employer.objects.count() == 1


def test_it_fails_the_job_and_writes_nothing_when_the_register_changed_while_it_waited(
    supervisor,
):
    taken, free = business_id(), business_id()
    employer_import = an_import(supervisor, ["Varattu Oy", taken], ["Vapaa Oy", free])
    job = employer_import_start(user=supervisor, employer_import=employer_import)
    employer_create(user=supervisor, name="Varattu Oy (käsin)", business_id=taken)

    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("Nothing was imported")
    assert list(Employer.objects.values_list("name", flat=True)) == ["Varattu Oy (käsin)"]
    employer_import.refresh_from_db()
    assert (employer_import.status, employer_import.accepted_count) == ("previewed", 1)

    # Started again, the job imports what is still accepted.
    again = employer_import_start(user=supervisor, employer_import=employer_import)
    run_queued_tasks()
    again.refresh_from_db()
    assert again.status == "done"
    assert Employer.objects.filter(name="Vapaa Oy").exists()


def test_it_shows_the_progress_on_the_page_until_the_job_ends(client, supervisor):
    login(client, supervisor)
    employer_import = an_import(supervisor, ["Eka Oy", business_id()])
    preview = reverse("employer_import_preview", args=[employer_import.pk])

    answer = client.post(preview, {"action": "import"})

    assert answer.status_code == 302 and answer.url == preview
    job = Job.objects.get()
    page = client.get(preview).content.decode()
    assert 'role="status"' in page and "<progress" in page
    assert reverse("job_status", args=[job.pk]) in page
    assert 'value="import"' not in page  # no second Import button while it is queued
    polled = client.get(reverse("job_status", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in polled.content.decode()
    assert "HX-Refresh" not in polled

    run_queued_tasks()

    finished = client.get(reverse("job_status", args=[job.pk]), headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()
    assert "Imported 1 employers and 0 contact persons." in finished.content.decode()
    assert ": 1 employers and 0 contact persons." in client.get(preview).content.decode()


def test_it_shows_a_failed_job_on_the_preview_so_that_it_can_be_started_again(client, supervisor):
    login(client, supervisor)
    taken = business_id()
    employer_import = an_import(supervisor, ["Varattu Oy", taken], ["Vapaa Oy", business_id()])
    preview = reverse("employer_import_preview", args=[employer_import.pk])
    client.post(preview, {"action": "import"})
    employer_create(user=supervisor, name="Varattu Oy", business_id=taken)
    run_queued_tasks()

    page = client.get(preview).content.decode()

    assert "Nothing was imported" in page
    assert 'value="import"' in page


def test_it_answers_the_job_in_the_api_only_to_its_starter_and_the_managers(
    supervisor, admin, coach, outsider, api_as
):
    employer_import = an_import(supervisor, ["Eka Oy", business_id()])
    job = employer_import_start(user=supervisor, employer_import=employer_import)

    assert api_as(supervisor).get(f"/jobs/{job.pk}").json()["status"] == "queued"
    assert api_as(admin).get(f"/jobs/{job.pk}").status_code == 200
    assert api_as(coach).get(f"/jobs/{job.pk}").status_code == 404
    assert api_as(outsider).get(f"/jobs/{job.pk}").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_queued_import_in_the_real_worker_command(supervisor):
    employer_import = an_import(supervisor, ["Eka Oy", business_id()])
    job = employer_import_start(user=supervisor, employer_import=employer_import)

    call_command("db_worker", batch=True, startup_delay=False, reload=False)

    job.refresh_from_db()
    assert job.status == "done"
    assert Employer.objects.get().name == "Eka Oy"


def test_it_imports_many_rows_in_a_fixed_number_of_queries(
    supervisor, django_assert_max_num_queries
):
    rows = [[f"Yritys {n} Oy", business_id()] for n in range(300)]
    employer_import = an_import(supervisor, *rows)
    job = employer_import_start(user=supervisor, employer_import=employer_import)

    # Bulk writes: the employers, their change log, the job's bookkeeping and the file read
    # again; not a query per row (300 rows wrote well over 1 000 queries before).
    with django_assert_max_num_queries(40):
        run_queued_tasks()

    job.refresh_from_db()
    assert job.status == "done", job.message
    assert Employer.objects.count() == 300
    assert ChangeLogEntry.objects.filter(object_type="employer", action="create").count() == 300
