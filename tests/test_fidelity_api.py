"""The fidelity review API: items, bands at their cut-offs, refused input (422 naming the
field), drafts, completion, lost updates, action plans, the PDF, another organisation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_api_support import assert_error, days_ago
from tests.test_fidelity_support import all_scores, scores_totalling
from tyopolku.accounts.services import unit_ensure
from tyopolku.audit.models import ChangeLogEntry
from tyopolku.fidelity.items import CODES, ITEMS, band_for
from tyopolku.fidelity.models import Review


def _review(unit, scores, **extra) -> dict:
    return {"unit_id": unit.pk, "review_date": days_ago(1).isoformat(), "scores": scores, **extra}


def test_it_lists_the_25_items_with_codes_sections_and_numbers(api_as, coach):
    response = api_as(coach).get("/fidelity/items")

    assert response.status_code == 200
    items = response.json()
    assert [i["code"] for i in items] == list(CODES)
    assert [i["number"] for i in items] == list(range(1, 26))
    assert {i["section"] for i in items} == {"staffing", "organization", "services"}
    first = items[0]
    assert first["code"] == "caseload_size" and first["section"] == "staffing"
    assert first["title_fi"] and first["title_sv"] and first["title_en"] == "Caseload size"
    assert set(first["scale"]) == {"1", "2", "3", "4", "5"}
    assert set(first["scale"]["5"]) == {"fi", "sv", "en"}


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (25, "not_ips"),
        (73, "not_ips"),
        (74, "fair"),
        (99, "fair"),
        (100, "good"),
        (114, "good"),
        (115, "exemplary"),
        (125, "exemplary"),
    ],
)
def test_it_gives_the_band_of_the_total_at_each_cut_off(api_as, supervisor, unit, total, band):
    response = api_as(supervisor).post("/fidelity-reviews", _review(unit, scores_totalling(total)))

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["total"], body["band"]) == (total, band)
    assert body["id"] == Review.objects.get().pk


@given(total=st.integers(min_value=25, max_value=125))
def test_it_has_one_band_rule_with_contiguous_bands(total):
    band = band_for(total)
    expected = "exemplary" if total >= 115 else "good" if total >= 100 else "fair"
    assert band == (expected if total >= 74 else "not_ips")


def test_it_refuses_a_total_outside_the_scale():
    for total in (24, 126):
        with pytest.raises(ValueError):
            band_for(total)


def test_it_refuses_a_complete_review_with_a_missing_score_naming_the_item(
    api_as, supervisor, unit
):
    scores = all_scores()
    del scores["caseload_size"]

    response = api_as(supervisor).post("/fidelity-reviews", _review(unit, scores))

    assert_error(response, 422, "scores.caseload_size")
    assert not Review.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", True])
def test_it_refuses_a_score_out_of_range_naming_the_item(api_as, supervisor, unit, bad):
    scores = {**all_scores(), "disclosure": bad}

    response = api_as(supervisor).post("/fidelity-reviews", _review(unit, scores))

    assert_error(response, 422, "scores.disclosure")
    assert not Review.objects.exists()


def test_it_refuses_an_unknown_item(api_as, supervisor, unit):
    response = api_as(supervisor).post(
        "/fidelity-reviews", _review(unit, {**all_scores(), "nonsense": 3})
    )
    assert_error(response, 422, "scores.nonsense")


def test_it_saves_an_incomplete_draft_without_a_total(api_as, supervisor, unit):
    response = api_as(supervisor).post(
        "/fidelity-reviews", _review(unit, {"caseload_size": 5}, draft=True)
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["total"], body["band"]) == ("draft", None, None)
    assert body["scores"]["caseload_size"] == 5 and body["scores"]["disclosure"] is None


def test_it_completes_a_draft_with_two_reviewers(api_as, supervisor, coach, unit):
    api = api_as(supervisor)
    draft = api.post(
        "/fidelity-reviews",
        _review(unit, {}, draft=True, reviewers=["supervisor"], notes={"disclosure": "Hyvä."}),
    ).json()
    review_id = draft["id"]

    refused = api.post(f"/fidelity-reviews/{review_id}/complete")
    assert_error(refused, 422, "scores.zero_exclusion")
    patched = api.patch(
        f"/fidelity-reviews/{review_id}",
        {"scores": all_scores(5), "reviewers": ["supervisor", "coach"], "version": 1},
    )
    assert patched.status_code == 200, patched.content
    done = api.post(f"/fidelity-reviews/{review_id}/complete", {"version": 2})

    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["status"], body["total"], body["band"]) == ("complete", 125, "exemplary")
    assert body["reviewers"] == ["coach", "supervisor"]
    notes = {i["code"]: i["notes"] for i in body["items"]}
    assert notes["disclosure"] == "Hyvä."
    assert_error(api.patch(f"/fidelity-reviews/{review_id}", {"scores": {}}), 409)
    logged = ChangeLogEntry.objects.filter(object_type="fidelity_review", object_id=review_id)
    assert logged.count() == 3


def test_it_needs_two_reviewers_to_complete(api_as, supervisor, unit):
    api = api_as(supervisor)
    review_id = api.post(
        "/fidelity-reviews", _review(unit, all_scores(), draft=True, reviewers=["supervisor"])
    ).json()["id"]

    assert_error(api.post(f"/fidelity-reviews/{review_id}/complete"), 422, "reviewers")
    assert_error(
        api.post("/fidelity-reviews", _review(unit, all_scores(), reviewers=["supervisor"])),
        422,
        "reviewers",
    )
    assert_error(
        api.patch(f"/fidelity-reviews/{review_id}", {"reviewers": ["supervisor", "nobody"]}),
        422,
        "reviewers",
    )


def test_it_refuses_a_stale_version(api_as, supervisor, unit):
    api = api_as(supervisor)
    review_id = api.post("/fidelity-reviews", _review(unit, {}, draft=True)).json()["id"]
    assert api.patch(f"/fidelity-reviews/{review_id}", {"version": 1}).status_code == 200

    assert_error(api.patch(f"/fidelity-reviews/{review_id}", {"version": 1}), 409)


def test_it_lists_reviews_by_unit_with_paging(api_as, supervisor, org, unit):
    other_unit = unit_ensure(organization=org, code="kahvila", name="Kahvila")[0]
    api = api_as(supervisor)
    for _ in range(3):
        api.post("/fidelity-reviews", _review(unit, all_scores()))
    api.post("/fidelity-reviews", _review(other_unit, all_scores()))

    page = api.get(f"/fidelity-reviews?unit_id={unit.pk}&limit=2").json()

    assert page["count"] == 3 and len(page["items"]) == 2
    assert {i["unit_id"] for i in page["items"]} == {unit.pk}
    assert page["items"][0]["band"] == "fair" and page["items"][0]["total"] == 75
    assert_error(api.get(f"/fidelity-reviews?unit_id={unit.pk}&limit=201"), 422, "limit")


def test_it_hides_another_organisations_reviews_and_units(api_as, supervisor, outsider, unit):
    created = api_as(supervisor).post("/fidelity-reviews", _review(unit, all_scores()))
    review_id = created.json()["id"]
    api = api_as(outsider)

    assert_error(api.get(f"/fidelity-reviews/{review_id}"), 404)
    assert_error(api.get(f"/fidelity-reviews?unit_id={unit.pk}"), 404)
    assert_error(api.post("/fidelity-reviews", _review(unit, all_scores())), 404)
    assert_error(api.get(f"/fidelity-reviews/{review_id}/pdf"), 404)
    assert api.get("/fidelity-reviews").json()["count"] == 0


def test_it_keeps_an_action_plan(api_as, supervisor, coach, unit):
    api = api_as(supervisor)
    review_id = api.post("/fidelity-reviews", _review(unit, all_scores(2))).json()["id"]
    row = {"code": "caseload_size", "action": "Toinen valmentaja.", "owner": "Esihenkilö"}

    created = api.post(f"/fidelity-reviews/{review_id}/actions", {**row, "due_date": "2027-01-31"})
    assert created.status_code == 201, created.content
    action_id = created.json()["id"]
    url = f"/fidelity-reviews/{review_id}/actions"
    assert_error(api.post(url, {**row, "code": "x"}), 422, "code")
    assert_error(api.post(url, {**row, "owner": " "}), 422, "owner")
    changed = api.patch(f"/fidelity-actions/{action_id}", {"status": "done"})
    assert changed.json()["status"] == "done"
    assert_error(api.patch(f"/fidelity-actions/{action_id}", {"status": "later"}), 422, "status")

    logged = ChangeLogEntry.objects.filter(object_type="fidelity_action", object_id=action_id)
    assert sorted(logged.values_list("action", flat=True)) == ["create", "update"]
    listed = api_as(coach).get(f"/fidelity-reviews/{review_id}/actions").json()
    assert listed["count"] == 1 and listed["items"][0]["due_date"] == "2027-01-31"
    assert_error(api_as(coach).patch(f"/fidelity-actions/{action_id}", {"status": "planned"}), 403)


def test_it_prints_the_review_as_pdf(api_as, supervisor, unit):
    created = api_as(supervisor).post("/fidelity-reviews", _review(unit, all_scores()))
    review_id = created.json()["id"]

    response = api_as(supervisor).get(f"/fidelity-reviews/{review_id}/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", ["peer", "expert"])
def test_it_refuses_peers_and_experts(api_as, request, role):
    assert_error(api_as(request.getfixturevalue(role)).get("/fidelity/items"), 403)


def test_it_names_every_item_in_three_languages():
    for item in ITEMS:
        for lang in ("fi", "sv", "en"):
            assert item.title[lang] and item.goal[lang]
            assert len(item.meanings(lang)) == 5
