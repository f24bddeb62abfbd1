"""Pay subsidy and work trial rules: the figures in force on the day, the estimate, the
warnings (never refusals)."""

import datetime
from decimal import Decimal

import pytest

from tests.test_placements_support import JOB_START, add_rate, job_search_enrollment, make_employer
from tyopolku.core.dates import today
from tyopolku.placements.models import PaySubsidyRate, Placement, PlacementKind, WorkTrialRule
from tyopolku.placements.rules import (
    Length,
    Tenure,
    Terms,
    monthly_wage,
    rate_in_force,
    subsidy_estimate,
    tenure,
    total_length,
    trial_length,
)
from tyopolku.placements.selectors import terms_assessment

D = datetime.date


@pytest.fixture
def enrollment(client_record, coach):
    return job_search_enrollment(client_record, coach)


@pytest.fixture
def employer(org):
    return make_employer(org)


def terms(employer, start=JOB_START, **fields):
    fields.setdefault("hours_per_week", Decimal("37.5"))
    fields.setdefault("kind", PlacementKind.EMPLOYMENT)
    return Terms(
        employer_id=employer.pk, employer_type=employer.employer_type, start_date=start, **fields
    )


def earlier(enrollment, employer, start, **fields):
    """A placement in the client's history."""
    fields.setdefault("hours_per_week", Decimal(30))
    fields.setdefault("competitive", False)
    return Placement.objects.create(
        enrollment=enrollment,
        employer=employer,
        job_title="Aiempi työ",
        start_date=start,
        created_by=enrollment.created_by,
        **fields,
    )


def codes(assessment):
    return [w.code for w in assessment.warnings]


# The estimate -------------------------------------------------------------------------


def test_it_seeds_the_rates_in_force_since_july_2023(db):
    rows = {
        r.percent: (r.max_monthly_eur, r.max_working_time_percent, r.max_months, r.reason)
        for r in PaySubsidyRate.objects.filter(valid_from=D(2023, 7, 1))
    }
    assert rows == {
        50: (Decimal("1260.00"), None, 10, "skills_gap"),
        70: (Decimal("1770.00"), None, 24, "reduced_work_ability"),
        100: (Decimal("2020.00"), 65, 12, "non_business_work"),
    }
    rows_2023 = PaySubsidyRate.objects.filter(valid_from=D(2023, 7, 1))
    sources = rows_2023.values_list("source", flat=True)
    assert all("916/2012" in source and "371/2023" in source for source in sources)
    rule = WorkTrialRule.objects.get(valid_from=D(2023, 7, 1))
    assert (rule.max_months_total, rule.max_months_per_organiser) == (12, 6)
    assert rule.expense_allowance_eur_per_day == Decimal("9.00")


def test_it_uses_the_rate_in_force_on_each_side_of_a_change(enrollment, employer):
    add_rate(D(2026, 7, 1), 50, "1400.00")
    wage = {"hourly_wage": Decimal(20), "pay_subsidy_percent": 50}  # 3 250 € a month

    before = terms_assessment(
        terms=terms(employer, D(2026, 6, 30), **wage), client_id=enrollment.client_id
    )
    after = terms_assessment(
        terms=terms(employer, D(2026, 7, 1), **wage), client_id=enrollment.client_id
    )

    assert (before.subsidy.monthly_amount, before.subsidy.rate_valid_from) == (
        Decimal("1260.00"),
        D(2023, 7, 1),
    )
    assert (after.subsidy.monthly_amount, after.subsidy.rate_valid_from) == (
        Decimal("1400.00"),
        D(2026, 7, 1),
    )


def test_it_respects_the_end_of_a_rate():
    old = PaySubsidyRate(percent=40, valid_from=D(2020, 1, 1), valid_until=D(2023, 6, 30))

    assert rate_in_force([old], 40, D(2023, 6, 30)) is old
    assert rate_in_force([old], 40, D(2023, 7, 1)) is None
    assert rate_in_force([old], 50, D(2022, 1, 1)) is None


def test_it_warns_when_no_rate_of_that_percent_is_in_force(enrollment, employer):
    assessment = terms_assessment(
        terms=terms(employer, hourly_wage=Decimal(15), pay_subsidy_percent=40),
        client_id=enrollment.client_id,
    )

    assert assessment.subsidy is None
    assert codes(assessment) == ["pay_subsidy_no_rate"]
    assert "50 %, 70 %, 100 %" in assessment.warnings[0].message


