"""Staff competence: trainings in supported-employment methods per worker, the unit's
coverage for supervisors, the API, and the change log (staff data, not client data)."""

import datetime

import pytest

from tests.conftest import make_user
from tests.pages_support import days_ago, login
from tests.test_api_support import assert_error
from tyopolku.audit.models import ChangeLogEntry
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput
from tyopolku.workability import selectors
from tyopolku.workability.models import StaffTraining, TrainingKind
from tyopolku.workability.services import staff_training_create


def train(supervisor, worker, code, days, expires_in=None):
    return staff_training_create(
        user=supervisor,
        worker_id=worker.pk,
        training=code,
        completed_on=days_ago(days),
        expires_on=today() + datetime.timedelta(days=expires_in)
        if expires_in is not None
        else None,
    )


def test_it_keeps_the_trainings_as_a_code_list(db):
    codes = set(TrainingKind.objects.values_list("code", flat=True))
    assert {"ips_basics", "job_development", "benefits_counselling"} <= codes
    assert "motivational_interviewing" in codes


def test_it_records_a_training_in_the_change_log(supervisor, coach):
    record = train(supervisor, coach, "ips_basics", 30)

    entry = ChangeLogEntry.objects.get(object_type="staff_training", object_id=record.pk)
    assert entry.user == supervisor and entry.action == "create"


def test_it_counts_the_share_of_workers_with_a_valid_training(org, unit, supervisor, coach):
    colleague = make_user("kollega", org, "job_coach", unit)
    make_user("vertainen", org, "peer_instructor", unit)  # not a worker with clients
    train(supervisor, coach, "ips_basics", 30)
    train(supervisor, colleague, "ips_basics", 400, expires_in=-1)  # expired yesterday
    train(supervisor, colleague, "job_development", 10, expires_in=300)

    data = selectors.unit_trainings(user=supervisor, unit_id=unit.pk)

    coverage = {row.training.code: (row.trained, row.workers) for row in data.coverage}
    # The supervisor, the coach and the colleague are the unit's workers.
    assert coverage["ips_basics"] == (1, 3)
    assert coverage["job_development"] == (1, 3)
    assert coverage["benefits_counselling"] == (0, 3)


def test_it_refuses_a_bad_training(supervisor, coach, other_org):
    outsider = make_user("muu", other_org, "job_coach")
    with pytest.raises(InvalidInput) as error:
        staff_training_create(
            user=supervisor,
            worker_id=outsider.pk,
            training="juggling",
            completed_on=days_ago(1),
            expires_on=days_ago(5),
        )
    assert set(error.value.fields) == {"worker_id", "training", "expires_on"}
    assert not StaffTraining.objects.exists()


def test_it_lets_only_managers_keep_trainings(coach):
    with pytest.raises(Forbidden):
        staff_training_create(
            user=coach, worker_id=coach.pk, training="ips_basics", completed_on=days_ago(1)
        )
    with pytest.raises(Forbidden):
        selectors.unit_trainings(user=coach, unit_id=coach.unit_id)


def test_it_shows_the_coverage_page(client, supervisor, coach, unit):
    train(supervisor, coach, "ips_basics", 30, expires_in=-2)
    html = login(client, supervisor).get(f"/units/{unit.pk}/trainings/").content.decode()

    assert "Trainings of Testipaja" in html
    assert "IPS basics" in html and "0 of 2" in html
    assert "expired" in html


def test_it_saves_a_training_from_the_page(client, supervisor, coach, unit):
    response = login(client, supervisor).post(
        f"/units/{unit.pk}/trainings/",
        {"worker_id": coach.pk, "training": "job_development", "completed_on": days_ago(3)},
    )
    assert response.status_code == 302
    assert StaffTraining.objects.get().training.code == "job_development"


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_coverage_in_a_fixed_number_of_queries(
    client, org, unit, supervisor, size, django_assert_num_queries
):
    for n in range(size):
        worker = make_user(f"valmentaja{n}", org, "job_coach", unit)
        train(supervisor, worker, "ips_basics", 5)
        train(supervisor, worker, "job_development", 5)
    login(client, supervisor)
    with django_assert_num_queries(10):
        # savepoint, session, user, the unit, trainings, workers, their trainings,
        # the form's workers, organisation (header), release
        response = client.get(f"/units/{unit.pk}/trainings/")
    assert response.status_code == 200


def test_it_records_and_reads_trainings_in_the_api(api_as, supervisor, coach, unit):
    api = api_as(supervisor)
    created = api.post(
        "/staff-trainings",
        {"worker_id": coach.pk, "training": "ips_basics", "completed_on": str(days_ago(2))},
    )
    assert created.status_code == 201
    assert created.json()["training"] == "ips_basics" and created.json()["worker"] == "coach"

    body = api.get(f"/units/{unit.pk}/trainings").json()
    ips = next(row for row in body["coverage"] if row["training"] == "ips_basics")
    assert (ips["trained"], ips["workers"], ips["percent"]) == (1, 2, 50)
    assert [item["worker_id"] for item in body["items"]] == [coach.pk]


def test_it_names_the_field_of_a_bad_training_in_the_api(api_as, supervisor, coach):
    response = api_as(supervisor).post(
        "/staff-trainings",
        {"worker_id": coach.pk, "training": "nope", "completed_on": str(days_ago(2))},
    )
    assert_error(response, 422, "training")
