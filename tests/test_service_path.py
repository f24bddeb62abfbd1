"""The service path: clients in each phase now and the median days there, worked out by hand
below; the small-count rule, the unit filter, the drawing, access, and the query count."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClientFactory
from tests.pages_support import login
from tyopolku.accounts.services import unit_ensure
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange, ServiceModel
from tyopolku.pathway.rules import phase_on
from tyopolku.reports.charts import service_path_chart
from tyopolku.reports.service_path import service_path
from tyopolku.workability.models import Referral, ReferralStatus

START = datetime.date(2026, 1, 1)
# The first half of 2026; its last day (day 180) is "now".
FROM, TO = START, datetime.date(2026, 6, 30)
INTAKE, SEARCH, EMPLOYED, ENDED = Phase.INTAKE, Phase.JOB_SEARCH, Phase.EMPLOYED, Phase.ENDED


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


class Path:
    """Enrollments with phase changes as (phase, day number) pairs, and referrals."""

    def __init__(self, org, user, unit):
        self.org, self.user, self.unit = org, user, unit

    def enrollment(self, *changes, model=ServiceModel.IPS, unit=None, end=None, org=None):
        enrollment = Enrollment.objects.create(
            client=ClientFactory(organization=org or self.org),
            service_model=model,
            start_date=day(changes[0][1]),
            end_date=None if end is None else day(end),
            unit=unit or self.unit,
            created_by=self.user,
        )
        PhaseChange.objects.bulk_create(
            PhaseChange(
                enrollment=enrollment,
                phase=phase,
                effective_date=day(n),
                reason=PhaseChange.Reason.MANUAL,
                recorded_by=self.user,
            )
            for phase, n in changes
        )
        return enrollment

    def referral(self, sent, decided=None, model=ServiceModel.IPS, unit=None):
        return Referral.objects.create(
            organization=self.org,
            client=ClientFactory(organization=self.org),
            to_service_model=model,
            to_unit=unit or self.unit,
            reason="Verkostoneuvottelussa sovittu.",
            status=ReferralStatus.SENT if decided is None else ReferralStatus.DECLINED,
            sent_by=self.user,
            sent_on=day(sent),
            decided_by=None if decided is None else self.user,
            decided_on=None if decided is None else day(decided),
        )


@pytest.fixture
def paths(org, other_org, supervisor, unit):
    """IPS of the unit, day 0 = 1.1.2026, now = day 180:
    A intake 0 → job search 10 → employed 40 (employed now, 140 days);
    B intake -20 → job search 5 (intake stay of 25 days moved on in the period; searching
      now, 175 days);
    C intake 30 → job search 30 (the same day: no intake stay) → employed 100 → job search
      150 (searching now, 30 days; 70 days of job search and 50 employed moved on);
    D intake 50 → job search 62 → job search 70 (the same phase: one stay) → ended 120 (its
      last day 119): 12 days of intake, 58 of job search, one enrollment ended;
    E intake 170 (now, 10 days);
    F intake -100 → job search -50 → employed -10 (employed now, 190 days; the stays that
      moved on before the period do not count).
    Another unit: G intake 0 (now, 180 days). Open work activity: H intake 0 → job search 20.
    Another organisation: an intake now, left out.
    Referrals to IPS of the unit: waiting since day 170 (10 days), decided on days 3 (sent
    -5: 8 days) and 100 (the same day: 0 days), one decided before the period (left out);
    one to another unit waiting since day 0.

    By hand, IPS of every unit:
    intake now E, G: 2 clients, median (10 + 180) / 2 = 95; moved on A 10, B 25, D 12:
      median 12 (C's same-day intake is no stay);
    job search now B 175, C 30: median 102.5; moved on A 30, C 70, D 58: median 58;
    employed now A 140, F 190: median 165; moved on C 50;
    ended: D; referrals now 2 (10, 180: median 95), moved on 0 and 8: median 4."""
    path = Path(org, supervisor, unit)
    other_unit = unit_ensure(organization=org, code="toinen", name="Toinen paja")[0]
    path.enrollment((INTAKE, 0), (SEARCH, 10), (EMPLOYED, 40))
    path.enrollment((INTAKE, -20), (SEARCH, 5))
    path.enrollment((INTAKE, 30), (SEARCH, 30), (EMPLOYED, 100), (SEARCH, 150))
    path.enrollment((INTAKE, 50), (SEARCH, 62), (SEARCH, 70), (ENDED, 120), end=119)
    path.enrollment((INTAKE, 170))
    path.enrollment((INTAKE, -100), (SEARCH, -50), (EMPLOYED, -10))
    path.enrollment((INTAKE, 0), unit=other_unit)
    path.enrollment((INTAKE, 0), (SEARCH, 20), model=ServiceModel.WORK_ACTIVITY)
    elsewhere = unit_ensure(organization=other_org, code="muu", name="Muu paja")[0]
    path.enrollment((INTAKE, 0), org=other_org, unit=elsewhere)
    path.referral(170)
    path.referral(-5, decided=3)
    path.referral(100, decided=100)
    path.referral(-30, decided=-1)
    path.referral(0, unit=other_unit)
    path.other_unit = other_unit
    return path


def _figures(result, model=ServiceModel.IPS):
    """{phase: (clients now, median now, stays moved on, median of those)} and the ended."""
    of_model = next(m for m in result.models if m.service_model == model)
    return {
        s.phase: (s.clients_now, s.median_days_now, s.stays_completed, s.median_days_completed)
        for s in of_model.stations
    }, of_model.ended


def test_it_counts_the_phases_and_their_medians_as_worked_out_by_hand(paths, supervisor):
    result = service_path(user=supervisor, date_from=FROM, date_to=TO)

    stations, ended = _figures(result)
    assert result.as_of == TO
    assert stations == {
        "referral": (2, 95.0, 2, 4.0),
        "intake": (2, 95.0, 3, 12.0),
        "job_search": (2, 102.5, 3, 58.0),
        "employed": (2, 165.0, 1, 50.0),
    }
    assert ended == 1
    assert _figures(result, ServiceModel.WORK_ACTIVITY) == (
        {
            "referral": (0, None, 0, None),
            "intake": (0, None, 1, 20.0),
            "job_search": (1, 160.0, 0, None),
            "employed": (0, None, 0, None),
        },
        0,
    )
    assert [m.service_model for m in result.models] == ServiceModel.values


def test_it_narrows_to_one_unit_and_one_service_model(paths, supervisor):
    result = service_path(
        user=supervisor, date_from=FROM, date_to=TO, unit_id=paths.unit.pk, service_model="ips"
    )

    stations, ended = _figures(result)
    assert [m.service_model for m in result.models] == ["ips"]
    assert stations["referral"] == (1, 10.0, 2, 4.0)
    assert stations["intake"] == (1, 10.0, 3, 12.0)
    assert stations["job_search"] == (2, 102.5, 3, 58.0)
    assert ended == 1


def test_it_agrees_with_the_pathway_on_the_phase_of_each_enrollment(paths, org, supervisor):
    """Clients now, per phase, as `phase_on` (the rule the pages use) reads the changes."""
    expected: dict[tuple[str, str], int] = {}
    for enrollment in Enrollment.objects.filter(client__organization=org).prefetch_related(
        "phase_changes"
    ):
        current = phase_on(list(enrollment.phase_changes.all()), TO)
        if current is not None and current.phase != ENDED:
            key = (enrollment.service_model, current.phase)
            expected[key] = expected.get(key, 0) + 1

    result = service_path(user=supervisor, date_from=FROM, date_to=TO)

    counted = {
        (m.service_model, s.phase): s.clients_now
        for m in result.models
        for s in m.stations
        if s.phase != "referral" and s.clients_now
    }
    assert counted == expected


def test_it_measures_an_earlier_period_up_to_its_own_last_day(paths, supervisor):
    """Up to day 60: intake now D (10 days) and G (60); moved on A (10) and B (25), not D (on
    day 62); employed now A (20) and F (70)."""
    result = service_path(user=supervisor, date_from=FROM, date_to=day(60))

    stations, ended = _figures(result)
    assert result.as_of == day(60)
    assert stations["intake"] == (2, 35.0, 2, 17.5)
    assert stations["employed"] == (2, 45.0, 0, None)
    assert ended == 0


def test_it_takes_today_as_now_when_the_period_goes_on(paths, supervisor):
    result = service_path(user=supervisor, date_from=FROM, date_to=today() + datetime.timedelta(30))

    assert result.as_of == today()


def test_it_hides_small_counts_and_medians_from_evaluators(paths, evaluator, supervisor):
    for n in range(4):
        # Employed now: 6 clients (A 140, F 190 and these 80, 79, 78, 77 days).
        paths.enrollment((EMPLOYED, 100 + n))

    stations, ended = _figures(service_path(user=evaluator, date_from=FROM, date_to=TO))

    assert stations["employed"] == (6, 79.5, None, None)
    assert stations["intake"] == (None, None, None, None)
    assert ended is None
    # Those who see client records see them all.
    assert _figures(service_path(user=supervisor, date_from=FROM, date_to=TO))[0]["employed"][
        2:
    ] == (1, 50.0)


@pytest.mark.parametrize("persona", ["coach", "peer", "expert", "case_manager"])
def test_it_refuses_roles_without_reports(request, persona):
    with pytest.raises(Forbidden):
        service_path(user=request.getfixturevalue(persona), date_from=FROM, date_to=TO)


def test_it_refuses_another_organisations_unit_and_a_backwards_period(paths, outsider, supervisor):
    elsewhere = unit_ensure(organization=outsider.organization, code="x", name="X")[0]
    with pytest.raises(InvalidInput) as error:
        service_path(user=supervisor, date_from=FROM, date_to=TO, unit_id=elsewhere.pk)
    assert "unit_id" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        service_path(user=supervisor, date_from=TO, date_to=FROM)
    assert "to" in error.value.fields


def test_it_takes_one_query_however_many_clients(paths, supervisor, django_assert_num_queries):
    with django_assert_num_queries(1):
        service_path(user=supervisor, date_from=FROM, date_to=TO)
    # The unit filter checks the unit first.
    with django_assert_num_queries(2):
        service_path(user=supervisor, date_from=FROM, date_to=TO, unit_id=paths.unit.pk)


def _page(client, query="?date_from=2026-01-01&date_to=2026-06-30"):
    return client.get(f"/reports/service-path/{query}")


def test_it_draws_each_path_with_its_table(paths, supervisor, client):
    login(client, supervisor)

    response = _page(client)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-labelledby="path-ips-title"' in html
    assert "Service path of IPS job coaching" in html
    assert "Now: 2, median 102.5 d so far" in html
    assert "Moved on in the period: 3, median 58 d" in html
    assert "Enrollments ended in the period: 1" in html
    table = html[html.index('<table class="chart-table') :]
    row = re.search(r'<th scope="row">Employed, follow-along</th>(.*?)</tr>', table).group(1)
    assert re.findall(r'<td data-label="([^"]+)">([^<]*)</td>', row) == [
        ("Clients now", "2"),
        ("Median days so far", "165"),
        ("Moved on in the period", "1"),
        ("Median days in the phase", "50"),
    ]
    # A model nobody is on says so instead of drawing zeros.
    assert "No clients on this path in the period." in html


def test_it_is_linked_from_the_reports_page(supervisor, client):
    login(client, supervisor)

    assert 'href="/reports/service-path/"' in client.get("/reports/").content.decode()


def test_it_shows_evaluators_hidden_counts(paths, evaluator, client):
    login(client, evaluator)

    html = _page(client).content.decode()

    assert "Now: &lt; 5, median &lt; 5 d so far" in html


@pytest.mark.parametrize(
    "query, field",
    [
        ("?date_from=2026-06-30&date_to=2026-01-01", "date_to"),
        ("?date_from=1999-01-01&date_to=2026-01-01", "date_from"),
        ("?date_from=2026-01-01&date_to=2026-06-30&unit=999999", "unit"),
        ("?date_from=huomenna&date_to=2026-06-30", "date_from"),
    ],
)
def test_it_shows_bad_input_as_a_form_error(supervisor, client, query, field):
    login(client, supervisor)

    response = _page(client, query)

    assert response.status_code == 422
    assert f'id="id_{field}"' in response.content.decode()
    assert "aria-invalid" in response.content.decode()


def test_it_uses_the_same_queries_for_one_client_and_ten(org, supervisor, unit, client):
    path = Path(org, supervisor, unit)
    login(client, supervisor)
    path.enrollment((INTAKE, 0), (SEARCH, 10))
    path.referral(5, decided=9)
    with CaptureQueriesContext(connection) as one:
        assert _page(client).status_code == 200
    for n in range(9):
        path.enrollment((INTAKE, n), (SEARCH, 10 + n), (EMPLOYED, 50 + n))
        path.referral(n, decided=n + 4)
    with CaptureQueriesContext(connection) as ten:
        assert _page(client).status_code == 200

    assert len(ten) == len(one)


def test_it_answers_the_api(paths, supervisor, evaluator, api_as):
    response = api_as(supervisor).get(
        f"/reports/service-path?from=2026-01-01&to=2026-06-30&unit_id={paths.unit.pk}"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2026-06-30"
    ips = next(m for m in body["service_models"] if m["service_model"] == "ips")
    assert ips["ended"] == 1
    assert ips["stations"][2].pop("label")  # in the request's language (Finnish)
    assert ips["stations"][2] == {
        "phase": "job_search",
        "clients_now": 2,
        "median_days_now": 102.5,
        "stays_completed": 3,
        "median_days_completed": 58.0,
    }
    hidden = api_as(evaluator).get("/reports/service-path?from=2026-01-01&to=2026-06-30")
    assert hidden.json()["service_models"][0]["stations"][1]["clients_now"] is None


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2026-06-30&to=2026-01-01", "to"),
        ("from=2026-01-01&to=2026-06-30&service_model=x", "service_model"),
        ("from=2026-01-01&to=2026-06-30&unit_id=2147483647", "unit_id"),
    ],
)
def test_it_names_the_field_of_bad_api_input(supervisor, api_as, query, field):
    response = api_as(supervisor).get(f"/reports/service-path?{query}")

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_it_draws_the_stations_downwards_with_bars_for_the_clients_now(paths, supervisor):
    result = service_path(user=supervisor, date_from=FROM, date_to=TO)
    chart = service_path_chart(result.models[0], hides=False)

    boxes = chart.stations
    assert [b.label for b in boxes][-1] == "Ended"
    assert all(b.y < after.y for b, after in zip(boxes, boxes[1:], strict=False))
    assert len(chart.arrows) == len(boxes) - 1
    # Two clients in each phase: equal bars; the end has none.
    assert {b.bar_width for b in boxes[:4]} == {boxes[0].bar_width} and boxes[0].bar_width > 0
    assert boxes[-1].bar_width == 0
    assert chart.height >= boxes[-1].y + boxes[-1].height
