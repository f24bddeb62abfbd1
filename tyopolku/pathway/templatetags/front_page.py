"""The front page's name, which depends on the role (see pathway.views.caseload)."""

from django import template
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, SEES_ALL_CLIENTS

register = template.Library()


@register.filter
def front_page_title(user: User) -> str:
    """The front page is "Team's clients" for those who see the whole team, "My clients"
    for the coaches, "Home" for the roles without client records."""
    if user.role in SEES_ALL_CLIENTS:
        return _("Team's clients")
    if user.role in CLIENT_RECORD_ROLES:
        return _("My clients")
    return _("Home")
