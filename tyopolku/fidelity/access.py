"""Who may do what with fidelity reviews. A review is the organisation's quality data, not
client data: the coaches it concerns and the evaluators read it; administrators and
supervisors run reviews and keep the action plan; peer instructors and experts by
experience have no part in it."""

from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import Role
from tyopolku.core.errors import Forbidden

FIDELITY_EDITORS = frozenset({Role.ADMIN, Role.SUPERVISOR})
FIDELITY_READERS = FIDELITY_EDITORS | {
    Role.JOB_COACH,
    Role.WORK_COACH,
    Role.TYP_OFFICER,
    Role.CASE_MANAGER,
    Role.EVALUATOR,
}


def can_read(user: User) -> bool:
    return user.is_authenticated and user.role in FIDELITY_READERS


def can_edit(user: User) -> bool:
    return user.is_authenticated and user.role in FIDELITY_EDITORS


def require_read(user: User) -> None:
    if not can_read(user):
        raise Forbidden(_("Your role has no access to fidelity reviews."))


def require_edit(user: User) -> None:
    if not can_edit(user):
        raise Forbidden(_("Only administrators and supervisors keep fidelity reviews."))
