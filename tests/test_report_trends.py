"""The trends page: time to first job (Kaplan–Meier, worked out by hand below), each unit's
fidelity totals next to its quarterly rate, the small-count rule, access and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClientFactory, EmployerFactory
from tests.pages_support import login
from tyopolku.accounts.services import unit_ensure
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput
from tyopolku.fidelity.models import Band, Review, ReviewStatus
from tyopolku.pathway.models import Enrollment, ServiceModel
from tyopolku.placements.models import Placement
from tyopolku.reports.survival import time_to_first_job
from tyopolku.reports.trends import unit_trends

D = datetime.date
START = D(2026, 1, 1)
# The enrollments started in the first half of 2026, followed up to its last day (day 180).
FROM, TO = D(2026, 1, 1), D(2026, 6, 30)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


class Builder:
    def __init__(self, org, user, unit):
        self.org, self.user, self.unit = org, user, unit
        self.employer = EmployerFactory(organization=org)

    def enrollment(self, start=START, end=None, model=ServiceModel.IPS, unit=None, org=None):
        return Enrollment.objects.create(
            client=ClientFactory(organization=org or self.org),
            service_model=model,
            start_date=start,
            end_date=end,
            unit=unit or self.unit,
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

    def review(self, unit, review_date, total, status=ReviewStatus.COMPLETE, org=None):
        return Review.objects.create(
            organization=org or self.org,
            unit=unit,
            review_date=review_date,
            status=status,
            total=total if status == ReviewStatus.COMPLETE else None,
            band=Band.FAIR if status == ReviewStatus.COMPLETE else "",
            created_by=self.user,
        )


@pytest.fixture
def first_jobs(org, other_org, supervisor, unit):
    """Six IPS enrollments started on 1.1.2026:
    A first job on day 10, B on day 20, D on day 40;
    C ended on day 30 without a job (a job recorded on day 60 comes after its end: censored
    at 30); E still searching (censored at the period's end, day 180); F's job starts after
    the period (censored at 180 too).
    Kaplan–Meier: day 10 6 at risk, 1 job → 5/6; day 20 5 at risk → 4/6; day 40 3 at risk
    (D, E, F) → 4/6 × 2/3 = 4/9; the median is day 40 (where the curve first reaches ≤ ½),
    not 20, the median of the three jobs alone.
    Also: two work-activity enrollments (one job on day 5), one IPS enrollment started
    before the period and another organisation's enrollment, both left out."""
    b = Builder(org, supervisor, unit)
    b.job(b.enrollment(), day(10))
    b.job(b.enrollment(), day(20))
    c = b.enrollment(end=day(30))
    b.job(c, day(60))
    b.job(b.enrollment(), day(40))
    b.enrollment()
    b.job(b.enrollment(), D(2026, 8, 1))
    b.job(b.enrollment(model=ServiceModel.WORK_ACTIVITY), day(5))
    b.enrollment(model=ServiceModel.WORK_ACTIVITY)
    b.job(b.enrollment(start=D(2025, 12, 31)), day(3))
    other_unit = unit_ensure(organization=other_org, code="muu", name="Muu yksikkö")[0]
    b.job(b.enrollment(org=other_org, unit=other_unit), day(1))
    return b


def _group(result, code):
    return next(g for g in result.groups if g.group == code)


def test_it_estimates_the_time_to_first_job_with_censoring(first_jobs, supervisor):
    result = time_to_first_job(user=supervisor, date_from=FROM, date_to=TO)

    assert result.follow_up_until == TO
    ips = _group(result, ServiceModel.IPS)
    assert (ips.clients, ips.jobs, ips.median_days) == (6, 3, 40.0)
    assert [(p.day, round(p.share_still_searching, 4), p.at_risk) for p in ips.points] == [
        (0, 1.0, 6),
        (10, round(5 / 6, 4), 6),
        (20, round(4 / 6, 4), 5),
        (40, round(4 / 9, 4), 3),
        (180, round(4 / 9, 4), 2),  # E and F, censored at the period's end
    ]
    # The page's table at fixed days: C left the followed after day 30.
    assert [(p.day, p.at_risk) for p in ips.table] == [(0, 6), (30, 4), (60, 2), (90, 2),
                                                       (180, 2)]
    activity = _group(result, ServiceModel.WORK_ACTIVITY)
    assert (activity.clients, activity.jobs, activity.median_days) == (2, 1, 5.0)


def test_it_censors_at_today_when_the_period_goes_on(first_jobs, supervisor):
    result = time_to_first_job(user=supervisor, date_from=FROM, date_to=D(2100, 1, 1))

    assert result.follow_up_until == today()
    ips = _group(result, ServiceModel.IPS)
    # F's job on 1.8.2026 is in the follow-up once today is past it; E is censored today.
    assert ips.jobs == 3 + (today() >= D(2026, 8, 1))
    assert ips.points[-1].day == (today() - START).days


def test_it_groups_by_the_year_of_the_start(first_jobs, supervisor):
    result = time_to_first_job(
        user=supervisor, date_from=D(2025, 7, 1), date_to=TO, group_by="cohort",
        service_model=ServiceModel.IPS,
    )

    assert [(g.group, g.clients, g.jobs) for g in result.groups] == [("2025", 1, 1),
                                                                      ("2026", 6, 3)]


def test_it_hides_small_counts_from_evaluators(first_jobs, evaluator):
    result = time_to_first_job(user=evaluator, date_from=FROM, date_to=TO)

    ips = _group(result, ServiceModel.IPS)
    assert (ips.clients, ips.jobs) == (6, None)  # three jobs: under five
    # Only the steps with five or more followed; the median rests on three.
    assert [p.at_risk for p in ips.points] == [6, 6, 5]
    assert ips.median_days is None and ips.median_hidden
    activity = _group(result, ServiceModel.WORK_ACTIVITY)
    assert activity.hidden and activity.clients is None and activity.points == ()


def test_it_refuses_bad_input_and_other_roles(first_jobs, supervisor, coach):
    with pytest.raises(InvalidInput):
        time_to_first_job(user=supervisor, date_from=TO, date_to=FROM)
    with pytest.raises(InvalidInput):
        time_to_first_job(user=supervisor, date_from=FROM, date_to=TO, group_by="coach")
    with pytest.raises(Forbidden):
        time_to_first_job(user=coach, date_from=FROM, date_to=TO)


@pytest.fixture
def unit_data(first_jobs, org, other_org, unit):
    """The unit `Testipaja` has the nine enrollments of the organisation above and two
    complete reviews (a draft and another organisation's review are left out); `Toinen` has
    one enrollment and no review."""
    second = unit_ensure(organization=org, code="toinen", name="Toinen")[0]
    first_jobs.enrollment(unit=second, start=D(2026, 2, 1))
    first_jobs.review(unit, D(2026, 2, 15), 90)
    first_jobs.review(unit, D(2026, 5, 20), 104)
    first_jobs.review(unit, D(2026, 6, 1), None, status=ReviewStatus.DRAFT)
    other_unit = unit_ensure(organization=other_org, code="muu", name="Muu yksikkö")[0]
    first_jobs.review(other_unit, D(2026, 3, 1), 120, org=other_org)
    return second


def test_it_gives_each_unit_its_reviews_and_quarterly_rates(unit_data, supervisor, unit):
    result = unit_trends(user=supervisor, date_from=FROM, date_to=TO)

    assert [t.unit.name for t in result] == ["Testipaja", "Toinen"]
    first, second = result
    assert [(r.review_date, r.total) for r in first.reviews] == [
        (D(2026, 2, 15), 90),
        (D(2026, 5, 20), 104),
    ]
    q1, q2 = first.quarters
    # Q1: the 9 enrollments of the unit active in it (6 IPS, 2 work activity, 31.12.'s);
    # competitive jobs active in Q1: A, B, D, C's (2.3., after its enrollment ended: the
    # report's rule counts the client, enrolled in the quarter), the work-activity one and
    # 31.12.'s.
    assert (q1.clients_active, q1.clients_competitive) == (9, 6)
    # Q2: C ended in January, so 8 active, of whom the same five are still working.
    assert (q2.clients_active, q2.clients_competitive) == (8, 5)
    assert second.reviews == ()
    assert [(q.clients_active, q.clients_competitive) for q in second.quarters] == [(1, 0),
                                                                                   (1, 0)]


def test_it_filters_unit_rates_by_service_model(unit_data, supervisor):
    first = unit_trends(
        user=supervisor, date_from=FROM, date_to=TO, service_model=ServiceModel.WORK_ACTIVITY
    )[0]

    assert [(q.clients_active, q.clients_competitive) for q in first.quarters] == [(2, 1),
                                                                                  (2, 1)]


def test_it_hides_small_unit_quarters_from_evaluators(unit_data, evaluator):
    first, second = unit_trends(user=evaluator, date_from=FROM, date_to=TO)

    assert [q.rate for q in first.quarters] == [6 / 9, 5 / 8]
    assert [q.clients_active for q in second.quarters] == [None, None]
    assert len(second.reviews) == 0 and len(first.reviews) == 2  # no client data


def test_it_refuses_a_period_over_twelve_quarters(supervisor):
    with pytest.raises(InvalidInput) as error:
        unit_trends(user=supervisor, date_from=D(2020, 1, 1), date_to=TO)
    assert "from" in error.value.fields


def test_it_scopes_to_the_organisation(unit_data, org, other_org, unit):
    from tests.conftest import make_user

    outsider = make_user("muu", other_org, "supervisor")
    assert [t.unit.name for t in unit_trends(user=outsider, date_from=FROM, date_to=TO)] == [
        "Muu yksikkö"
    ]
    result = time_to_first_job(user=outsider, date_from=FROM, date_to=TO)
    assert [(g.group, g.clients, g.jobs) for g in result.groups] == [("ips", 1, 1)]


def _page(client, query="?date_from=2026-01-01&date_to=2026-06-30"):
    return client.get(f"/reports/trends/{query}", HTTP_ACCEPT_LANGUAGE="en")


def test_it_shows_the_page_with_its_charts_and_tables(unit_data, supervisor, client):
    login(client, supervisor)

    response = _page(client)

    assert response.status_code == 200
    html = response.content.decode()
    # Testipaja's totals and rate, Toinen's rate (no review: a sentence), the curves.
    assert html.count('role="img"') == 4
    assert "No complete fidelity review in the period." in html
    assert 'id="first-job-chart-title"' in html
    # Day 60 of the IPS curve, with Toinen's enrollment (1.2., censored on day 149) too:
    # 6/7 × 5/6 × 3/4 = 54 % still searching, E, F and Toinen's followed.
    assert '<th scope="row">60</th><td>54 %</td><td>3</td>' in html
    assert '<th scope="row">Testipaja' not in html  # unit_data are headings, not rows


def test_it_links_the_page_from_the_reports(supervisor, client):
    login(client, supervisor)

    assert 'href="/reports/trends/"' in client.get("/reports/").content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ("?date_from=2026-06-30&date_to=2026-01-01", "date_to"),
        ("?date_from=2020-01-01&date_to=2026-06-30", "date_from"),
        ("?date_from=x&date_to=2026-06-30", "date_from"),
        ("?date_from=9999-01-01&date_to=9999-12-31", "date_to"),
    ],
)
def test_it_shows_bad_input_as_a_form_error(supervisor, client, query, field):
    login(client, supervisor)

    response = _page(client, query)

    assert response.status_code == 422
    assert f'id="id_{field}"' in response.content.decode()
    assert "aria-invalid" in response.content.decode()


