"""The outcome figures stay a fixed number of queries, and linear in the clients: the
client counts look up the placements in scope with a join, not a list subquery that the
per-client EXISTS would rebuild for every client (bench/README.md has the figures)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.test_reports import FROM, TO, dataset  # noqa: F401 - the hand-built dataset
from tyopolku.accounts.services import unit_ensure
from tyopolku.reports.selectors import Scope, outcome_figures, quarterly_competitive_rates

D = datetime.date


def test_it_counts_clients_without_a_subquery_list_per_client(
    dataset, supervisor, django_assert_num_queries  # noqa: F811
):
    with django_assert_num_queries(3), CaptureQueriesContext(connection) as queries:
        figures = outcome_figures(user=supervisor, scope=Scope(FROM, TO))

    client_counts = queries.captured_queries[0]["sql"]
    assert "EXISTS" in client_counts and "IN (SELECT" not in client_counts
    assert (figures.clients_enrolled, figures.clients_employed) == (6, 3)


def test_it_takes_one_query_a_quarter(dataset, supervisor, django_assert_num_queries):  # noqa: F811
    with django_assert_num_queries(4):
        quarters = quarterly_competitive_rates(user=supervisor, day=TO)

    # 2025 Q2 and Q3: B, D; Q4: B C D F; 2026 Q1: A B C F G H.
    assert [q.clients_active for q in quarters] == [2, 2, 4, 6]


def test_it_counts_only_the_jobs_of_the_units_enrollments(
    dataset, org, supervisor, django_assert_num_queries  # noqa: F811
):
    here, _ = unit_ensure(organization=org, code="here", name="Täällä")
    there, _ = unit_ensure(organization=org, code="there", name="Tuolla")
    client = dataset.client()
    # One client in two units at once, a job in each: a unit's figures hold its own job.
    ours = dataset.enrollment(client, D(2026, 1, 2))
    theirs = dataset.enrollment(client, D(2026, 1, 2))
    type(ours).objects.filter(pk=ours.pk).update(unit=here)
    type(theirs).objects.filter(pk=theirs.pk).update(unit=there)
    dataset.job(ours, D(2026, 1, 5))
    dataset.job(theirs, D(2026, 2, 5), competitive=False)

    with django_assert_num_queries(3):
        figures = outcome_figures(user=supervisor, scope=Scope(FROM, TO, unit_id=here.pk))

    assert (figures.clients_enrolled, figures.clients_employed) == (1, 1)
    assert figures.placements_started == 1
    assert figures.competitive_employment_rate == pytest.approx(1.0)
    other = outcome_figures(user=supervisor, scope=Scope(FROM, TO, unit_id=there.pk))
    assert (other.placements_started, other.competitive_employment_rate) == (1, 0)


def test_it_counts_the_employed_with_a_join_not_an_exists_per_client(
    dataset, supervisor  # noqa: F811
):
    # An EXISTS inside the counts' FILTER ran once per client on PostgreSQL (45 s at 12 500
    # clients without planner statistics): the one EXISTS left picks the enrolled clients.
    with CaptureQueriesContext(connection) as queries:
        figures = outcome_figures(user=supervisor, scope=Scope(FROM, TO))

    client_counts = queries.captured_queries[0]["sql"]
    assert client_counts.count("EXISTS") == 1 and "GROUP BY" in client_counts
    assert (figures.clients_enrolled, figures.clients_employed) == (6, 3)
