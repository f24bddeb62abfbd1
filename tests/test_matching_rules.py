"""The matching score: plain functions, each point with a reason."""

from decimal import Decimal

import pytest
from django.utils import translation

from tyopolku.matching.rules import (
    Match,
    Preferences,
    Reason,
    industries_match,
    score_employer,
    score_opening,
    top,
)

PREFS = Preferences(
    keywords=("varasto", "trukki"),
    industry_codes=("47",),
    municipality_codes=("405", "153"),
    hours_min=Decimal(15),
    hours_max=Decimal(25),
    avoid_keywords=("yövuoro",),
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def texts(match):
    return [(r.points, r.text) for r in match.reasons]


def test_it_gives_every_point_a_reason():
    match = score_opening(
        PREFS,
        title="Varastotyöntekijä",
        description="Trukkikortti eduksi.",
        hours_per_week=Decimal(20),
        industry_code="47111",
        municipality_code="405",
    )

    assert texts(match) == [
        (3, "same field 47 Retail trade, except of motor vehicles and motorcycles"),
        (2, "in wanted municipality 405"),
        (2, "hours 20 fit 15–25"),
        (3, "keyword 'varasto' in title"),
        (1, "keyword 'trukki' in description"),
    ]
    assert match.score == 11


def test_it_counts_what_to_avoid_as_a_minus():
    match = score_opening(
        PREFS, title="Varastotyöntekijä", description="Työ on YÖVUOROSSA.", municipality_code="091"
    )

    assert texts(match) == [(3, "keyword 'varasto' in title"), (-4, "avoid: 'yövuoro' found")]
    assert match.score == -1
    assert match.reasons[-1].is_minus
    assert match.reasons[-1].points_text == "−4"


def test_it_says_when_the_hours_do_not_fit():
    match = score_opening(PREFS, title="Myyjä", hours_per_week=Decimal("37.5"))

    assert texts(match) == [(-1, "hours 37.5 outside 15–25")]


def test_it_shows_an_open_hour_range():
    prefs = Preferences(hours_min=Decimal(30))

    assert texts(score_opening(prefs, title="x", hours_per_week=Decimal(20))) == [
        (-1, "hours 20 outside 30–")
    ]


@pytest.mark.parametrize(
    ("wanted", "actual", "expected"),
    [
        ("47", "47111", True),
        ("4711", "47", True),
        ("47", "47", True),
        ("47", "46", False),
        ("471", "472", False),
        ("47", "", False),
    ],
)
def test_it_matches_fields_at_any_level_of_the_classification(wanted, actual, expected):
    assert industries_match(wanted, actual) is expected


def test_it_scores_an_employer_for_job_development():
    match = score_employer(
        PREFS,
        name="Varastopalvelu Oy",
        industry_code="52100",
        municipality_code="153",
        open_openings=2,
    )

    assert texts(match) == [
        (2, "in wanted municipality 153"),
        (2, "keyword 'varasto' in name"),
        (1, "2 open job openings"),
    ]


def test_it_keeps_the_best_positive_ones_in_order():
    def m(score):
        return Match(score, (Reason(score, "x"),))

    scored = [("a", m(2)), ("b", m(5)), ("c", m(0)), ("d", m(-3)), ("e", m(5)), ("f", m(1))]

    assert [item for item, _match in top(scored, 3)] == ["b", "e", "a"]


def test_it_needs_a_field_a_place_or_a_word_to_search():
    assert not Preferences(hours_min=Decimal(10)).can_search
    assert Preferences(municipality_codes=("405",)).can_search
