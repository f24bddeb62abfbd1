"""Work activity agreements: the terms are checked against the limits of rehabilitative work
activity in force on the start date (422 naming the field), goals in the participant's
words, reviews on the evaluation form, and earlier terms kept as revisions."""

import datetime
from decimal import Decimal

import pytest

from tests.conftest import make_user
from tests.pages_support import enroll
from tests.test_workact_pages import _participant
from tests.test_workact_support import agreement_of, work_activity_enrollment
from tyopolku.audit.models import AccessLogEntry
from tyopolku.core.errors import Conflict, Forbidden, InvalidInput
from tyopolku.workactivity.models import Agreement, RehabilitativeWorkActivityRule
from tyopolku.workactivity.selectors import agreement_get
from tyopolku.workactivity.services import agreement_update, goal_add, review_create

D = datetime.date


@pytest.fixture
def enrollment(supervisor, unit, client_record):
    return work_activity_enrollment(supervisor, client_record, unit)


def _body(**changes):
    body = {
        "start_date": "2026-03-02",
        "end_date": "2026-06-01",  # 3 months to the day
        "days_per_week": 4,
        "hours_per_day": "8",
        "place": "Kahvila Kaisla",
        "goals": ["Opin käyttämään kassakonetta"],
    }
    return {**body, **changes}


