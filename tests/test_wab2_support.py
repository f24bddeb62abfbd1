"""Builders shared by the staff-training and feedback tests and the access policy: plain
functions (no tests)."""

from tyopolku.pathway.models import ServiceModel
from tyopolku.workability.models import FeedbackLink
from tyopolku.workability.services import feedback_link_create


def world_feedback_link(w) -> FeedbackLink:
    """A multi-use feedback link about the world's unit's IPS service (made once per world),
    so that every persona's request finds it open."""
    existing = FeedbackLink.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    return feedback_link_create(
        user=w.worker_link.user,
        unit_id=w.enrollment.unit_id,
        service_model=ServiceModel.IPS,
        single_use=False,
    )


FEEDBACK_ANSWER = {"respect": "5", "information": "4", "influence": "4", "helped": "3"}
