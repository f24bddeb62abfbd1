from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.workactivity.models import (
    RehabilitativeWorkActivityRule,
    WorkShareBasis,
    WorkShareTaxFreeLimit,
)


@admin.register(RehabilitativeWorkActivityRule)
class RehabilitativeWorkActivityRuleAdmin(admin.ModelAdmin):
    """Set by law for the whole installation: superusers keep it, a change is a new row."""

    list_display = [
        "valid_from",
        "min_months",
        "max_months",
        "min_days_per_week",
        "max_days_per_week",
        "min_hours_per_day",
        "max_hours_per_day",
        "expense_allowance_eur_per_day",
    ]


@admin.register(WorkShareBasis)
class WorkShareBasisAdmin(OrganizationScopedAdmin):
    """The organisation's published work-share money a day; a change is a new row."""

    list_display = ["organization", "valid_from", "eur_per_day", "source"]


@admin.register(WorkShareTaxFreeLimit)
class WorkShareTaxFreeLimitAdmin(OrganizationScopedAdmin):
    """The organisation's tax-free maximum of work-share money a day; a change is a new
    row."""

    list_display = ["organization", "valid_from", "eur_per_day", "source"]
