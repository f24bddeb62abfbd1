"""Pages of placements: the placement form with its live estimate, the placement page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.audit.models import AccessAction
from tyopolku.core.views import domain_errors_to_http, form_submit, query_id
from tyopolku.pathway.models import Enrollment
from tyopolku.pathway.selectors import enrollment_get
from tyopolku.placements import services
from tyopolku.placements.forms import EstimateForm, OpeningForm, PlacementEndForm, PlacementForm
from tyopolku.placements.models import Placement
from tyopolku.placements.rules import Assessment
from tyopolku.placements.selectors import (
    opening_choices_for,
    opening_with_employer,
    placement_get,
    placement_preview,
    placement_summary,
)


def _initial(request: HttpRequest) -> dict:
    """ "Record a placement" from an opening or an employer page fills in what they know."""
    opening_id = query_id(request, "opening")
    opening = (
        opening_with_employer(user=request.user, opening_id=opening_id) if opening_id else None
    )
    if opening is not None:
        return {
            "employer_id": opening.employer_id,
            "opening_id": opening.pk,
            "job_title": opening.title,
            "hours_per_week": opening.hours_per_week,
        }
    employer_id = query_id(request, "employer")
    return {"employer_id": employer_id} if employer_id else {}


def _preview(request: HttpRequest, enrollment: Enrollment, data) -> Assessment | None:
    form = EstimateForm(data)
    form.is_valid()  # keeps whatever is valid so far in cleaned_data
    return placement_preview(user=request.user, enrollment=enrollment, data=form.cleaned_data)


def _form_page(request, enrollment, form, status=200) -> HttpResponse:
    data = form.data if form.is_bound else form.initial
    return render(
        request,
        "placements/placement_form.html",
        {
            "enrollment": enrollment,
            "form": form,
            "assessment": _preview(request, enrollment, data),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def placement_create(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    # A save is logged as the creation it attempts, refused or not (never as a read).
    action = AccessAction.CREATE if request.method == "POST" else AccessAction.READ
    enrollment = enrollment_get(
        user=request.user, enrollment_id=enrollment_id, target="placement", action=action
    )
    if request.method == "GET":
        form = PlacementForm(user=request.user, initial=_initial(request))
        return _form_page(request, enrollment, form)
    form = PlacementForm(request.POST, user=request.user)
    ok, placement = form_submit(
        form,
        lambda data: services.placement_create(user=request.user, enrollment=enrollment, **data),
    )
    if not ok:
        return _form_page(request, enrollment, form, status=422)
    messages.success(request, _("Placement saved."))
    return redirect("placement_detail", placement_id=placement.pk)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def placement_estimate(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """The estimate and warnings fragment, refreshed by htmx as the form changes."""
    enrollment = enrollment_get(user=request.user, enrollment_id=enrollment_id, target="placement")
    return render(
        request,
        "placements/_estimate.html",
        {"assessment": _preview(request, enrollment, request.GET)},
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def placement_openings(request: HttpRequest) -> HttpResponse:
    """The openings select for the employer just chosen on the placement form."""
    employer_id = query_id(request, "employer_id")
    opening_choices_for(user=request.user, employer_id=employer_id)  # the role check
    form = OpeningForm(user=request.user, employer_id=employer_id)
    return render(request, "placements/_opening_field.html", {"field": form["opening_id"]})


def _detail_page(request, placement: Placement, end_form, status=200) -> HttpResponse:
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "enrollment": placement.enrollment,
            "summary": placement_summary(placement),
            "end_form": end_form if placement.end_date is None else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = placement_get(user=request.user, placement_id=placement_id)
    return _detail_page(request, placement, PlacementEndForm())


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def placement_end(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = placement_get(
        user=request.user, placement_id=placement_id, action=AccessAction.UPDATE
    )
    form = PlacementEndForm(request.POST)
    ok, _ended = form_submit(
        form, lambda data: services.placement_end(user=request.user, placement=placement, **data)
    )
    if not ok:
        return _detail_page(request, placement, form, status=422)
    messages.success(request, _("The end of the placement was recorded."))
    return redirect("placement_detail", placement_id=placement.pk)
