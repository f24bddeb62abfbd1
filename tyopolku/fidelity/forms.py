"""The review form: the 25 items (a score 1–5 and notes each), the date, the reviewers and
the period the measures are computed over; and the action plan row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.core.errors import DomainError
from tyopolku.core.forms import FinnishDateInput
from tyopolku.fidelity.items import CODES
from tyopolku.fidelity.models import ActionStatus

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


def score_field(code: str) -> str:
    return f"score_{code}"


def notes_field(code: str) -> str:
    return f"notes_{code}"


class ReviewForm(forms.Form):
    review_date = forms.DateField(label=_("Review date"), widget=FinnishDateInput())
    reviewers = forms.MultipleChoiceField(
        label=_("Reviewers"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or more reviewers complete a review."),
    )
    period_from = forms.DateField(
        label=_("Records from"), required=False, widget=FinnishDateInput()
    )
    period_to = forms.DateField(label=_("Records to"), required=False, widget=FinnishDateInput())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reviewer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].choices = [
            (u.username, u.get_full_name() or u.username) for u in reviewer_choices
        ]
        for code in CODES:
            self.fields[score_field(code)] = forms.TypedChoiceField(
                choices=SCORE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[notes_field(code)] = forms.CharField(
                label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "review_date": data["review_date"],
            "reviewers": data["reviewers"],
            "period_from": data["period_from"],
            "period_to": data["period_to"],
            "scores": {code: data[score_field(code)] for code in CODES},
            "notes": {code: data[notes_field(code)] for code in CODES},
        }


def with_form_fields(error: DomainError) -> DomainError:
    """The service names `scores.<code>`; the form calls the field `score_<code>`."""
    renamed = {
        score_field(name.removeprefix("scores."))
        if name.startswith("scores.")
        else notes_field(name.removeprefix("notes."))
        if name.startswith("notes.")
        else name: message
        for name, message in error.fields.items()
    }
    return type(error)(error.message, renamed, error.details)


class ActionForm(forms.Form):
    code = forms.ChoiceField(label=_("Item"))
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=FinnishDateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def __init__(self, *args, item_titles: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = list(item_titles.items())


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
