"""The participant's statement of a month's work-share money: each day present (full or
half) with its money, the total and its tax-free and taxable parts, as a page and a PDF,
reached like the agreement and logged as an export."""

import datetime
import re
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.background import run_queued_tasks
from tests.conftest import make_user
from tests.factories import ClientFactory
from tests.pages_support import login
from tests.test_workact_support import agreement_of, work_activity_enrollment
from tyopolku.audit.models import AccessLogEntry
from tyopolku.background.models import Job
from tyopolku.workactivity.models import WorkShareBasis, WorkShareTaxFreeLimit
from tyopolku.workactivity.selectors import work_share_statement
from tyopolku.workactivity.services import attendance_mark

D = datetime.date


@pytest.fixture
def agreement(supervisor, unit, client_record):
    agreement = agreement_of(
        supervisor,
        work_activity_enrollment(supervisor, client_record, unit),
        start=D(2026, 3, 2),
        end=D(2026, 8, 31),
        days=2,
    )
    org = supervisor.organization
    WorkShareBasis.objects.create(organization=org, valid_from=D(2026, 1, 1), eur_per_day="12.00")
    WorkShareTaxFreeLimit.objects.create(
        organization=org, valid_from=D(2026, 1, 1), eur_per_day="10.00"
    )
    for day, status, portion in (
        (D(2026, 3, 2), "present", "full"),
        (D(2026, 3, 3), "present", "half"),
        (D(2026, 3, 9), "absent_ill", "full"),
    ):
        attendance_mark(
            user=supervisor,
            day=day,
            marks=[{"agreement_id": agreement.pk, "status": status, "portion": portion}],
        )
    return agreement


def test_the_page_lists_the_days_present_and_the_parts(client, supervisor, agreement):
    login(client, supervisor)
    detail = client.get(f"/work-activity/agreements/{agreement.pk}/").content.decode()
    assert f"/work-activity/agreements/{agreement.pk}/statement/" in detail
    page = client.get(f"/work-activity/agreements/{agreement.pk}/statement/?month=2026-03")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Half day" in text and "Full day" in text
    # 12.00 + 6.00 = 18.00; tax-free 10.00 + 6.00 = 16.00; taxable 2.00
    for figure in ("18.00", "16.00", "2.00"):
        assert figure in text
    assert "9.3.2026" not in text  # an absence is not on the statement
    assert AccessLogEntry.objects.filter(
        user=supervisor, action="export", target="work_share_statement"
    ).exists()


def test_the_pdf_is_a_pdf_logged_as_an_export(client, supervisor, agreement, client_record):
    login(client, supervisor)
    response = client.get(f"/work-activity/agreements/{agreement.pk}/statement.pdf?month=2026-03")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"tyoosuusraha-{client_record.pk}-2026-03.pdf" in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        user=supervisor, client=client_record, action="export", target="work_share_statement"
    ).exists()


def test_a_coach_outside_the_relationship_gets_404(client, org, agreement):
    stranger = make_user("otherworkcoach", org, "work_coach")
    login(client, stranger)
    for suffix in ("statement/", "statement.pdf"):
        response = client.get(f"/work-activity/agreements/{agreement.pk}/{suffix}?month=2026-03")
        assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(target="work_share_statement").exists()


def test_the_statement_reads_the_same_queries_for_2_and_10_days(client, supervisor, agreement):
    login(client, supervisor)
    url = f"/work-activity/agreements/{agreement.pk}/statement/?month=2026-03"

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    two = queries()
    for monday in (D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)):
        for day in (monday, monday + datetime.timedelta(days=1)):
            attendance_mark(
                user=supervisor,
                day=day,
                marks=[{"agreement_id": agreement.pk, "status": "present"}],
            )
    attendance_mark(
        user=supervisor,
        day=D(2026, 3, 10),
        marks=[{"agreement_id": agreement.pk, "status": "present"}],
    )
    assert queries() == two


# --- The statement through the API, and the statements of all participants at once ----------


