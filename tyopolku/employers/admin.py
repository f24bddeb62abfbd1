"""The Django admin of the employer register: the privacy statement's settings and the record
of spreadsheet imports, each limited to the administrator's own organisation.

The register itself is not here: its pages check roles, refuse client data in team text and
log every change, which the admin would bypass. For the same reason the statement's admin
saves through privacy_statement_update, and only an organisation's own administrator (who has
an organisation to write the change log for) may change it; superusers read."""

from django import forms
from django.contrib import admin

from tyopolku.accounts.admin import OrganizationScopedAdmin
from tyopolku.accounts.roles import REGISTER_MANAGERS
from tyopolku.core.errors import InvalidInput
from tyopolku.core.forms import apply_domain_error
from tyopolku.employers import privacy
from tyopolku.employers.models import EmployerImport, PrivacyStatement


def _manages_register(request) -> bool:
    # The admin site admits staff only; among them, an organisation's register managers.
    return request.user.organization_id is not None and request.user.role in REGISTER_MANAGERS


class PrivacyStatementAdminForm(forms.ModelForm):
    # Set by PrivacyStatementAdmin.get_form: whose clients the texts are checked against.
    organization_id: int | None = None

    class Meta:
        model = PrivacyStatement
        fields = list(privacy.FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.organization_id is not None:
            given = {field: cleaned.get(field) for field in privacy.FIELDS if field in cleaned}
            try:
                cleaned.update(
                    privacy.privacy_statement_clean(organization_id=self.organization_id, **given)
                )
            except InvalidInput as error:
                apply_domain_error(self, error)
        return cleaned


@admin.register(PrivacyStatement)
class PrivacyStatementAdmin(OrganizationScopedAdmin):
    form = PrivacyStatementAdminForm
    list_display = ["organization", "updated_at", "updated_by"]
    list_select_related = ["organization", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.organization_id = request.user.organization_id
        return form

    def has_module_permission(self, request):
        return request.user.is_superuser or _manages_register(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or _manages_register(request)

    def has_add_permission(self, request):
        # One statement per organisation: the first save of the page or here creates it.
        return (
            _manages_register(request)
            and not PrivacyStatement.objects.filter(
                organization_id=request.user.organization_id
            ).exists()
        )

    def has_change_permission(self, request, obj=None):
        return _manages_register(request)

    def has_delete_permission(self, request, obj=None):
        # Emptying the fields brings back the defaults; a deleted row would lose its history.
        return False

    def save_model(self, request, obj, form, change):
        statement = privacy.privacy_statement_update(
            user=request.user, **{field: form.cleaned_data[field] for field in privacy.FIELDS}
        )
        # The admin's messages and redirects name the saved row.
        obj.pk = statement.pk


@admin.register(EmployerImport)
class EmployerImportAdmin(OrganizationScopedAdmin):
    """Read only: who imported which spreadsheet, when, and what came of it."""

    list_display = [
        "file_name",
        "status",
        "created_by",
        "created_at",
        "row_count",
        "accepted_count",
        "employers_created",
        "contact_persons_created",
        "imported_at",
    ]
    list_filter = ["status"]
    list_select_related = ["created_by", "organization"]
    # The uploaded bytes stay out: they may hold anything the spreadsheet held.
    exclude = ["content"]

    def has_module_permission(self, request):
        return request.user.is_superuser or _manages_register(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or _manages_register(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
