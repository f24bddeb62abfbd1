"""Roles and what each may do. Permission checks ask these sets, never role names inline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor")
    JOB_COACH = "job_coach", _("Job coach")
    WORK_COACH = "work_coach", _("Work coach")
    TYP_OFFICER = "typ_officer", _("TYP officer")
    CASE_MANAGER = "case_manager", _("Case manager")
    EVALUATOR = "evaluator", _("Evaluator")
    PEER_INSTRUCTOR = "peer_instructor", _("Peer instructor")
    EXPERT_BY_EXPERIENCE = "expert_by_experience", _("Expert by experience")


# See every client of the organisation (their work needs the whole picture).
SEES_ALL_CLIENTS = frozenset({Role.ADMIN, Role.SUPERVISOR})
# See the clients they work with (the client relationship, asiakassuhde).
CLIENT_WORKERS = frozenset({Role.JOB_COACH, Role.WORK_COACH, Role.TYP_OFFICER, Role.CASE_MANAGER})
# May open client records at all.
CLIENT_RECORD_ROLES = SEES_ALL_CLIENTS | CLIENT_WORKERS
# May read a client's access log (a § 11 request is answered by these).
ACCESS_LOG_READERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
# May be named as a client's coach or worker.
ASSIGNABLE_WORKERS = frozenset(
    {Role.JOB_COACH, Role.WORK_COACH, Role.TYP_OFFICER, Role.CASE_MANAGER, Role.SUPERVISOR}
)
# Keep and read the shared employer register (yritysrekisteri). Evaluators, peer
# instructors and experts by experience have no part in job development.
EMPLOYER_REGISTER_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.SUPERVISOR,
        Role.JOB_COACH,
        Role.WORK_COACH,
        Role.TYP_OFFICER,
        Role.CASE_MANAGER,
    }
)
# Import spreadsheets into the register and keep its privacy statement.
REGISTER_MANAGERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
