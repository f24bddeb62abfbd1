"""Which legal basis each service model's visits have, as dated data.

Every service model declares its own bases, so that no model inherits the IPS pilot's rule
by accident. A row holds from `valid_from` until the next row of the same model; a change of
law is a new row, and visits keep the basis of their own date. The sources are in
docs/rules.md; where the law is uncertain the row says so in `note`.
"""

import datetime
from dataclasses import dataclass

from tyopolku.core.dated import in_force
from tyopolku.pathway.models import LegalBasis, ServiceModel

# The Social Welfare Act 1301/2014 came into force on 1.4.2015; earlier visits are not kept.
SOCIAL_WELFARE_ACT_2015 = datetime.date(2015, 4, 1)


@dataclass(frozen=True)
class ModelBases:
    valid_from: datetime.date
    before_employment: LegalBasis
    # After a job starts, for the follow-along period of the service model.
    after_employment: LegalBasis
    note: str = ""


LEGAL_BASES: dict[ServiceModel, list[ModelBases]] = {
    # The Eksote IPS pilot (seed 001): rehabilitative work activity until employment, then
    # activity supporting employment for the follow-along period.
    ServiceModel.IPS: [
        ModelBases(
            SOCIAL_WELFARE_ACT_2015,
            LegalBasis.REHABILITATIVE_WORK_ACTIVITY,
            LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT,
        )
    ],
    # Vaalijala's renewed open work activity is work activity for persons with disabilities.
    ServiceModel.WORK_ACTIVITY: [
        ModelBases(
            SOCIAL_WELFARE_ACT_2015,
            LegalBasis.DISABILITY_WORK_ACTIVITY,
            LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT,
        )
    ],
    # Group members come from disability work activity and are supported in their employment.
    ServiceModel.SUBCONTRACTING: [
        ModelBases(
            SOCIAL_WELFARE_ACT_2015,
            LegalBasis.DISABILITY_WORK_ACTIVITY,
            LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT,
        )
    ],
    ServiceModel.WAGE_WORK: [
        ModelBases(
            SOCIAL_WELFARE_ACT_2015,
            LegalBasis.DISABILITY_WORK_ACTIVITY,
            LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT,
        )
    ],
    # The work-ability support team's case management is social counselling and social
    # rehabilitation; a job does not change the basis of the team's own work.
    ServiceModel.WORK_ABILITY_TEAM: [
        ModelBases(
            SOCIAL_WELFARE_ACT_2015,
            LegalBasis.SOCIAL_REHABILITATION,
            LegalBasis.SOCIAL_REHABILITATION,
            note="A team may also record SHL 1301/2014 § 15 social work; not separated yet.",
        )
    ],
}


def bases_on(service_model: str, day: datetime.date) -> ModelBases:
    """The row of `service_model` in force on `day`."""
    return in_force(LEGAL_BASES[ServiceModel(service_model)], day)
