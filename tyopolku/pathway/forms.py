"""Forms of the enrollment pages. Field names follow the services' field names so that
their errors land next to the right field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.accounts.forms import UnitScopeForm
from tyopolku.accounts.models import User
from tyopolku.accounts.roles import SEES_ALL_CLIENTS
from tyopolku.accounts.selectors import unit_list, worker_list
from tyopolku.core.dates import today
from tyopolku.core.forms import FinnishDateInput
from tyopolku.pathway.models import ServiceModel, VisitKind
from tyopolku.pathway.selectors import referral_source_list


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=FinnishDateInput(), **kwargs)


def _choices(empty_label, rows) -> list[tuple[str, str]]:
    return [("", empty_label), *((str(row.pk), str(row)) for row in rows)]


class CaseloadFilterForm(UnitScopeForm):
    """The team view's filter: a unit (see UnitScopeForm) and one of its coaches."""

    coach = forms.ChoiceField(label=_("Job coach"), required=False)

    def set_coaches(self, *, user: User, counts: dict[int, int]) -> None:
        """Coach choices: the unit's workers (all units: the organisation's), with the open
        enrollments of each (`counts`) after the name."""
        workers = worker_list(user=user)
        if (unit_id := self.unit_id()) is not None:
            workers = workers.filter(unit_id=unit_id)
        self.fields["coach"].choices = [
            ("", _("All coaches")),
            *((str(w.pk), f"{w} ({counts.get(w.pk, 0)})") for w in workers),
        ]

    def coach_id(self) -> int | None:
        if not self.is_valid() or not self.cleaned_data["coach"]:
            return None
        return int(self.cleaned_data["coach"])


class EnrollmentForm(forms.Form):
    service_model = forms.ChoiceField(label=_("Service model"), choices=ServiceModel.choices)
    unit_id = forms.TypedChoiceField(label=_("Service unit"), coerce=int, empty_value=None)
    start_date = _date_field(_("Start date"))
    referral_source = forms.ChoiceField(label=_("Referred by"), required=False)
    coach_id = forms.TypedChoiceField(
        label=_("Job coach"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "service_model": ServiceModel.IPS,
                "unit_id": user.unit_id,
                "start_date": today(),
                "coach_id": user.pk,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = _choices(_("Choose a unit"), unit_list(user=user))
        # Naming a coach gives them the client: a worker may name only themselves.
        coaches = worker_list(user=user)
        if user.role not in SEES_ALL_CLIENTS:
            coaches = coaches.filter(pk=user.pk)
        self.fields["coach_id"].choices = _choices(_("No coach yet"), coaches)
        self.fields["referral_source"].choices = [
            ("", _("Not recorded")),
            *((s.code, str(s)) for s in referral_source_list()),
        ]


class CoachChangeForm(forms.Form):
    """A supervisor hands the enrollment to another coach."""

    coach_id = forms.TypedChoiceField(
        label=_("New job coach"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach_id"].choices = _choices(_("No coach"), worker_list(user=user))


class IntakeStepForm(forms.Form):
    done_on = _date_field(_("Done on"), initial=today)


class EmploymentForm(forms.Form):
    start_date = _date_field(_("First day at work"), initial=today)


class EnrollmentEndForm(forms.Form):
    end_date = _date_field(_("Last day of the service"), initial=today)
    reason = forms.CharField(label=_("Reason for ending"), max_length=200)


class StartServiceForm(forms.Form):
    date = _date_field(_("Service starts on"), initial=today)


class VisitForm(forms.Form):
    date = _date_field(_("Date"), initial=today)
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices, initial=VisitKind.MEETING)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=24 * 60,
        initial=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    next_action = forms.CharField(
        label=_("What was agreed"),
        max_length=200,
        required=False,
        help_text=_("Shown on the caseload until the next visit changes it."),
    )
    next_action_on = _date_field(_("When"), required=False)

    def __init__(self, *args, basis_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        # A changed date asks the server which legal basis the visit would get.
        self.fields["date"].widget.attrs.update(
            {
                "hx-get": basis_url,
                "hx-trigger": "change",
                "hx-target": "#visit-basis",
                "max": today().isoformat(),
                "aria-describedby": "visit-basis",
            }
        )
