"""The list pages of work activity read a fixed number of queries, whatever the number of
participants, and show only the participants the user works with."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages_support import login
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.clients.models import Client

D = datetime.date
PAGES = (
    "/work-activity/",
    "/work-activity/attendance/?date=2026-03-02",
    "/work-activity/work-share/?month=2026-03",
    "/work-activity/candidates/",
)


def _participant(supervisor, unit, n: int):
    client = Client.objects.create(
        organization=supervisor.organization,
        first_name=f"Osallistuja{n}",
        last_name="Testinen",
        birth_date=D(1980, 1, 1 + n),
    )
    agreement = agreement_of(supervisor, work_activity_enrollment(supervisor, client, unit))
    mark(supervisor, agreement, D(2026, 3, 2))
    return agreement


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_pages_read_the_same_for_1_and_5_participants(client, supervisor, unit):
    login(client, supervisor)
    _participant(supervisor, unit, 1)
    one = [_queries(client, url) for url in PAGES]
    for n in range(2, 6):
        _participant(supervisor, unit, n)
    assert [_queries(client, url) for url in PAGES] == one
    assert "Osallistuja5" in client.get(PAGES[1]).content.decode()


def test_a_work_coach_sees_only_linked_participants(client, supervisor, work_coach, unit):
    _participant(supervisor, unit, 1)
    login(client, work_coach)
    for url in PAGES:
        assert "Osallistuja1" not in client.get(url).content.decode()


def test_it_keeps_the_payment_list_button_out_of_the_month_form(client, supervisor, unit):
    """A form inside a form is dropped by browsers: the button would send the month form."""
    from html.parser import HTMLParser

    class Forms(HTMLParser):
        depth, deepest = 0, 0

        def handle_starttag(self, tag, attrs):
            if tag == "form":
                self.depth += 1
                self.deepest = max(self.deepest, self.depth)

        def handle_endtag(self, tag):
            if tag == "form":
                self.depth -= 1

    _participant(supervisor, unit, 1)
    login(client, supervisor)
    page = client.get("/work-activity/work-share/?month=2026-03").content.decode()
    forms = Forms()
    forms.feed(page)
    assert 'action="/work-activity/work-share.csv?month=2026-03"' in page
    assert forms.deepest == 1
