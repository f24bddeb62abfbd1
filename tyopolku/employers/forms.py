"""Forms of the employer register's pages. They only collect input: the services validate
and save. Field names follow the services' arguments so that their errors land next to the
right field."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tyopolku.core.dates import today
from tyopolku.core.forms import FinnishDateInput
from tyopolku.core.params import SEARCH_MAX_LENGTH
from tyopolku.core.validation import NOTES_MAX
from tyopolku.employers import codes
from tyopolku.employers.models import (
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerType,
    Opening,
)
from tyopolku.pathway.models import Enrollment

NO_CHOICE = ("", "–")


def _text(label, max_length, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _notes(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        **kwargs,
    )


def _initial_of(instance, form_class: type[forms.Form]) -> dict:
    """The instance's values for the fields of a form named like the model's fields."""
    return {name: getattr(instance, name) for name in form_class.base_fields}


class EmployerSearchForm(forms.Form):
    search = forms.CharField(
        label=_("Search by name, business ID, municipality code or industry code"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        # Live search: htmx swaps only the results while the user types.
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse_lazy("employer_list"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#employer-results",
                "hx-push-url": "true",
            }
        ),
    )


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    business_id = forms.CharField(
        label=_("Business ID"),
        max_length=20,
        help_text=_("Y-tunnus, e.g. 1234567-1."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    employer_type = forms.ChoiceField(
        label=_("Type"), choices=EmployerType.choices, initial=EmployerType.COMPANY
    )
    industry_code = forms.ChoiceField(label=_("Industry (TOL 2008)"), required=False)
    municipality_code = forms.ChoiceField(label=_("Municipality"), required=False)
    street_address = _text(
        _("Street address"), 200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    postal_code = _text(
        _("Postal code"),
        5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    post_office = _text(_("Post office"), 100)
    website = _text(
        _("Website"),
        200,
        widget=forms.TextInput(attrs={"type": "url", "inputmode": "url", "autocomplete": "off"}),
    )
    notes = _notes(
        _("Notes"),
        help_text=_(
            "Seen by the whole team: write about the employer only, never about a client "
            "(no names or other client data)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the names come in the language of the request.
        industries = [NO_CHOICE, *codes.industry_choices()]
        current = self.initial.get("industry_code")
        if current and not any(
            current == code for _g, group in industries[1:] for code, _n in group
        ):
            # A finer code (e.g. 47111 from an import) stays selectable as it is.
            industries.insert(1, (current, f"{current} {codes.industry_name(current)}"))
        self.fields["industry_code"].choices = industries
        self.fields["municipality_code"].choices = [NO_CHOICE, *codes.municipality_choices()]

    @classmethod
    def for_employer(cls, employer: Employer, data=None) -> "EmployerForm":
        return cls(data=data, initial=_initial_of(employer, cls))


class ContactForm(forms.Form):
    """Log a contact: quick on a phone, so everything but the date, kind and purpose is
    optional and the defaults fit the usual case (a visit for job development today)."""

    date = forms.DateField(label=_("Date"), initial=today, widget=FinnishDateInput())
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=ContactKind.choices,
        initial=ContactKind.VISIT,
        widget=forms.RadioSelect,
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=ContactPurpose.choices, initial=ContactPurpose.JOB_DEVELOPMENT
    )
    contact_person_id = forms.TypedChoiceField(
        label=_("Contact person"), coerce=int, empty_value=None, required=False
    )
    enrollment_id = forms.TypedChoiceField(
        label=_("On behalf of a client"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Only your own clients. The link is shown only to those who may see the client."
        ),
    )
    outcome = _text(_("Outcome"), 500)
    notes = _notes(_("Notes"), help_text=_("Seen by the whole team: no client data here."))

    def __init__(
        self,
        *args,
        contact_persons: list[ContactPerson],
        enrollments: list[Enrollment],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = today().isoformat()
        self.fields["contact_person_id"].choices = [
            NO_CHOICE,
            *((p.pk, f"{p.name}, {p.title}" if p.title else p.name) for p in contact_persons),
        ]
        self.fields["enrollment_id"].choices = [
            NO_CHOICE,
            *(
                (e.pk, f"{e.client.full_name} · {e.get_service_model_display()}")
                for e in enrollments
            ),
        ]


class ContactPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = _text(_("Title"), 200)
    phone = _text(_("Phone"), 40, widget=forms.TextInput(attrs={"type": "tel"}))
    email = _text(_("Email"), 254, widget=forms.TextInput(attrs={"type": "email"}))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis of processing"),
        choices=ContactPerson.LegalBasis.choices,
        initial=ContactPerson.LegalBasis.LEGITIMATE_INTEREST,
    )

    @classmethod
    def for_person(cls, person: ContactPerson, data=None) -> "ContactPersonForm":
        return cls(data=data, initial=_initial_of(person, cls))


class OpeningForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _notes(_("Description"), help_text=_("No client data here."))
    # A text input: the service reads "20,5" as well as "20.5" and names a wrong value.
    hours_per_week = _text(
        _("Hours per week"),
        10,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    location = _text(_("Location"), 200)
    open_until = forms.DateField(label=_("Open until"), required=False, widget=FinnishDateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=Opening.Status.choices, initial=Opening.Status.OPEN
    )

    @classmethod
    def for_opening(cls, opening: Opening, data=None) -> "OpeningForm":
        initial = _initial_of(opening, cls)
        initial["hours_per_week"] = opening.hours_per_week or ""
        return cls(data=data, initial=initial)
