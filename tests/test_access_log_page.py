"""The client's access-log page for people: what each row means, filters, repeated list views
as one row (every row stays in the log and in the CSV)."""

import ast
import csv
import datetime
import io
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pages_support import login
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.services import access_log_record
from tyopolku.audit.targets import LIST_TARGETS, TARGET_LABELS

PACKAGE = Path(__file__).resolve().parent.parent / "tyopolku"


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def recorded_targets() -> dict[str, str]:
    """Every access-log target the code writes, with where: `target="…"` in a call, a
    `target: str = "…"` default, and the target argument of pathway's `_log(...)`."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values: list[str | None] = []
            if isinstance(node, ast.Call):
                values += [_literal(k.value) for k in node.keywords if k.arg == "target"]
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "_log" and len(node.args) == 4:
                    values.append(_literal(node.args[3]))
            elif isinstance(node, ast.FunctionDef):
                pairs = zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
                values += [_literal(d) for a, d in pairs if a.arg == "target"]
            for value in filter(None, values):
                found.setdefault(value, str(path.relative_to(PACKAGE)))
    return found


def test_it_has_a_label_for_every_target_the_code_records():
    targets = recorded_targets()

    assert {"client", "caseload", "contact_form", "visit", "intake_step"} <= set(targets)
    assert {t: where for t, where in targets.items() if t not in TARGET_LABELS} == {}
    assert set(TARGET_LABELS) >= LIST_TARGETS


def log(user, client, target, *, minutes_ago: float, action=AccessAction.READ, channel="GET /"):
    access_log_record(user=user, client_ids=[client.pk], action=action, target=target)
    entry = AccessLogEntry.objects.latest("pk")
    entry.at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    entry.channel = channel
    entry.save(update_fields=["at", "channel"])
    return entry


def page_rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(r.split()) for r in body.split("<tr>")[1:]]


@pytest.fixture
def log_page(client, supervisor, client_record):
    login(client, supervisor)
    AccessLogEntry.objects.all().delete()
    return lambda query="": client.get(f"/clients/{client_record.pk}/access-log/{query}")


def test_it_describes_each_row_for_people(log_page, coach, client_record):
    log(coach, client_record, "contact_form", minutes_ago=30)
    log(coach, client_record, "intake_step", minutes_ago=20, action=AccessAction.UPDATE)

    rows = page_rows(log_page().content.decode())

    assert "Access log" in rows[0]  # reading it, just now
    assert "update" in rows[1] and "Start step of the enrollment" in rows[1]
    assert "Employer contact form (list of clients)" in rows[2]
    assert "contact_form" not in rows[2] and "intake_step" not in rows[1]


def test_it_shows_the_labels_in_finnish_by_default(client, supervisor, client_record):
    client.force_login(supervisor)  # the default language

    html = client.get(f"/clients/{client_record.pk}/access-log/").content.decode()

    assert "access_log" not in " ".join(page_rows(html))


def test_it_groups_repeated_list_views_and_keeps_every_row(
    log_page, client, coach, colleague, client_record
):
    for minutes in (40, 39, 35, 33, 31):  # one coach refreshing the caseload
        log(coach, client_record, "caseload", minutes_ago=minutes)
    log(colleague, client_record, "caseload", minutes_ago=30)  # someone else
    for minutes in (20, 19):  # the client's own page twice: not a list, not grouped
        log(coach, client_record, "client", minutes_ago=minutes, channel="GET /clients/1/")
    log(coach, client_record, "caseload", minutes_ago=5)  # after another view: a new run
    log(coach, client_record, "caseload", minutes_ago=4, channel="GET /api/v1/caseload")

    rows = page_rows(log_page().content.decode())

    assert len(rows) == 1 + 1 + 1 + 2 + 1 + 1
    assert "viewed 5 times" in rows[-1] and "Caseload (list of clients)" in rows[-1]
    assert "viewed" not in "".join(rows[:-1])
    assert AccessLogEntry.objects.filter(target="caseload").count() == 8
    csv_rows = client.get(f"/clients/{client_record.pk}/access-log.csv").content
    assert len(csv_rows.decode("utf-8-sig").strip().splitlines()) == 1 + 11 + 1


def test_it_starts_a_new_group_after_ten_minutes(log_page, coach, client_record):
    for minutes in (60, 54, 50, 45):
        log(coach, client_record, "caseload", minutes_ago=minutes)

    rows = page_rows(log_page().content.decode())

    assert ["viewed 3 times" in r for r in rows[1:]] == [True, False]


def test_it_filters_by_period_user_and_action(log_page, client, coach, colleague, client_record):
    old = log(coach, client_record, "client", minutes_ago=3 * 24 * 60)
    log(colleague, client_record, "visit", minutes_ago=60, action=AccessAction.CREATE)
    log(coach, client_record, "client", minutes_ago=50, action=AccessAction.UPDATE)
    day = timezone.localtime(old.at).date()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    only_old = page_rows(log_page(f"?date_from={day}&date_to={day}").content.decode())
    recent_coach = page_rows(log_page(f"?date_from={yesterday}&user=coach").content.decode())
    creates = page_rows(log_page("?action=create").content.decode())
    csv_answer = client.get(
        f"/clients/{client_record.pk}/access-log.csv?user=colleague&action=create"
    )

    assert len(only_old) == 1 and "Client details" in only_old[0]
    assert len(recent_coach) == 1 and "update" in recent_coach[0]
    assert len(creates) == 1 and "Visit" in creates[0]
    lines = list(csv.reader(io.StringIO(csv_answer.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[2:5] for r in lines[1:]] == [["colleague", "create", "Visit"]]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["date_from", "date_to", "user", "action", "offset"]),
        st.text(max_size=12),
    )
)
def test_it_answers_any_filter_with_a_page_or_a_form_error(log_page, params):
    answer = log_page("?" + urlencode(params))

    assert answer.status_code in (200, 422)
    if answer.status_code == 422:
        assert 'class="field-errors"' in answer.content.decode()


def test_it_refuses_an_end_before_the_start_and_a_bad_date_next_to_the_field(log_page):
    backwards = log_page("?date_from=2026-05-02&date_to=2026-05-01")
    nonsense = log_page("?date_from=2026-02-31")

    assert backwards.status_code == nonsense.status_code == 422
    assert "The end date is before the start date." in backwards.content.decode()
    assert 'id="id_date_from_error"' in nonsense.content.decode()
    assert "<tbody>" not in nonsense.content.decode()


def test_it_pages_the_groups_in_the_same_queries_however_long(log_page, coach, client_record):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert log_page().status_code == 200
        return len(context)

    for minutes in range(0, 600, 20):
        log(coach, client_record, "client", minutes_ago=minutes + 1)
    few = queries()
    for minutes in range(600, 6000, 20):
        log(coach, client_record, "client", minutes_ago=minutes + 1)

    assert queries() == few
    html = log_page("?offset=50").content.decode()
    assert 'href="?offset=0"' in html and 'href="?offset=100"' in html


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("/enrollments/{e}/visits/new/", {"date": "not a date"}, ("create", "visit")),
        ("/enrollments/{e}/end/", {"end_date": ""}, ("update", "enrollment")),
        ("/enrollments/{e}/employment/", {"start_date": ""}, ("update", "employment")),
        ("/clients/{c}/edit/", {"first_name": ""}, ("update", "client")),
        ("/clients/{c}/enrollments/new/", {}, ("create", "enrollment")),
        ("/enrollments/{e}/preferences/", {"hours_min": "many"}, ("update", "preferences")),
    ],
)
def test_it_logs_a_refused_page_write_as_the_write_attempted(
    client, coach, client_record, unit, path, data, expected
):
    from tests.pages_support import enroll

    enrollment = enroll(coach=coach, client=client_record, unit=unit)
    AccessLogEntry.objects.all().delete()
    login(client, coach)

    answer = client.post(path.format(e=enrollment.pk, c=client_record.pk), data)

    assert answer.status_code == 422
    logged = list(AccessLogEntry.objects.order_by("pk").values_list("action", "target"))
    assert logged[0] == expected  # not a read: the write the user attempted


def test_it_filters_the_log_through_the_api_and_names_a_bad_filter(
    api_as, supervisor, coach, colleague, client_record
):
    log(coach, client_record, "client", minutes_ago=3 * 24 * 60)
    log(colleague, client_record, "visit", minutes_ago=60, action=AccessAction.CREATE)
    api = api_as(supervisor)
    path = f"/clients/{client_record.pk}/access-log"
    today = timezone.localdate()

    created = api.get(f"{path}?action=create").json()
    recent = api.get(f"{path}?date_from={today - datetime.timedelta(days=1)}&user=coach").json()
    bad = api.get(f"{path}?date_from=2026-02-31")

    assert [(i["user"], i["target"]) for i in created["items"]] == [("colleague", "visit")]
    assert recent["count"] == 0
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["date_from"]