@pytest.mark.parametrize("persona", ["coach", "peer"])
def test_it_refuses_roles_without_reports(request, persona, client):
    login(client, request.getfixturevalue(persona))

    assert _page(client).status_code == 403


def test_it_shows_evaluators_figures_only(unit_data, evaluator, client):
    login(client, evaluator)

    html = _page(client).content.decode()

    assert "/reports/clients/" not in html
    assert "&lt; 5" in html


def _grow(first_jobs, org, n):
    for i in range(n):
        unit = unit_ensure(organization=org, code=f"extra{i}", name=f"Extra {i}")[0]
        enrollment = first_jobs.enrollment(unit=unit, start=day(i))
        first_jobs.job(enrollment, day(i + 7))
        first_jobs.review(unit, day(i + 20), 80 + i)


def test_it_uses_a_fixed_number_of_queries(first_jobs, org, supervisor, client):
    login(client, supervisor)
    _grow(first_jobs, org, 1)
    with CaptureQueriesContext(connection) as one:
        assert _page(client).status_code == 200
    _grow_more = 9
    for i in range(_grow_more):
        unit = unit_ensure(organization=org, code=f"more{i}", name=f"More {i}")[0]
        first_jobs.job(first_jobs.enrollment(unit=unit, start=day(i)), day(i + 7))
        first_jobs.review(unit, day(i + 20), 80 + i)
    with CaptureQueriesContext(connection) as ten:
        assert _page(client).status_code == 200

    assert len(ten) == len(one)


