"""The eight start steps of the IPS pilot (seed 001, "Kuinka pilottiasiakkuus alkaa?")."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class IntakeStepDefinition:
    number: int
    code: str
    title: Promise
    actor: Promise


INTAKE_STEPS = (
    IntakeStepDefinition(
        1,
        "contact_typ_officer",
        _("The work activity instructor contacts the TYP officer about a suitable client"),
        _("Work activity instructor"),
    ),
    IntakeStepDefinition(
        2,
        "discuss_participation",
        _("Participation is raised with the client: voluntariness and motivation to work"),
        _("Work activity instructor"),
    ),
    IntakeStepDefinition(
        3,
        "record_start",
        _("The start is recorded in TYPPI and in the client record"),
        _("TYP officer"),
    ),
    IntakeStepDefinition(
        4,
        "update_plan",
        _(
            "The multi-professional or activation plan is updated: participation, "
            "pay subsidy eligibility, possibility of a work trial"
        ),
        _("TYP officer"),
    ),
    IntakeStepDefinition(
        5,
        "start_visit",
        _("Joint start visit held as a network meeting"),
        _("Work activity instructor convenes"),
    ),
    IntakeStepDefinition(
        6,
        "cooperation_agreement",
        _("Cooperation agreement made"),
        _("Job coach and client"),
    ),
    IntakeStepDefinition(
        7,
        "research_consents",
        _("The client signs the consents for THL's evaluation and follow-up study (now or later)"),
        _("Client"),
    ),
    IntakeStepDefinition(
        8,
        "coaching_schedule",
        _("Coaching is agreed to take place during the client's work activity hours"),
        _("Job coach"),
    ),
)

# Steps 1–6 done moves the client from intake to job search; the consents may come later.
STEPS_BEFORE_JOB_SEARCH = frozenset(range(1, 7))