def test_it_rounds_to_cents_half_up():
    rate = PaySubsidyRate(
        percent=50, valid_from=D(2023, 7, 1), max_monthly_eur=Decimal(1260), reason="skills_gap"
    )

    # 10.01 € × 10 h × 52/12 = 433.7666… → 433.77; half of it 216.885 → 216.89 (not 216.88).
    estimate = subsidy_estimate(rate, Decimal("10.01"), Decimal(10))

    assert estimate.monthly_wage == Decimal("433.77")
    assert estimate.monthly_amount == Decimal("216.89")
    assert estimate.capped is False


def test_it_counts_a_month_as_52_weeks_over_12():
    assert monthly_wage(Decimal("13.50"), Decimal(20)) == Decimal("1170.00")


# The three-year rule ------------------------------------------------------------------


def test_it_warns_about_a_subsidy_with_the_same_employer_within_three_years(enrollment, employer):
    earlier(enrollment, employer, D(2024, 1, 1), pay_subsidy_percent=50, pay_subsidy_months=6)

    assessment = terms_assessment(
        terms=terms(employer, hourly_wage=Decimal(15), pay_subsidy_percent=50),
        client_id=enrollment.client_id,
    )

    assert codes(assessment) == ["pay_subsidy_three_year_rule"]
    assert assessment.subsidy is not None  # a warning, not a refusal


def test_it_exempts_the_reduced_work_ability_subsidy(enrollment, employer):
    earlier(enrollment, employer, D(2024, 1, 1), pay_subsidy_percent=50, pay_subsidy_months=6)

    assessment = terms_assessment(
        terms=terms(employer, hourly_wage=Decimal(15), pay_subsidy_percent=70),
        client_id=enrollment.client_id,
    )

    assert codes(assessment) == []


def test_it_counts_the_three_years_from_the_end_of_the_earlier_subsidy(enrollment, employer):
    # 3.1.–2.7.2022: over three years before 2.3.2026 only if it ended before 2.3.2023.
    earlier(enrollment, employer, D(2022, 1, 3), pay_subsidy_percent=50, pay_subsidy_months=6)
    earlier(enrollment, employer, D(2022, 8, 1), pay_subsidy_percent=50, end_date=D(2023, 3, 2))
    within = terms(employer, hourly_wage=Decimal(15), pay_subsidy_percent=50)
    beyond = terms(employer, D(2026, 3, 3), hourly_wage=Decimal(15), pay_subsidy_percent=50)

    assert codes(terms_assessment(terms=within, client_id=enrollment.client_id)) == [
        "pay_subsidy_three_year_rule"
    ]
    assert codes(terms_assessment(terms=beyond, client_id=enrollment.client_id)) == []


def test_it_ignores_subsidies_with_other_employers_and_unsubsidised_jobs(enrollment, employer, org):
    earlier(enrollment, make_employer(org, name="Toinen Oy"), D(2025, 1, 1), pay_subsidy_percent=50)
    earlier(enrollment, employer, D(2025, 1, 1))

    assessment = terms_assessment(
        terms=terms(employer, pay_subsidy_percent=50), client_id=enrollment.client_id
    )

    assert codes(assessment) == []


# The 100 % subsidy's limits -----------------------------------------------------------


def test_it_warns_about_the_working_time_months_and_employer_type_of_the_full_subsidy(
    enrollment, employer
):
    assessment = terms_assessment(
        terms=terms(
            employer,
            hours_per_week=Decimal(30),
            hourly_wage=Decimal(15),
            pay_subsidy_percent=100,
            pay_subsidy_months=14,
        ),
        client_id=enrollment.client_id,
    )

    assert codes(assessment) == [
        "pay_subsidy_working_time",
        "pay_subsidy_employer_type",
        "pay_subsidy_months",
    ]


def test_it_accepts_the_full_subsidy_for_an_association_within_its_limits(enrollment, org):
    association = make_employer(org, name="Yhdistys ry", employer_type="association")

    assessment = terms_assessment(
        terms=terms(
            association,
            hours_per_week=Decimal(24),
            hourly_wage=Decimal(14),
            pay_subsidy_percent=100,
            pay_subsidy_months=12,
        ),
        client_id=enrollment.client_id,
    )

    assert codes(assessment) == []
    assert assessment.subsidy.monthly_amount == Decimal("1456.00")


# Work trials --------------------------------------------------------------------------


def trial(employer, start, end, **fields):
    fields.setdefault("days_per_week", 4)
    fields.setdefault("hours_per_week", Decimal(24))
    return terms(employer, start, kind=PlacementKind.WORK_TRIAL, end_date=end, **fields)


