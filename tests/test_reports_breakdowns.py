"""The breakdowns of the outcome report on a hand-built dataset with known answers (period
1.1.–31.3.2026): every figure, its edges, the filters, the clients behind each count, the
small-count rule, the page, the downloads, the PDF and the API."""

import csv
import datetime
import io
import re
import zlib
from decimal import Decimal

import pytest

from tests.factories import ClientFactory
from tests.pages_support import login
from tests.test_reports import Builder
from tyopolku.accounts.services import unit_ensure
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import TargetGroup
from tyopolku.core.errors import Forbidden, InvalidInput
from tyopolku.pathway.models import Phase, PhaseChange, ReferralSource, ServiceModel
from tyopolku.placements.models import PlacementKind
from tyopolku.reports.breakdowns import Row, breakdown_figures, hidden_rows
from tyopolku.reports.selectors import Scope, figure_clients

D = datetime.date
FROM, TO = D(2026, 1, 1), D(2026, 3, 31)
QUERY = "?date_from=2026-01-01&date_to=2026-03-31"


class World(Builder):
    def __init__(self, org, user):
        super().__init__(org, user)
        self.typ = ReferralSource.objects.create(code="r-typ", name_fi="TYP", name_en="TYP")
        self.kela = ReferralSource.objects.create(code="r-kela", name_fi="Kela", name_en="Kela")
        self.g1 = TargetGroup.objects.create(code="g-long", name_fi="Pitkään työttömät")
        self.g2 = TargetGroup.objects.create(code="g-mental", name_fi="Mielenterveyskuntoutujat")
        self.unit_a = unit_ensure(organization=org, code="u-a", name="Yksikkö A")[0]
        self.unit_b = unit_ensure(organization=org, code="u-b", name="Yksikkö B")[0]

    def client(self, org=None, name="X", groups=()):
        client = ClientFactory(organization=org or self.org, first_name=name, last_name=name)
        client.target_groups.set(groups)
        return client

    def enrollment(self, client, start, end=None, model=ServiceModel.IPS, unit=None, source=None):
        enrollment = super().enrollment(client, start, end, model=model)
        enrollment.unit, enrollment.referral_source = unit, source
        enrollment.save()
        return enrollment

    def phase(self, enrollment, phase, day):
        PhaseChange.objects.create(
            enrollment=enrollment,
            phase=phase,
            effective_date=day,
            reason=PhaseChange.Reason.MANUAL,
            recorded_by=self.user,
        )

    def job(self, enrollment, start, end=None, competitive=True, **terms):
        placement = super().job(enrollment, start, end, competitive=competitive)
        for name, value in terms.items():
            setattr(placement, name, value)
        placement.save()
        return placement


