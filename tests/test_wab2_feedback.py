"""Anonymous client feedback: a public form reached with a link a worker hands out, no
client stored with the answer, single-use links, the guard on the free text, and the
supervisors' results per unit and quarter with small counts hidden."""

import datetime

import pytest
from django.utils import translation

from tests.pages_support import login
from tests.test_api_support import assert_error
from tests.test_wab2_support import FEEDBACK_ANSWER
from tyopolku.core.dates import today
from tyopolku.core.errors import InvalidInput, NotFound
from tyopolku.workability import selectors
from tyopolku.workability.models import FeedbackAnswer, FeedbackLink
from tyopolku.workability.services import feedback_link_create, feedback_submit


def finnish(text: str) -> str:
    """`text` as an anonymous visitor sees it: in Finnish, the default language."""
    with translation.override("fi"):
        return translation.gettext(text)


def thanks() -> str:
    return f"<h1>{finnish('Thank you')}</h1>"


SCORES = {"respect": 5, "information": 4, "influence": 3, "helped": 4}


def link_of(coach, unit, single_use=True):
    return feedback_link_create(
        user=coach, unit_id=unit.pk, service_model="ips", single_use=single_use
    )


def test_it_takes_an_answer_without_login_and_stores_no_client(client, coach, unit):
    link = link_of(coach, unit)

    form = client.get(f"/feedback/{link.code}/")
    sent = client.post(f"/feedback/{link.code}/", {**FEEDBACK_ANSWER, "free_text": "Hyvä."})

    assert form.status_code == 200 and finnish("Tell us how the service worked for you") in (
        form.content.decode()
    )
    assert sent.status_code == 200 and thanks() in sent.content.decode()
    answer = FeedbackAnswer.objects.get()
    assert (answer.unit_id, answer.service_model, answer.month) == (
        unit.pk,
        "ips",
        today().replace(day=1),
    )
    # Nothing ties the answer to a client, the link or the moment it was given.
    fields = {f.name for f in FeedbackAnswer._meta.get_fields()}
    assert not fields & {"client", "link", "created_at", "created_by", "enrollment"}
    assert isinstance(answer.pk, type(FeedbackAnswer().pk))  # a random key, not a sequence


def test_it_takes_one_answer_from_a_single_use_link(client, coach, unit):
    link = link_of(coach, unit)
    feedback_submit(code=link.code, **SCORES)

    with pytest.raises(NotFound):
        feedback_submit(code=link.code, **SCORES)
    assert client.get(f"/feedback/{link.code}/").status_code == 404
    assert client.post(f"/feedback/{link.code}/", FEEDBACK_ANSWER).status_code == 404
    assert FeedbackAnswer.objects.count() == 1
    assert not FeedbackLink.objects.exists()  # nothing keeps which links were used


def test_it_takes_many_answers_from_a_shared_link(coach, unit):
    link = link_of(coach, unit, single_use=False)
    feedback_submit(code=link.code, **SCORES)
    feedback_submit(code=link.code, **SCORES)
    assert FeedbackAnswer.objects.count() == 2


def test_it_refuses_an_expired_or_unknown_link(client, coach, unit):
    link = link_of(coach, unit)
    link.expires_on = today() - datetime.timedelta(days=1)
    link.save(update_fields=["expires_on"])

    assert client.get(f"/feedback/{link.code}/").status_code == 404
    assert client.get("/feedback/ei-ole/").status_code == 404


def test_it_refuses_a_score_out_of_range(coach, unit):
    link = link_of(coach, unit)
    with pytest.raises(InvalidInput) as error:
        feedback_submit(code=link.code, **{**SCORES, "helped": 6, "respect": None})
    assert set(error.value.fields) == {"helped", "respect"}
    assert not FeedbackAnswer.objects.exists()
    assert FeedbackLink.objects.filter(pk=link.pk).exists()  # still open


def test_it_leaves_out_a_free_text_naming_a_client_without_saying_so(
    client, coach, unit, client_record
):
    link = link_of(coach, unit)
    response = client.post(
        f"/feedback/{link.code}/",
        {**FEEDBACK_ANSWER, "free_text": "Aino Asiakkaan kanssa oli kivaa."},
    )

    assert response.status_code == 200 and thanks() in response.content.decode()
    answer = FeedbackAnswer.objects.get()
    assert answer.free_text == "" and answer.text_withheld


def make_answers(unit, org, n, month, **scores):
    for _ in range(n):
        FeedbackAnswer.objects.create(
            organization=org,
            unit=unit,
            service_model="ips",
            month=month,
            free_text="Kiitos",
            **{**SCORES, **scores},
        )


def test_it_hides_quarters_with_fewer_than_five_answers(client, supervisor, unit, org):
    make_answers(unit, org, 5, datetime.date(2026, 4, 1), respect=4)
    make_answers(unit, org, 1, datetime.date(2026, 6, 1), respect=2)  # Q2: 6 answers
    make_answers(unit, org, 4, datetime.date(2026, 1, 1))  # Q1: 4 answers

    _unit, quarters = selectors.unit_feedback(user=supervisor, unit_id=unit.pk)

    q2, q1 = quarters
    assert (q2.year, q2.quarter, q2.count) == (2026, 2, 6)
    assert q2.means[0][1] == round((5 * 4 + 2) / 6, 1) and len(q2.comments) == 6
    assert (q1.quarter, q1.count, q1.comments) == (1, None, [])
    assert all(mean is None for _label, mean in q1.means)
    html = login(client, supervisor).get(f"/units/{unit.pk}/feedback/").content.decode()
    assert "Quarter 2/2026" in html and "6 answers" in html
    assert "Fewer than 5 answers." in html


def test_it_shows_the_feedback_only_to_managers(api_as, coach, supervisor, unit):
    assert_error(api_as(coach).get(f"/units/{unit.pk}/feedback"), 403)
    assert api_as(supervisor).get(f"/units/{unit.pk}/feedback").json() == {
        "unit_id": unit.pk,
        "quarters": [],
    }


def test_it_makes_a_link_in_the_api_and_on_the_page(api_as, client, coach, unit):
    created = api_as(coach).post("/feedback-links", {"unit_id": unit.pk, "service_model": "ips"})
    assert created.status_code == 201
    assert created.json()["url"].endswith(f"/feedback/{created.json()['code']}/")

    page = login(client, coach).post(
        "/feedback/links/new/", {"unit_id": unit.pk, "service_model": "ips", "single_use": "on"}
    )
    assert page.status_code == 200 and "/feedback/" in page.content.decode()
    assert FeedbackLink.objects.count() == 2
