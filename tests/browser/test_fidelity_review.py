"""A supervisor completes a fidelity review in a real browser: saves a draft, is told which
items are still unscored, scores them all and sees the total and band; axe finds no serious
problems on the form with its errors or on the finished review."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, serious_violations
from tyopolku.fidelity.items import CODES
from tyopolku.fidelity.models import Review

pytestmark = [pytest.mark.browser, BROWSER_DB]


def _score(page, code: str, score: int) -> None:
    page.locator(f"input[name='score_{code}'][value='{score}']").check()


def test_it_completes_a_review(page, sign_in, axe, supervisor, coach, unit):
    sign_in(page, supervisor)
    page.goto(reverse("fidelity_review_create", args=[unit.pk]))
    page.locator("input[name='reviewers'][value='coach']").check()
    _score(page, "caseload_size", 5)
    page.locator("#id_notes_caseload_size").fill("Kolme valmentajaa.")
    page.locator("button[value='draft']").click()
    page.wait_for_url("**/fidelity/reviews/*/")
    review = Review.objects.get()
    assert review.status == "draft" and review.total is None

    page.goto(reverse("fidelity_review_edit", args=[review.pk]))
    page.locator("button[value='complete']").click()
    expect(page.locator("#item-zero_exclusion .field-errors")).to_be_visible()
    assert serious_violations(axe, page) == []

    for code in CODES[1:]:
        _score(page, code, 4)
    page.locator("button[value='complete']").click()
    page.wait_for_url(f"**/fidelity/reviews/{review.pk}/")

    review.refresh_from_db()
    assert (review.status, review.total, review.band) == ("complete", 101, "good")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testipaja")
    expect(page.locator("main")).to_contain_text("101 / 125")
    assert serious_violations(axe, page) == []