@pytest.fixture
def world(org, other_org, coach):
    w = World(org, coach)
    # A: IPS from the period's first day, referred by TYP, unit A; employed from 1.2. in a
    # competitive job that ends (reason with spaces around it) and another that starts.
    a = w.enrollment(
        w.client(name="Aaltonen", groups=[w.g1, w.g2]), FROM, unit=w.unit_a, source=w.typ
    )
    w.phase(a, Phase.INTAKE, FROM)
    w.phase(a, Phase.JOB_SEARCH, D(2026, 1, 15))
    w.phase(a, Phase.EMPLOYED, D(2026, 2, 1))
    w.job(
        a,
        D(2026, 2, 1),
        D(2026, 2, 28),
        hours_per_week=Decimal(20),
        hourly_wage=Decimal("12.00"),
        pay_subsidy_percent=50,
        end_reason="  Muutto ",
    )
    w.job(a, D(2026, 3, 10), hours_per_week=Decimal(30), hourly_wage=Decimal("14.00"))
    # B: two enrollments, the first (with its job) ended the day before the period, the
    # second starts on its last day, referred by Kela, unit B.
    client_b = w.client(name="Berg")
    b1 = w.enrollment(client_b, D(2025, 6, 1), D(2025, 12, 31), unit=w.unit_b)
    w.job(b1, D(2025, 9, 1), D(2025, 12, 31))
    b2 = w.enrollment(client_b, TO, unit=w.unit_b, source=w.kela)
    w.phase(b2, Phase.INTAKE, TO)
    # C changed units: the first enrollment (unit A, with a competitive job in December)
    # ended on 31.1.; the second (unit B, from TYP) has a work trial that ends on the period's
    # last day and a competitive job from 15.3. with a pay subsidy.
    client_c = w.client(name="Carlsson", groups=[w.g2])
    c1 = w.enrollment(client_c, D(2025, 11, 1), D(2026, 1, 31), unit=w.unit_a)
    w.phase(c1, Phase.INTAKE, D(2025, 11, 1))
    w.phase(c1, Phase.JOB_SEARCH, D(2025, 12, 1))
    w.phase(c1, Phase.ENDED, D(2026, 2, 1))
    w.job(c1, D(2025, 12, 1), D(2025, 12, 31))
    c2 = w.enrollment(client_c, D(2026, 2, 1), unit=w.unit_b, source=w.typ)
    w.phase(c2, Phase.INTAKE, D(2026, 2, 1))
    w.phase(c2, Phase.JOB_SEARCH, D(2026, 3, 1))
    w.job(c2, D(2026, 3, 1), TO, competitive=False, kind=PlacementKind.WORK_TRIAL)
    w.job(c2, D(2026, 3, 15), hours_per_week=Decimal(10), pay_subsidy_percent=70)
    # F: open work activity since December, no phase recorded, a non-competitive job from
    # the first day.
    f = w.enrollment(
        w.client(name="Forsman", groups=[w.g1]), D(2025, 12, 1), model=ServiceModel.WORK_ACTIVITY
    )
    w.job(f, FROM, competitive=False, hours_per_week=Decimal(15))
    # Outside: D ended the day before, E starts the day after, another organisation's client.
    w.job(w.enrollment(w.client(), D(2025, 1, 1), D(2025, 12, 31)), D(2025, 2, 1), D(2025, 12, 31))
    w.enrollment(w.client(groups=[w.g1]), D(2026, 4, 1), source=w.typ)
    other = w.enrollment(w.client(other_org, groups=[w.g1]), FROM, source=w.typ)
    w.job(other, FROM, pay_subsidy_percent=50)
    return w


def rows(breakdown):
    return {row.code: row.count for row in breakdown}


def test_it_counts_every_breakdown_with_the_periods_edges(world, supervisor):
    result = breakdown_figures(user=supervisor, scope=Scope(FROM, TO))

    assert rows(result.referrals) == {
        "r-typ": 2,
        "r-kela": 1,
    }  # A on day 1, C's second; B on the last
    assert result.starts == 3
    assert rows(result.phases) == {"intake": 2, "job_search": 1, "employed": 1, "ended": 1}
    assert result.first_job_starts == 1  # A; C had a competitive job in December
    assert result.job_starts == 3  # A twice, C
    assert rows(result.placements_by_kind) == {"employment": 4, "work_trial": 1}
    assert result.placements_ended == 2
    assert rows(result.end_reasons) == {"Muutto": 1, "": 1}
    # Ended: A 1.–28.2. (28 days), C 1.–31.3. (31); going on: A 22, C 17, F 90 days.
    assert (result.tenure_ended.count, result.tenure_ended.median) == (2, 29.5)
    assert result.tenure_ended.mean == 29.5
    assert (result.tenure_ongoing.count, result.tenure_ongoing.median) == (3, 22.0)
    assert result.tenure_ongoing.mean == 43.0
    # Competitive jobs active: A's two (20 h, 12 €; 30 h, 14 €) and C's (10 h, no wage).
    assert (result.hours_per_week.count, result.hours_per_week.median) == (3, 20.0)
    assert result.hours_per_week.mean == 20.0
    assert (result.hourly_wage.count, result.hourly_wage.median, result.hourly_wage.mean) == (
        2,
        13.0,
        13.0,
    )
    assert rows(result.pay_subsidies) == {"50": 1, "70": 1}
    assert rows(result.target_groups) == {"g-long": 2, "g-mental": 2}  # A F; A C


