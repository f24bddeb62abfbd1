"""The target-group segments of the work-ability team (seed 003) on the outcome report: per
target group the clients served in the period, those who started, and those employed, from
the breakdowns' one query, with the small-count rule for roles without client records."""

import datetime

import pytest

from tests.conftest import make_user
from tests.pages_support import login
from tests.test_reports_breakdowns import World, rows
from tyopolku.clients.models import TargetGroup
from tyopolku.reports.breakdowns import breakdown_figures
from tyopolku.reports.selectors import Scope

D = datetime.date
FROM, TO = D(2026, 1, 1), D(2026, 3, 31)


@pytest.fixture
def segments(org, coach):
    """Released from prison: Ahti (enrolled last year, no job), Bruno (started in the
    period, a competitive job in it), Cyril (started in the period, a work trial only).
    Denied a disability pension: Bruno too, and Dora (enrolled and ended before the period)."""
    w = World(org, coach)
    prison = TargetGroup.objects.get(code="released_from_prison")
    pension = TargetGroup.objects.get(code="denied_disability_pension")
    w.enrollment(w.client(name="Ahti", groups=[prison]), D(2025, 10, 1))
    bruno = w.enrollment(w.client(name="Bruno", groups=[prison, pension]), D(2026, 1, 10))
    w.job(bruno, D(2026, 2, 1))
    cyril = w.enrollment(w.client(name="Cyril", groups=[prison]), D(2026, 2, 1))
    w.job(cyril, D(2026, 3, 1), competitive=False)
    w.enrollment(w.client(name="Dora", groups=[pension]), D(2025, 1, 1), D(2025, 6, 30))
    return w


def test_it_counts_served_started_and_employed_per_target_group(segments, supervisor):
    result = breakdown_figures(user=supervisor, scope=Scope(FROM, TO))

    assert rows(result.target_groups) == {"released_from_prison": 3, "denied_disability_pension": 1}
    assert rows(result.target_group_starts) == {
        "released_from_prison": 2,
        "denied_disability_pension": 1,
    }
    assert rows(result.target_group_employed) == {
        "released_from_prison": 1,
        "denied_disability_pension": 1,
    }


def test_it_hides_small_segments_from_evaluators(segments, org):
    evaluator = make_user("arvioija", org, "evaluator")
    result = breakdown_figures(user=evaluator, scope=Scope(FROM, TO))
    assert {row.count for row in result.target_group_employed} == {None}


def test_it_shows_the_segments_on_the_report_and_in_the_api(segments, client, supervisor, api_as):
    html = login(client, supervisor).get(
        "/reports/", {"date_from": "2026-01-01", "date_to": "2026-03-31"}
    )
    text = html.content.decode()
    assert "Started in the period" in text and "Employed" in text

    body = (
        api_as(supervisor).get("/reports/breakdowns?from=2026-01-01&to=2026-03-31").json()
    )
    employed = {row["code"]: row["count"] for row in body["target_group_employed"]}
    assert employed == {"released_from_prison": 1, "denied_disability_pension": 1}
