"""Who may do what in group work. Groups, orders and work logs are kept by the work coaches
who run the groups and by administrators and supervisors; invoices are the organisation's
accounts, made and read by administrators and supervisors. A member is a client: a member's
record is shown only inside the client relationship (clients.selectors)."""

from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import Role
from tyopolku.core.errors import Forbidden

INVOICING_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})
GROUP_WORK_ROLES = INVOICING_ROLES | {Role.WORK_COACH}


def can_run_groups(user: User) -> bool:
    return (
        user.is_authenticated and user.organization_id is not None and user.role in GROUP_WORK_ROLES
    )


def can_invoice(user: User) -> bool:
    return (
        user.is_authenticated and user.organization_id is not None and user.role in INVOICING_ROLES
    )


def require_group_work(user: User) -> None:
    if not can_run_groups(user):
        raise Forbidden(_("Your role has no access to group work."))


def require_invoicing(user: User) -> None:
    if not can_invoice(user):
        raise Forbidden(_("Only administrators and supervisors handle invoices."))
