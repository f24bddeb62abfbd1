from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.workability.models import AssessmentDeadlineSetting

# Assessments, plans and referrals are client records: they are kept on the pages, where the
# client relationship decides who sees them, never in the admin.


@admin.register(AssessmentDeadlineSetting)
class AssessmentDeadlineSettingAdmin(OrganizationScopedAdmin):
    list_display = [
        "organization",
        "valid_from",
        "start_working_days",
        "completion_working_days",
        "warning_working_days",
    ]
