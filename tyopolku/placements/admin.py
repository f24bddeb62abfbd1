from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.placements.models import PaySubsidyRate, WorkingTimeSetting, WorkTrialRule


@admin.register(PaySubsidyRate)
class PaySubsidyRateAdmin(admin.ModelAdmin):
    """Rates change by law: add a new row from the day it takes effect, keep the old ones.
    Placements are client data and are not in the admin."""

    list_display = [
        "percent",
        "reason",
        "valid_from",
        "valid_until",
        "max_monthly_eur",
        "max_working_time_percent",
        "max_months",
        "same_employer_block_years",
    ]
    list_filter = ["percent", "reason"]
    date_hierarchy = "valid_from"


@admin.register(WorkTrialRule)
class WorkTrialRuleAdmin(admin.ModelAdmin):
    list_display = [
        "valid_from",
        "max_months_total",
        "max_months_per_organiser",
        "min_days_per_week",
        "max_days_per_week",
        "min_hours_per_day",
        "max_hours_per_day",
        "expense_allowance_eur_per_day",
    ]


@admin.register(WorkingTimeSetting)
class WorkingTimeSettingAdmin(OrganizationScopedAdmin):
    """An organisation's full working time: a change of agreement is a new dated row."""

    list_display = ["organization", "valid_from", "agreement", "full_time_hours_per_week"]
