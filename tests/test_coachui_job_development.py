"""Job development lists as waiting for a first employer contact only the clients who are
in job search today and have had no face-to-face employer contact (issue point 11)."""

from tests.factories import ClientFactory
from tests.pages_support import days_ago, enroll
from tests.test_placements_support import record_job
from tyopolku.employers.selectors import clients_waiting_for_employer_contact
from tyopolku.pathway.services import (
    enrollment_end,
    enrollment_record_employment,
    intake_step_mark_done,
)


def in_job_search(coach, enrollment, on):
    for number in range(1, 7):
        intake_step_mark_done(user=coach, enrollment=enrollment, number=number, done_on=on)
    return enrollment


def new_client(org, coach, start_days_ago=182):
    client = ClientFactory(organization=org, worker=coach)
    return enroll(coach=coach, client=client, start_days_ago=start_days_ago)


def waiting_ids(user):
    return [w.enrollment.pk for w in clients_waiting_for_employer_contact(user=user)]


def test_it_lists_a_client_in_job_search_without_a_contact(org, coach):
    searching = in_job_search(coach, new_client(org, coach), days_ago(150))

    (row,) = clients_waiting_for_employer_contact(user=coach)

    assert row.enrollment.pk == searching.pk
    assert row.days_waiting == 182 and row.overdue


def test_it_does_not_list_an_employed_client(org, coach):
    employed = in_job_search(coach, new_client(org, coach), days_ago(150))
    enrollment_record_employment(user=coach, enrollment=employed, start_date=days_ago(20))

    assert waiting_ids(coach) == []


def test_it_lists_a_client_again_whose_job_ended(org, coach):
    enrollment = in_job_search(coach, new_client(org, coach), days_ago(150))
    record_job(coach, enrollment, days_ago(100), end=days_ago(10))

    assert waiting_ids(coach) == [enrollment.pk]


def test_it_does_not_list_an_ended_or_an_intake_client(org, coach, supervisor):
    ended = in_job_search(coach, new_client(org, coach), days_ago(150))
    enrollment_end(user=coach, enrollment=ended, end_date=days_ago(5), reason="Moved away")
    new_client(org, coach)  # still in intake: the start steps are not done

    assert waiting_ids(coach) == []
    assert waiting_ids(supervisor) == []
