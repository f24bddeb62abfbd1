from django import template

from tyopolku.workability.selectors import TEAM_MEETING_READERS

register = template.Library()


@register.filter
def reads_team_meetings(user) -> bool:
    return getattr(user, "role", None) in TEAM_MEETING_READERS
