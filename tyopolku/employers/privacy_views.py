"""The privacy statement of the employer register: the organisation's users read it, its
administrators and supervisors edit it, and the people in the register (who are not users)
read it at a public address without logging in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.models import Organization
from tyopolku.core.views import domain_errors_to_http, form_submit
from tyopolku.employers import privacy


class PrivacyStatementForm(forms.Form):
    """One text per field of the statement; each one's help tells what an empty one says.
    Only collects input: privacy_statement_update validates and saves."""

    def __init__(self, *args, defaults: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for field, max_length in privacy.FIELD_LENGTHS.items():
            self.fields[field] = forms.CharField(
                label=privacy.field_title(field),
                required=False,
                max_length=max_length,
                help_text=_("Left empty, the statement says: %(default)s")
                % {"default": defaults[field]},
                widget=(
                    forms.TextInput()
                    if field == "controller"
                    else forms.Textarea(attrs={"rows": 4})
                ),
            )


def _statement_page(
    request: HttpRequest, organization: Organization, *, public: bool
) -> HttpResponse:
    context = {
        "organization": organization,
        "sections": privacy.privacy_statement_sections(organization),
        "public": public,
    }
    if not public:
        # The address to give to the people in the register, who have no login.
        context["public_url"] = request.build_absolute_uri(
            reverse("employer_privacy_public", args=[organization.code])
        )
    return render(request, "employers/privacy_statement.html", context)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def privacy_statement(request: HttpRequest) -> HttpResponse:
    return _statement_page(request, privacy.organization_of(request.user), public=False)


@require_http_methods(["GET"])
@domain_errors_to_http
def privacy_statement_public(request: HttpRequest, organization_code: str) -> HttpResponse:
    """No login: GDPR art. 13/14 owes the statement to people who are not users."""
    organization = privacy.organization_for_code(organization_code)
    return _statement_page(request, organization, public=True)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def privacy_statement_edit(request: HttpRequest) -> HttpResponse:
    privacy.privacy_manage_check(request.user)
    organization = privacy.organization_of(request.user)
    defaults = privacy.privacy_statement_defaults(organization)
    if request.method == "POST":
        form = PrivacyStatementForm(request.POST, defaults=defaults)
        ok, _statement = form_submit(
            form, lambda data: privacy.privacy_statement_update(user=request.user, **data)
        )
        if ok:
            messages.success(request, _("Privacy statement saved."))
            return redirect("employer_privacy")
        status = 422
    else:
        statement = privacy.privacy_statement_of(organization)
        initial = (
            {field: getattr(statement, field) for field in privacy.FIELDS} if statement else {}
        )
        form = PrivacyStatementForm(initial=initial, defaults=defaults)
        status = 200
    return render(
        request,
        "employers/privacy_edit.html",
        {"form": form, "organization": organization},
        status=status,
    )
