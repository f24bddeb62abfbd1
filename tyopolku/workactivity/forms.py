"""Forms of the work-activity pages: they only collect input; the services check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.core.forms import FinnishDateInput


class AgreementForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=FinnishDateInput())
    end_date = forms.DateField(label=_("End date"), widget=FinnishDateInput())
    days_per_week = forms.IntegerField(label=_("Days a week"), min_value=0, max_value=7)
    hours_per_day = forms.CharField(
        label=_("Hours a day"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "6"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    tasks = forms.CharField(
        label=_("Tasks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementCreateForm(AgreementForm):
    goals = forms.CharField(
        label=_("Goals in the participant's own words (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_goals(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]


class AgreementEditForm(AgreementForm):
    version = forms.IntegerField(widget=forms.HiddenInput())


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal in the participant's own words"), max_length=500)
    how_we_know = forms.CharField(
        label=_("How we know it is reached"), max_length=500, required=False
    )


PROGRESS_CHOICES = [("", "–"), *[(str(n), str(n)) for n in range(1, 6)]]


class ReviewForm(forms.Form):
    date = forms.DateField(label=_("Review date"), widget=FinnishDateInput())

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"progress_{goal.pk}"] = forms.ChoiceField(
                label=_("Progress 1–5: %(goal)s") % {"goal": goal.text},
                choices=PROGRESS_CHOICES,
                required=False,
            )
            self.fields[f"notes_{goal.pk}"] = forms.CharField(
                label=_("Notes: %(goal)s") % {"goal": goal.text},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["participant_view"] = forms.CharField(
            label=_("The participant's own view"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["overall_notes"] = forms.CharField(
            label=_("Overall notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["next_steps"] = forms.CharField(
            label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def service_data(self) -> dict:
        data = self.cleaned_data
        ratings = [
            {
                "goal_id": goal.pk,
                "progress": int(data[f"progress_{goal.pk}"]),
                "notes": data[f"notes_{goal.pk}"],
            }
            for goal in self.goals
            if data.get(f"progress_{goal.pk}")
        ]
        return {
            "date": data["date"],
            "ratings": ratings,
            "participant_view": data["participant_view"],
            "overall_notes": data["overall_notes"],
            "next_steps": data["next_steps"],
        }


SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ScreeningForm(forms.Form):
    date = forms.DateField(label=_("Screening date"), widget=FinnishDateInput())

    def __init__(self, *args, **kwargs):
        from tyopolku.workactivity.models import SCREENING_CRITERIA

        super().__init__(*args, **kwargs)
        for name, label in SCREENING_CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                help_text=_("1 = a barrier now, 5 = a strength"),
            )
        self.fields["summary"] = forms.CharField(
            label=_("Summary for the functional-capacity assessment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
