"""The Django admin for administrators.

An installation's superusers see everything. An organisation's administrators (role `admin`)
see and change only their own organisation's units, users and settings; code lists shared by
every organisation stay with the superusers. Client records are never in the admin: reads
there would bypass the client relationship and the access log.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tyopolku.accounts.models import Organization, Unit, User


class OrganizationScopedAdmin(admin.ModelAdmin):
    """Limits an organisation administrator to rows of their own organisation."""

    organization_field = "organization"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.organization_field}_id": request.user.organization_id})

    def get_exclude(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or []), self.organization_field]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            setattr(obj, f"{self.organization_field}_id", request.user.organization_id)
        super().save_model(request, obj, form, change)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.organization_id)

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(OrganizationScopedAdmin):
    list_display = ["code", "name", "organization"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organization",
        "role",
        "unit",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            "Työpolku",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "email",
                    "organization",
                    "role",
                    "unit",
                    "is_active",
                ]
            },
        ),
    ]
    superuser_fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Työpolku", {"fields": ["organization", "role", "unit"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Työpolku", {"fields": ["first_name", "last_name", "organization", "role", "unit"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            fieldsets = self.add_fieldsets
        elif request.user.is_superuser:
            fieldsets = self.superuser_fieldsets
        else:
            fieldsets = self.fieldsets
        if request.user.is_superuser:
            return fieldsets
        # An organisation administrator cannot move people to another organisation.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "organization"]})
            for name, options in fieldsets
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not request.user.is_superuser:
            kwargs["queryset"] = Unit.objects.filter(organization_id=request.user.organization_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
