"""The client relationship on the pages: the client page lists the workers with their
periods, supervisors add a worker and end a link there, and hand an enrollment to another
coach on the enrollment page."""

import pytest

from tests.pages_support import days_ago, en_date, enroll, login
from tests.test_pages_clients import field_errors
from tyopolku.clients.models import ClientWorker
from tyopolku.core.dates import today

HTMX = {"HX-Request": "true"}


@pytest.fixture
def enrollment(supervisor, coach, client_record, unit):
    """The coach's enrollment, made by the coach (who may name only themselves)."""
    return enroll(coach=coach, client=client_record, unit=unit)


def typ_link(client_record, typ_officer) -> ClientWorker:
    return ClientWorker.objects.create(client=client_record, user=typ_officer)


def test_it_shows_the_workers_with_their_periods(
    client, supervisor, coach, typ_officer, client_record
):
    started, ended = days_ago(40), days_ago(10)
    ClientWorker.objects.create(
        client=client_record,
        user=typ_officer,
        start_date=started,
        end_date=ended,
        ended_by=supervisor,
        end_reason="Moved away.",
    )

    html = login(client, coach).get(f"/clients/{client_record.pk}/").content.decode()

    assert "Coach Testinen</strong> (job coach)" in html
    assert f"since {en_date(today())}" in html
    period = f"{en_date(started)} – ended {en_date(ended)} (Supervisor Testinen): Moved away."
    assert period in html


def test_it_offers_the_worker_forms_to_supervisors_only(
    client, supervisor, coach, typ_officer, client_record
):
    link = typ_link(client_record, typ_officer)
    coach_page = login(client, coach).get(f"/clients/{client_record.pk}/").content.decode()
    supervisor_page = login(client, supervisor).get(f"/clients/{client_record.pk}/")
    supervisor_page = supervisor_page.content.decode()

    for form in (f"/clients/{client_record.pk}/workers/", f"/workers/{link.pk}/end/"):
        assert form not in coach_page
        assert form in supervisor_page


def test_it_lets_a_supervisor_add_a_worker(client, supervisor, colleague, client_record):
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/workers/", {"worker_id": colleague.pk, "kind": "other"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_record.pk}/"
    link = ClientWorker.objects.get(client=client_record, user=colleague)
    assert (link.kind, link.started_by, link.in_force) == ("other", supervisor, True)
    assert login(client, colleague).get(f"/clients/{client_record.pk}/").status_code == 200


def test_it_swaps_the_workers_section_after_adding_with_htmx(
    client, supervisor, colleague, client_record
):
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/workers/",
        {"worker_id": colleague.pk, "kind": "coach"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="workers"')  # the section only, for the swap
    assert "Colleague Testinen</strong> (job coach)" in html
    assert "Worker added." in html


def test_it_names_the_missing_worker(client, supervisor, client_record):
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/workers/", {"worker_id": "", "kind": "other"}, headers=HTMX
    )
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "worker_id")


def test_it_refuses_a_coach_giving_the_client_to_a_colleague(
    client, coach, colleague, client_record
):
    response = login(client, coach).post(
        f"/clients/{client_record.pk}/workers/", {"worker_id": colleague.pk, "kind": "other"}
    )
    # The page offers coaches no such form; the service refuses it all the same.
    assert response.status_code == 403
    assert not ClientWorker.objects.filter(user=colleague).exists()


def test_it_lets_a_supervisor_end_a_link(client, supervisor, typ_officer, client_record):
    link = typ_link(client_record, typ_officer)
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/workers/{link.pk}/end/",
        {f"end{link.pk}-reason": "Moved to another unit."},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"ended {en_date(today())} (Supervisor Testinen): Moved to another unit." in html
    link.refresh_from_db()
    assert (link.end_date, link.ended_by) == (today(), supervisor)
    assert login(client, typ_officer).get(f"/clients/{client_record.pk}/").status_code == 404


def test_it_asks_for_the_reason_of_ending(client, supervisor, typ_officer, client_record):
    link = typ_link(client_record, typ_officer)
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/workers/{link.pk}/end/", {f"end{link.pk}-reason": ""}
    )
    assert response.status_code == 422
    assert field_errors(response.content.decode(), f"end{link.pk}-reason")
    assert ClientWorker.objects.get(pk=link.pk).end_date is None


def test_it_says_why_a_coachs_link_stays(client, supervisor, coach, client_record, enrollment):
    link = ClientWorker.objects.get(client=client_record, user=coach)
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/workers/{link.pk}/end/",
        {f"end{link.pk}-reason": "Leaving."},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "change its coach first" in response.content.decode()
    assert ClientWorker.objects.get(pk=link.pk).end_date is None


def test_it_refuses_a_coach_ending_a_colleagues_link(client, coach, typ_officer, client_record):
    link = typ_link(client_record, typ_officer)
    response = login(client, coach).post(
        f"/clients/{client_record.pk}/workers/{link.pk}/end/", {f"end{link.pk}-reason": "No."}
    )
    assert response.status_code == 403
    assert ClientWorker.objects.get(pk=link.pk).end_date is None


# The enrollment page


def test_it_offers_the_coach_change_to_supervisors_only(client, supervisor, coach, enrollment):
    path = f"/enrollments/{enrollment.pk}/"
    assert f"{path}coach/" not in login(client, coach).get(path).content.decode()
    html = login(client, supervisor).get(path).content.decode()
    assert f'action="{path}coach/"' in html
    assert f'<option value="{coach.pk}" selected>Coach Testinen</option>' in html


def test_it_hands_the_enrollment_to_another_coach(
    client, supervisor, coach, colleague, client_record, enrollment
):
    response = login(client, supervisor).post(
        f"/enrollments/{enrollment.pk}/coach/", {"coach_id": colleague.pk}
    )
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.coach == colleague

    login(client, coach)
    assert client.get(f"/clients/{client_record.pk}/").status_code == 404
    assert client.get(f"/enrollments/{enrollment.pk}/").status_code == 404
    assert "Aino" not in client.get("/").content.decode()  # gone from the caseload
    assert "Aino" not in client.get("/clients/").content.decode()
    login(client, colleague)
    assert "Aino Asiakas" in client.get("/").content.decode()


def test_it_names_an_unknown_coach(client, supervisor, coach, enrollment):
    response = login(client, supervisor).post(
        f"/enrollments/{enrollment.pk}/coach/", {"coach_id": "999999"}
    )
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "coach_id")
    enrollment.refresh_from_db()
    assert enrollment.coach == coach


def test_it_refuses_a_coach_change_by_a_coach(client, coach, colleague, enrollment):
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/coach/", {"coach_id": colleague.pk}
    )
    assert response.status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.coach == coach


def test_it_offers_a_coach_only_themselves_as_the_coach_of_a_new_enrollment(
    client, coach, colleague, supervisor, client_record
):
    html = login(client, coach).get(f"/clients/{client_record.pk}/enrollments/new/").content
    assert f'<option value="{coach.pk}" selected>'.encode() in html
    assert f'<option value="{colleague.pk}"'.encode() not in html
    html = login(client, supervisor).get(f"/clients/{client_record.pk}/enrollments/new/").content
    assert f'<option value="{colleague.pk}"'.encode() in html
