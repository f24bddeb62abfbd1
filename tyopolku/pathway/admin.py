from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.pathway.models import ReferralSource, ServiceModelSetting


@admin.register(ReferralSource)
class ReferralSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "active", "position"]
    list_editable = ["active", "position"]


@admin.register(ServiceModelSetting)
class ServiceModelSettingAdmin(OrganizationScopedAdmin):
    list_display = [
        "organization",
        "service_model",
        "follow_along_months",
        "warning_days",
        "employment_gap_days",
    ]
    list_editable = ["follow_along_months", "warning_days", "employment_gap_days"]
