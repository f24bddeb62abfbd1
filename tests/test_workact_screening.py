"""Employment-potential screening: six criteria 1–5 and a summary; the candidates are those
whose latest screening shows their own wish to work, and one click refers them to IPS
through the work-ability team's referral."""

import datetime

import pytest

from tests.pages_support import login
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability.models import Referral
from tyopolku.workactivity.selectors import attendance_rate, screening_candidates
from tyopolku.workactivity.services import ips_refer, screening_create

D = datetime.date
SCORES = {
    "own_wish": 5,
    "attendance": 4,
    "work_skills": 3,
    "independence": 2,
    "health": 3,
    "support_network": 4,
}


@pytest.fixture
def agreement(supervisor, unit, client_record):
    return agreement_of(supervisor, work_activity_enrollment(supervisor, client_record, unit))


def test_it_rates_each_criterion_from_1_to_5(supervisor, agreement):
    with pytest.raises(InvalidInput) as error:
        screening_create(
            user=supervisor, agreement=agreement, date=D(2026, 5, 4), **{**SCORES, "health": 6}
        )
    assert list(error.value.fields) == ["health"]


def test_the_latest_screening_decides_who_is_a_candidate(supervisor, agreement):
    screening_create(user=supervisor, agreement=agreement, date=D(2026, 4, 1), **SCORES)
    assert [a.pk for a, _s in screening_candidates(user=supervisor)] == [agreement.pk]
    screening_create(
        user=supervisor, agreement=agreement, date=D(2026, 5, 4), **{**SCORES, "own_wish": 3}
    )
    assert screening_candidates(user=supervisor) == []


def test_it_refers_a_candidate_to_ips_once(supervisor, agreement, client_record):
    with pytest.raises(InvalidInput) as error:
        ips_refer(user=supervisor, agreement=agreement)
    assert list(error.value.fields) == ["screening"]
    screening_create(
        user=supervisor,
        agreement=agreement,
        date=D(2026, 5, 4),
        summary="Haluaa kauppaan.",
        **SCORES,
    )
    referral = ips_refer(user=supervisor, agreement=agreement)
    assert (referral.client_id, referral.to_service_model, referral.reason) == (
        client_record.pk,
        ServiceModel.IPS,
        "Haluaa kauppaan.",
    )
    assert screening_candidates(user=supervisor) == []
    # A new screening makes a candidate again, but the waiting referral is not sent twice.
    screening_create(user=supervisor, agreement=agreement, date=D(2026, 5, 11), **SCORES)
    with pytest.raises(Conflict):
        ips_refer(user=supervisor, agreement=agreement)
    assert Referral.objects.filter(client=client_record).count() == 1


def test_it_counts_the_attendance_evidence(supervisor, agreement):
    mark(supervisor, agreement, D(2026, 3, 2))
    mark(supervisor, agreement, D(2026, 3, 3), "absent_ill")
    mark(supervisor, agreement, D(2026, 3, 4), "no_work_day")
    assert attendance_rate(agreement, D(2026, 3, 31)) == (1, 2)


def test_the_pages_screen_and_refer(client, work_coach, agreement, client_record):
    login(client, work_coach)
    url = f"/work-activity/agreements/{agreement.pk}/screening/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-05-04", **SCORES, "summary": "Valmis"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client_record.full_name in client.get("/work-activity/candidates/").content.decode()
    response = client.post(f"/work-activity/agreements/{agreement.pk}/refer-ips/")
    assert response.status_code == 302
    assert Referral.objects.filter(client=client_record, to_service_model="ips").exists()
