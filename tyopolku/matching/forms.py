"""The job preference form: lists are typed as comma-separated text."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.matching.models import JobPreference

_COMMAS = re.compile(r"\s*,\s*")
_COMMAS_OR_SPACES = re.compile(r"[\s,;]+")
LIST_FIELDS = ("keywords", "industry_codes", "municipality_codes", "avoid_keywords")


def _hours_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _text(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


class PreferenceForm(forms.Form):
    wanted_work = _text(_("Wanted work"), help_text=_("In the client's own words."))
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separated by commas, e.g. varasto, trukki, asiakaspalvelu."),
    )
    industry_codes = forms.CharField(
        label=_("Fields (TOL 2008)"),
        required=False,
        help_text=_("Industry codes separated by commas, e.g. 47 (retail trade), 56 (food)."),
    )
    hours_min = _hours_field(_("At least hours a week"))
    hours_max = _hours_field(_("At most hours a week"))
    municipality_codes = forms.CharField(
        label=_("Municipalities"),
        required=False,
        help_text=_("Three-digit municipality codes, e.g. 405 (Lappeenranta), 153 (Imatra)."),
    )
    avoid = _text(_("Conditions to avoid"))
    avoid_keywords = forms.CharField(
        label=_("Words to avoid"),
        required=False,
        help_text=_("Separated by commas, e.g. yövuoro, raskas nostaminen."),
    )
    strengths = _text(_("Strengths"))

    @staticmethod
    def initial_of(preference: JobPreference | None) -> dict:
        if preference is None:
            return {}
        initial = {name: getattr(preference, name) for name in PreferenceForm.base_fields}
        for name in LIST_FIELDS:
            initial[name] = ", ".join(initial[name])
        return initial

    def _split(self, name: str, pattern: re.Pattern) -> list[str]:
        return [part for part in pattern.split(self.cleaned_data[name].strip()) if part]

    def clean_keywords(self) -> list[str]:
        return self._split("keywords", _COMMAS)

    def clean_avoid_keywords(self) -> list[str]:
        return self._split("avoid_keywords", _COMMAS)

    def clean_industry_codes(self) -> list[str]:
        return self._split("industry_codes", _COMMAS_OR_SPACES)

    def clean_municipality_codes(self) -> list[str]:
        return self._split("municipality_codes", _COMMAS_OR_SPACES)
