"""A supervisor reads a client's access log in a real browser: the coach's refreshes of the
caseload as one row, the filter by action, on a phone without sideways scrolling."""

import pytest

from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll, serious_violations
from tests.test_access_log_page import log
from tyopolku.audit.models import AccessAction

pytestmark = [pytest.mark.browser, BROWSER_DB]


def test_it_groups_the_caseload_views_and_filters_by_action(
    phone_page, sign_in, supervisor, coach, client_record, axe
):
    for minutes in (30, 28, 25, 21):
        log(coach, client_record, "caseload", minutes_ago=minutes)
    log(coach, client_record, "visit", minutes_ago=10, action=AccessAction.CREATE)
    page = phone_page
    sign_in(page, supervisor)

    page.goto(f"/clients/{client_record.pk}/access-log/")

    rows = page.locator("tbody tr")
    assert rows.count() == 3  # reading the log, the visit, the caseload four times
    assert "4" in rows.nth(2).inner_text()
    assert not serious_violations(axe, page)
    assert not has_horizontal_scroll(page), "the access log scrolls sideways on a phone"

    page.locator("#id_action").select_option("create")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_url("**action=create**")

    assert page.locator("tbody tr").count() == 1
    assert "action=create" in page.locator("a[download]").get_attribute("href")
