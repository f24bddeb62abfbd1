"""The outcome figures on a hand-built dataset with known answers (period 1.1.–31.3.2026)."""

import datetime

import pytest

from tests.factories import ClientFactory, EmployerFactory
from tyopolku.employers.models import ContactKind, ContactPurpose, EmployerContact
from tyopolku.pathway.models import Enrollment, ServiceModel
from tyopolku.placements.models import Placement
from tyopolku.reports.selectors import (
    Scope,
    last_quarters,
    outcome_figures,
    quarterly_competitive_rates,
)

D = datetime.date
FROM, TO = D(2026, 1, 1), D(2026, 3, 31)
IPS, WORK_ACTIVITY = ServiceModel.IPS, ServiceModel.WORK_ACTIVITY


class Builder:
    def __init__(self, org, user):
        self.org, self.user = org, user
        self.employer = EmployerFactory(organization=org)

    def client(self, org=None):
        return ClientFactory(organization=org or self.org)

    def enrollment(self, client, start, end=None, model=IPS, coach=None):
        return Enrollment.objects.create(
            client=client,
            service_model=model,
            start_date=start,
            end_date=end,
            coach=coach,
            created_by=self.user,
        )

    def job(self, enrollment, start, end=None, competitive=True):
        return Placement.objects.create(
            enrollment=enrollment,
            employer=self.employer,
            job_title="Myyjä",
            start_date=start,
            end_date=end,
            hours_per_week=20,
            competitive=competitive,
            created_by=self.user,
        )

    def contact(self, enrollment, day, kind=ContactKind.VISIT):
        return EmployerContact.objects.create(
            employer=self.employer,
            date=day,
            kind=kind,
            purpose=ContactPurpose.JOB_DEVELOPMENT,
            enrollment=enrollment,
            made_by=self.user,
        )


@pytest.fixture
def dataset(org, other_org, coach):
    b = Builder(org, coach)
    # A: IPS from 10.1.; a phone call (not face to face) on day 2, a visit on day 10; a
    # competitive job from day 30 that ends and another that starts within the period.
    a = b.enrollment(b.client(), D(2026, 1, 10), coach=coach)
    b.contact(a, D(2026, 1, 12), ContactKind.PHONE)
    b.contact(a, D(2026, 1, 20))
    b.job(a, D(2026, 2, 9), D(2026, 2, 28))
    b.job(a, D(2026, 3, 10))
    # B: two enrollments, the first ended (with its job) the day before the period, the
    # second starts on its last day.
    client_b = b.client()
    b.job(b.enrollment(client_b, D(2025, 6, 1), D(2025, 12, 31)), D(2025, 9, 1), D(2025, 12, 31))
    b.enrollment(client_b, D(2026, 3, 31))
    # C: open work activity since November with a non-competitive job running.
    c = b.enrollment(b.client(), D(2025, 11, 1), model=WORK_ACTIVITY)
    b.job(c, D(2025, 12, 1), competitive=False)
    # D ended the day before, E starts the day after: outside.
    b.enrollment(b.client(), D(2025, 1, 1), D(2025, 12, 31))
    b.enrollment(b.client(), D(2026, 4, 1))
    # F ends on the first day; its jobs are before and after the period.
    f = b.enrollment(b.client(), D(2025, 12, 31), D(2026, 1, 1))
    b.job(f, D(2025, 12, 31), D(2025, 12, 31))
    b.job(f, D(2026, 4, 1))
    # G: a meeting on day 20, a non-competitive job from day 50.
    g = b.enrollment(b.client(), D(2026, 2, 1))
    b.contact(g, D(2026, 2, 21), ContactKind.MEETING)
    b.job(g, D(2026, 3, 23), competitive=False)
    # H: a visit before the start (not for this enrollment's count) and one on day 0.
    h = b.enrollment(b.client(), D(2026, 1, 5))
    b.contact(h, D(2026, 1, 1))
    b.contact(h, D(2026, 1, 5))
    # Another organisation's client.
    b.job(b.enrollment(b.client(other_org), D(2026, 1, 1)), D(2026, 1, 2))
    return b


def figures(user, **filters):
    return outcome_figures(user=user, scope=Scope(FROM, TO, **filters))


