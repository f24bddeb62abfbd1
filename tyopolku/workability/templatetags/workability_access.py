from django import template

from tyopolku.workability.selectors import (
    FEEDBACK_LINK_MAKERS,
    TEAM_MEETING_READERS,
    TRAINING_KEEPERS,
)

register = template.Library()


@register.filter
def reads_team_meetings(user) -> bool:
    return getattr(user, "role", None) in TEAM_MEETING_READERS


@register.filter
def hands_out_feedback_links(user) -> bool:
    return getattr(user, "role", None) in FEEDBACK_LINK_MAKERS


@register.filter
def keeps_staff_trainings(user) -> bool:
    return getattr(user, "role", None) in TRAINING_KEEPERS