def test_it_computes_the_figures_in_four_queries(first_jobs, org, supervisor,
                                                 django_assert_num_queries):
    _grow(first_jobs, org, 10)
    with django_assert_num_queries(3):
        unit_trends(user=supervisor, date_from=FROM, date_to=TO)
    with django_assert_num_queries(1):
        time_to_first_job(user=supervisor, date_from=FROM, date_to=TO)


def test_it_answers_the_api(first_jobs, supervisor, evaluator, api_as):
    response = api_as(supervisor).get(
        "/reports/time-to-first-job?from=2026-01-01&to=2026-06-30&service_model=ips"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["group_by"] == "service_model"
    assert body["follow_up_until"] == "2026-06-30"
    [ips] = body["groups"]
    assert (ips["group"], ips["clients"], ips["jobs"], ips["median_days"]) == ("ips", 6, 3, 40.0)
    assert ips["points"][3] == {"day": 40, "share_still_searching": pytest.approx(4 / 9),
                                "at_risk": 3}

    hidden = api_as(evaluator).get("/reports/time-to-first-job?from=2026-01-01&to=2026-06-30")
    groups = {g["group"]: g for g in hidden.json()["groups"]}
    assert groups["ips"]["jobs"] is None and groups["ips"]["median_days"] is None
    assert groups["work_activity"] == {
        "group": "work_activity", "label": groups["work_activity"]["label"], "clients": None,
        "jobs": None, "median_days": None, "points": [],
    }


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2026-06-30&to=2026-01-01", "to"),
        ("from=2026-01-01&to=2026-06-30&group_by=coach", "group_by"),
        ("from=2026-01-01&to=2026-06-30&service_model=nope", "service_model"),
        ("to=2026-06-30", "from"),
    ],
)
def test_it_refuses_bad_api_input_naming_the_field(supervisor, api_as, query, field):
    response = api_as(supervisor).get(f"/reports/time-to-first-job?{query}")

    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_it_draws_the_caseload_per_coach_against_the_limit(supervisor, coach, colleague, org,
                                                           client):
    from tests.test_dashboard import _enrollment

    for _ in range(3):
        _enrollment(org, coach, supervisor)
    _enrollment(org, colleague, supervisor)
    client.force_login(supervisor)

    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'aria-labelledby="caseload-chart-title"' in html
    assert "limit 20</text>" in html  # the IPS limit as a labelled dashed line
    name = coach.get_full_name()
    assert f'<th scope="row">{name}</th><td>3</td>' in html
    assert f'<th scope="row">{colleague.get_full_name()}</th><td>1</td>' in html


def test_it_draws_the_caseload_without_more_queries(supervisor, coach, org, client):
    from tests.conftest import make_user
    from tests.test_dashboard import _enrollment

    client.force_login(supervisor)
    _enrollment(org, coach, supervisor)
    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/")
    for n in range(9):
        # In the supervisor's unit, which the dashboard shows by default.
        _enrollment(org, make_user(f"c{n}", org, "job_coach", supervisor.unit), supervisor)
    with CaptureQueriesContext(connection) as ten:
        html = client.get("/dashboard/").content.decode()

    assert html.count('<th scope="row">') >= 10
    assert len(ten) == len(one)


def test_it_draws_a_curve_from_one_hundred_per_cent_even_with_jobs_on_day_zero():
    from tyopolku.reports.charts import survival_chart
    from tyopolku.reports.survival import Group, Point, Survival

    points = (Point(0, 0.5, 4), Point(10, 0.25, 2))
    curve = survival_chart(
        Survival("service_model", TO, (Group("ips", "IPS", 4, 3, 0.0, points, points),))
    )

    [series] = curve.series
    assert series.path.startswith(f"M{curve.left:g} {curve.top:g} H{curve.left:g} V")
    [median] = series.marks
    assert median.x == curve.left
