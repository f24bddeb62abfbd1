"""The legal-basis rule and the follow-along limit (DOMAIN.md §5), on one client's path:
intake → job search → employed → job ended, back to job search → employed again → ended."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tests.test_placements_support import record_job
from tyopolku.core.errors import InvalidInput
from tyopolku.pathway import services
from tyopolku.pathway.models import (
    LegalBasis,
    Phase,
    PhaseChange,
    ServiceModelSetting,
    ServiceTask,
)
from tyopolku.pathway.rules import follow_along_last_day, phase_on, visit_basis
from tyopolku.pathway.selectors import ModelSettings, enrollment_get, enrollment_status

D = datetime.date
START = D(2025, 1, 6)
JOB_SEARCH = D(2025, 1, 20)
FIRST_JOB = D(2025, 3, 1)  # 3 months: support until 31.5.2025
FIRST_JOB_ENDED = D(2025, 7, 14)  # back to job search on 15.7.
SECOND_JOB = D(2025, 9, 1)  # 3 months: support until 30.11.2025
END = D(2026, 2, 15)  # ended from 16.2.2026

REHAB = LegalBasis.REHABILITATIVE_WORK_ACTIVITY
SUPPORT = LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT


def changes(*phases: tuple[str, datetime.date]) -> list[PhaseChange]:
    return [
        PhaseChange(pk=n, phase=phase, effective_date=day)
        for n, (phase, day) in enumerate(phases, 1)
    ]


PATH = changes(
    (Phase.INTAKE, START),
    (Phase.JOB_SEARCH, JOB_SEARCH),
    (Phase.EMPLOYED, FIRST_JOB),
    (Phase.JOB_SEARCH, FIRST_JOB_ENDED + datetime.timedelta(days=1)),
    (Phase.EMPLOYED, SECOND_JOB),
    (Phase.ENDED, END + datetime.timedelta(days=1)),
)


def basis_or_why(day: datetime.date, months: int | None, path=PATH):
    """The legal basis of a visit on `day`, or a word for why the rule refuses it."""
    try:
        with translation.override("en"):
            basis = visit_basis(
                service_model="ips", start_date=START, changes=path, day=day,
                follow_along_months=months,
            )
    except InvalidInput as error:
        assert list(error.fields) == ["date"]
        message = error.message
        for word in ("before", "follow-along", "ended"):
            if word in message:
                return word
        raise
    assert basis.service_task == ServiceTask.WORKING_AGE_SERVICES
    return basis.legal_basis


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (START, Phase.INTAKE),
        (JOB_SEARCH - datetime.timedelta(days=1), Phase.INTAKE),
        (JOB_SEARCH, Phase.JOB_SEARCH),
        (FIRST_JOB, Phase.EMPLOYED),
        (FIRST_JOB_ENDED, Phase.EMPLOYED),
        (FIRST_JOB_ENDED + datetime.timedelta(days=1), Phase.JOB_SEARCH),
        (SECOND_JOB, Phase.EMPLOYED),
        (END, Phase.EMPLOYED),
        (END + datetime.timedelta(days=1), Phase.ENDED),
    ],
)
def test_it_finds_the_phase_in_force_on_a_day(day, phase):
    assert phase_on(PATH, day).phase == phase


def test_it_has_no_phase_before_the_start():
    assert phase_on(PATH, START - datetime.timedelta(days=1)) is None


def test_it_restarts_the_employment_with_the_second_job():
    assert phase_on(PATH, D(2025, 5, 1)).employed_since == FIRST_JOB
    assert phase_on(PATH, D(2025, 10, 1)).employed_since == SECOND_JOB
    assert phase_on(PATH, D(2025, 8, 1)).employed_since is None


def test_it_keeps_the_first_start_when_the_same_phase_repeats():
    path = changes((Phase.INTAKE, START), (Phase.EMPLOYED, FIRST_JOB), (Phase.EMPLOYED, SECOND_JOB))
    assert phase_on(path, D(2025, 10, 1)).employed_since == FIRST_JOB


def test_it_reads_the_changes_in_date_order_whatever_order_they_come_in():
    assert phase_on(list(reversed(PATH)), D(2025, 8, 1)).phase == Phase.JOB_SEARCH


@pytest.mark.parametrize(
    ("day", "three_months", "six_months", "unlimited"),
    [
        (START - datetime.timedelta(days=1), "before", "before", "before"),
        (START, REHAB, REHAB, REHAB),
        (JOB_SEARCH, REHAB, REHAB, REHAB),
        (FIRST_JOB - datetime.timedelta(days=1), REHAB, REHAB, REHAB),
        (FIRST_JOB, SUPPORT, SUPPORT, SUPPORT),
        (D(2025, 5, 31), SUPPORT, SUPPORT, SUPPORT),  # the last day of three months
        (D(2025, 6, 1), "follow-along", SUPPORT, SUPPORT),  # the day after
        (FIRST_JOB_ENDED, "follow-along", SUPPORT, SUPPORT),
        (FIRST_JOB_ENDED + datetime.timedelta(days=1), REHAB, REHAB, REHAB),
        (SECOND_JOB, SUPPORT, SUPPORT, SUPPORT),
        (D(2025, 11, 30), SUPPORT, SUPPORT, SUPPORT),
        (D(2025, 12, 1), "follow-along", SUPPORT, SUPPORT),
        (D(2026, 2, 14), "follow-along", SUPPORT, SUPPORT),
        (END, "follow-along", SUPPORT, SUPPORT),
        (END + datetime.timedelta(days=1), "ended", "ended", "ended"),
        (D(2027, 1, 1), "ended", "ended", "ended"),
    ],
)
def test_it_gives_each_visit_the_legal_basis_of_its_day(day, three_months, six_months, unlimited):
    assert basis_or_why(day, 3) == three_months
    assert basis_or_why(day, 6) == six_months
    assert basis_or_why(day, None) == unlimited


def refusal(day: datetime.date, months: int | None, language: str) -> str:
    with translation.override(language), pytest.raises(InvalidInput) as caught:
        visit_basis(
            service_model="ips", start_date=START, changes=PATH, day=day,
            follow_along_months=months,
        )
    return caught.value.message


# The dates in d.m.yyyy hold in any Finnish wording; the English wording is the msgid.
def test_it_says_why_a_visit_after_the_follow_along_limit_has_no_basis():
    finnish = refusal(D(2025, 6, 1), 3, "fi")
    assert " 1.3.2025" in finnish and "31.5.2025" in finnish
    english = refusal(D(2025, 6, 1), 3, "en")
    assert "follow-along support" in english and "3 months" in english


def test_it_says_why_a_visit_before_the_start_is_refused():
    assert "6.1.2025" in refusal(D(2024, 12, 31), 3, "fi")
    assert "before the enrollment started" in refusal(D(2024, 12, 31), 3, "en")


def test_it_says_why_a_visit_after_the_end_is_refused():
    assert "16.2.2026" in refusal(D(2026, 2, 16), None, "fi")
    assert "ended" in refusal(D(2026, 2, 16), None, "en")


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        (D(2025, 3, 1), 3, D(2025, 5, 31)),
        (D(2025, 3, 15), 3, D(2025, 6, 14)),
        (D(2025, 11, 1), 3, D(2026, 1, 31)),
        (D(2025, 3, 1), 1, D(2025, 3, 31)),
        (D(2025, 1, 28), 1, D(2025, 2, 27)),
        # No 29.–31. February: the period ends on the month's last day.
        (D(2025, 1, 29), 1, D(2025, 2, 28)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 3, 1), 12, D(2026, 2, 28)),
        (D(2025, 3, 1), None, None),
    ],
)
def test_it_counts_the_follow_along_period_in_calendar_months(start, months, last_day):
    assert follow_along_last_day(start, months) == last_day


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)),
    months=st.integers(min_value=1, max_value=36),
)
def test_it_ends_the_period_the_day_before_the_same_day_months_later(start, months):
    last_day = follow_along_last_day(start, months)
    next_day = last_day + datetime.timedelta(days=1)
    same_day = start + relativedelta(months=months)
    if same_day.day == start.day:
        assert next_day == same_day
    else:  # no such day in that month: the whole month belongs to the period
        assert next_day.day == 1 and next_day.month != same_day.month
    # A later start or a longer setting never shortens the support.
    assert follow_along_last_day(start + datetime.timedelta(days=1), months) >= last_day
    assert follow_along_last_day(start, months + 1) > last_day


@given(
    employed_after=st.integers(min_value=0, max_value=400),
    offset=st.integers(min_value=-40, max_value=1200),
    months=st.one_of(st.none(), st.integers(min_value=1, max_value=24)),
)
def test_it_gives_rehabilitation_before_the_job_and_support_until_the_limit(
    employed_after, offset, months
):
    job = START + datetime.timedelta(days=employed_after)
    path = changes((Phase.INTAKE, START), (Phase.EMPLOYED, job))
    day = START + datetime.timedelta(days=offset)
    last_day = follow_along_last_day(job, months)
    if day < START:
        expected = "before"
    elif day < job:
        expected = REHAB
    elif last_day is None or day <= last_day:
        expected = SUPPORT
    else:
        expected = "follow-along"
    assert basis_or_why(day, months, path) == expected


# The same rule on a stored enrollment, and what the caseload shows (enrollment_status).


@pytest.fixture
def path_until_second_job(coach, client_record, unit):
    """An IPS enrollment taken through the services up to the second job."""
    enrollment = services.enrollment_create(
        user=coach, client=client_record, service_model="ips", start_date=START, unit_id=unit.pk
    )
    for number in range(1, 7):
        services.intake_step_mark_done(
            user=coach, enrollment=enrollment, number=number, done_on=JOB_SEARCH
        )
    record_job(coach, enrollment, FIRST_JOB, end=FIRST_JOB_ENDED)
    record_job(coach, enrollment, SECOND_JOB)
    return enrollment


def status_on(coach, enrollment, day, months=3, warning_days=14):
    fetched = enrollment_get(user=coach, enrollment_id=enrollment.pk)
    setting = ServiceModelSetting(follow_along_months=months, warning_days=warning_days)
    return enrollment_status(fetched, ModelSettings([setting]), day)


def test_it_records_the_phase_changes_of_the_path(path_until_second_job):
    stored = [
        (c.phase, c.effective_date)
        for c in path_until_second_job.phase_changes.order_by("effective_date")
    ]
    assert stored == [(c.phase, c.effective_date) for c in PATH[:-1]]


@pytest.mark.parametrize(
    ("day", "phase", "since"),
    [
        (START - datetime.timedelta(days=3), Phase.INTAKE, START),
        (START, Phase.INTAKE, START),
        (JOB_SEARCH, Phase.JOB_SEARCH, JOB_SEARCH),
        (FIRST_JOB, Phase.EMPLOYED, FIRST_JOB),
        (D(2025, 8, 1), Phase.JOB_SEARCH, D(2025, 7, 15)),
        (D(2025, 10, 1), Phase.EMPLOYED, SECOND_JOB),
    ],
)
def test_it_shows_the_phase_of_the_day(coach, path_until_second_job, day, phase, since):
    status = status_on(coach, path_until_second_job, day)
    assert (status.phase, status.phase_since) == (phase, since)


def test_it_shows_the_next_start_step_during_intake(coach, client_record):
    enrollment = services.enrollment_create(
        user=coach, client=client_record, service_model="ips", start_date=START
    )
    services.intake_step_mark_done(user=coach, enrollment=enrollment, number=1, done_on=START)
    with translation.override("en"):
        status = status_on(coach, enrollment, START)
    assert status.next_step.startswith("Step 2")
    assert status.follow_along_last_day is None


@pytest.mark.parametrize(
    ("day", "days_left", "warning"),
    [
        (SECOND_JOB, 90, ""),
        (D(2025, 11, 15), 15, ""),
        (D(2025, 11, 16), 14, "ending"),  # warning_days before the last day
        (D(2025, 11, 30), 0, "ending"),  # the last day
        (D(2025, 12, 1), -1, "expired"),  # the day after
    ],
)
def test_it_warns_before_the_follow_along_support_runs_out(
    coach, path_until_second_job, day, days_left, warning
):
    status = status_on(coach, path_until_second_job, day)
    assert status.follow_along_last_day == D(2025, 11, 30)
    assert (status.follow_along_days_left, status.warning) == (days_left, warning)


def test_it_warns_as_early_as_the_setting_says(coach, path_until_second_job):
    early = status_on(coach, path_until_second_job, D(2025, 10, 31), warning_days=30)
    assert (early.follow_along_days_left, early.warning) == (30, "ending")
    assert status_on(coach, path_until_second_job, D(2025, 10, 30), warning_days=30).warning == ""


def test_it_counts_the_warning_from_the_first_job_while_in_it(coach, path_until_second_job):
    status = status_on(coach, path_until_second_job, D(2025, 5, 20))
    assert (status.follow_along_last_day, status.warning) == (D(2025, 5, 31), "ending")


def test_it_never_warns_with_unlimited_support(coach, path_until_second_job):
    status = status_on(coach, path_until_second_job, D(2026, 6, 1), months=None)
    assert status.phase == Phase.EMPLOYED
    assert (status.follow_along_last_day, status.warning) == (None, "")


def test_it_uses_another_limit_from_the_setting(coach, path_until_second_job):
    status = status_on(coach, path_until_second_job, D(2025, 12, 1), months=6)
    assert (status.follow_along_last_day, status.warning) == (D(2026, 2, 28), "")


def test_it_shows_the_enrollment_ended_after_its_end(coach, path_until_second_job):
    services.enrollment_end(
        user=coach, enrollment=path_until_second_job, end_date=END, reason="Moved away"
    )
    status = status_on(coach, path_until_second_job, D(2026, 3, 1))
    assert (status.phase, status.warning) == (Phase.ENDED, "")


def set_limit(org, months):
    ServiceModelSetting.objects.filter(organization=org, service_model="ips").update(
        follow_along_months=months
    )


@pytest.mark.parametrize(
    ("months", "day", "expected"),
    [
        (3, D(2025, 11, 30), SUPPORT),
        (3, D(2025, 12, 1), None),
        (6, D(2025, 12, 1), SUPPORT),
        (None, D(2026, 11, 1), SUPPORT),
        (3, D(2025, 8, 1), REHAB),
    ],
)
def test_it_records_a_visit_with_the_limit_of_the_organisations_setting(
    org, coach, path_until_second_job, months, day, expected
):
    set_limit(org, months)
    arguments = {"date": day, "kind": "meeting", "duration_minutes": 30, "summary": "Met."}
    if expected is None:
        with translation.override("en"), pytest.raises(InvalidInput, match="follow-along"):
            services.visit_create(user=coach, enrollment=path_until_second_job, **arguments)
        assert not path_until_second_job.visits.exists()
    else:
        visit = services.visit_create(user=coach, enrollment=path_until_second_job, **arguments)
        assert visit.legal_basis == expected
        assert visit.service_task == ServiceTask.WORKING_AGE_SERVICES
        assert visit.service_unit == path_until_second_job.unit