def test_the_api_answers_the_figures_of_the_page(api_as, supervisor, agreement):
    response = api_as(supervisor).get(
        f"/work-activity/agreements/{agreement.pk}/statement?month=2026-03"
    )
    assert response.status_code == 200
    data = response.json()
    statement = work_share_statement(
        user=supervisor, agreement_id=agreement.pk, month=D(2026, 3, 1)
    )
    assert data["amount"] == f"{statement.amount:.2f}" == "18.00"
    assert data["tax_free"] == f"{statement.tax_free:.2f}" == "16.00"
    assert data["taxable"] == "2.00"
    assert (data["month"], data["days_present"], data["days_half"]) == ("2026-03", 2, 1)
    assert [
        (d["date"], d["portion"], d["rate"], d["amount"], d["tax_free"]) for d in data["days"]
    ] == [
        ("2026-03-02", "full", "12.00", "12.00", "10.00"),
        ("2026-03-03", "half", "12.00", "6.00", "6.00"),
    ]
    assert AccessLogEntry.objects.filter(
        user=supervisor, action="export", target="work_share_statement"
    ).exists()


def test_the_api_refuses_a_bad_month_and_strangers(api_as, org, outsider, supervisor, agreement):
    url = f"/work-activity/agreements/{agreement.pk}/statement"
    bad = api_as(supervisor).get(f"{url}?month=2026-13")
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["month"]
    stranger = make_user("otherworkcoach", org, "work_coach")
    assert api_as(stranger).get(f"{url}?month=2026-03").status_code == 404
    assert api_as(outsider).get(f"{url}?month=2026-03").status_code == 404
    peer = make_user("peer2", org, "peer_instructor")
    assert api_as(peer).get(f"{url}?month=2026-03").status_code == 403


def pdf_page_count(data: bytes) -> int:
    """The pages of a PDF: its page objects, also where they sit in compressed object
    streams (weasyprint writes those)."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", part)) for part in parts)


def test_the_statements_of_all_participants_make_one_pdf_a_page_each(
    client, supervisor, org, unit, agreement
):
    other = ClientFactory(organization=org, first_name="Olli", last_name="Osallistuja")
    second = agreement_of(
        supervisor,
        work_activity_enrollment(supervisor, other, unit),
        start=D(2026, 3, 2),
        end=D(2026, 8, 31),
        days=2,
    )
    attendance_mark(
        user=supervisor,
        day=D(2026, 3, 4),
        marks=[{"agreement_id": second.pk, "status": "present"}],
    )
    login(client, supervisor)
    assert client.get("/work-activity/statements/").status_code == 200
    response = client.post("/work-activity/statements/", {"month": "2026-03"})
    job = Job.objects.get(kind=Job.Kind.WORK_SHARE_STATEMENTS)
    assert response["Location"] == reverse("job_status", args=[job.pk])
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert "2 participants" in job.message
    file = job.file
    assert file.name == "tyoosuusrahat-2026-03.pdf" and file.content_type == "application/pdf"
    assert bytes(file.content).startswith(b"%PDF")
    assert pdf_page_count(bytes(file.content)) == 2
    # Each participant's statement is logged as an export, as their own statement is.
    exported = AccessLogEntry.objects.filter(
        user=supervisor, action="export", target="work_share_statement"
    )
    assert set(exported.values_list("client_id", flat=True)) == {agreement.client_id, other.pk}
    download = client.get(reverse("job_file", args=[job.pk]))
    assert download.status_code == 200 and download.content == bytes(file.content)


def test_a_coach_prints_only_their_own_participants(client, org, agreement):
    stranger = make_user("otherworkcoach", org, "work_coach")
    login(client, stranger)
    client.post("/work-activity/statements/", {"month": "2026-03"})
    run_queued_tasks()
    job = Job.objects.get(kind=Job.Kind.WORK_SHARE_STATEMENTS)
    assert job.status == Job.Status.DONE and "0 participants" in job.message
    assert not AccessLogEntry.objects.filter(target="work_share_statement").exists()
