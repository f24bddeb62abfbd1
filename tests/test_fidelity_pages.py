"""The fidelity pages: the form with the score meanings, drafts and completion with the
errors next to the items, the unit's history chart and table, the action plan, read-only
readers."""

import re

import pytest
from django.urls import reverse

from tests.pages_support import days_ago, login
from tests.test_fidelity_support import all_scores, draft_review
from tyopolku.fidelity.items import CODES
from tyopolku.fidelity.models import Action, Review
from tyopolku.fidelity.services import fidelity_review_create


def _form(reviewers=("supervisor", "coach"), action="draft", **scores) -> dict:
    data = {"review_date": days_ago(1).isoformat(), "reviewers": list(reviewers), "action": action}
    data.update({f"score_{code}": str(score) for code, score in scores.items()})
    return data


def test_it_shows_every_item_with_the_meaning_of_each_score(client, supervisor, unit):
    response = login(client, supervisor).get(reverse("fidelity_review_create", args=[unit.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('type="radio"') == 5 * len(CODES)
    assert "1. Caseload size" in page
    assert "≤ 20 clients per coach" in page and "&gt; 50 clients per coach" in page
    assert "5 – Fully in place" in page


def test_it_saves_a_draft_with_missing_scores(client, supervisor, coach, unit):
    response = login(client, supervisor).post(
        reverse("fidelity_review_create", args=[unit.pk]), _form(caseload_size=4)
    )

    review = Review.objects.get()
    assert response.status_code == 302
    assert review.status == "draft" and review.total is None
    assert review.scores.get(code="caseload_size").score == 4


def test_it_names_the_unscored_items_when_completing(client, supervisor, coach, unit):
    response = login(client, supervisor).post(
        reverse("fidelity_review_create", args=[unit.pk]),
        _form(action="complete", caseload_size=4),
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert "score_zero_exclusion" in form.errors and "score_caseload_size" not in form.errors
    assert not Review.objects.exists()


def test_it_needs_two_reviewers_in_the_form(client, supervisor, unit):
    scores = all_scores(5)
    response = login(client, supervisor).post(
        reverse("fidelity_review_create", args=[unit.pk]),
        _form(reviewers=["supervisor"], action="complete", **scores),
    )

    assert response.status_code == 422
    assert "reviewers" in response.context["form"].errors


def test_it_completes_a_draft_from_the_edit_page(client, supervisor, coach, unit, client_record):
    review = fidelity_review_create(
        user=supervisor, unit_id=unit.pk, review_date=days_ago(3), scores={}, draft=True
    )
    data = {**_form(action="complete", **all_scores(5)), "version": review.version}

    response = login(client, supervisor).post(
        reverse("fidelity_review_edit", args=[review.pk]), data
    )

    review.refresh_from_db()
    assert response.status_code == 302
    assert (review.status, review.total, review.band) == ("complete", 125, "exemplary")
    stale = client.post(reverse("fidelity_review_edit", args=[review.pk]), data)
    assert stale.status_code == 302  # a complete review is final: back to the review


def test_it_shows_the_history_as_a_chart_and_a_table(
    client, supervisor, coach, unit, django_assert_num_queries
):
    for day, score in ((300, 3), (200, 4), (100, 5)):
        fidelity_review_create(
            user=supervisor, unit_id=unit.pk, review_date=days_ago(day), scores=all_scores(score)
        )
    login(client, coach)

    with django_assert_num_queries(7):
        response = client.get(reverse("fidelity_unit", args=[unit.pk]))

    page = response.content.decode()
    assert page.count("<circle") == 3 and "<polyline" in page
    assert all(str(total) in page for total in (75, 100, 125))
    assert "New review" not in page  # a coach reads only
    # Coordinates keep their decimal point in a Finnish page (no "317,5").
    finnish = client.get(reverse("fidelity_unit", args=[unit.pk]), HTTP_ACCEPT_LANGUAGE="fi")
    coordinates = re.findall(r' c[xy]="([^"]*)"', finnish.content.decode())
    assert len(coordinates) == 6
    assert all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coordinates), coordinates


def test_it_keeps_action_plan_rows(client, supervisor, coach, unit):
    review = draft_review(user=supervisor, unit_id=unit.pk, reviewers=["coach"])
    login(client, supervisor)

    client.post(
        reverse("fidelity_action_create", args=[review.pk]),
        {"code": "disclosure", "action": "Koulutus.", "owner": "Esihenkilö", "status": "planned"},
    )
    action = Action.objects.get()
    client.post(reverse("fidelity_action_status", args=[action.pk]), {"status": "done"})

    action.refresh_from_db()
    assert action.status == "done"
    page = client.get(reverse("fidelity_review_detail", args=[review.pk])).content.decode()
    assert "Koulutus." in page and "13. Disclosure" in page


@pytest.mark.parametrize("role", ["evaluator", "coach"])
def test_it_shows_readers_the_review_without_forms(client, request, supervisor, unit, role):
    review = fidelity_review_create(
        user=supervisor, unit_id=unit.pk, review_date=days_ago(3), scores=all_scores(4)
    )
    page = login(client, request.getfixturevalue(role)).get(
        reverse("fidelity_review_detail", args=[review.pk])
    )

    assert page.status_code == 200
    assert "100 / 125" in page.content.decode()
    assert page.context["action_form"] is None
