"""The wage-work model: paid jobs inside the organisation (each a client's employment
contract), counted by the database with the subcontracting groups' employment contracts
against the organisation's paid-jobs target, on the pages, in the API and in the report's
targets."""

import datetime

import pytest

from tests.factories import ClientFactory
from tests.pages_support import days_ago, login
from tests.test_subcontracting_support import group_of
from tests.test_wagework_support import wage_job_of
from tyopolku.audit.models import AccessLogEntry
from tyopolku.core.errors import Conflict, InvalidInput, NotFound
from tyopolku.reports.models import ReportTarget, TargetMetric
from tyopolku.reports.targets import target_progress
from tyopolku.subcontracting.services import group_member_add
from tyopolku.wagework.models import WageJob
from tyopolku.wagework.selectors import paid_jobs_on
from tyopolku.wagework.services import wage_job_create, wage_job_update

D = datetime.date


def _member(user, group, client, start, end=None):
    return group_member_add(
        user=user,
        group=group,
        client_id=client.pk,
        start_date=start,
        end_date=end,
        weekly_hours="20",
        pay_group="A",
    )


@pytest.fixture
def jobs(org, supervisor, unit, client_record):
    """Two wage-work jobs and two group contracts, in force at different times of 2025."""
    other = ClientFactory(organization=org)
    third = ClientFactory(organization=org)
    wage_job_of(supervisor, client_record, unit, start=D(2025, 1, 1), end=D(2025, 6, 30))
    wage_job_of(supervisor, other, unit, start=D(2025, 3, 1), title="Pesulatyöntekijä")
    group = group_of(supervisor, unit)
    _member(supervisor, group, third, D(2025, 2, 1), D(2025, 3, 31))
    _member(supervisor, group, other, D(2025, 6, 30))
    return group


@pytest.mark.parametrize(
    ("day", "wage", "group"),
    [
        (D(2024, 12, 31), 0, 0),
        (D(2025, 1, 1), 1, 0),  # the first day counts
        (D(2025, 3, 1), 2, 1),
        (D(2025, 3, 31), 2, 1),  # the last day counts
        (D(2025, 4, 1), 2, 0),
        (D(2025, 6, 30), 2, 1),
        (D(2025, 7, 1), 1, 1),
    ],
)
def test_it_counts_the_paid_jobs_in_force_on_a_day(org, jobs, day, wage, group):
    count = paid_jobs_on(organization_id=org.pk, day=day)
    assert (count.wage_jobs, count.group_employments, count.total) == (wage, group, wage + group)


