"""The tax-free daily maximum of work-share money: a dated setting of the organisation;
each day's money up to the maximum in force that day is tax-free, the rest taxable."""

import datetime
from decimal import Decimal

import pytest

from tests.pages_support import login
from tests.test_workact_support import agreement_of, work_activity_enrollment
from tyopolku.workactivity.models import WorkShareBasis, WorkShareTaxFreeLimit
from tyopolku.workactivity.selectors import work_share_summary
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
    for day, portion in (
        (D(2026, 3, 2), "full"),  # 12.00: 9.00 tax-free (the law's allowance), 3.00 taxable
        (D(2026, 3, 16), "full"),  # 12.00: 10.00 tax-free, 2.00 taxable
        (D(2026, 3, 17), "half"),  # 6.00: all tax-free
    ):
        attendance_mark(
            user=supervisor,
            day=day,
            marks=[{"agreement_id": agreement.pk, "status": "present", "portion": portion}],
        )
    return agreement


def test_it_splits_each_day_at_the_maximum_in_force(supervisor, agreement):
    WorkShareTaxFreeLimit.objects.create(
        organization=supervisor.organization, valid_from=D(2026, 3, 10), eur_per_day="10.00"
    )
    (row,) = work_share_summary(user=supervisor, month=D(2026, 3, 1)).rows
    assert (row.amount, row.tax_free, row.taxable) == (
        Decimal("30.00"),
        Decimal("25.00"),
        Decimal("5.00"),
    )


def test_another_organisations_setting_does_not_count(supervisor, agreement, other_org):
    WorkShareTaxFreeLimit.objects.create(
        organization=other_org, valid_from=D(2026, 1, 1), eur_per_day="20.00"
    )
    summary = work_share_summary(user=supervisor, month=D(2026, 3, 1))
    # Without a setting of its own, the law's expense allowance (9 €) is the maximum.
    assert (summary.tax_free, summary.taxable) == (Decimal("24.00"), Decimal("6.00"))


def test_the_list_page_api_and_csv_show_the_parts(client, api_as, supervisor, agreement):
    WorkShareTaxFreeLimit.objects.create(
        organization=supervisor.organization, valid_from=D(2026, 3, 10), eur_per_day="10.00"
    )
    login(client, supervisor)
    page = client.get("/work-activity/work-share/?month=2026-03").content.decode()
    assert "25.00" in page and "5.00" in page
    body = api_as(supervisor).get("/work-activity/work-share?month=2026-03").json()
    assert (body["tax_free"], body["taxable"]) == ("25.00", "5.00")
    assert (body["items"][0]["tax_free"], body["items"][0]["taxable"]) == ("25.00", "5.00")
    text = client.get("/work-activity/work-share.csv?month=2026-03").content.decode("utf-8-sig")
    assert text.splitlines()[1].endswith(";30.00;25.00;5.00")
