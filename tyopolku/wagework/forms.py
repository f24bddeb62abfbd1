"""Forms of the wage-work pages: they only collect input; the services check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.core.forms import FinnishDateInput


class WageJobTermsForm(forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=200)
    unit_id = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    weekly_hours = forms.CharField(
        label=_("Hours a week"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "30"}),
    )
    start_date = forms.DateField(label=_("Start date"), widget=FinnishDateInput())
    end_date = forms.DateField(label=_("End date"), widget=FinnishDateInput(), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = [(u.pk, u.name) for u in units]


class WageJobForm(WageJobTermsForm):
    client_id = forms.IntegerField(label=_("Client number"), min_value=1)
    field_order = ["client_id", "title", "unit_id", "weekly_hours", "start_date", "end_date"]


class WageJobEditForm(WageJobTermsForm):
    version = forms.IntegerField(widget=forms.HiddenInput())
