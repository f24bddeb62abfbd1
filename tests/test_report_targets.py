"""The organisation's report targets: progress of each metric over the target's own period,
the small-count rule, the page, the API list and the admin (period 1.1.–31.3.2026)."""

import datetime

import pytest

from tests.pages_support import login
from tests.test_reports_breakdowns import QUERY, world  # noqa: F401 - the dataset fixture
from tyopolku.core.errors import Forbidden
from tyopolku.pathway.models import ServiceModel
from tyopolku.reports.models import ReportTarget, TargetMetric
from tyopolku.reports.targets import report_targets, target_progress

D = datetime.date
FROM, TO = D(2026, 1, 1), D(2026, 3, 31)


def target(org, metric, value, start=FROM, end=TO, **fields):
    return ReportTarget.objects.create(
        organization=org,
        metric=metric,
        target_value=value,
        period_start=start,
        period_end=end,
        **fields,
    )


@pytest.mark.parametrize(
    "metric, value, percent",
    [
        (TargetMetric.CLIENTS_ENROLLED, 4, 10),  # A B C F of 40
        (TargetMetric.PLACEMENTS_STARTED, 5, 12),  # A twice, C twice, F; 5/40 = 12.5 → 12
        (TargetMetric.COMPETITIVE_JOB_STARTS, 3, 8),
        (TargetMetric.FIRST_JOB_STARTS, 1, 2),
    ],
)
def test_it_counts_each_metric_over_the_targets_period(
    world,  # noqa: F811
    org,
    supervisor,
    metric,
    value,
    percent,
):
    [progress] = target_progress(user=supervisor, targets=[target(org, metric, 40)])

    assert (progress.value, progress.percent) == (value, percent)


def test_it_counts_a_service_models_target_and_passes_a_hundred(world, org, supervisor):  # noqa: F811
    own = target(org, TargetMetric.CLIENTS_ENROLLED, 1, service_model=ServiceModel.WORK_ACTIVITY)
    # Two months of the period: A's second job (10.3.) and C's (15.3.) are after it.
    early = target(org, TargetMetric.COMPETITIVE_JOB_STARTS, 2, end=D(2026, 2, 28))

    progress = target_progress(user=supervisor, targets=[own, early])

    assert [(p.value, p.percent, p.bar_value) for p in progress] == [(1, 100, 1), (1, 50, 1)]


def test_it_hides_small_values_from_evaluators(world, org, evaluator):  # noqa: F811
    [progress] = target_progress(
        user=evaluator, targets=[target(org, TargetMetric.CLIENTS_ENROLLED, 40)]
    )

    assert (progress.value, progress.percent) == (None, None)


def test_it_lists_the_targets_whose_period_overlaps(org, other_org, supervisor):
    last_day = target(org, TargetMetric.CLIENTS_ENROLLED, 40, D(2025, 1, 1), D(2026, 1, 1))
    first_day = target(org, TargetMetric.CLIENTS_ENROLLED, 40, D(2026, 3, 31), D(2026, 12, 31))
    target(org, TargetMetric.CLIENTS_ENROLLED, 40, D(2025, 1, 1), D(2025, 12, 31))
    target(org, TargetMetric.CLIENTS_ENROLLED, 40, D(2026, 4, 1), D(2026, 12, 31))
    target(other_org, TargetMetric.CLIENTS_ENROLLED, 40)

    listed = report_targets(user=supervisor, date_from=D(2026, 1, 1), date_to=D(2026, 3, 31))

    assert list(listed) == [last_day, first_day]


def test_it_refuses_the_targets_to_coaches(coach):
    with pytest.raises(Forbidden):
        report_targets(user=coach)


def test_it_counts_one_query_a_target(world, org, supervisor, django_assert_num_queries):  # noqa: F811
    targets = [target(org, metric, 10) for metric in TargetMetric]

    with django_assert_num_queries(len(targets)):
        target_progress(user=supervisor, targets=targets)


def test_it_shows_the_progress_on_the_report_page(world, org, supervisor, client):  # noqa: F811
    target(org, TargetMetric.CLIENTS_ENROLLED, 40, label="Pilot: 40 clients")
    login(client, supervisor)

    html = client.get(f"/reports/{QUERY}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<th scope="row">Pilot: 40 clients</th>' in html
    bar = '<progress max="40" value="4" aria-label="Pilot: 40 clients">10 %</progress> 10 %'
    assert bar in html


def test_it_says_so_when_no_target_overlaps(supervisor, client):
    login(client, supervisor)

    html = client.get(f"/reports/{QUERY}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "No targets for this period." in html


def test_it_lists_the_targets_in_the_api_in_pages(world, org, other_org, supervisor, api_as):  # noqa: F811
    first = target(org, TargetMetric.CLIENTS_ENROLLED, 40, label="Pilot")
    target(org, TargetMetric.PLACEMENTS_STARTED, 10, D(2027, 1, 1), D(2027, 12, 31))
    target(other_org, TargetMetric.CLIENTS_ENROLLED, 40)

    page = api_as(supervisor).get("/reports/targets?limit=1").json()
    overlapping = api_as(supervisor).get("/reports/targets?from=2026-01-01&to=2026-12-31").json()

    assert page["count"] == 2
    assert page["items"] == [
        {
            "id": first.pk,
            "label": "Pilot",
            "metric": "clients_enrolled",
            "service_model": None,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "target_value": 40,
            "value": 4,
            "percent": 10,
            "counted_on": None,
        }
    ]
    assert [item["id"] for item in overlapping["items"]] == [first.pk]


def test_it_gives_evaluators_a_null_value_in_the_api(world, org, evaluator, api_as):  # noqa: F811
    target(org, TargetMetric.CLIENTS_ENROLLED, 40)

    [item] = api_as(evaluator).get("/reports/targets").json()["items"]

    assert (item["value"], item["percent"]) == (None, None)


def test_it_refuses_a_backwards_period_in_the_api(supervisor, api_as):
    response = api_as(supervisor).get("/reports/targets?from=2026-03-31&to=2026-01-01")

    assert response.status_code == 422


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_it_keeps_the_targets_in_the_admins_organisation(admin_client, org, other_org):
    foreign = target(other_org, TargetMetric.CLIENTS_ENROLLED, 99, label="Muualla")

    response = admin_client.post(
        "/admin/reports/reporttarget/add/",
        {
            "label": "Pilotti",
            "metric": "clients_enrolled",
            "target_value": "40",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "service_model": "ips",
            "organization": other_org.pk,
        },
    )
    listing = admin_client.get("/admin/reports/reporttarget/")

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ReportTarget.objects.get(label="Pilotti").organization == org
    assert "Pilotti" in listing.text and foreign.label not in listing.text


def test_it_refuses_a_target_that_ends_before_it_starts(admin_client):
    response = admin_client.post(
        "/admin/reports/reporttarget/add/",
        {
            "metric": "clients_enrolled",
            "target_value": "40",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
        },
    )

    assert response.status_code == 200
    assert not ReportTarget.objects.exists()
