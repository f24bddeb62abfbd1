"""The participant's statement of a month's work-share money: each day present (full or
half) with its money, the total and its tax-free and taxable parts, as a page and a PDF,
reached like the agreement and logged as an export."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.pages_support import login
from tests.test_workact_support import agreement_of, work_activity_enrollment
from tyopolku.audit.models import AccessLogEntry
from tyopolku.workactivity.models import WorkShareBasis, WorkShareTaxFreeLimit
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
