"""The front page of each role (issue points 13 and 14): a coach's own clients, the team's
clients for supervisors and administrators, a welcome for roles without client records;
sortable columns with a whitelist, paging, the last visit and the agreed next step from one
query, a one-click "record visit"."""

import re

import pytest

from tests.factories import ClientFactory
from tests.pages_support import days_ago, enroll, login
from tyopolku.accounts.services import unit_ensure
from tyopolku.audit.models import AccessLogEntry
from tyopolku.pathway import selectors
from tyopolku.pathway.models import Enrollment
from tyopolku.pathway.services import enrollment_record_employment, visit_create


def visit(enrollment, coach, days, **fields):
    return visit_create(
        user=coach,
        enrollment=Enrollment.objects.get(pk=enrollment.pk),
        date=days_ago(days),
        kind="meeting",
        duration_minutes=30,
        summary="Tapaaminen",
        **fields,
    )


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<td data-label="Client" class="name"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def three(org, coach, colleague):
    """Three clients: Bertta (coach, visited 5 days ago), Cecilia (colleague, never visited,
    employed), Aatu (coach, visited 20 days ago, the oldest enrollment)."""
    def new(worker, first, last, days):
        person = ClientFactory(organization=org, worker=worker, first_name=first, last_name=last)
        return enroll(coach=worker, client=person, start_days_ago=days)

    bertta = new(coach, "Bertta", "Berg", 50)
    cecilia = new(colleague, "Cecilia", "Cedar", 40)
    aatu = new(coach, "Aatu", "Aho", 90)
    visit(bertta, coach, 5)
    visit(aatu, coach, 20)
    enrollment_record_employment(user=colleague, enrollment=cecilia, start_date=days_ago(3))
    return bertta, cecilia, aatu


def test_it_titles_the_coachs_front_page_my_clients(client, coach, three):
    html = login(client, coach).get("/").content.decode()

    assert "<h1>My clients</h1>" in html
    assert names_in_order(html) == ["Aatu Aho", "Bertta Berg"]
    assert 'name="coach"' not in html


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_it_shows_the_team_with_per_coach_counts(client, request, coach, colleague, three, role):
    html = login(client, request.getfixturevalue(role)).get("/").content.decode()

    assert "<h1>Team&#x27;s clients</h1>" in html
    assert names_in_order(html) == ["Aatu Aho", "Bertta Berg", "Cecilia Cedar"]
    assert f'<option value="{coach.pk}">Coach Testinen (2)</option>' in html
    assert f'<option value="{colleague.pk}">{colleague} (1)</option>' in html
    assert '<td data-label="Job coach">' in html


@pytest.mark.parametrize(
    ("sort", "expected", "aria"),
    [
        ("name", ["Aatu Aho", "Bertta Berg", "Cecilia Cedar"], ("Client", "ascending")),
        ("-name", ["Cecilia Cedar", "Bertta Berg", "Aatu Aho"], ("Client", "descending")),
        ("start", ["Aatu Aho", "Bertta Berg", "Cecilia Cedar"], ("Start date", "ascending")),
        ("-start", ["Cecilia Cedar", "Bertta Berg", "Aatu Aho"], ("Start date", "descending")),
        # Never visited first: the client who waits longest for a visit.
        ("last_visit", ["Cecilia Cedar", "Aatu Aho", "Bertta Berg"], ("Last visit", "ascending")),
        ("-last_visit", ["Bertta Berg", "Aatu Aho", "Cecilia Cedar"], ("Last visit", "descending")),
        # Along the path: intake before employed.
        ("-phase", ["Cecilia Cedar", "Aatu Aho", "Bertta Berg"], ("Phase", "descending")),
        ("coach", ["Aatu Aho", "Bertta Berg", "Cecilia Cedar"], ("Job coach", "ascending")),
    ],
)
def test_it_sorts_by_a_column(client, supervisor, three, sort, expected, aria):
    html = login(client, supervisor).get("/", {"sort": sort}).content.decode()

    assert names_in_order(html) == expected
    heading, direction = aria
    sorted_heading = rf'<th scope="col" aria-sort="{direction}"><a href="[^"]*"[^>]*>{heading}'
    assert re.search(sorted_heading, html)
    assert html.count("aria-sort=") == 1


def test_it_links_a_sorted_column_to_its_reverse_and_keeps_the_coach_filter(
    client, supervisor, coach, three
):
    login(client, supervisor)
    html = client.get("/", {"sort": "name", "coach": coach.pk}).content.decode()

    assert f'href="?coach={coach.pk}&amp;sort=-name"' in html
    assert f'href="?coach={coach.pk}&amp;sort=start"' in html
    assert names_in_order(html) == ["Aatu Aho", "Bertta Berg"]


