"""Pages of fidelity reviews: units and their history, the review form, the review with its
action plan, the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.core.forms import apply_domain_error
from tyopolku.core.views import domain_errors_to_http
from tyopolku.fidelity import services
from tyopolku.fidelity.access import can_edit, require_edit
from tyopolku.fidelity.chart import history_chart
from tyopolku.fidelity.forms import (
    ActionForm,
    ActionStatusForm,
    ReviewForm,
    notes_field,
    score_field,
    with_form_fields,
)
from tyopolku.fidelity.items import CODES
from tyopolku.fidelity.models import Review, ReviewStatus
from tyopolku.fidelity.pdf import review_pdf
from tyopolku.fidelity.presentation import item_titles, review_context, sections
from tyopolku.fidelity.selectors import (
    action_get,
    fidelity_unit_get,
    fidelity_units,
    review_get,
    review_list,
    reviewer_choices,
)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def fidelity_home(request: HttpRequest) -> HttpResponse:
    return render(request, "fidelity/home.html", {"units": fidelity_units(user=request.user)})


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def fidelity_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = fidelity_unit_get(user=request.user, unit_id=unit_id)
    reviews = list(review_list(user=request.user, unit=unit))
    complete = [r for r in reversed(reviews) if r.status == ReviewStatus.COMPLETE]
    return render(
        request,
        "fidelity/unit.html",
        {
            "unit": unit,
            "reviews": reviews,
            "chart": history_chart(complete),
            "can_edit": can_edit(request.user),
        },
    )


def _choices(form: ReviewForm, row) -> list[tuple]:
    """Each radio button of an item with what its score means."""
    return [(w, row.meanings[int(w.data["value"])]) for w in form[score_field(row.item.code)]]


def _form_page(request, form, *, unit, review: Review | None, status=200) -> HttpResponse:
    saved = {s.code: s for s in review.scores.all()} if review else {}
    grouped = [
        (
            section,
            [
                (
                    row,
                    _choices(form, row),
                    form[score_field(row.item.code)],
                    form[notes_field(row.item.code)],
                )
                for row in section.rows
            ],
        )
        for section in sections(saved)
    ]
    return render(
        request,
        "fidelity/review_form.html",
        {"form": form, "unit": unit, "review": review, "grouped": grouped},
        status=status,
    )


def _submit(request, form, save) -> Review | None:
    """Validate and save; the service's field errors land next to the items they name."""
    if not form.is_valid():
        return None
    try:
        return save(form.changes(), request.POST.get("action") == "complete")
    except (InvalidInput, Conflict) as error:
        apply_domain_error(form, with_form_fields(error))
        return None


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def fidelity_review_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    require_edit(request.user)
    unit = fidelity_unit_get(user=request.user, unit_id=unit_id)
    choices = reviewer_choices(user=request.user)
    if request.method == "GET":
        initial = {"review_date": timezone.localdate(), "reviewers": [request.user.username]}
        form = ReviewForm(initial=initial, reviewer_choices=choices)
        return _form_page(request, form, unit=unit, review=None)
    form = ReviewForm(request.POST, reviewer_choices=choices)

    def save(changes: dict, complete: bool) -> Review:
        return services.fidelity_review_create(
            user=request.user, unit_id=unit.pk, draft=not complete, **changes
        )

    review = _submit(request, form, save)
    if review is None:
        return _form_page(request, form, unit=unit, review=None, status=422)
    messages.success(request, _("Review saved."))
    return redirect("fidelity_review_detail", review_id=review.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def fidelity_review_edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_get(user=request.user, review_id=review_id, for_edit=True)
    if review.status == ReviewStatus.COMPLETE:
        messages.info(request, _("A complete review can no longer be changed."))
        return redirect("fidelity_review_detail", review_id=review.pk)
    choices = reviewer_choices(user=request.user)
    if request.method == "GET":
        scores = {s.code: s for s in review.scores.all()}
        initial = {
            "review_date": review.review_date,
            "reviewers": [u.username for u in review.reviewers.all()],
            "period_from": review.period_from,
            "period_to": review.period_to,
            "version": review.version,
        }
        for code in CODES:
            if code in scores:
                initial[score_field(code)] = scores[code].score
                initial[notes_field(code)] = scores[code].notes
        form = ReviewForm(initial=initial, reviewer_choices=choices)
        return _form_page(request, form, unit=review.unit, review=review)
    form = ReviewForm(request.POST, reviewer_choices=choices)

    def save(changes: dict, complete: bool) -> Review:
        return services.fidelity_review_update(
            user=request.user,
            review=review,
            version=form.cleaned_data["version"],
            changes=changes,
            complete=complete,
        )

    if _submit(request, form, save) is None:
        return _form_page(request, form, unit=review.unit, review=review, status=422)
    messages.success(request, _("Review saved."))
    return redirect("fidelity_review_detail", review_id=review.pk)


def _detail(request, review: Review, action_form=None, status=200) -> HttpResponse:
    editing = can_edit(request.user)
    titles = item_titles()
    return render(
        request,
        "fidelity/review_detail.html",
        {
            **review_context(review),
            "can_edit": editing,
            "action_form": (action_form or ActionForm(item_titles=titles)) if editing else None,
            "status_form": ActionStatusForm,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def fidelity_review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    return _detail(request, review_get(user=request.user, review_id=review_id))


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def fidelity_review_pdf(request: HttpRequest, review_id: int) -> HttpResponse:
    return review_pdf(request, review_get(user=request.user, review_id=review_id))


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def fidelity_action_create(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_get(user=request.user, review_id=review_id, for_edit=True)
    form = ActionForm(request.POST, item_titles=item_titles())
    if form.is_valid():
        try:
            services.fidelity_action_create(user=request.user, review=review, **form.cleaned_data)
        except InvalidInput as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Action added to the plan."))
            return redirect("fidelity_review_detail", review_id=review.pk)
    return _detail(request, review, action_form=form, status=422)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def fidelity_action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_get(user=request.user, action_id=action_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.fidelity_action_update(
            user=request.user, action=action, changes={"status": form.cleaned_data["status"]}
        )
        messages.success(request, _("Action status changed."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("fidelity_review_detail", review_id=action.review_id)
