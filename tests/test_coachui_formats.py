"""Dates as 30.11.2026 in Finnish and Swedish (Swedish in Finland uses the Finnish order),
30 Nov 2026 in English; numbers with a decimal comma in Finnish (issue point 15)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from tests.pages_support import enroll
from tyopolku.core.dates import date_text

DAY = datetime.date(2026, 11, 30)
EARLY = datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("language", "day", "text"),
    [
        ("fi", DAY, "30.11.2026"),
        ("sv", DAY, "30.11.2026"),
        ("en", DAY, "30 Nov 2026"),
        ("fi", EARLY, "1.3.2026"),
        ("sv", EARLY, "1.3.2026"),
        ("en", EARLY, "1 Mar 2026"),
    ],
)
def test_it_writes_dates_in_the_order_of_the_language(language, day, text):
    with translation.override(language):
        assert date_text(day) == text
        template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} {{ day|date }}')
        assert template.render(Context({"day": day})) == f"{text} {text}"


def test_it_writes_a_decimal_comma_in_finnish():
    with translation.override("fi"):
        assert formats.number_format(1.5, 1) == "1,5"


@pytest.mark.parametrize(("language", "text"), [("fi", "."), ("sv", "."), ("en", " ")])
def test_it_shows_the_enrollment_start_in_the_ui_language(
    client, coach, client_record, unit, language, text
):
    enrollment = enroll(coach=coach, client=client_record, unit=unit, start_days_ago=0)
    client.force_login(coach)
    html = client.get(
        f"/enrollments/{enrollment.pk}/", headers={"accept-language": language}
    ).content.decode()
    with translation.override(language):
        shown = date_text(enrollment.start_date)
    assert shown in html and text in shown
