from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.reports.models import ReportTarget


@admin.register(ReportTarget)
class ReportTargetAdmin(OrganizationScopedAdmin):
    """The organisation's targets: a new period is a new row, the old ones stay."""

    list_display = [
        "organization",
        "label",
        "metric",
        "target_value",
        "period_start",
        "period_end",
        "service_model",
    ]
    list_filter = ["metric", "service_model"]
    date_hierarchy = "period_start"