def test_it_accepts_a_work_trial_within_the_limits(enrollment, employer):
    assessment = terms_assessment(
        terms=trial(employer, D(2026, 3, 2), D(2026, 8, 31)), client_id=enrollment.client_id
    )

    assert codes(assessment) == []
    assert assessment.expense_allowance_eur_per_day == Decimal("9.00")


def test_it_warns_about_more_than_six_months_with_one_organiser(enrollment, employer, org):
    earlier(
        enrollment,
        employer,
        D(2025, 6, 1),
        kind=PlacementKind.WORK_TRIAL,
        end_date=D(2025, 10, 31),
    )
    same = trial(employer, D(2026, 3, 2), D(2026, 4, 30))
    other = trial(make_employer(org, name="Toinen Oy"), D(2026, 3, 2), D(2026, 4, 30))

    warned = terms_assessment(terms=same, client_id=enrollment.client_id)
    assert codes(warned) == ["work_trial_organiser_months"]
    assert "6 months 29 days" in warned.warnings[0].message
    assert codes(terms_assessment(terms=other, client_id=enrollment.client_id)) == []


def test_it_warns_about_more_than_twelve_months_in_total(enrollment, org):
    for number, start in enumerate([D(2024, 1, 1), D(2024, 7, 1)]):
        earlier(
            enrollment,
            make_employer(org, name=f"Järjestäjä {number}"),
            start,
            kind=PlacementKind.WORK_TRIAL,
            end_date=start.replace(month=start.month + 5, day=30),
        )
    new = trial(make_employer(org, name="Uusi Oy"), D(2026, 3, 2), D(2026, 4, 30))

    assert codes(terms_assessment(terms=new, client_id=enrollment.client_id)) == [
        "work_trial_total_months"
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"days_per_week": 6, "hours_per_week": Decimal(36)}, ["work_trial_days"]),
        ({"days_per_week": 3, "hours_per_week": Decimal(30)}, ["work_trial_hours"]),
        ({"days_per_week": 5, "hours_per_week": Decimal(15)}, ["work_trial_hours"]),
        ({"days_per_week": None, "hours_per_week": Decimal(45)}, ["work_trial_hours"]),
        ({"days_per_week": 5, "hours_per_week": Decimal(40)}, []),
    ],
)
def test_it_warns_about_days_and_hours_outside_the_limits(enrollment, employer, fields, expected):
    new = trial(employer, D(2026, 3, 2), D(2026, 4, 30), **fields)

    assert codes(terms_assessment(terms=new, client_id=enrollment.client_id)) == expected


def test_it_asks_for_the_agreed_end_of_a_work_trial(enrollment, employer):
    recent = trial(employer, today() - datetime.timedelta(days=10), None)
    # Without an end, a trial counts up to today: one begun in March is over six months now.
    long_ago = trial(employer, D(2026, 3, 2), None)

    assert codes(terms_assessment(terms=recent, client_id=enrollment.client_id)) == [
        "work_trial_no_end"
    ]
    assert codes(terms_assessment(terms=long_ago, client_id=enrollment.client_id)) == [
        "work_trial_organiser_months",
        "work_trial_no_end",
    ]


def test_it_measures_trials_in_calendar_months():
    today = D(2026, 11, 23)
    first = Terms(
        kind="work_trial", employer_id=1, start_date=D(2026, 1, 1), end_date=D(2026, 6, 30)
    )
    second = Terms(
        kind="work_trial", employer_id=1, start_date=D(2026, 7, 1), end_date=D(2026, 7, 1)
    )
    open_ended = Terms(kind="work_trial", employer_id=1, start_date=D(2026, 11, 1))

    assert trial_length(first, today) == Length(6, 0)
    assert trial_length(second, today) == Length(0, 1)
    assert trial_length(open_ended, today) == Length(0, 23)
    assert total_length([Length(3, 20), Length(2, 15)]) == Length(6, 5)


# Tenure -------------------------------------------------------------------------------


def test_it_derives_the_job_tenure():
    today = D(2026, 11, 23)

    assert tenure(D(2026, 3, 2), D(2026, 5, 29), today) == Tenure(89, 2)
    assert tenure(D(2026, 3, 2), D(2026, 6, 1), today) == Tenure(92, 3)
    assert tenure(D(2026, 11, 1), None, today) == Tenure(23, 0)
    assert tenure(D(2026, 12, 1), None, today) == Tenure(0, 0)
