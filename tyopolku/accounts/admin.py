"""The Django admin for administrators.

An installation's superusers see everything. An organisation's administrators (role `admin`)
see and change only their own organisation's units, users and settings; code lists shared by
every organisation stay with the superusers. Client records are never in the admin: reads
there would bypass the client relationship and the access log.

An organisation administrator never sees a superuser (even one with an organisation), so they
cannot change its password or details, and cannot make anyone a superuser or give permissions:
staff status and the administrators' group follow the role, as in `add_user`.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tyopolku.accounts.models import ApiToken, Organization, Unit, User
from tyopolku.accounts.roles import Role
from tyopolku.accounts.services import organization_admin_group


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

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # The form has no such fields for them; this keeps it so whatever is posted.
            obj.is_superuser = False
            obj.is_staff = obj.role == Role.ADMIN
        super().save_model(request, obj, form, change)
        if not request.user.is_superuser:
            if obj.is_staff:
                obj.groups.add(organization_admin_group())
            else:
                obj.groups.remove(organization_admin_group())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not request.user.is_superuser:
            kwargs["queryset"] = Unit.objects.filter(organization_id=request.user.organization_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their user (/account/tokens/) or `add_user`; here they are only
    looked at and revoked. The key itself is never stored."""

    list_display = ["name", "user", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    fields = ["user", "name", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    list_select_related = ["user"]
    actions = ["revoke"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            user__organization_id=request.user.organization_id, user__is_superuser=False
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected API tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            gettext("API tokens revoked: %(count)d.") % {"count": count},
            messages.SUCCESS,
        )