@pytest.mark.parametrize("sort", ["bogus", "-", "client__personal_id", "--name", "name;drop", ""])
def test_it_ignores_an_unknown_sort(client, coach, three, sort):
    response = login(client, coach).get("/", {"sort": sort})

    assert response.status_code == 200
    assert names_in_order(response.content.decode()) == ["Aatu Aho", "Bertta Berg"]


def test_it_shows_the_last_visit_and_the_agreed_next_step(client, coach, three):
    bertta = three[0]
    agreed = "Työhaastatteluun valmistautuminen"
    visit(bertta, coach, 2, next_action=agreed, next_action_on=days_ago(-3))
    html = login(client, coach).get("/").content.decode()

    row = html[html.index("Bertta Berg") :]
    row = row[: row.index("</tr>")]
    assert f"{days_ago(2).day} {days_ago(2):%b %Y}" in row
    assert agreed in row
    assert f"{days_ago(-3).day} {days_ago(-3):%b %Y}" in row
    aatu_row = html[html.index("Aatu Aho") :]
    assert "Step 1: The work activity instructor" in aatu_row[: aatu_row.index("</tr>")]


def test_it_offers_a_record_visit_link_on_every_row(client, coach, three):
    html = login(client, coach).get("/").content.decode()

    for enrollment in (three[0], three[2]):
        link = f'<a class="button" href="/enrollments/{enrollment.pk}/visits/new/">Record visit'
        assert link in html


def test_it_pages_the_caseload(client, coach, org, monkeypatch):
    monkeypatch.setattr(selectors, "CASELOAD_PAGE_SIZE", 2)
    for n in range(5):
        person = ClientFactory(organization=org, worker=coach, last_name=f"Nimi{n}")
        enroll(coach=coach, client=person)
    login(client, coach)

    first = client.get("/", {"sort": "-name"}).content.decode()
    third = client.get("/", {"sort": "-name", "offset": 4}).content.decode()
    beyond = client.get("/", {"sort": "-name", "offset": 99}).content.decode()

    assert [n.split()[-1] for n in names_in_order(first)] == ["Nimi4", "Nimi3"]
    assert 'href="?sort=-name&amp;offset=2" rel="next"' in first
    assert "5 open enrollments" in first
    assert [n.split()[-1] for n in names_in_order(third)] == ["Nimi0"]
    assert 'rel="next"' not in third
    assert names_in_order(beyond) == [] and "No more open enrollments." in beyond
    logged = AccessLogEntry.objects.filter(user=coach, target="caseload")
    assert logged.count() == 3  # two for the first page, one for the third, none beyond


def test_it_shows_a_supervisor_their_own_units_team_unless_another_is_chosen(
    client, org, supervisor, coach, colleague, three
):
    other_unit = unit_ensure(organization=org, code="toinen", name="Toinen yksikkö")[0]
    colleague.unit = other_unit
    colleague.save(update_fields=["unit"])
    login(client, supervisor)

    def shown(**params):
        return names_in_order(client.get("/", params).content.decode())

    assert shown() == ["Aatu Aho", "Bertta Berg"]
    assert shown(unit=other_unit.pk) == ["Cecilia Cedar"]
    assert shown(unit="all") == ["Aatu Aho", "Bertta Berg", "Cecilia Cedar"]
    # The unit is kept in the sort links and the coach filter offers the unit's coaches.
    html = client.get("/", {"unit": other_unit.pk}).content.decode()
    assert f'href="?unit={other_unit.pk}&amp;sort=-name"' in html
    assert f'<option value="{colleague.pk}">' in html
    assert f'<option value="{coach.pk}">' not in html


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_team_in_a_fixed_number_of_queries(
    client, supervisor, coach, org, size, django_assert_num_queries
):
    for _ in range(size):
        enrollment = enroll(coach=coach, client=ClientFactory(organization=org, worker=coach))
        visit(enrollment, coach, 1, next_action="Soitto")
    login(client, supervisor)
    with django_assert_num_queries(15):
        # savepoint, session, user, the units of the filter, the per-coach counts, the
        # coaches of the filter,
        # the count, the page (with the last visit), phase changes, start steps,
        # case managers and personal workers, access log, service-model settings,
        # organisation (header), release
        response = client.get("/", {"sort": "last_visit"})
    assert len(names_in_order(response.content.decode())) == size


@pytest.mark.parametrize("role", ["evaluator", "peer", "expert"])
def test_it_welcomes_roles_without_client_records(client, request, org, role):
    user = request.getfixturevalue(role)
    response = login(client, user).get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Welcome," in html
    assert f'href="/privacy/{org.code}/employer-register/"' in html
    assert '<a href="/"' in html and ">Home</a>" in html
