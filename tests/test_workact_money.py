"""Work-share money of a month: days present × the rate of each day (the organisation's
published basis, else the 9 € of the law), absences and no-work days unpaid; the payment
list as CSV and API, only the participants the user works with."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from tests.conftest import make_user
from tests.pages_support import login
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.audit.models import AccessLogEntry
from tyopolku.workactivity.models import WorkShareBasis
from tyopolku.workactivity.selectors import work_share_summary

D = datetime.date


@pytest.fixture
def agreement(supervisor, unit, client_record):
    agreement = agreement_of(
        supervisor,
        work_activity_enrollment(supervisor, client_record, unit),
        start=D(2026, 3, 2),
        end=D(2026, 8, 31),
        days=4,
    )
    # March: 3 present, 1 ill, 1 other absence, 1 no-work day.
    mark(supervisor, agreement, D(2026, 3, 2))
    mark(supervisor, agreement, D(2026, 3, 3))
    mark(supervisor, agreement, D(2026, 3, 4), "absent_ill")
    mark(supervisor, agreement, D(2026, 3, 9), "absent_other")
    mark(supervisor, agreement, D(2026, 3, 10), "no_work_day")
    mark(supervisor, agreement, D(2026, 3, 31))
    mark(supervisor, agreement, D(2026, 4, 1))  # April
    return agreement


def test_it_pays_the_days_present_at_the_rate_of_the_law(supervisor, agreement):
    (row,) = work_share_summary(user=supervisor, month=D(2026, 3, 1)).rows
    assert (row.present, row.ill, row.other, row.amount) == (3, 1, 1, Decimal("27.00"))
    (april,) = work_share_summary(user=supervisor, month=D(2026, 4, 1)).rows
    assert (april.present, april.amount) == (1, Decimal("9.00"))


def test_it_pays_each_day_at_the_basis_in_force(supervisor, agreement):
    org = supervisor.organization
    WorkShareBasis.objects.create(organization=org, valid_from=D(2026, 1, 1), eur_per_day="10.50")
    WorkShareBasis.objects.create(organization=org, valid_from=D(2026, 3, 3), eur_per_day="12.25")
    summary = work_share_summary(user=supervisor, month=D(2026, 3, 1))
    # 2.3. at 10.50, 3.3. and 31.3. at 12.25
    assert (summary.present, summary.total) == (3, Decimal("35.00"))


def test_the_csv_and_api_give_the_same_sums(client, api_as, supervisor, agreement, client_record):
    login(client, supervisor)
    response = client.get("/work-activity/work-share.csv?month=2026-03")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        [
            "client_id",
            "last_name",
            "first_name",
            "days_present",
            "days_half",
            "days_ill",
            "days_absent_other",
            "amount",
            "tax_free",
            "taxable",
        ],
        [str(client_record.pk), "Asiakas", "Aino", "3", "0", "1", "1", "27.00", "27.00", "0.00"],
    ]
    assert AccessLogEntry.objects.filter(
        user=supervisor, client=client_record, action="export", target="work_share_money"
    ).exists()
    body = api_as(supervisor).get("/work-activity/work-share?month=2026-03").json()
    assert (body["days_present"], body["total"], body["items"][0]["amount"]) == (
        3,
        "27.00",
        "27.00",
    )
    assert api_as(supervisor).get("/work-activity/work-share?month=2026-13").status_code == 422
    page = client.get("/work-activity/work-share/?month=2026-03")
    assert "27.00" in page.content.decode() or "27,00" in page.content.decode()


def test_it_lists_only_the_participants_the_user_works_with(api_as, org, outsider, agreement):
    unlinked = make_user("otherworkcoach", org, "work_coach")
    for user in (unlinked, outsider):
        body = api_as(user).get("/work-activity/work-share?month=2026-03").json()
        assert (body["items"], body["total"]) == ([], "0.00")
