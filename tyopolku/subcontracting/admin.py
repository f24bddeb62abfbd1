"""The dated settings of group work, kept in the Django admin: a change is a new row."""

from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.subcontracting.models import InvoicingSetting, PayGroupWage, VatRate, WageBudget


@admin.register(VatRate)
class VatRateAdmin(admin.ModelAdmin):
    """Set by law for the whole installation."""

    list_display = ["valid_from", "percent", "source"]


@admin.register(PayGroupWage)
class PayGroupWageAdmin(OrganizationScopedAdmin):
    list_display = ["organization", "pay_group", "valid_from", "hourly_wage", "agreement"]


@admin.register(InvoicingSetting)
class InvoicingSettingAdmin(OrganizationScopedAdmin):
    list_display = ["organization", "valid_from", "iban", "bic", "payment_term_days"]


@admin.register(WageBudget)
class WageBudgetAdmin(OrganizationScopedAdmin):
    list_display = ["unit", "year", "amount"]
