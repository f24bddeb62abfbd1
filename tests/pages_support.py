"""Helpers of the page tests (tests/test_pages_*.py)."""

import datetime

from tyopolku.core.dates import today
from tyopolku.pathway.models import ServiceModel
from tyopolku.pathway.services import enrollment_create


def login(client, user):
    """Log `user` in and ask for English pages: the assertions read the source strings,
    which stay the same when the Finnish catalogue is filled in."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def en_date(day: datetime.date) -> str:
    """A date as the English pages show it (SHORT_DATE_FORMAT of `en`: 30 Nov 2026)."""
    return f"{day.day} {day:%b %Y}"


def enroll(*, coach, client, unit=None, service_model=ServiceModel.IPS, start_days_ago=60):
    """An enrollment made the way the UI makes it (with the IPS start steps)."""
    return enrollment_create(
        user=coach,
        client=client,
        service_model=service_model,
        start_date=days_ago(start_days_ago),
        unit_id=unit.pk if unit else None,
    )


def page_queries(client, url: str) -> int:
    """The queries of one GET of `url` (answered 200), to pin a page's count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)