def test_it_counts_a_client_who_changed_units_in_both(world, supervisor):
    unit_a = breakdown_figures(user=supervisor, scope=Scope(FROM, TO, unit_id=world.unit_a.pk))
    unit_b = breakdown_figures(user=supervisor, scope=Scope(FROM, TO, unit_id=world.unit_b.pk))

    assert rows(unit_a.referrals) == {"r-typ": 1}
    assert rows(unit_a.phases) == {"intake": 0, "job_search": 0, "employed": 1, "ended": 1}
    assert (unit_a.first_job_starts, unit_a.job_starts) == (1, 2)
    assert rows(unit_a.target_groups) == {"g-long": 1, "g-mental": 2}
    assert rows(unit_b.referrals) == {"r-typ": 1, "r-kela": 1}
    assert rows(unit_b.phases) == {"intake": 1, "job_search": 1, "employed": 0, "ended": 0}
    # C's competitive job in unit A before the period: not a first job in unit B either.
    assert (unit_b.first_job_starts, unit_b.job_starts) == (0, 1)
    assert unit_b.placements_ended == 1
    assert rows(unit_b.end_reasons) == {"": 1}


def test_it_filters_by_service_model(world, supervisor):
    result = breakdown_figures(
        user=supervisor, scope=Scope(FROM, TO, service_model=ServiceModel.WORK_ACTIVITY)
    )

    assert result.starts == 0 and result.referrals == ()
    assert rows(result.phases)["intake"] == 1
    assert rows(result.placements_by_kind) == {"employment": 1}
    assert result.hours_per_week.count == 0 and result.hours_per_week.median is None


def test_it_takes_the_phase_on_the_periods_last_day(world, supervisor):
    # On 31.1. A was in job search, C's first enrollment on its last day still in it.
    result = breakdown_figures(user=supervisor, scope=Scope(FROM, D(2026, 1, 31)))

    assert rows(result.phases) == {"intake": 1, "job_search": 2, "employed": 0, "ended": 0}


@pytest.mark.parametrize(
    "figure, names",
    [
        ("starts", ["Aaltonen", "Berg", "Carlsson"]),
        ("referrals:r-typ", ["Aaltonen", "Carlsson"]),
        ("referrals:", []),
        ("phase:intake", ["Berg", "Forsman"]),
        ("phase:ended", ["Carlsson"]),
        ("first_job_starts", ["Aaltonen"]),
        ("job_starts", ["Aaltonen", "Carlsson"]),
        ("placement_kind:work_trial", ["Carlsson"]),
        ("placements_ended", ["Aaltonen", "Carlsson"]),
        ("end_reason:Muutto", ["Aaltonen"]),
        ("end_reason:", ["Carlsson"]),
        ("placements_ongoing", ["Aaltonen", "Carlsson", "Forsman"]),
        ("competitive_active", ["Aaltonen", "Carlsson"]),
        ("competitive_wage", ["Aaltonen"]),
        ("pay_subsidy:70", ["Carlsson"]),
        ("target_group:g-long", ["Aaltonen", "Forsman"]),
    ],
)
def test_it_lists_the_clients_behind_each_count(world, supervisor, figure, names):
    clients = figure_clients(user=supervisor, scope=Scope(FROM, TO), figure=figure)

    assert [c.last_name for c in clients] == names


@pytest.mark.parametrize(
    "figure", ["phase:nope", "placement_kind:x", "pay_subsidy:abc", "target_group:", "bogus:1"]
)
def test_it_refuses_an_unknown_figure(supervisor, figure):
    with pytest.raises(InvalidInput):
        figure_clients(user=supervisor, scope=Scope(FROM, TO), figure=figure)


