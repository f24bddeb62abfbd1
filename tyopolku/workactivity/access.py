"""Who may keep work activity agreements, attendance and work-share money: the work coaches
who run the activity, supervisors and administrators (the same roles as group work). A
participant is a client: each record is reached only through the client relationship."""

from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.core.errors import Forbidden
from tyopolku.subcontracting.access import GROUP_WORK_ROLES


def can_keep_work_activity(user: User) -> bool:
    return (
        user.is_authenticated and user.organization_id is not None and user.role in GROUP_WORK_ROLES
    )


def require_work_activity(user: User) -> None:
    if not can_keep_work_activity(user):
        raise Forbidden(_("Your role has no access to work activity."))