def test_it_counts_the_period_with_its_edges(dataset, supervisor):
    result = figures(supervisor)

    assert result.clients_enrolled == 6  # A B C F G H
    assert result.clients_employed == 3  # A C G
    assert result.competitive_employment_rate == pytest.approx(1 / 6)
    assert result.median_days_to_first_employer_contact == 10.0  # A 10, G 20, H 0
    assert result.median_days_to_first_job == 40.0  # A 30, G 50
    assert result.placements_started == 3  # A twice, G


def test_it_filters_by_service_model_and_coach(dataset, supervisor, coach):
    ips = figures(supervisor, service_model=IPS)
    assert (ips.clients_enrolled, ips.clients_employed, ips.placements_started) == (5, 2, 3)
    assert ips.competitive_employment_rate == pytest.approx(1 / 5)

    activity = figures(supervisor, service_model=WORK_ACTIVITY)
    assert (activity.clients_enrolled, activity.clients_employed) == (1, 1)
    assert activity.competitive_employment_rate == 0
    assert activity.median_days_to_first_job is None

    own = figures(supervisor, coach_id=coach.pk)
    assert (own.clients_enrolled, own.placements_started, own.median_days_to_first_job) == (
        1,
        2,
        30.0,
    )


def test_it_gives_nulls_for_an_empty_period(dataset, supervisor):
    result = outcome_figures(user=supervisor, scope=Scope(D(2020, 1, 1), D(2020, 1, 31)))

    assert result.clients_enrolled == 0
    assert result.competitive_employment_rate is None
    assert result.median_days_to_first_employer_contact is None


def test_it_makes_the_same_number_of_queries_for_more_clients(
    dataset, supervisor, django_assert_num_queries
):
    with django_assert_num_queries(3):
        figures(supervisor)
    for _ in range(3):
        dataset.job(dataset.enrollment(dataset.client(), D(2026, 1, 2)), D(2026, 1, 3))
    with django_assert_num_queries(3):
        assert figures(supervisor).clients_enrolled == 9


def test_it_answers_the_api(dataset, supervisor, api_as):
    query = "from=2026-01-01&to=2026-03-31&service_model=ips"
    response = api_as(supervisor).get(f"/reports/outcomes?{query}")

    assert response.status_code == 200
    assert response.json() == {
        "clients_enrolled": 5,
        "clients_employed": 2,
        "competitive_employment_rate": 0.2,
        "median_days_to_first_employer_contact": 10.0,
        "median_days_to_first_job": 40.0,
        "placements_started": 3,
    }


def test_it_hides_small_counts_from_evaluators(dataset, evaluator, api_as):
    response = api_as(evaluator).get("/reports/outcomes?from=2026-01-01&to=2026-03-31")

    assert response.json() == {
        "clients_enrolled": 6,
        "clients_employed": None,  # 3
        "competitive_employment_rate": None,  # of one client
        "median_days_to_first_employer_contact": None,  # of three enrollments
        "median_days_to_first_job": None,
        "placements_started": None,
    }


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2026-03-31&to=2026-01-01", "to"),
        ("from=2026-02-30&to=2026-03-01", "from"),
        ("to=2026-03-01", "from"),
        ("from=2026-01-01&to=2026-03-01&service_model=nope", "service_model"),
        ("from=2026-01-01&to=2026-03-01&unit_id=99999999999", "unit_id"),
    ],
)
def test_it_names_the_bad_parameter(supervisor, api_as, query, field):
    response = api_as(supervisor).get(f"/reports/outcomes?{query}")

    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_it_refuses_coaches(coach, api_as):
    assert api_as(coach).get("/reports/outcomes?from=2026-01-01&to=2026-03-31").status_code == 403


def test_it_takes_the_last_four_calendar_quarters():
    assert last_quarters(D(2026, 2, 15)) == [
        (D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 9, 30)),
        (D(2025, 10, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 3, 31)),
    ]


def test_it_gives_the_quarterly_competitive_rate(dataset, supervisor, evaluator):
    rates = quarterly_competitive_rates(user=supervisor, day=D(2026, 2, 15))

    assert [r.label for r in rates] == ["2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"]
    # Q4 2025: B (job to 31.12.), C (not competitive), D, F (job on 31.12.).
    assert [(r.clients_active, r.clients_competitive) for r in rates[2:]] == [(4, 2), (6, 1)]
    assert rates[2].rate == 0.5
    # Evaluators: every quarter here has fewer than five clients in a competitive job.
    assert {r.rate for r in quarterly_competitive_rates(user=evaluator, day=D(2026, 2, 15))} == {
        None
    }
