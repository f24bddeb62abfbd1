"""Pay subsidy durations are dated data with warnings, an extension is not a new grant, and
the working-time limit comes from the organisation's collective agreement."""

import datetime
from decimal import Decimal

import pytest

from tests.test_api_support import assert_error
from tests.test_placements_rules import codes, earlier, terms
from tests.test_placements_support import job_search_enrollment, make_employer
from tyopolku.placements.models import WorkingTimeSetting
from tyopolku.placements.selectors import terms_assessment

D = datetime.date


@pytest.fixture
def enrollment(client_record, coach):
    return job_search_enrollment(client_record, coach)


@pytest.fixture
def employer(org):
    return make_employer(org)


def assessed(enrollment, employer, **fields):
    return terms_assessment(
        terms=terms(employer, **fields), client_id=enrollment.client_id
    )


@pytest.mark.parametrize(("percent", "months", "warned"), [(50, 10, False), (50, 11, True),
                                                          (70, 24, False), (70, 30, True)])
def test_it_warns_about_a_longer_subsidy_than_the_rate_allows_at_a_time(
    enrollment, employer, percent, months, warned
):
    assessment = assessed(
        enrollment, employer, hourly_wage=Decimal(15), pay_subsidy_percent=percent,
        pay_subsidy_months=months,
    )
    assert ("pay_subsidy_months" in codes(assessment)) is warned


def test_it_takes_a_thirty_month_subsidy_with_a_warning_not_a_refusal(
    api_as, coach, enrollment, employer
):
    response = api_as(coach).post(
        f"/enrollments/{enrollment.pk}/placements",
        {
            "employer_id": employer.pk, "start_date": "2026-03-02", "job_title": "Myyjä",
            "hours_per_week": "30", "competitive": True, "hourly_wage": "15",
            "pay_subsidy_percent": 70, "pay_subsidy_months": 30,
        },
    )
    assert response.status_code == 201, response.content
    assert "pay_subsidy_months" in [w["code"] for w in response.json()["warnings"]]


def test_it_still_refuses_an_impossible_number_of_months(api_as, coach, enrollment, employer):
    response = api_as(coach).post(
        f"/enrollments/{enrollment.pk}/placements",
        {
            "employer_id": employer.pk, "start_date": "2026-03-02", "job_title": "Myyjä",
            "hours_per_week": "30", "competitive": True, "pay_subsidy_percent": 70,
            "pay_subsidy_months": 600,
        },
    )
    assert_error(response, 422, "pay_subsidy_months")


def test_it_does_not_count_an_extension_as_a_new_grant(enrollment, employer):
    earlier(enrollment, employer, D(2026, 1, 12), pay_subsidy_percent=50, pay_subsidy_months=5)
    extension = assessed(  # 12.1.–11.6. and on from 12.6.
        enrollment, employer, start=D(2026, 6, 12), pay_subsidy_percent=50, pay_subsidy_months=5
    )
    after_a_break = assessed(
        enrollment, employer, start=D(2026, 7, 1), pay_subsidy_percent=50, pay_subsidy_months=5
    )
    assert "pay_subsidy_three_year_rule" not in codes(extension)
    assert "pay_subsidy_three_year_rule" in codes(after_a_break)


def working_time_message(enrollment, employer, hours):
    assessment = assessed(
        enrollment, employer, hours_per_week=Decimal(hours), hourly_wage=Decimal(12),
        pay_subsidy_percent=100,
    )
    found = [w.message for w in assessment.warnings if w.code == "pay_subsidy_working_time"]
    return found[0] if found else None


def test_it_prints_the_exact_working_time_limit(enrollment, employer):
    """37.5 h × 65 % = 24.375 h: 24.4 hours is over it, and the message says 24.375."""
    message = working_time_message(enrollment, employer, "24.4")
    assert "24.375 of 37.5 hours" in message.replace(",", ".")
    assert working_time_message(enrollment, employer, "24.375") is None


def test_it_takes_full_working_time_from_the_organisations_agreement(org, enrollment, employer):
    WorkingTimeSetting.objects.create(
        organization=org, valid_from=D(2026, 1, 1), agreement="Test TES",
        full_time_hours_per_week=Decimal("38.25"),
    )
    message = working_time_message(enrollment, employer, "25")
    assert "24.8625 of 38.25 hours" in message.replace(",", ".")
    assert working_time_message(enrollment, employer, "24.8") is None
