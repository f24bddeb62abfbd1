"""Who may keep the paid jobs inside the organisation: the roles of group work (work
coaches, supervisors, administrators). A job names a client: each one is reached only
through the client relationship (clients.selectors)."""

from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.core.errors import Forbidden
from tyopolku.subcontracting.access import can_run_groups


def require_wage_work(user: User) -> None:
    if not can_run_groups(user):
        raise Forbidden(_("Your role has no access to wage work."))
