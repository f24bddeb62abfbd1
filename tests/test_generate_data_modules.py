"""The generator's later modules: group work with its invoices, work activity, the
work-ability team, wage work and report targets (tyopolku/demo/gen_*.py)."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import F

from tests.test_generate_data import run, shared_rows_ensure
from tests.test_subcontracting_support import assert_valid_finvoice
from tyopolku.accounts.models import User
from tyopolku.accounts.roles import Role
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.core.dated import in_force
from tyopolku.core.dates import today
from tyopolku.demo import (
    gen_groupwork,
    gen_targets,
    gen_wagework,
    gen_workability,
    gen_workactivity,
)
from tyopolku.pathway.models import ServiceModel
from tyopolku.subcontracting import money
from tyopolku.subcontracting.finvoice import finvoice_bytes
from tyopolku.subcontracting.models import (
    GroupMember,
    Invoice,
    InvoiceLine,
    InvoiceNumberSeries,
    LineUnit,
    OrderPricing,
    VatRate,
    WorkGroup,
    WorkLog,
)
from tyopolku.subcontracting.services import invoice_run
from tyopolku.workactivity.models import (
    Agreement,
    Attendance,
    AttendancePortion,
    AttendanceStatus,
    RehabilitativeWorkActivityRule,
)
from tyopolku.workactivity.rules import plan_problems

MODULES = (gen_groupwork, gen_workactivity, gen_workability, gen_wagework, gen_targets)


@pytest.fixture
def generated(db) -> str:
    shared_rows_ensure()
    return run("--organisations", "2", "--clients", "120", "--years", "2", "--seed", "5")


def test_it_fills_every_table_of_the_later_modules(generated):
    for module in MODULES:
        for name, (model, _fields) in module.TABLES.items():
            count = model.objects.count()
            assert count > 0, model.__name__
            label = module.LABELS[name]
            assert f"{label}: {count:,}".replace(",", " ") in generated


def test_it_makes_invoices_whose_totals_are_their_lines_and_vat(generated):
    rates = list(VatRate.objects.order_by("valid_from"))
    invoices = Invoice.objects.prefetch_related("lines", "lines__work_logs")
    assert invoices.count() > 10
    for invoice in invoices:
        lines = list(invoice.lines.all())
        assert [line.position for line in lines] == list(range(1, len(lines) + 1))
        for line in lines:
            amounts = money.line_amounts(line.quantity, line.unit_price, line.vat_percent)
            assert (line.total_excluding_vat, line.vat_amount, line.total) == amounts
            logs = list(line.work_logs.all())
            if line.unit == LineUnit.HOUR:
                assert line.quantity == sum((log.hours for log in logs), Decimal(0))
                for log in logs:
                    assert invoice.period_start <= log.date <= invoice.period_end
                    assert log.order_id == line.order_id
                    assert in_force(rates, log.date).percent == line.vat_percent
            else:
                assert logs == [] and line.quantity == 1
        assert invoice.total_excluding_vat == sum(line.total_excluding_vat for line in lines)
        assert invoice.vat_amount == sum(line.vat_amount for line in lines)
        assert invoice.total == invoice.total_excluding_vat + invoice.vat_amount
        assert invoice.period_end < today().replace(day=1)  # past months only
        assert invoice.buyer_einvoice_address.startswith("0037")


def test_it_numbers_the_invoices_without_gaps_and_the_series_goes_on(generated):
    by_org = defaultdict(list)
    for org_id, number, reference, rf in Invoice.objects.values_list(
        "organization", "number", "reference_number", "rf_reference"
    ):
        by_org[org_id].append(number)
        assert (reference, rf) == money.invoice_references(number)
        assert money.finnish_reference_is_valid(reference)
    assert len(by_org) == 2
    for org_id, numbers in by_org.items():
        numbers.sort()
        assert numbers == list(range(1001, 1001 + len(numbers)))
        series = InvoiceNumberSeries.objects.get(organization_id=org_id)
        assert series.next_number == numbers[-1] + 1


def test_it_makes_invoices_that_are_valid_finvoices(generated):
    invoice = Invoice.objects.order_by("-invoice_date", "pk").first()
    assert_valid_finvoice(finvoice_bytes(invoice))


def test_it_bills_this_months_hours_only_in_the_next_run(generated):
    this_month = WorkLog.objects.filter(date__gte=today().replace(day=1))
    assert not this_month.exclude(invoice_line=None).exists()
    past_hourly = WorkLog.objects.filter(
        date__lt=today().replace(day=1), order__pricing=OrderPricing.HOURLY
    )
    assert past_hourly.exists() and not past_hourly.filter(invoice_line=None).exists()


def test_it_logs_hours_inside_the_employment_and_the_order(generated):
    per_week = Counter()
    for log in WorkLog.objects.select_related("member", "order"):
        member, order = log.member, log.order
        assert member.start_date <= log.date <= (member.end_date or today())
        assert order.start_date <= log.date <= (order.end_date or today())
        assert log.date.weekday() < 5 and member.group_id == order.group_id
        per_week[(member.pk, log.date.isocalendar()[:2])] += 1
    assert max(per_week.values()) <= 5
    for member in GroupMember.objects.select_related("client"):
        assert member.client.enrollments.get().service_model == ServiceModel.SUBCONTRACTING


def test_it_makes_agreements_the_rule_accepts_and_attendance_on_their_days(generated):
    rules = list(RehabilitativeWorkActivityRule.objects.order_by("valid_from"))
    agreements = Agreement.objects.select_related("enrollment").prefetch_related("attendances")
    assert agreements.count() > 5
    statuses = Counter()
    for agreement in agreements:
        assert agreement.enrollment.service_model == ServiceModel.WORK_ACTIVITY
        problems = plan_problems(
            in_force(rules, agreement.start_date),
            start=agreement.start_date,
            end=agreement.end_date,
            days_per_week=agreement.days_per_week,
            hours_per_day=agreement.hours_per_day,
        )
        assert problems == {}
        weeks, weekdays = Counter(), set()
        last = min(agreement.end_date, agreement.enrollment.end_date or today(), today())
        for day in agreement.attendances.all():
            assert agreement.start_date <= day.date <= last
            weeks[day.date.isocalendar()[:2]] += 1
            weekdays.add(day.date.weekday())
            statuses[(day.status, day.portion)] += 1
        assert len(weekdays) <= agreement.days_per_week
        assert all(count <= agreement.days_per_week for count in weeks.values())
    assert statuses[(AttendanceStatus.PRESENT, AttendancePortion.FULL)] > sum(
        count for (status, _portion), count in statuses.items() if status != "present"
    )
    assert statuses[(AttendanceStatus.PRESENT, AttendancePortion.HALF)] > 0
    assert statuses[(AttendanceStatus.ILL, AttendancePortion.FULL)] > 0


def test_it_writes_the_access_log_of_the_records_made(generated):
    created = AccessLogEntry.objects.filter(action=AccessAction.CREATE, channel="cli:generate_data")
    assert created.filter(target="group_member").count() == GroupMember.objects.count()
    assert created.filter(target="work_activity_agreement").count() == Agreement.objects.count()


def test_it_makes_group_and_attendance_pages_a_generated_work_coach_can_use(generated, client):
    group = WorkGroup.objects.order_by("pk").first()
    client.force_login(User.objects.get(pk=group.work_coach_id))
    assert client.get(f"/group-work/groups/{group.pk}/").status_code == 200
    coach = (
        User.objects.filter(
            role=Role.WORK_COACH, coached_enrollments__work_activity_agreements__isnull=False
        )
        .order_by("username")
        .first()
    )
    client.force_login(coach)
    assert client.get("/work-activity/attendance/").status_code == 200
    assert Attendance.objects.filter(agreement__enrollment__coach=coach).exists()


def test_it_bills_each_organisation_its_own_orders(generated):
    mixed = InvoiceLine.objects.exclude(order__organization=F("invoice__organization"))
    assert not mixed.exists()


def test_it_leaves_the_next_real_invoice_run_to_go_on_without_a_gap(generated):
    admin = User.objects.get(username="gen01-admin")
    numbers = Invoice.objects.filter(organization=admin.organization).order_by("-number")
    last_number = numbers.values_list("number", flat=True).first()
    this_month = today().replace(day=1)
    last_month_end = this_month - datetime.timedelta(days=1)
    # Last month is billed already: a run finds nothing left.
    assert (
        invoice_run(
            user=admin, period_start=last_month_end.replace(day=1), period_end=last_month_end
        )
        == []
    )
    made = invoice_run(user=admin, period_start=this_month, period_end=today())
    assert [invoice.number for invoice in made] == list(
        range(last_number + 1, last_number + 1 + len(made))
    )
