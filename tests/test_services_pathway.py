"""The path services behind the API and the UI: phase changes and their guards."""

import datetime

import pytest

from tests.test_placements_support import record_job
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.pathway import services
from tyopolku.pathway.models import Phase, PhaseChange, ServiceModelSetting
from tyopolku.pathway.rules import phase_on
from tyopolku.pathway.selectors import enrollment_get

D = datetime.date
START = D(2025, 1, 6)


@pytest.fixture
def enrollment(coach, client_record):
    return services.enrollment_create(
        user=coach, client=client_record, service_model="ips", start_date=START
    )


def phases(enrollment) -> list[tuple[str, datetime.date, str]]:
    return list(
        enrollment.phase_changes.order_by("effective_date", "pk").values_list(
            "phase", "effective_date", "reason"
        )
    )


def test_it_gives_a_new_organisation_the_ips_pilots_three_months(org):
    settings = dict(
        ServiceModelSetting.objects.filter(organization=org).values_list(
            "service_model", "follow_along_months"
        )
    )
    assert settings == {
        "ips": 3,
        "subcontracting": None,
        "work_activity": None,
        "wage_work": None,
        "work_ability_team": None,
    }


def test_it_completes_the_intake_on_an_enrollment_read_with_its_steps(coach, enrollment):
    # The selector prefetches the steps; the service must see the step it just saved.
    for number in range(1, 7):
        fetched = enrollment_get(user=coach, enrollment_id=enrollment.pk)
        services.intake_step_mark_done(user=coach, enrollment=fetched, number=number, done_on=START)
    assert phases(enrollment)[-1] == (Phase.JOB_SEARCH, START, PhaseChange.Reason.INTAKE_COMPLETE)


def test_it_marks_the_intake_complete_once(coach, enrollment):
    for number in range(1, 9):
        services.intake_step_mark_done(
            user=coach, enrollment=enrollment, number=number, done_on=START
        )
    assert [p[0] for p in phases(enrollment)] == [Phase.INTAKE, Phase.JOB_SEARCH]


def test_it_returns_to_job_search_the_day_after_a_job_ends(coach, enrollment):
    record_job(coach, enrollment, D(2025, 3, 1), end=D(2025, 4, 30))
    assert phases(enrollment)[-2:] == [
        (Phase.EMPLOYED, D(2025, 3, 1), PhaseChange.Reason.EMPLOYMENT_STARTED),
        (Phase.JOB_SEARCH, D(2025, 5, 1), PhaseChange.Reason.EMPLOYMENT_ENDED),
    ]


def test_it_keeps_the_follow_along_period_of_the_first_of_two_employments(coach, enrollment):
    services.enrollment_record_employment(
        user=coach, enrollment=enrollment, start_date=D(2025, 3, 1)
    )
    services.enrollment_record_employment(
        user=coach, enrollment=enrollment, start_date=D(2025, 4, 1)
    )
    current = phase_on(list(enrollment.phase_changes.all()), D(2025, 4, 15))
    assert (current.phase, current.employed_since) == (Phase.EMPLOYED, D(2025, 3, 1))


def test_it_starts_a_model_without_start_steps_by_hand(coach, client_record):
    enrollment = services.enrollment_create(
        user=coach, client=client_record, service_model="work_activity", start_date=START
    )
    services.enrollment_start_job_search(user=coach, enrollment=enrollment, on=D(2025, 1, 10))
    assert phases(enrollment)[-1] == (Phase.JOB_SEARCH, D(2025, 1, 10), PhaseChange.Reason.MANUAL)
    with pytest.raises(InvalidInput):
        services.enrollment_start_job_search(user=coach, enrollment=enrollment, on=D(2025, 2, 1))


def test_it_ends_the_service_the_day_after_the_end_date(coach, enrollment):
    services.enrollment_end(
        user=coach, enrollment=enrollment, end_date=D(2025, 6, 30), reason="Done"
    )
    assert phases(enrollment)[-1] == (
        Phase.ENDED,
        D(2025, 7, 1),
        PhaseChange.Reason.ENROLLMENT_ENDED,
    )
    with pytest.raises(Conflict):
        services.enrollment_record_employment(
            user=coach, enrollment=enrollment, start_date=D(2025, 6, 1)
        )
