"""The members' gross pay: the wage of the day on both sides of a new collective agreement,
rounding to the cent, totals per group and unit, the unit's budget against what is used,
and member rows only inside the client relationship."""

import datetime
from decimal import Decimal

import pytest

from tests.conftest import make_user
from tests.pages_support import login
from tests.test_subcontracting_support import group_of, hours, member_of, order_for
from tyopolku.audit.models import AccessLogEntry
from tyopolku.subcontracting.models import PayGroupWage, WageBudget
from tyopolku.subcontracting.pay import pay_summary

D = datetime.date


@pytest.fixture
def month_of_work(supervisor, unit, client_record):
    org = supervisor.organization
    PayGroupWage.objects.create(
        organization=org, pay_group="A", valid_from=D(2024, 1, 1), hourly_wage=Decimal("12.34")
    )
    # The new agreement raises the wage from 1.9.
    PayGroupWage.objects.create(
        organization=org, pay_group="A", valid_from=D(2024, 9, 1), hourly_wage=Decimal("12.99")
    )
    WageBudget.objects.create(organization=org, unit=unit, year=2024, amount=Decimal("1000.00"))
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record)
    order = order_for(supervisor, group)
    hours(supervisor, order, member, D(2024, 8, 30), "7.5")  # 92.55
    hours(supervisor, order, member, D(2024, 9, 2), "7.25")  # 94.1775 → 94.18
    hours(supervisor, order, member, D(2024, 9, 3), "3.5")  # 7.25 + 3.5 = 10.75 × 12.99
    return group, member


def test_it_pays_the_wage_of_each_day(supervisor, month_of_work):
    august = pay_summary(user=supervisor, month=D(2024, 8, 15))
    september = pay_summary(user=supervisor, month=D(2024, 9, 1))
    assert [(r.hours, r.hourly_wage, r.gross) for r in august.rows] == [
        (Decimal("7.50"), Decimal("12.34"), Decimal("92.55"))
    ]
    # 10.75 h × 12.99 = 139.6425 → 139.64
    assert [(r.hours, r.hourly_wage, r.gross) for r in september.rows] == [
        (Decimal("10.75"), Decimal("12.99"), Decimal("139.64"))
    ]
    (unit,) = september.units
    assert (unit.gross, unit.budget, unit.used_this_year, unit.remaining) == (
        Decimal("139.64"),
        Decimal("1000.00"),
        Decimal("232.19"),
        Decimal("767.81"),
    )
    assert [(g.name, g.hours, g.gross) for g in september.groups] == [
        ("Remppary", Decimal("10.75"), Decimal("139.64"))
    ]


def test_it_counts_hours_without_a_wage_apart(supervisor, unit, client_record):
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record)
    hours(supervisor, order_for(supervisor, group), member, D(2024, 9, 2), "4")
    (unit_total,) = pay_summary(user=supervisor, month=D(2024, 9, 1)).units
    assert (unit_total.gross, unit_total.missing_wage_hours) == (Decimal(0), Decimal("4.00"))


def test_it_shows_members_only_inside_the_relationship(org, unit, supervisor, month_of_work):
    stranger = make_user("toinen", org, "work_coach", unit)
    summary = pay_summary(user=stranger, month=D(2024, 9, 1))
    assert summary.rows == []
    assert summary.units[0].gross == Decimal("139.64")  # totals name no one


def test_it_gives_the_payroll_csv_and_logs_the_export(client, supervisor, month_of_work):
    login(client, supervisor)
    response = client.get("/group-work/pay.csv", {"month": "2024-09"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("client_id;last_name;first_name")
    assert lines[1].endswith(";10.75;12.99;139.64")
    assert AccessLogEntry.objects.filter(action="export", target="pay_summary").count() == 1
    page = client.get("/group-work/pay/", {"month": "2024-09"}).content.decode()
    assert "767.81" in page


def test_the_api_gives_the_month(api_as, supervisor, month_of_work):
    body = api_as(supervisor).get("/subcontracting/pay-summary?month=2024-09").json()
    assert body["rows"][0]["gross"] == "139.64"
    assert body["units"][0]["remaining"] == "767.81"
    bad = api_as(supervisor).get("/subcontracting/pay-summary?month=2024-13")
    assert bad.status_code == 422