def test_it_takes_the_limits_on_their_edge_days(api_as, supervisor, enrollment):
    response = api_as(supervisor).post(
        f"/work-activity/enrollments/{enrollment.pk}/agreements", _body()
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["days_per_week"], body["hours_per_day"], body["version"]) == (4, "8.0", 1)
    assert [g["text"] for g in body["goals"]] == ["Opin käyttämään kassakonetta"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2026-05-31"}, "end_date"),  # a day short of 3 months
        ({"end_date": "2028-03-02"}, "end_date"),  # a day over 24 months
        ({"days_per_week": 5}, "days_per_week"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"hours_per_day": "3.5"}, "hours_per_day"),
        ({"hours_per_day": "8.5"}, "hours_per_day"),
        ({"place": ""}, "place"),
    ],
)
def test_it_names_the_field_that_breaks_a_limit(api_as, supervisor, enrollment, changes, field):
    response = api_as(supervisor).post(
        f"/work-activity/enrollments/{enrollment.pk}/agreements", _body(**changes)
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Agreement.objects.exists()


def test_it_takes_24_months_to_the_day(api_as, supervisor, enrollment):
    response = api_as(supervisor).post(
        f"/work-activity/enrollments/{enrollment.pk}/agreements", _body(end_date="2028-03-01")
    )
    assert response.status_code == 201


def test_it_uses_the_limits_in_force_on_the_start_date(supervisor, enrollment):
    RehabilitativeWorkActivityRule.objects.create(
        valid_from=D(2027, 1, 1), max_days_per_week=5, source="A later change"
    )
    with pytest.raises(InvalidInput) as error:
        agreement_of(supervisor, enrollment, start=D(2026, 12, 1), end=D(2027, 3, 31), days=5)
    assert list(error.value.fields) == ["days_per_week"]
    agreement = agreement_of(
        supervisor, enrollment, start=D(2027, 1, 4), end=D(2027, 4, 30), days=5
    )
    assert agreement.days_per_week == 5


def test_it_refuses_an_enrollment_of_another_service_model(supervisor, unit, client_record):
    ips = enroll(coach=supervisor, client=client_record, unit=unit)
    with pytest.raises(InvalidInput) as error:
        agreement_of(supervisor, ips)
    assert list(error.value.fields) == ["enrollment_id"]


def test_it_refuses_overlapping_agreements(supervisor, enrollment):
    agreement_of(supervisor, enrollment)
    with pytest.raises(InvalidInput) as error:
        agreement_of(supervisor, enrollment, start=D(2026, 8, 31), end=D(2026, 12, 31))
    assert list(error.value.fields) == ["start_date"]


def test_it_keeps_the_earlier_terms_and_refuses_a_stale_version(supervisor, enrollment):
    agreement = agreement_of(supervisor, enrollment)
    terms = {
        "start_date": agreement.start_date,
        "end_date": D(2026, 12, 31),
        "days_per_week": 2,
        "hours_per_day": "4",
        "place": "Pesula",
        "tasks": "",
    }
    changed = agreement_update(user=supervisor, agreement=agreement, version=1, **terms)
    assert (changed.version, changed.days_per_week, changed.place) == (2, 2, "Pesula")
    (revision,) = changed.revisions.all()
    assert (revision.version, revision.terms["days_per_week"], revision.terms["place"]) == (
        1,
        3,
        "Kahvila Kaisla",
    )
    with pytest.raises(Conflict):
        agreement_update(user=supervisor, agreement=changed, version=1, **terms)


def test_it_keeps_every_review_with_its_goal_ratings(supervisor, enrollment):
    agreement = agreement_of(supervisor, enrollment)
    goal = goal_add(user=supervisor, agreement=agreement, text="Tulen ajoissa")
    first = agreement.goals.order_by("pk").first()
    review_create(
        user=supervisor,
        agreement=agreement,
        date=D(2026, 4, 30),
        ratings=[{"goal_id": first.pk, "progress": 2, "notes": "Alku"}],
    )
    review_create(
        user=supervisor,
        agreement=agreement,
        date=D(2026, 6, 30),
        ratings=[
            {"goal_id": first.pk, "progress": 4, "notes": ""},
            {"goal_id": goal.pk, "progress": 5, "notes": "Aina ajoissa"},
        ],
        participant_view="Kassa sujuu jo.",
        next_steps="Harjoittelu kaupassa.",
    )
    read = agreement_get(user=supervisor, agreement_id=agreement.pk)
    assert [
        (r.date, [(x.goal.text, x.progress) for x in r.ratings.all()]) for r in read.reviews.all()
    ] == [
        (D(2026, 6, 30), [("Opin käyttämään kassakonetta", 4), ("Tulen ajoissa", 5)]),
        (D(2026, 4, 30), [("Opin käyttämään kassakonetta", 2)]),
    ]


@pytest.mark.parametrize(
    ("rating", "field"),
    [({"progress": 6}, "ratings.0.progress"), ({"progress": 0}, "ratings.0.progress")],
)
def test_it_rates_progress_from_1_to_5(supervisor, enrollment, rating, field):
    agreement = agreement_of(supervisor, enrollment)
    goal = agreement.goals.get()
    with pytest.raises(InvalidInput) as error:
        review_create(
            user=supervisor,
            agreement=agreement,
            date=D(2026, 4, 30),
            ratings=[{"goal_id": goal.pk, "notes": "", **rating}],
        )
    assert list(error.value.fields) == [field]


def test_it_hides_an_agreement_from_another_org_and_an_unlinked_coach(
    api_as, supervisor, enrollment, outsider, colleague, other_org
):
    agreement = agreement_of(supervisor, enrollment)
    # An unlinked work coach of the same organisation, and a supervisor of another one.
    unlinked = make_user("otherworkcoach", supervisor.organization, "work_coach")
    for user in (unlinked, outsider):
        assert api_as(user).get(f"/work-activity/agreements/{agreement.pk}").status_code == 404
        assert api_as(user).get("/work-activity/agreements").json()["count"] == 0
    # A job coach's role has no access to work activity at all.
    assert api_as(colleague).get(f"/work-activity/agreements/{agreement.pk}").status_code == 403
    with pytest.raises(Forbidden):
        agreement_get(user=colleague, agreement_id=agreement.pk)


def test_it_logs_every_read_and_write(api_as, work_coach, client_record, enrollment):
    agreement = agreement_of(work_coach, enrollment)
    api_as(work_coach).get(f"/work-activity/agreements/{agreement.pk}")
    targets = set(
        AccessLogEntry.objects.filter(user=work_coach, client=client_record).values_list(
            "target", "action"
        )
    )
    assert {("work_activity_agreement", "create"), ("work_activity_agreement", "read")} <= targets


def test_it_hours_are_checked_as_a_decimal(supervisor, enrollment):
    agreement = agreement_of(supervisor, enrollment, hours="7.5")
    assert agreement.hours_per_day == Decimal("7.5")


def test_it_pages_the_agreements_in_the_api(api_as, supervisor, unit):
    for n in range(3):
        _participant(supervisor, unit, n)
    api = api_as(supervisor)
    first = api.get("/work-activity/agreements?limit=2").json()
    rest = api.get("/work-activity/agreements?limit=2&offset=2").json()
    assert (first["count"], rest["count"]) == (3, 3)
    assert [len(first["items"]), len(rest["items"])] == [2, 1]
    ids = {item["id"] for item in first["items"] + rest["items"]}
    assert len(ids) == 3
    assert api.get("/work-activity/agreements?limit=201").status_code == 422
    in_force = api.get("/work-activity/agreements?day=2026-03-02&limit=1").json()
    assert in_force["count"] == 3 and len(in_force["items"]) == 1
