"""Pages of matching: the client's job preferences, suggestions for a client, candidates
for an opening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.audit.models import AccessAction
from tyopolku.core.views import domain_errors_to_http, form_submit
from tyopolku.matching import selectors, services
from tyopolku.matching.forms import PreferenceForm
from tyopolku.matching.industries import DIVISIONS


def _preferences_page(request, enrollment, form, status=200) -> HttpResponse:
    return render(
        request,
        "matching/preferences_form.html",
        {"enrollment": enrollment, "form": form, "divisions": DIVISIONS.items()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def preferences_edit(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    # A save is logged as the update it attempts, refused or not (never as a read).
    enrollment, preference = selectors.preference_get(
        user=request.user,
        enrollment_id=enrollment_id,
        action=AccessAction.UPDATE if request.method == "POST" else AccessAction.READ,
    )
    if request.method == "GET":
        form = PreferenceForm(initial=PreferenceForm.initial_of(preference))
        return _preferences_page(request, enrollment, form)
    form = PreferenceForm(request.POST)
    ok, _saved = form_submit(
        form,
        lambda data: services.preference_set(user=request.user, enrollment=enrollment, **data),
    )
    if not ok:
        return _preferences_page(request, enrollment, form, status=422)
    messages.success(request, _("Job preferences saved."))
    return redirect("enrollment_suggestions", enrollment_id=enrollment.pk)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def enrollment_suggestions(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    found = selectors.suggestions_for(user=request.user, enrollment_id=enrollment_id)
    return render(
        request,
        "matching/suggestions.html",
        {"found": found, "enrollment": found.enrollment, "preference": found.preference},
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def opening_candidates(request: HttpRequest, opening_id: int) -> HttpResponse:
    found = selectors.opening_candidates(user=request.user, opening_id=opening_id)
    return render(request, "matching/candidates.html", {"found": found, "opening": found.opening})
