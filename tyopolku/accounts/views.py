"""The user's own API tokens: list, make (the key is shown once) and revoke."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.forms import ApiTokenForm
from tyopolku.accounts.selectors import api_token_list
from tyopolku.accounts.services import api_token_create, api_token_revoke
from tyopolku.core.views import domain_errors_to_http


def _token_page(request: HttpRequest, form: ApiTokenForm, new_key: str = "", status: int = 200):
    return render(
        request,
        "accounts/token_list.html",
        {
            "form": form,
            "tokens": api_token_list(user=request.user),
            "new_key": new_key,
            "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _token_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _token_page(request, form, status=422)
    # Answered here, not after a redirect: the key is never stored, so it cannot be shown
    # later (the page is sent with Cache-Control: no-store).
    key = api_token_create(user=request.user, name=form.cleaned_data["name"])
    return _token_page(request, ApiTokenForm(), new_key=key, status=201)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("API token %(name)s revoked.") % {"name": token.name or token.pk})
    return redirect("token_list")
