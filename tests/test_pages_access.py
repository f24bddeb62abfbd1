"""The 403/404 mapping, what a search shows a colleague, the access log pages and their CSV.

Who gets which status from which page is the access matrix (tests/test_access_matrix.py)."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from tests.pages_support import login
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.core.errors import Forbidden, InvalidInput, NotFound
from tyopolku.core.views import domain_errors_to_http


def test_it_hides_a_client_the_search_would_find_from_a_colleague(client, colleague, client_record):
    response = login(client, colleague).post("/clients/", {"search": "Asiakas"})
    assert response.status_code == 200
    assert "Aino" not in response.content.decode()


def test_it_shows_the_403_page(client, evaluator):
    response = login(client, evaluator).get("/clients/")
    assert response.status_code == 403
    assert "<h1>No access</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("error", "expected"),
    [(NotFound("gone"), Http404), (Forbidden("no"), PermissionDenied)],
)
def test_it_maps_domain_errors_to_http_in_one_place(rf: RequestFactory, error, expected):
    @domain_errors_to_http
    def view(request):
        raise error

    with pytest.raises(expected):
        view(rf.get("/"))


def test_it_lets_other_domain_errors_through(rf: RequestFactory):
    @domain_errors_to_http
    def view(request):
        raise InvalidInput("bad")

    with pytest.raises(InvalidInput):
        view(rf.get("/"))


def test_it_passes_answers_through(rf: RequestFactory):
    view = domain_errors_to_http(lambda request: HttpResponse("ok"))
    assert view(rf.get("/")).content == b"ok"


# The access log pages


def test_it_links_the_access_log_for_supervisors_only(client, supervisor, coach, client_record):
    link = f'href="/clients/{client_record.pk}/access-log/"'
    assert link in login(client, supervisor).get(f"/clients/{client_record.pk}/").content.decode()
    assert link not in login(client, coach).get(f"/clients/{client_record.pk}/").content.decode()


def test_it_shows_who_read_the_client(client, supervisor, coach, client_record):
    login(client, coach).get(f"/clients/{client_record.pk}/")
    response = login(client, supervisor).get(f"/clients/{client_record.pk}/access-log/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coach Testinen" in html
    assert f"GET /clients/{client_record.pk}/" in html
    # Reading the log is logged too.
    assert AccessLogEntry.objects.filter(
        user=supervisor, client=client_record, target="access_log", action=AccessAction.READ
    ).exists()


def test_it_pages_the_access_log(client, supervisor, coach, client_record):
    for _ in range(55):
        login(client, coach).get(f"/clients/{client_record.pk}/edit/")
    login(client, supervisor)
    first = client.get(f"/clients/{client_record.pk}/access-log/").content.decode()
    assert 'href="?offset=50"' in first
    second = client.get(f"/clients/{client_record.pk}/access-log/?offset=50").content.decode()
    assert 'href="?offset=0"' in second
    assert second.count("<tr>") == 1 + 57 - 50  # header row + the rest (55 + 2 reads of the log)


def test_it_exports_the_log_as_csv_for_excel(client, supervisor, coach, client_record):
    login(client, coach).get(f"/clients/{client_record.pk}/")
    response = login(client, supervisor).get(f"/clients/{client_record.pk}/access-log.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 2  # the header, the coach's read, the export itself
    assert rows[1][2:5] == ["supervisor", "export", "Access log"]
    assert rows[2][2:] == ["coach", "read", "Client details", f"GET /clients/{client_record.pk}/"]


def test_it_logs_the_export(client, supervisor, client_record):
    login(client, supervisor).get(f"/clients/{client_record.pk}/access-log.csv")
    entry = AccessLogEntry.objects.get(user=supervisor, client=client_record)
    assert (entry.action, entry.target) == (AccessAction.EXPORT, "access_log")
    assert entry.channel == f"GET /clients/{client_record.pk}/access-log.csv"


def test_it_keeps_formulas_out_of_the_csv(client, supervisor, client_record, admin):
    admin.first_name, admin.last_name = "=HYPERLINK(1)", ""
    admin.save(update_fields=["first_name", "last_name"])
    login(client, admin).get(f"/clients/{client_record.pk}/")
    rows = login(client, supervisor).get(f"/clients/{client_record.pk}/access-log.csv")
    assert "'=HYPERLINK(1)" in rows.content.decode("utf-8-sig")
