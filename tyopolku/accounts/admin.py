from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tyopolku.accounts.models import Organization, Unit, User


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [UnitInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organization",
        "role",
        "unit",
        "is_active",
    ]
    list_filter = ["organization", "role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Työpolku", {"fields": ["organization", "role", "unit"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        ("Työpolku", {"fields": ["organization", "role", "unit"]}),
    ]
