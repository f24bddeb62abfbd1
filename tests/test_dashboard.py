"""The supervisor's dashboard: known figures per coach, access, a fixed number of queries."""

from decimal import Decimal

import pytest

from tests.conftest import make_user
from tests.factories import (
    ClientFactory,
    EmployerContactFactory,
    EmployerFactory,
    EnrollmentFactory,
)
from tyopolku.accounts.services import unit_ensure
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden
from tyopolku.employers.models import ContactKind
from tyopolku.pathway.models import Phase
from tyopolku.placements.models import Placement
from tyopolku.reports.selectors import dashboard


def _enrollment(org, coach, creator, phase=Phase.JOB_SEARCH):
    return EnrollmentFactory(
        client=ClientFactory(organization=org),
        coach=coach,
        created_by=creator,
        start_date=today().replace(day=1),
        phase=phase,
    )


@pytest.fixture
def team(org, supervisor, coach, colleague):
    employer = EmployerFactory(organization=org)
    # coach: three active, two waiting, one contacted face to face today who started a job.
    _enrollment(org, coach, supervisor)
    _enrollment(org, coach, supervisor)
    contacted = _enrollment(org, coach, supervisor)
    EmployerContactFactory(employer=employer, made_by=coach, enrollment=contacted, date=today())
    EmployerContactFactory(
        employer=employer, made_by=coach, date=today(), kind=ContactKind.PHONE
    )
    Placement.objects.create(
        enrollment=contacted, employer=employer, job_title="Myyjä",
        start_date=today(),
        hours_per_week=Decimal("20"),
        competitive=True,
        created_by=coach,
    )
    # colleague: one active client in intake (not waiting), nothing else.
    _enrollment(org, colleague, supervisor, phase=Phase.INTAKE)
    return employer


def _row(board, user):
    return next(r for r in board.coaches if r.coach == user)


def test_it_counts_each_coachs_figures(team, supervisor, coach, colleague):
    board = dashboard(user=supervisor)
    mine, theirs = _row(board, coach), _row(board, colleague)
    assert (mine.active_clients, mine.clients_waiting, mine.job_starts) == (3, 2, 1)
    # The phone call is not face to face.
    assert mine.contacts_this_week == 1
    assert (theirs.active_clients, theirs.clients_waiting, theirs.contacts_this_week) == (1, 0, 0)
    assert board.team.active_clients == 4
    assert board.team.job_starts == 1


@pytest.mark.parametrize("persona", ["coach", "evaluator"])
def test_it_refuses_others(request, persona, client):
    user = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        dashboard(user=user)
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 403


def test_it_shows_the_page(team, supervisor, coach, client):
    client.force_login(supervisor)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert f"?unit={supervisor.unit_id}&amp;coach={coach.pk}" in response.content.decode()


def test_it_shows_the_supervisors_own_unit_unless_another_is_chosen(
    team, org, supervisor, coach, colleague, client
):
    other_unit = unit_ensure(organization=org, code="toinen", name="Toinen yksikkö")[0]
    colleague.unit = other_unit
    colleague.save(update_fields=["unit"])
    client.force_login(supervisor)

    def coaches(**params):
        html = client.get("/dashboard/", params).content.decode()
        return [name for name in ("Coach Testinen", "Colleague Testinen") if name in html]

    assert coaches() == ["Coach Testinen"]
    assert coaches(unit=other_unit.pk) == ["Colleague Testinen"]
    assert coaches(unit="all") == ["Coach Testinen", "Colleague Testinen"]
    # An unknown unit shows all rather than failing.
    assert coaches(unit="999999") == ["Coach Testinen", "Colleague Testinen"]
    board = dashboard(user=supervisor, unit_id=other_unit.pk)
    assert (board.team.active_clients, [r.coach for r in board.coaches]) == (1, [colleague])


@pytest.mark.parametrize("coaches", [1, 5])
def test_it_uses_a_fixed_number_of_queries(
    coaches, org, supervisor, django_assert_num_queries
):
    for n in range(coaches):
        worker = make_user(f"c{n}", org, "job_coach")
        _enrollment(org, worker, supervisor)
    with django_assert_num_queries(3):
        board = dashboard(user=supervisor)
    assert len(board.coaches) == coaches


def test_it_links_the_dashboard_from_the_caseload(supervisor, coach, client):
    client.force_login(supervisor)
    assert 'href="/dashboard/"' in client.get("/").content.decode()
    client.force_login(coach)
    assert 'href="/dashboard/"' not in client.get("/").content.decode()


def test_it_answers_the_api(team, supervisor, coach, api_as):
    response = api_as(supervisor).get("/reports/dashboard")
    assert response.status_code == 200, response.content
    body = response.json()
    row = next(r for r in body["coaches"] if r["coach_id"] == coach.pk)
    assert (row["active_clients"], row["clients_waiting"], row["job_starts"]) == (3, 2, 1)
    assert body["team"]["active_clients"] == 4


def test_it_answers_the_api_for_one_unit_and_names_an_unknown_one(
    team, org, supervisor, colleague, api_as
):
    other_unit = unit_ensure(organization=org, code="toinen", name="Toinen yksikkö")[0]
    colleague.unit = other_unit
    colleague.save(update_fields=["unit"])
    api = api_as(supervisor)

    body = api.get(f"/reports/dashboard?unit_id={other_unit.pk}").json()
    assert [r["coach_id"] for r in body["coaches"]] == [colleague.pk]
    assert body["team"]["active_clients"] == 1
    response = api.get("/reports/dashboard?unit_id=999999")
    assert response.status_code == 422
    assert "unit_id" in response.content.decode()