def test_it_refuses_the_client_lists_to_evaluators(world, evaluator):
    with pytest.raises(Forbidden):
        figure_clients(user=evaluator, scope=Scope(FROM, TO), figure="phase:intake")


def test_it_hides_small_counts_from_evaluators(world, evaluator):
    result = breakdown_figures(user=evaluator, scope=Scope(FROM, TO))

    assert result.starts is None and result.job_starts is None
    assert all(row.count is None for row in result.referrals + result.phases)
    assert result.tenure_ongoing.count is None and result.tenure_ongoing.median is None
    assert result.hourly_wage.mean is None


def test_it_shows_evaluators_counts_of_five_and_more(org, coach, evaluator):
    w = World(org, coach)
    for n in range(7):
        w.enrollment(w.client(groups=[w.g1]), D(2026, 1, 1 + n), source=w.typ)
    for n in range(6):
        w.job(
            w.enrollment(w.client(), D(2026, 2, 1 + n), source=w.kela),
            D(2026, 2, 10),
            hours_per_week=Decimal(n + 1),
        )
    for n in range(2):
        w.enrollment(w.client(), D(2026, 3, 1 + n))

    result = breakdown_figures(user=evaluator, scope=Scope(FROM, TO))

    assert result.starts == 15
    # Under five: the two without a source; then Kela too, or the total would tell them.
    assert rows(result.referrals) == {"r-typ": 7, "r-kela": None, "": None}
    assert rows(result.target_groups) == {"g-long": 7}
    assert (result.job_starts, result.first_job_starts) == (6, 6)
    assert (result.hours_per_week.count, result.hours_per_week.median) == (6, 3.5)


def test_it_hides_one_more_row_when_the_hidden_rows_could_be_worked_out():
    def row(code, count):
        return Row(code, code, count, code)

    assert [r.count for r in hidden_rows((row("a", 9), row("b", 6), row("c", 3)))] == [
        9,
        None,
        None,
    ]
    assert [r.count for r in hidden_rows((row("a", 9), row("b", 3), row("c", 4)))] == [
        9,
        None,
        None,
    ]
    assert [r.count for r in hidden_rows((row("a", 9), row("b", 1), row("c", 1)))] == [
        None,
        None,
        None,
    ]
    assert [r.count for r in hidden_rows((row("a", 9), row("b", 6)))] == [9, 6]


@pytest.mark.parametrize("records", [1, 10])
def test_it_uses_a_fixed_number_of_queries(
    org, coach, supervisor, records, django_assert_num_queries
):
    w = World(org, coach)
    for n in range(records):
        client = w.client(groups=[w.g1, w.g2])
        enrollment = w.enrollment(client, D(2026, 1, 1 + n), source=w.typ)
        w.phase(enrollment, Phase.JOB_SEARCH, D(2026, 1, 2 + n))
        w.job(
            enrollment,
            D(2026, 2, 1 + n),
            D(2026, 3, 1),
            end_reason=f"syy {n}",
            hourly_wage=Decimal(12),
            pay_subsidy_percent=50,
        )
        w.job(enrollment, D(2026, 3, 2 + n))

    with django_assert_num_queries(11):
        result = breakdown_figures(user=supervisor, scope=Scope(FROM, TO))

    assert result.starts == records and result.job_starts == 2 * records


# --- The page, the downloads, the PDF, the API -------------------------------------------------


