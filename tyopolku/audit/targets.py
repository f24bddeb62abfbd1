"""What each access-log `target` means, for people: the client's log shows these labels
instead of the internal names the code records (a test checks that every target the code
records has one)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TARGET_LABELS: dict[str, Promise] = {
    "client": _("Client details"),
    "client_list": _("Client list"),
    "consents": _("Consents"),
    "access_log": _("Access log"),
    "archive_copy": _("Archive copy of a client document (PDF/A, JSON)"),
    "enrollment": _("Enrollment"),
    "intake_step": _("Start step of the enrollment"),
    "employment": _("Employment of the enrollment"),
    "visit": _("Visit"),
    "visits": _("Visits of the enrollment"),
    "caseload": _("Caseload (list of clients)"),
    "contact_form": _("Employer contact form (list of clients)"),
    "employer_contact": _("Employer contacts (list)"),
    "employer_placements": _("Employer's placements (list)"),
    "job_development": _("Job development (list of clients)"),
    "preferences": _("Job preferences"),
    "suggestions": _("Job suggestions"),
    "candidates": _("Candidates for a job opening (list)"),
    "placement": _("Placement (job)"),
    "client_worker": _("Worker of the client"),
    "client_workers": _("Workers of the client"),
    "enrollment_coach": _("Coach of the enrollment"),
    "duplicate_identity_code": _("Identity code already registered (told to the user)"),
    "guard_match": _("Name found in team text (told to the user)"),
    "thl_export": _("THL evaluation export"),
    "report_clients": _("Clients behind a report figure (list)"),
    "case_caseload": _("Case manager's caseload (list of clients)"),
    "client_plan": _("Client plan"),
    "client_plan_pdf": _("Client plan (printout)"),
    "client_plans": _("Versions of the client plan"),
    "group_member": _("Member of a work group"),
    "network_meeting": _("Network meeting"),
    "network_meetings": _("Network meetings (list)"),
    "pay_summary": _("Gross pay of group members (list)"),
    "referral": _("Referral"),
    "referral_list": _("Referrals (list of clients)"),
    "service_need_assessment": _("Service need assessment"),
    "service_need_assessments": _("Service need assessments (list)"),
    "work_ability": _("Work-ability team page of the client"),
    "work_activity_agreement": _("Work activity agreement"),
    "work_activity_attendance": _("Work activity attendance"),
    "work_activity_goal": _("Goal of work activity"),
    "work_activity_review": _("Review of work activity"),
    "work_activity_screening": _("Employment potential screening"),
    "work_log": _("Hours of a work group member"),
    "work_share_money": _("Work-share money (list)"),
    "work_share_statement": _("Work-share money (statement)"),
    "wage_job": _("Paid job inside the organisation"),
    "wage_jobs": _("Paid jobs inside the organisation (list)"),
}

# Targets read as a list of many clients: every view writes a row in each listed client's
# log, so the page shows a run of them as one row with a count (the rows all stay).
LIST_TARGETS = frozenset(
    {
        "client_list",
        "caseload",
        "contact_form",
        "employer_contact",
        "employer_placements",
        "job_development",
        "candidates",
        "report_clients",
        "case_caseload",
        "referral_list",
        "pay_summary",
        "wage_jobs",
        "work_share_money",
    }
)


def target_label(target: str) -> str:
    """The target's label in the active language; an unknown one as it was recorded."""
    label = TARGET_LABELS.get(target)
    return str(label) if label is not None else target
