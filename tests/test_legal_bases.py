"""Each service model declares its own legal bases as dated data: none inherits the IPS
pilot's rule by accident."""

import datetime

import pytest

from tests.factories import ClientFactory, EnrollmentFactory
from tyopolku.core.dated import in_force
from tyopolku.pathway.legal_bases import LEGAL_BASES, ModelBases
from tyopolku.pathway.models import LegalBasis, ServiceModel
from tyopolku.pathway.services import visit_create

D = datetime.date
REHAB = LegalBasis.REHABILITATIVE_WORK_ACTIVITY
SOCIAL = LegalBasis.SOCIAL_REHABILITATION


def test_it_declares_bases_for_every_service_model():
    assert set(LEGAL_BASES) == set(ServiceModel)
    for rows in LEGAL_BASES.values():
        dates = [row.valid_from for row in rows]
        assert dates == sorted(set(dates))


@pytest.mark.parametrize(
    ("model", "basis"),
    [
        (ServiceModel.IPS, REHAB),
        (ServiceModel.WORK_ACTIVITY, LegalBasis.DISABILITY_WORK_ACTIVITY),
        (ServiceModel.SUBCONTRACTING, LegalBasis.DISABILITY_WORK_ACTIVITY),
        (ServiceModel.WAGE_WORK, LegalBasis.DISABILITY_WORK_ACTIVITY),
        (ServiceModel.WORK_ABILITY_TEAM, SOCIAL),
    ],
)
def test_it_records_a_visit_with_its_models_own_basis(coach, model, basis):
    client = ClientFactory(organization=coach.organization, worker=coach)
    enrollment = EnrollmentFactory(client=client, service_model=model, created_by=coach)
    visit = visit_create(
        user=coach, enrollment=enrollment, date=D(2026, 2, 2), kind="meeting",
        duration_minutes=45, summary="Tavoitteet",
    )
    assert visit.legal_basis == basis


def test_it_uses_the_row_in_force_on_the_day():
    rows = [
        ModelBases(D(2015, 4, 1), REHAB, LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT),
        ModelBases(D(2027, 1, 1), SOCIAL, SOCIAL),
    ]
    assert in_force(rows, D(2015, 1, 1)) == rows[0]  # before the first row: the first row
    assert in_force(rows, D(2026, 12, 31)) == rows[0]
    assert in_force(rows, D(2027, 1, 1)) == rows[1]
    assert in_force([], D(2027, 1, 1)) is None
