"""Settings are dated rows: a change holds from its day on and never rewrites the past."""

import datetime

import pytest

from tests.test_employment_rule import new_enrollment, start_job, support_until
from tyopolku.core.errors import InvalidInput
from tyopolku.pathway.models import ServiceModelSetting
from tyopolku.pathway.services import service_model_settings_ensure, visit_create

D = datetime.date


@pytest.fixture
def six_months_from_june(org):
    """The organisation moves from the pilot's three months to six on 1.6.2026."""
    return ServiceModelSetting.objects.create(
        organization=org, service_model="ips", valid_from=D(2026, 6, 1), follow_along_months=6
    )


def test_it_keeps_the_period_in_force_on_the_first_day_of_work(coach, six_months_from_june):
    before = new_enrollment(coach)
    start_job(coach, before, D(2026, 3, 1))
    after = new_enrollment(coach)
    start_job(coach, after, D(2026, 6, 1))
    assert support_until(before, D(2026, 7, 1)) == D(2026, 5, 31)
    assert support_until(after, D(2026, 7, 1)) == D(2026, 11, 30)


def test_it_refuses_a_visit_after_the_period_of_its_own_employment(coach, six_months_from_june):
    enrollment = new_enrollment(coach)
    start_job(coach, enrollment, D(2026, 3, 1))
    with pytest.raises(InvalidInput) as refused:
        visit_create(
            user=coach, enrollment=enrollment, date=D(2026, 6, 2), kind="phone",
            duration_minutes=10, summary="Kuulumiset",
        )
    assert list(refused.value.fields) == ["date"]
    assert "(3 months from" in refused.value.message


def test_it_gives_a_new_organisation_one_row_per_model_once(org):
    service_model_settings_ensure(organization=org)
    rows = ServiceModelSetting.objects.filter(organization=org)
    assert rows.count() == 5
    assert set(rows.values_list("valid_from", flat=True)) == {D(2019, 1, 1)}