def test_it_shows_the_breakdowns_as_tables_with_links(world, supervisor, client):
    login(client, supervisor)

    html = client.get(f"/reports/{QUERY}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<caption>Clients by phase on the period&#x27;s last day</caption>" in html
    link = "/reports/clients/?figure=phase%3Aintake&amp;" + QUERY[1:].replace("&", "&amp;")
    assert f'<th scope="row">Intake</th><td class="number"><a href="{link}">2</a></td>' in html
    assert "figure=first_job_starts&amp;" in html
    assert "/reports/outcomes.pdf?date_from=2026-01-01" in html


def test_it_shows_evaluators_the_breakdowns_without_links(world, evaluator, client):
    login(client, evaluator)

    html = client.get(f"/reports/{QUERY}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<th scope="row">Intake</th><td class="number">&lt; 5</td>' in html
    assert "figure=phase" not in html
    assert client.get(f"/reports/clients/{QUERY}&figure=phase:intake").status_code == 403


def test_it_opens_a_count_to_its_clients_and_logs_them(world, supervisor, client):
    login(client, supervisor)

    response = client.get(
        f"/reports/clients/{QUERY}&figure=end_reason:Muutto", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Clients whose placement ended: Muutto</h1>" in html
    assert html.count('<td data-label="Client"><a href') == 1
    assert list(
        AccessLogEntry.objects.filter(target="report_clients").values_list(
            "client__last_name", flat=True
        )
    ) == ["Aaltonen"]


def test_it_puts_the_breakdowns_in_the_downloads(world, supervisor, client):
    login(client, supervisor)

    response = client.get(f"/reports/outcomes.csv{QUERY}", HTTP_ACCEPT_LANGUAGE="en")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert ["Clients enrolled", "4"] in table
    assert ["Clients by phase on the period's last day"] in table
    assert ["Intake", "2"] in table
    assert ["Ended in the period", "2", "29.5", "29.5"] in table
    assert ["TYP", "2"] in table
    xlsx = client.get(f"/reports/outcomes.xlsx{QUERY}")
    assert xlsx.status_code == 200


def test_it_writes_hidden_counts_in_the_download_as_under_five(world, evaluator, client):
    login(client, evaluator)

    response = client.get(f"/reports/outcomes.csv{QUERY}", HTTP_ACCEPT_LANGUAGE="en")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert ["Intake", "< 5"] in table
    assert ["Hours per week", "< 5", "< 5", "< 5"] in table


def pdf_strings(content: bytes) -> list[str]:
    """The text strings of the PDF's objects (metadata, bookmarks), its compressed streams
    opened: enough to find the summary of the figures that the document carries."""
    parts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    strings = []
    for part in parts:
        for utf16 in re.findall(rb"<feff([0-9a-f]*)>", part, re.I):
            strings.append(bytes.fromhex(utf16.decode()).decode("utf-16-be"))
        strings.extend(s.decode("latin-1") for s in re.findall(rb"\(([^()]*)\)", part))
    return strings


def test_it_prints_the_report_as_pdf(world, supervisor, client):
    login(client, supervisor)

    response = client.get(f"/reports/outcomes.pdf{QUERY}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert any("Clients enrolled: 4;" in text for text in pdf_strings(response.content))


def test_it_answers_the_breakdowns_api(world, supervisor, api_as):
    response = api_as(supervisor).get("/reports/breakdowns?from=2026-01-01&to=2026-03-31")

    assert response.status_code == 200
    body = response.json()
    assert body["starts"] == 3 and body["first_job_starts"] == 1
    assert {"code": "r-kela", "label": "Kela", "count": 1} in body["referrals"]
    assert body["tenure_ended"] == {"count": 2, "median": 29.5, "mean": 29.5}
    unit = api_as(supervisor).get(
        f"/reports/breakdowns?from=2026-01-01&to=2026-03-31&unit_id={world.unit_b.pk}"
    )
    assert unit.json()["job_starts"] == 1


def test_it_gives_evaluators_nulls_in_the_api(world, evaluator, api_as):
    body = api_as(evaluator).get("/reports/breakdowns?from=2026-01-01&to=2026-03-31").json()

    assert body["starts"] is None
    assert body["hours_per_week"] == {"count": None, "median": None, "mean": None}


def test_it_refuses_a_period_backwards_in_the_api(supervisor, api_as):
    response = api_as(supervisor).get("/reports/breakdowns?from=2026-03-31&to=2026-01-01")

    assert response.status_code == 422
