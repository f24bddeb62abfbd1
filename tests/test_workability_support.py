"""Builders shared by the work-ability tests and the access policy: plain functions (no tests)."""

from tests.pages_support import days_ago
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability.models import (
    ClientPlan,
    NetworkMeeting,
    Referral,
    ServiceNeedAssessment,
    TeamMeeting,
)
from tyopolku.workability.services import (
    assessment_create,
    client_plan_create,
    network_meeting_create,
    referral_create,
    team_meeting_create,
)


def world_assessment(w) -> ServiceNeedAssessment:
    """The access policy's assessment of the world's client (made once per world)."""
    existing = ServiceNeedAssessment.objects.filter(client=w.client).order_by("pk").first()
    if existing is not None:
        return existing
    return assessment_create(
        user=w.worker_link.user,
        client=w.client,
        started_on=days_ago(20),
        participants="Asiakas, asiakasvastaava",
        services_needed=["ips"],
    )


def world_plan(w) -> ClientPlan:
    existing = ClientPlan.objects.filter(client=w.client).order_by("pk").first()
    if existing is not None:
        return existing
    return client_plan_create(
        user=w.worker_link.user,
        client=w.client,
        goals=["Haluan töihin kahvilaan."],
        actions=[{"text": "Työnhaun aloitus", "responsible": "our_unit"}],
        agreed_with_client=True,
    )


def world_referral(w) -> Referral:
    """A referral of the world's client to the subcontracting model of the world's unit,
    sent by the supervisor: its work coach receives it."""
    existing = Referral.objects.filter(client=w.client).order_by("pk").first()
    if existing is not None:
        return existing
    return referral_create(
        user=w.worker_link.user,
        client=w.client,
        to_service_model=ServiceModel.SUBCONTRACTING,
        to_unit_id=w.enrollment.unit_id,
        reason="Asiakas haluaa kokeilla ryhmätyötä.",
    )


def world_network_meeting(w) -> NetworkMeeting:
    existing = NetworkMeeting.objects.filter(client=w.client).order_by("pk").first()
    if existing is not None:
        return existing
    return network_meeting_create(
        user=w.worker_link.user,
        client=w.client,
        date=days_ago(5),
        participants=[{"name": "Liisa Laine", "organisation": "TYM", "role": "asiantuntija"}],
        decisions="Aloitetaan IPS-valmennus.",
        tasks=[{"text": "Lähete IPS-yksikköön", "owner": "asiakasvastaava"}],
    )


def world_team_meeting(w) -> TeamMeeting:
    existing = TeamMeeting.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    return team_meeting_create(
        user=w.worker_link.user,
        unit_id=w.enrollment.unit_id,
        date=days_ago(3),
        agenda="Työnantajakontaktien menetelmät.",
    )
