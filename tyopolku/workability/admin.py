from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.workability.models import AssessmentDeadlineSetting, TrainingKind

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


@admin.register(TrainingKind)
class TrainingKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "active", "position"]
    list_editable = ["active", "position"]