def test_it_counts_in_one_query_and_only_its_own_organisation(
    org, other_org, jobs, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert paid_jobs_on(organization_id=org.pk, day=D(2025, 3, 15)).total == 3
    assert paid_jobs_on(organization_id=other_org.pk, day=D(2025, 3, 15)).total == 0


def test_a_paid_jobs_target_shows_the_count_in_force_on_its_last_day(org, supervisor, jobs):
    target = ReportTarget.objects.create(
        organization=org,
        metric=TargetMetric.PAID_JOBS,
        target_value=100,
        period_start=D(2025, 1, 1),
        period_end=D(2025, 3, 31),
    )
    (progress,) = target_progress(user=supervisor, targets=[target])
    assert (progress.value, progress.percent, progress.counted_on) == (3, 3, D(2025, 3, 31))
    running = ReportTarget.objects.create(
        organization=org,
        metric=TargetMetric.PAID_JOBS,
        target_value=100,
        period_start=D(2025, 1, 1),
        period_end=days_ago(-365),
    )
    (progress,) = target_progress(user=supervisor, targets=[running])
    assert progress.counted_on == days_ago(0) and progress.value == 2


def test_the_report_and_its_api_show_the_day_counted(client, api_as, org, supervisor, jobs):
    ReportTarget.objects.create(
        organization=org,
        label="Palkkatyöpaikat",
        metric=TargetMetric.PAID_JOBS,
        target_value=100,
        period_start=D(2025, 1, 1),
        period_end=D(2025, 3, 31),
    )
    login(client, supervisor)
    page = client.get("/reports/?date_from=2025-01-01&date_to=2025-03-31").content.decode()
    assert "Palkkatyöpaikat" in page and "in force on" in page
    (item,) = api_as(supervisor).get("/reports/targets").json()["items"]
    assert (item["metric"], item["value"], item["counted_on"]) == ("paid_jobs", 3, "2025-03-31")


def test_it_refuses_bad_terms_naming_each_field(supervisor, unit, client_record, other_org):
    from tyopolku.accounts.models import Unit

    foreign = Unit.objects.create(organization=other_org, code="X", name="Muu")
    with pytest.raises(InvalidInput) as refused:
        wage_job_create(
            user=supervisor,
            client_id=client_record.pk,
            unit_id=foreign.pk,
            title=" ",
            weekly_hours="0",
            start_date=D(2025, 5, 1),
            end_date=D(2025, 4, 30),
        )
    assert sorted(refused.value.fields) == ["end_date", "title", "unit_id", "weekly_hours"]
    assert WageJob.objects.count() == 0


def test_a_client_outside_the_relationship_is_not_found(org, unit, client_record):
    from tests.conftest import make_user

    stranger = make_user("wc2", org, "work_coach", unit)  # not the client's worker
    with pytest.raises(NotFound):
        wage_job_create(
            user=stranger,
            client_id=client_record.pk,
            unit_id=unit.pk,
            title="Keittiöapulainen",
            weekly_hours="30",
            start_date=D(2025, 1, 1),
        )


def test_a_change_needs_the_version_read(supervisor, unit, client_record):
    job = wage_job_of(supervisor, client_record, unit, start=D(2025, 1, 1))
    terms = {
        "unit_id": unit.pk,
        "title": job.title,
        "weekly_hours": "30",
        "start_date": job.start_date,
        "end_date": D(2025, 12, 31),
    }
    changed = wage_job_update(user=supervisor, job=job, version=1, **terms)
    assert (changed.version, changed.end_date) == (2, D(2025, 12, 31))
    with pytest.raises(Conflict):
        wage_job_update(user=supervisor, job=job, version=1, **terms)


def test_the_api_keeps_jobs_and_counts_them_against_the_target(
    api_as, org, work_coach, supervisor, unit, client_record
):
    api = api_as(work_coach)
    body = {
        "client_id": client_record.pk,
        "unit_id": unit.pk,
        "title": "Keittiöapulainen",
        "weekly_hours": "30",
        "start_date": "2025-01-01",
    }
    refused = api.post("/wage-jobs", {**body, "end_date": "2024-12-31"})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["end_date"]
    response = api.post("/wage-jobs", body)
    assert response.status_code == 201, response.content
    job = response.json()
    assert (job["weekly_hours"], job["version"]) == ("30.00", 1)
    listed = api.get("/wage-jobs?on=2025-02-01").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == job["id"]
    assert api.get("/wage-jobs?on=2024-12-31").json()["count"] == 0
    update = {k: body[k] for k in ("unit_id", "title", "weekly_hours", "start_date")}
    ended = api.put(f"/wage-jobs/{job['id']}", {**update, "end_date": "2025-06-30", "version": 1})
    assert ended.status_code == 200 and ended.json()["version"] == 2
    stale = api.put(f"/wage-jobs/{job['id']}", {**update, "version": 1})
    assert stale.status_code == 409
    ReportTarget.objects.create(
        organization=org,
        metric=TargetMetric.PAID_JOBS,
        target_value=100,
        period_start=D(2022, 1, 1),
        period_end=D(2025, 12, 31),
    )
    counted = api.get("/paid-jobs?on=2025-03-01").json()
    assert counted == {
        "on": "2025-03-01",
        "wage_jobs": 1,
        "group_employments": 0,
        "total": 1,
        "target": 100,
        "target_period_start": "2022-01-01",
        "target_period_end": "2025-12-31",
    }
    assert api.get("/paid-jobs?on=2025-07-01").json()["total"] == 0
    assert api_as(supervisor).get(f"/wage-jobs/{job['id']}").status_code == 200


def test_the_pages_make_and_change_a_job_and_log_the_client(
    client, work_coach, unit, client_record
):
    login(client, work_coach)
    form = {
        "client_id": client_record.pk,
        "title": "Keittiöapulainen",
        "unit_id": unit.pk,
        "weekly_hours": "30,5",
        "start_date": days_ago(10).isoformat(),
    }
    refused = client.post("/wage-work/", {**form, "weekly_hours": "99"})
    assert refused.status_code == 200 and "Give a number from" in refused.content.decode()
    response = client.post("/wage-work/", form)
    assert response.status_code == 302
    job = WageJob.objects.get()
    assert str(job.weekly_hours) == "30.50"
    page = client.get("/wage-work/").content.decode()
    assert "Keittiöapulainen" in page and "Aino Asiakas" in page
    assert "Paid jobs in force on" in page
    edit = {**form, "end_date": days_ago(1).isoformat(), "version": 1}
    assert client.post(f"/wage-work/{job.pk}/", edit).status_code == 302
    job.refresh_from_db()
    assert (job.version, job.end_date) == (2, days_ago(1))
    targets = set(
        AccessLogEntry.objects.filter(client_id=client_record.pk).values_list("target", flat=True)
    )
    assert {"wage_job", "wage_jobs"} <= targets


def test_the_list_page_takes_the_same_queries_for_one_job_and_for_ten(
    client, org, supervisor, unit, client_record
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, supervisor)
    wage_job_of(supervisor, client_record, unit, start=D(2025, 1, 1))
    with CaptureQueriesContext(connection) as one:
        assert client.get("/wage-work/").status_code == 200
    for n in range(9):
        wage_job_of(supervisor, ClientFactory(organization=org), unit, start=D(2025, 1, 1 + n))
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/wage-work/").status_code == 200
    assert len(ten) == len(one)
