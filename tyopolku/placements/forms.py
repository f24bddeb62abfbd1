"""Forms of the placement pages. Field names follow the service's arguments so that its
errors land next to the right field."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tyopolku.accounts.models import User
from tyopolku.core.dates import today
from tyopolku.core.forms import FinnishDateInput
from tyopolku.placements.models import PaySubsidyRate, PlacementKind
from tyopolku.placements.selectors import employer_choices, openings_of_employer


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=FinnishDateInput(), **kwargs)


def _decimal_field(label, *, max_digits, decimal_places, **kwargs) -> forms.DecimalField:
    """Accepts "13,50" in Finnish; a text input because a number input refuses the comma."""
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _subsidy_choices() -> list[tuple[str, str]]:
    rates = {r.percent: r for r in PaySubsidyRate.objects.order_by("percent", "valid_from")}
    return [("", _("No pay subsidy"))] + [
        (str(p), f"{p} % – {rate.get_reason_display()}") for p, rate in rates.items()
    ]


class _TermsForm(forms.Form):
    """The fields the rules look at, shared by the placement form and its live estimate."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PlacementKind.choices)
    start_date = _date_field(_("First day"))
    planned_end_date = _date_field(
        _("Agreed end date"),
        required=False,
        help_text=_("For a fixed-term job or a work trial."),
    )
    hours_per_week = _decimal_field(
        _("Hours per week"), max_digits=4, decimal_places=1, min_value=0
    )
    days_per_week = forms.IntegerField(
        label=_("Working days per week"), min_value=1, max_value=7, required=False
    )
    hourly_wage = _decimal_field(
        _("Hourly wage (€)"), max_digits=7, decimal_places=2, min_value=0, required=False
    )
    pay_subsidy_months = forms.IntegerField(
        label=_("Pay subsidy months"), min_value=1, max_value=24, required=False
    )


class EstimateForm(_TermsForm):
    """The placement form's values as they are while being typed: everything optional."""

    employer_id = forms.IntegerField(required=False)
    pay_subsidy_percent = forms.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class PlacementForm(_TermsForm):
    employer_id = forms.TypedChoiceField(label=_("Employer"), coerce=int)
    opening_id = forms.TypedChoiceField(
        label=_("Job opening"), coerce=int, empty_value=None, required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    competitive = forms.BooleanField(
        label=_("Competitive employment (open labour market, ordinary wage)"), required=False
    )
    pay_subsidy_percent = forms.TypedChoiceField(
        label=_("Pay subsidy"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "kind": PlacementKind.EMPLOYMENT,
            "start_date": today(),
            "competitive": True,
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        # Choosing the employer reloads the openings select with that employer's openings.
        self.fields["employer_id"].widget.attrs.update(
            {
                "hx-get": reverse("placement_openings"),
                "hx-target": "#opening-field",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["employer_id"].choices = [("", _("Choose the employer"))] + [
            (str(e.pk), e.name) for e in employer_choices(user=user)
        ]
        self.fields["opening_id"].choices = opening_choices(user, self._employer_id())
        self.fields["pay_subsidy_percent"].choices = _subsidy_choices()

    def clean(self):
        data = super().clean()
        if data.get("kind") == PlacementKind.WORK_TRIAL:
            # The box is ticked by default for jobs; a work trial never is competitive work.
            data["competitive"] = False
        return data

    def _employer_id(self) -> int | None:
        raw = self.data.get("employer_id") if self.is_bound else self.initial.get("employer_id")
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None


def opening_choices(user: User, employer_id: int | None) -> list[tuple[str, str]]:
    return [("", _("No opening"))] + [
        (str(o.pk), o.title) for o in openings_of_employer(user=user, employer_id=employer_id)
    ]


class OpeningForm(forms.Form):
    """The opening select alone, re-rendered when the employer changes."""

    opening_id = forms.TypedChoiceField(
        label=_("Job opening"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, user: User, employer_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening_id"].choices = opening_choices(user, employer_id)


class PlacementEndForm(forms.Form):
    end_date = _date_field(_("Last day at work"), initial=today)
    end_reason = forms.CharField(label=_("Reason for ending"), max_length=200)
    continues_job_search = forms.BooleanField(
        label=_("The client goes on looking for work"), required=False, initial=True
    )
