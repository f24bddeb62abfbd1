"""Pages of the shared employer register: the list with live search, the employer's history,
the forms for employers, contact persons, contacts and openings, and the coach's week of
job development. The selectors check the role (403) and the organisation (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.core.views import (
    domain_errors_to_http,
    form_submit,
    is_htmx_fragment,
    make_page,
    page_offset,
)
from tyopolku.employers import selectors, services
from tyopolku.employers.forms import (
    ContactForm,
    ContactPersonForm,
    EmployerForm,
    EmployerSearchForm,
    OpeningForm,
)
from tyopolku.employers.models import FACE_TO_FACE, ContactPerson, Employer, Opening

PAGE_SIZE = 25
CONTACTS_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def employer_list(request: HttpRequest) -> HttpResponse:
    form = EmployerSearchForm(request.GET)
    search = form.cleaned_data["search"] if form.is_valid() else ""
    offset = page_offset(request)
    count, employers = selectors.employer_list(
        user=request.user, search=search, limit=PAGE_SIZE, offset=offset
    )
    context = {
        "form": form,
        "employers": employers,
        "page": make_page(request, offset=offset, limit=PAGE_SIZE, count=count, keep=["search"]),
    }
    if is_htmx_fragment(request):
        return render(request, "employers/_employer_results.html", context)
    return render(request, "employers/employer_list.html", context)


def _employer_form_page(request, form: EmployerForm, employer: Employer | None, status=200):
    return render(
        request,
        "employers/employer_form.html",
        {"form": form, "employer": employer},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def employer_create(request: HttpRequest) -> HttpResponse:
    selectors.register_access_check(request.user)
    if request.method == "GET":
        return _employer_form_page(request, EmployerForm(), None)
    form = EmployerForm(request.POST)
    ok, employer = form_submit(
        form, lambda data: services.employer_create(user=request.user, **data)
    )
    if not ok:
        return _employer_form_page(request, form, None, status=422)
    messages.success(request, _("Employer %(name)s added.") % {"name": employer.name})
    return redirect("employer_detail", employer_id=employer.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    if request.method == "GET":
        return _employer_form_page(request, EmployerForm.for_employer(employer), employer)
    form = EmployerForm.for_employer(employer, data=request.POST)
    ok, _result = form_submit(
        form,
        lambda data: services.employer_update(user=request.user, employer=employer, **data),
    )
    if not ok:
        return _employer_form_page(request, form, employer, status=422)
    messages.success(request, _("Employer details saved."))
    return redirect("employer_detail", employer_id=employer.pk)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    """The employer's history: details, contact persons, openings, the placements whose
    client the user may see, and every contact the team made."""
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    offset = page_offset(request)
    count, contacts = selectors.employer_contacts(
        user=request.user, employer=employer, limit=CONTACTS_PAGE_SIZE, offset=offset
    )
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "contact_persons": selectors.contact_person_list(employer=employer),
            "openings": selectors.opening_list(employer=employer),
            "placements": selectors.employer_placements(user=request.user, employer=employer),
            "contacts": contacts,
            "page": make_page(request, offset=offset, limit=CONTACTS_PAGE_SIZE, count=count),
        },
    )


def _contact_form(request, employer: Employer, data=None) -> ContactForm:
    return ContactForm(
        data=data,
        contact_persons=list(selectors.contact_person_list(employer=employer)),
        enrollments=selectors.contact_enrollment_choices(user=request.user),
    )


def _contact_save(request, employer: Employer, data: dict):
    """The form's empty choices (contact person, client) are None to the service."""
    data = {**data, "contact_person_id": data["contact_person_id"] or None}
    data["enrollment_id"] = data["enrollment_id"] or None
    return services.employer_contact_create(user=request.user, employer=employer, **data)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def employer_contact_create(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    form = _contact_form(request, employer, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        ok, _contact = form_submit(form, lambda data: _contact_save(request, employer, data))
        if ok:
            messages.success(request, _("Contact logged."))
            return redirect("employer_detail", employer_id=employer.pk)
        status = 422
    return render(
        request,
        "employers/contact_form.html",
        {"form": form, "employer": employer, "face_to_face": sorted(FACE_TO_FACE)},
        status=status,
    )


def _person_form_page(request, form, employer: Employer, person=None, status=200):
    return render(
        request,
        "employers/contact_person_form.html",
        {"form": form, "employer": employer, "person": person},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def contact_person_create(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    if request.method == "GET":
        return _person_form_page(request, ContactPersonForm(), employer)
    form = ContactPersonForm(request.POST)
    ok, person = form_submit(
        form,
        lambda data: services.contact_person_create(user=request.user, employer=employer, **data),
    )
    if not ok:
        return _person_form_page(request, form, employer, status=422)
    messages.success(request, _("Contact person %(name)s added.") % {"name": person.name})
    return redirect("employer_detail", employer_id=employer.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def contact_person_edit(request: HttpRequest, employer_id: int, person_id: int) -> HttpResponse:
    """Edit a contact person, or remove one (a `delete` field in the POST)."""
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    person: ContactPerson = selectors.contact_person_get(
        employer=employer, contact_person_id=person_id
    )
    if request.method == "GET":
        return _person_form_page(request, ContactPersonForm.for_person(person), employer, person)
    if "delete" in request.POST:
        services.contact_person_delete(user=request.user, person=person)
        messages.success(request, _("Contact person %(name)s removed.") % {"name": person.name})
        return redirect("employer_detail", employer_id=employer.pk)
    form = ContactPersonForm.for_person(person, data=request.POST)
    ok, _result = form_submit(
        form,
        lambda data: services.contact_person_update(user=request.user, person=person, **data),
    )
    if not ok:
        return _person_form_page(request, form, employer, person, status=422)
    messages.success(request, _("Contact person saved."))
    return redirect("employer_detail", employer_id=employer.pk)


def _opening_form_page(request, form, employer: Employer, opening=None, status=200):
    return render(
        request,
        "employers/opening_form.html",
        {"form": form, "employer": employer, "opening": opening},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def opening_create(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    if request.method == "GET":
        return _opening_form_page(request, OpeningForm(), employer)
    form = OpeningForm(request.POST)
    ok, _opening = form_submit(
        form, lambda data: services.opening_create(user=request.user, employer=employer, **data)
    )
    if not ok:
        return _opening_form_page(request, form, employer, status=422)
    messages.success(request, _("Job opening added."))
    return redirect("employer_detail", employer_id=employer.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def opening_edit(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening: Opening = selectors.opening_get(user=request.user, opening_id=opening_id)
    employer = opening.employer
    if request.method == "GET":
        return _opening_form_page(request, OpeningForm.for_opening(opening), employer, opening)
    form = OpeningForm.for_opening(opening, data=request.POST)
    ok, _result = form_submit(
        form, lambda data: services.opening_update(user=request.user, opening=opening, **data)
    )
    if not ok:
        return _opening_form_page(request, form, employer, opening, status=422)
    messages.success(request, _("Job opening saved."))
    return redirect("employer_detail", employer_id=employer.pk)


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def job_development(request: HttpRequest) -> HttpResponse:
    """The coach's week: face-to-face employer contacts against the IPS target, and the
    clients still waiting for a first employer contact."""
    return render(
        request,
        "employers/job_development.html",
        {
            "week": selectors.coach_week_contacts(user=request.user),
            "waiting": selectors.clients_waiting_for_employer_contact(user=request.user),
            "first_contact_days": selectors.FIRST_CONTACT_DAYS,
        },
    )
