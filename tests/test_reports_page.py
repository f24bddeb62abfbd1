"""The outcome report page and its downloads."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages_support import login
from tests.test_reports import dataset  # noqa: F401 - the hand-built dataset fixture
from tyopolku.audit.models import AccessLogEntry

QUERY = "?date_from=2026-01-01&date_to=2026-03-31"


def test_it_shows_the_figures_of_the_period(dataset, supervisor, client):  # noqa: F811
    login(client, supervisor)

    response = client.get(f"/reports/{QUERY}", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    link = "/reports/clients/?figure=clients_enrolled&amp;" + QUERY[1:].replace("&", "&amp;")
    assert f'<th scope="row">Clients enrolled</th><td><a href="{link}">6</a></td>' in html
    assert ">17 %</a></td>" in html
    assert ">40</a></td>" in html
    assert "2026 Q1" in html and "<svg" in html and 'role="img"' in html


def test_it_shows_small_counts_to_evaluators_as_under_five(dataset, evaluator, client):  # noqa: F811
    login(client, evaluator)

    html = client.get(f"/reports/{QUERY}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<th scope="row">Clients enrolled</th><td>6</td>' in html
    assert '<th scope="row">Clients employed</th><td>&lt; 5</td>' in html
    assert '<th scope="row">Placements started</th><td>&lt; 5</td>' in html
    assert "/reports/clients/" not in html
    assert client.get(f"/reports/clients/{QUERY}&figure=clients_enrolled").status_code == 403


@pytest.mark.parametrize(
    "query, field",
    [
        ("?date_from=2026-03-31&date_to=2026-01-01", "date_to"),
        ("?date_from=2026-02-30&date_to=2026-03-01", "date_from"),
        ("?date_from=0001-01-01&date_to=2026-03-01", "date_from"),
        ("?date_from=2026-01-01&date_to=2026-03-01&unit=99999999999999", "unit"),
        ("?date_from=2026-01-01&date_to=2026-03-01&service_model=nope", "service_model"),
    ],
)
def test_it_shows_bad_input_as_a_form_error(supervisor, client, query, field):
    login(client, supervisor)

    response = client.get(f"/reports/{query}")

    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()


def test_it_refuses_coaches(coach, client):
    login(client, coach)

    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/outcomes.csv").status_code == 403


def test_it_downloads_the_figures(dataset, supervisor, client):  # noqa: F811
    login(client, supervisor)

    response = client.get(f"/reports/outcomes.csv{QUERY}", HTTP_ACCEPT_LANGUAGE="en")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert ["Clients enrolled", "6"] in rows
    assert ["Placements started", "3"] in rows
    xlsx = client.get(f"/reports/outcomes.xlsx{QUERY}")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize(
    "figure, count",
    [
        ("clients_enrolled", 6),
        ("clients_employed", 3),
        ("clients_competitive", 1),
        ("placements_started", 2),
        ("first_employer_contact", 3),
        ("first_job", 2),
    ],
)
def test_it_lists_the_clients_behind_a_figure(dataset, supervisor, client, figure, count):  # noqa: F811
    login(client, supervisor)

    response = client.get(f"/reports/clients/{QUERY}&figure={figure}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.content.decode().count("""<td data-label="Client"><a href""") == count
    assert AccessLogEntry.objects.filter(target="report_clients").count() == count


def test_it_lists_the_clients_in_the_same_number_of_queries(dataset, supervisor, client):  # noqa: F811
    login(client, supervisor)
    url = f"/reports/clients/{QUERY}&figure=clients_enrolled"

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        dataset.enrollment(dataset.client(), datetime.date(2026, 1, 2))
    with CaptureQueriesContext(connection) as more:
        client.get(url)

    assert len(more) == len(few)
