from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.accounts.models import User
from tyopolku.accounts.selectors import unit_list


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("Where the token is used, e.g. the reporting script."),
    )


class UnitScopeForm(forms.Form):
    """The team pages' unit choice. A supervisor sees their own unit's team unless they
    choose another unit or all units, so that the team pages stay the size of a team
    whatever the size of the organisation. The team of a unit is its workers."""

    ALL_UNITS = "all"
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, data, *, user: User, **kwargs):
        data = data.copy()
        if not data.get("unit"):
            data["unit"] = str(user.unit_id) if user.unit_id else self.ALL_UNITS
        super().__init__(data, **kwargs)
        self.fields["unit"].choices = [
            (self.ALL_UNITS, _("All units")),
            *((str(u.pk), str(u)) for u in unit_list(user=user)),
        ]

    def unit_id(self) -> int | None:
        """The unit chosen; None for all units (and for an unknown value, which the form
        marks invalid)."""
        value = self.data["unit"]
        valid = value in dict(self.fields["unit"].choices)
        return int(value) if valid and value != self.ALL_UNITS else None
