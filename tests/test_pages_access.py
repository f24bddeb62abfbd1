"""Who may open which page, the 403/404 mapping, the access log pages and their CSV."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from tests.conftest import PERSONAS
from tests.pages_support import enroll, login
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput, NotFound
from tyopolku.core.views import domain_errors_to_http

# Expected status per role, in the order of PERSONAS.
ALL_OK = [200] * 9
RECORD_ROLES_ONLY = [200, 200, 200, 200, 200, 403, 403, 403, 200]
RELATIONSHIP_ONLY = [200, 200, 200, 404, 404, 404, 404, 404, 404]
LOG_READERS_ONLY = [200, 200, 403, 404, 404, 404, 404, 404, 404]

PAGES = {
    "caseload": ("/", ALL_OK),
    "client_list": ("/clients/", RECORD_ROLES_ONLY),
    "client_create": ("/clients/new/", RECORD_ROLES_ONLY),
    "client_detail": ("/clients/{client}/", RELATIONSHIP_ONLY),
    "client_edit": ("/clients/{client}/edit/", RELATIONSHIP_ONLY),
    "enrollment_create": ("/clients/{client}/enrollments/new/", RELATIONSHIP_ONLY),
    "enrollment_detail": ("/enrollments/{enrollment}/", RELATIONSHIP_ONLY),
    "visit_create": ("/enrollments/{enrollment}/visits/new/", RELATIONSHIP_ONLY),
    "visit_basis": ("/enrollments/{enrollment}/visits/basis/?date={today}", RELATIONSHIP_ONLY),
    "client_access_log": ("/clients/{client}/access-log/", LOG_READERS_ONLY),
    "client_access_log_csv": ("/clients/{client}/access-log.csv", LOG_READERS_ONLY),
}
MATRIX = [
    pytest.param(page, role, expected[i], id=f"{page}-{role}")
    for page, (_url, expected) in PAGES.items()
    for i, role in enumerate(PERSONAS)
]


@pytest.fixture
def enrollment(coach, client_record, unit):
    return enroll(coach=coach, client=client_record, unit=unit)


def _url(page, client_record, enrollment):
    return PAGES[page][0].format(
        client=client_record.pk, enrollment=enrollment.pk, today=today().isoformat()
    )


@pytest.mark.parametrize(("page", "role", "expected"), MATRIX)
def test_it_gives_each_role_its_status(
    client, request, client_record, enrollment, page, role, expected
):
    login(client, request.getfixturevalue(role))
    response = client.get(_url(page, client_record, enrollment))
    assert response.status_code == expected


@pytest.mark.parametrize("page", list(PAGES))
def test_it_sends_anonymous_users_to_log_in(client, client_record, enrollment, page):
    response = client.get(_url(page, client_record, enrollment))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/clients/{client}/consents/",
        "/enrollments/{enrollment}/steps/1/",
        "/enrollments/{enrollment}/employment/",
        "/enrollments/{enrollment}/end/",
        "/enrollments/{enrollment}/start/",
        "/enrollments/{enrollment}/visits/new/",
    ],
)
@pytest.mark.parametrize("role", ["colleague", "outsider", "evaluator"])
def test_it_hides_the_client_from_posts_of_outsiders(
    client, request, client_record, enrollment, path, role
):
    login(client, request.getfixturevalue(role))
    response = client.post(path.format(client=client_record.pk, enrollment=enrollment.pk), {})
    assert response.status_code == 404


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
