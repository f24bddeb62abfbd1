"""Employment phases come from the jobs themselves (issue: the follow-along period depended
on the order of recording). Jobs that overlap or follow each other without a gap are one
employment, whose follow-along period runs from its first day; a later job recorded with a
start in the past rechecks the visits after it."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ClientFactory
from tests.test_placements_support import job_search_enrollment, login, make_employer
from tyopolku.audit.models import ChangeLogEntry
from tyopolku.pathway.models import BasisProblem, LegalBasis, Phase, ServiceModelSetting, Visit
from tyopolku.pathway.rules import Employment, Job, employments, follow_along_last_day, phase_on
from tyopolku.pathway.selectors import model_settings
from tyopolku.pathway.services import visit_create
from tyopolku.placements.services import placement_create, placement_end

D = datetime.date
ENROLLED = D(2026, 1, 5)


def new_enrollment(coach):
    client = ClientFactory(organization=coach.organization, worker=coach)
    return job_search_enrollment(client, coach)


def start_job(coach, enrollment, start):
    return placement_create(
        user=coach,
        enrollment=enrollment,
        employer_id=make_employer(coach.organization).pk,
        start_date=start,
        job_title="Varastotyöntekijä",
        hours_per_week=30,
        competitive=True,
    )


def end_job(coach, placement, end):
    placement_end(user=coach, placement=placement, end_date=end, end_reason="Päättyi")


def support_until(enrollment, day):
    """The last day of follow-along support of the employment in force on `day`."""
    current = phase_on(list(enrollment.phase_changes.all()), day)
    assert current.phase == Phase.EMPLOYED
    months = model_settings(enrollment).follow_along_months(current.employed_since)
    return follow_along_last_day(current.employed_since, months)


def stored_phases(enrollment):
    return sorted(enrollment.phase_changes.values_list("effective_date", "phase"))


# The pure rule.


def test_it_joins_jobs_that_follow_each_other_without_a_gap():
    jobs = [Job(D(2026, 3, 1), D(2026, 3, 31)), Job(D(2026, 4, 1), None)]
    assert employments(jobs) == [Employment(D(2026, 3, 1), None, True)]


def test_it_keeps_jobs_apart_when_a_day_lies_between_them():
    jobs = [Job(D(2026, 3, 1), D(2026, 3, 30)), Job(D(2026, 4, 1), None)]
    assert [e.start for e in employments(jobs)] == [D(2026, 3, 1), D(2026, 4, 1)]


def test_it_joins_jobs_within_the_allowed_gap():
    jobs = [Job(D(2026, 3, 1), D(2026, 3, 30)), Job(D(2026, 4, 3), D(2026, 5, 31))]
    joined = Employment(D(2026, 3, 1), D(2026, 5, 31), True)
    # 31.3., 1.4. and 2.4. without work: a gap of three days.
    assert employments(jobs, allowed_gap_days=3) == [joined]
    assert len(employments(jobs, allowed_gap_days=2)) == 2


def test_it_lets_the_job_that_ends_last_say_what_follows():
    jobs = [
        Job(D(2026, 3, 1), D(2026, 6, 30), back_to_job_search=False),
        Job(D(2026, 4, 1), D(2026, 4, 30), back_to_job_search=True),
    ]
    assert employments(jobs) == [Employment(D(2026, 3, 1), D(2026, 6, 30), False)]


dates = st.dates(min_value=D(2026, 1, 5), max_value=D(2026, 9, 30))
job_lists = st.lists(
    st.tuples(dates, st.integers(0, 120), st.booleans()), min_size=1, max_size=5
)


@given(job_lists, st.randoms(use_true_random=False), st.integers(0, 5))
def test_it_gives_the_same_employments_in_any_order(raw, shuffler, gap):
    jobs = [Job(s, s + datetime.timedelta(days=n) if open_ else None) for s, n, open_ in raw]
    shuffled = jobs[:]
    shuffler.shuffle(shuffled)
    assert employments(shuffled, gap) == employments(jobs, gap)
    # Every job day is inside exactly one employment, and employments never touch.
    found = employments(jobs, gap)
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end is not None
        assert (later.start - earlier.end).days > 1 + gap


# The stored path, recorded through the services.


@pytest.mark.parametrize("order", ["end_a_then_b", "b_then_end_a", "b_first"])
def test_it_gives_one_follow_along_period_whatever_the_order(coach, order):
    """Job A 1.3.–31.3.2026 and job B from 1.4.2026 are one employment: support until 31.5."""
    enrollment = new_enrollment(coach)
    if order == "b_first":
        start_job(coach, enrollment, D(2026, 4, 1))
        job_a = start_job(coach, enrollment, D(2026, 3, 1))
        end_job(coach, job_a, D(2026, 3, 31))
    else:
        job_a = start_job(coach, enrollment, D(2026, 3, 1))
        if order == "end_a_then_b":
            end_job(coach, job_a, D(2026, 3, 31))
            start_job(coach, enrollment, D(2026, 4, 1))
        else:
            start_job(coach, enrollment, D(2026, 4, 1))
            end_job(coach, job_a, D(2026, 3, 31))
    assert support_until(enrollment, D(2026, 4, 15)) == D(2026, 5, 31)
    assert stored_phases(enrollment)[-1] == (D(2026, 3, 1), Phase.EMPLOYED)


def test_it_uses_the_organisations_allowed_gap(coach):
    ServiceModelSetting.objects.filter(
        organization=coach.organization, service_model="ips"
    ).update(employment_gap_days=7)
    enrollment = new_enrollment(coach)
    end_job(coach, start_job(coach, enrollment, D(2026, 3, 1)), D(2026, 3, 31))
    start_job(coach, enrollment, D(2026, 4, 6))
    assert support_until(enrollment, D(2026, 4, 15)) == D(2026, 5, 31)


def record_in_order(coach, facts, events):
    """Record `facts` [(start, end or None)] as the `events` [("start"|"end", i)] say; an end
    that comes before its job is recorded right after the job (it cannot come earlier)."""
    enrollment = new_enrollment(coach)
    placements, waiting = {}, set()
    for kind, i in events:
        if kind == "end" and i not in placements:
            waiting.add(i)
            continue
        if kind == "start":
            placements[i] = start_job(coach, enrollment, facts[i][0])
        if kind == "end" or i in waiting:
            end_job(coach, placements[i], facts[i][1])
    return stored_phases(enrollment)


job_facts = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 60), st.booleans()), min_size=1, max_size=3
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(job_facts, st.randoms(use_true_random=False))
def test_it_stores_the_same_phases_in_any_order_of_recording(coach, jobs, shuffler):
    first = D(2026, 1, 12)
    day = datetime.timedelta(days=1)
    facts = [(first + s * day, first + (s + n) * day if ends else None) for s, n, ends in jobs]
    in_order = [("start", i) for i in range(len(facts))]
    in_order += [("end", i) for i, (_, end) in enumerate(facts) if end is not None]
    shuffled = in_order[:]
    shuffler.shuffle(shuffled)
    assert record_in_order(coach, facts, shuffled) == record_in_order(coach, facts, in_order)


def test_it_rechecks_the_visits_when_a_job_is_recorded_later(coach):
    """Visits of March were rehabilitative work activity; a job recorded afterwards with a
    start on 1.2. makes them employment support, and a visit after the support period ended
    keeps its basis but is flagged for the coach, never deleted."""
    enrollment = new_enrollment(coach)
    in_march = visit_create(
        user=coach, enrollment=enrollment, date=D(2026, 3, 2), kind="meeting",
        duration_minutes=60, summary="Työnhaku",
    )
    in_june = visit_create(
        user=coach, enrollment=enrollment, date=D(2026, 6, 1), kind="meeting",
        duration_minutes=60, summary="Työnhaku",
    )
    assert in_march.legal_basis == LegalBasis.REHABILITATIVE_WORK_ACTIVITY

    start_job(coach, enrollment, D(2026, 2, 1))  # 3 months: support until 30.4.

    in_march.refresh_from_db()
    in_june.refresh_from_db()
    assert (in_march.legal_basis, in_march.basis_problem) == (
        LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT,
        "",
    )
    assert (in_june.legal_basis, in_june.basis_problem) == (
        LegalBasis.REHABILITATIVE_WORK_ACTIVITY,
        BasisProblem.AFTER_FOLLOW_ALONG,
    )
    logged = ChangeLogEntry.objects.filter(object_type="visit").values_list("object_id", "fields")
    assert sorted(logged) == [(in_march.pk, ["legal_basis"]), (in_june.pk, ["basis_problem"])]
    assert Visit.objects.filter(enrollment=enrollment).count() == 2


def test_it_clears_the_flag_when_the_job_is_corrected(coach):
    enrollment = new_enrollment(coach)
    visit = visit_create(
        user=coach, enrollment=enrollment, date=D(2026, 6, 1), kind="phone",
        duration_minutes=15, summary="Kuulumiset",
    )
    job = start_job(coach, enrollment, D(2026, 2, 1))
    visit.refresh_from_db()
    assert visit.basis_problem == BasisProblem.AFTER_FOLLOW_ALONG
    end_job(coach, job, D(2026, 2, 28))  # back to job search from 1.3.
    visit.refresh_from_db()
    assert (visit.legal_basis, visit.basis_problem) == (LegalBasis.REHABILITATIVE_WORK_ACTIVITY, "")


def test_it_shows_the_flag_on_the_api_and_the_enrollment_page(coach, api_as, client):
    enrollment = new_enrollment(coach)
    visit_create(
        user=coach, enrollment=enrollment, date=D(2026, 6, 1), kind="phone",
        duration_minutes=15, summary="Kuulumiset",
    )
    start_job(coach, enrollment, D(2026, 2, 1))

    api = api_as(coach)
    api.headers["Accept-Language"] = "en"
    (item,) = api.get(f"/enrollments/{enrollment.pk}/visits").json()["items"]
    assert item["basis_problem"] == "after_follow_along"
    assert item["basis_problem_text"] == (
        "The visit is dated after the follow-along support period ended."
    )
    login(client, coach)
    page = client.get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert "The visit is dated after the follow-along support period ended." in page
