"""A supervisor brings the team's spreadsheet into the employer register in a real browser:
the upload (sent by htmx, for its progress bar), the preview with a bad row, the import,
and the employers in the register's list."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.background import run_queued_tasks
from tests.browser.conftest import BROWSER_DB, has_horizontal_scroll, serious_violations, ui_text
from tests.test_employer_import import FI_HEADER, business_id, fi_row, xlsx

pytestmark = [pytest.mark.browser, BROWSER_DB]


def ui_plural(singular: str, plural: str, n: int, language: str = "fi") -> str:
    """A {% blocktranslate count %} text as the UI shows it for `n` (see ui_text)."""
    with translation.override(language):
        translated = translation.ngettext(singular, plural, n) % {"n": n}
    assert translated != (plural if n != 1 else singular) % {"n": n}, (
        f"{plural!r} has no {language} translation in the catalogue yet"
    )
    return translated


def test_it_previews_a_workbook_with_a_bad_row_and_imports_the_rest(
    page, sign_in, supervisor, axe, tmp_path
):
    workbook = tmp_path / "tyonantajat.xlsx"
    workbook.write_bytes(
        xlsx(
            (
                "Taul1",
                [
                    FI_HEADER,
                    fi_row("Kauppa Oy", business_id(), "Maija Myyjä", phone="040 123 4567"),
                    fi_row("Väärä Oy", "1234567-8"),
                    fi_row("Kahvila Ky", business_id(), industry="56"),
                ],
            )
        )
    )
    sign_in(page, supervisor)
    page.goto(reverse("employer_list"))
    page.get_by_role("link", name=ui_text("Import from a spreadsheet"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui_text("Import employers"))
    assert not serious_violations(axe, page)

    page.get_by_label(ui_text("Spreadsheet (.xlsx or .csv)")).set_input_files(workbook)
    with page.expect_response(lambda answer: answer.request.method == "POST") as sent:
        page.get_by_role("button", name=ui_text("Check the file"), exact=True).click()
    assert sent.value.request.headers.get("hx-request") == "true", "not sent by htmx"

    expect(page.get_by_role("heading", level=1)).to_contain_text(ui_text("Import preview"))
    problems = page.get_by_role("region", name=ui_text("Rows with problems"), exact=True)
    expect(problems).to_contain_text("Väärä Oy")
    expect(problems).to_contain_text(
        ui_text("Not a valid business ID (Y-tunnus), e.g. 1234567-1: check the digits.")
    )
    accepted = page.get_by_role("region", name=ui_text("Accepted rows"), exact=True)
    expect(accepted).to_contain_text("Kauppa Oy")
    expect(accepted).to_contain_text("Maija Myyjä")
    expect(accepted).not_to_contain_text("Väärä Oy")
    assert not serious_violations(axe, page)
    page.set_viewport_size({"width": 375, "height": 667})
    assert not has_horizontal_scroll(page), "the preview scrolls sideways on a phone"

    import_button = ui_plural("Import %(n)s accepted row", "Import %(n)s accepted rows", 2)
    page.get_by_role("button", name=import_button, exact=True).click()

    # Queued for the background worker: the page shows it and polls for the outcome.
    status = page.locator(".job-status")
    expect(status).to_contain_text(
        ui_text("Queued: the work starts as soon as the background worker is free.")
    )
    expect(page.get_by_role("button", name=import_button, exact=True)).to_have_count(0)
    assert not serious_violations(axe, page)

    assert run_queued_tasks() == 1

    # The next poll sees the job done and loads the page again, now with the import's result.
    expect(page.get_by_role("link", name=ui_text("Go to the register"))).to_be_visible(
        timeout=10_000
    )
    expect(page.get_by_role("main")).to_contain_text(": 2 ")
    page.get_by_role("link", name=ui_text("Go to the register")).click()
    results = page.locator("#employer-results")
    expect(results.get_by_role("link", name="Kauppa Oy", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Kahvila Ky", exact=True)).to_be_visible()
    expect(results).not_to_contain_text("Väärä Oy")
