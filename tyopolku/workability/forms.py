"""Forms of the work-ability pages. Field names follow the services' so that their errors
land next to the right field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.accounts.models import User
from tyopolku.accounts.selectors import unit_list, worker_list
from tyopolku.clients.models import ClientWorker
from tyopolku.core.dates import today
from tyopolku.core.forms import FinnishDateInput
from tyopolku.core.validation import NOTES_MAX
from tyopolku.pathway.models import ServiceModel
from tyopolku.workability.models import HolidayRule, ResponsibleParty, ServiceNeed, Weekday
from tyopolku.workability.selectors import FEEDBACK_QUESTIONS
from tyopolku.workability.services import MAX_GOALS, SHORT_TEXT


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=FinnishDateInput(), **kwargs)


def _text(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTES_MAX, **kwargs
    )


class AssessmentForm(forms.Form):
    initiated_on = _date(
        _("Matter pending since"),
        required=False,
        help_text=_("The deadlines count from this day. Empty: the start date."),
    )
    started_on = _date(_("Started"), initial=today)
    completed_on = _date(_("Completed"), required=False)
    participants = _text(_("Who took part"), required=False)
    client_view = _text(_("The client's own view"), required=False)
    summary = _text(_("Summary"), required=False)
    services_needed = forms.MultipleChoiceField(
        label=_("Services needed"),
        choices=ServiceNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ClientPlanForm(forms.Form):
    client_assessment = _text(
        _("The client's own assessment of their strengths and needs"), required=False
    )
    worker_assessment = _text(
        _("The worker's assessment of the client's strengths and needs"), required=False
    )
    goals = forms.CharField(
        label=_("Goals in the client's own words"),
        help_text=_("One goal a line."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTES_MAX * 2,
    )
    review_on = _date(_("Review on"), required=False)
    agreed_with_client = forms.BooleanField(
        label=_("The client agrees with the plan"), required=False
    )

    def clean_goals(self) -> list[str]:
        goals = [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]
        if len(goals) > MAX_GOALS:
            raise forms.ValidationError(_("At most %(n)s items.") % {"n": MAX_GOALS})
        return goals


class PlanActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), required=False, max_length=NOTES_MAX)
    responsible_party = forms.ChoiceField(
        label=_("Responsible party"), choices=ResponsibleParty.choices, required=False
    )
    responsible = forms.CharField(
        label=_("Responsible (name or organisation)"), required=False, max_length=SHORT_TEXT
    )
    due_date = _date(_("Due date"), required=False)

    def action(self) -> dict | None:
        """The action as the service takes it, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("text"):
            return None
        party = data.get("responsible_party") or ResponsibleParty.OTHER
        return {
            "text": data["text"],
            "responsible": data.get("responsible") or str(ResponsibleParty(party).label),
            "responsible_party": party,
            "due_date": data.get("due_date"),
        }


PlanActionFormSet = forms.formset_factory(PlanActionForm, extra=4, max_num=20)


class ReferralForm(forms.Form):
    to_service_model = forms.ChoiceField(label=_("Service model"), choices=ServiceModel.choices)
    to_unit_id = forms.TypedChoiceField(
        label=_("Service unit"), coerce=int, empty_value=None, required=False
    )
    reason = _text(_("Reason for the referral"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit_id"].choices = [
            ("", _("Any unit")),
            *((unit.pk, unit.name) for unit in unit_list(user=user)),
        ]


class AcceptForm(forms.Form):
    start_date = _date(_("Start date"), initial=today)


class DeclineForm(forms.Form):
    reason = _text(_("Reason for declining"))


class HandOverForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Task"),
        choices=[
            (ClientWorker.Kind.CASE_MANAGER, ClientWorker.Kind.CASE_MANAGER.label),
            (ClientWorker.Kind.PERSONAL_WORKER, ClientWorker.Kind.PERSONAL_WORKER.label),
        ],
    )
    worker_id = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    reason = forms.CharField(
        label=_("Reason for the handover"), required=False, max_length=SHORT_TEXT
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker_id"].choices = [
            (worker.pk, str(worker)) for worker in worker_list(user=user)
        ]


class NetworkMeetingForm(forms.Form):
    date = _date(_("Date"), initial=today)
    agenda = _text(_("Agenda"), required=False)
    decisions = _text(_("Decisions"), required=False)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=SHORT_TEXT)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=SHORT_TEXT)
    role = forms.CharField(label=_("Role"), required=False, max_length=SHORT_TEXT)

    def row(self) -> dict | None:
        data = self.cleaned_data
        return dict(data) if any(data.values()) else None


class TaskForm(forms.Form):
    text = forms.CharField(label=_("Task"), required=False, max_length=NOTES_MAX)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=SHORT_TEXT)
    due_date = _date(_("Due date"), required=False)

    def row(self) -> dict | None:
        data = self.cleaned_data
        return dict(data) if data.get("text") or data.get("owner") else None


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=4, max_num=30)
TaskFormSet = forms.formset_factory(TaskForm, extra=3, max_num=30)


class TeamMeetingForm(forms.Form):
    unit_id = forms.TypedChoiceField(label=_("Service unit"), coerce=int)
    date = _date(_("Date"), initial=today)
    agenda = _text(
        _("Agenda"),
        required=False,
        help_text=_(
            "No client names or identity codes: the whole team reads this, "
            "peer instructors and experts by experience too."
        ),
    )
    minutes = _text(_("Minutes"), required=False)
    attendees = forms.MultipleChoiceField(
        label=_("Attendees"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = [(u.pk, u.name) for u in unit_list(user=user)]
        if user.unit_id:
            self.fields["unit_id"].initial = user.unit_id
        self.fields["attendees"].choices = [
            (u.username, str(u))
            for u in User.objects.filter(
                organization_id=user.organization_id, is_active=True
            ).order_by("last_name", "first_name")
        ]


class StaffTrainingForm(forms.Form):
    worker_id = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    training = forms.ChoiceField(label=_("Training"))
    completed_on = _date(_("Completed on"), initial=today)
    expires_on = _date(
        _("Valid until"), required=False, help_text=_("Leave empty if it does not expire.")
    )

    def __init__(self, *args, user: User, unit, trainings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker_id"].choices = [
            (u.pk, str(u)) for u in worker_list(user=user).filter(unit=unit)
        ]
        self.fields["training"].choices = [(t.code, str(t)) for t in trainings]


class FeedbackLinkForm(forms.Form):
    unit_id = forms.TypedChoiceField(label=_("Service unit"), coerce=int)
    service_model = forms.ChoiceField(label=_("Service model"), choices=ServiceModel.choices)
    single_use = forms.BooleanField(
        label=_("One answer only"),
        required=False,
        initial=True,
        help_text=_("Untick for a link shown to many, such as a QR code on a notice board."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = [(u.pk, u.name) for u in unit_list(user=user)]
        if user.unit_id:
            self.fields["unit_id"].initial = user.unit_id


SCORES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    """The anonymous questionnaire: each question 1 (not at all) to 5 (fully)."""

    free_text = forms.CharField(
        label=_("Anything else you want to say? (Please do not write names.)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in FEEDBACK_QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=SCORES, coerce=int, widget=forms.RadioSelect
            )
        # The free text last.
        self.fields["free_text"] = self.fields.pop("free_text")


class TeamScheduleForm(forms.Form):
    starts_on = _date(_("First meeting on or after"), initial=today)
    weekday = forms.TypedChoiceField(label=_("Weekday"), coerce=int, choices=Weekday.choices)
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    interval_weeks = forms.IntegerField(
        label=_("Every … weeks"), min_value=1, max_value=4, initial=2
    )
    ends_on = _date(
        _("Last meeting on or before"), required=False, help_text=_("Empty: until further notice.")
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=SHORT_TEXT,
        help_text=_("No client names: the whole team reads this."),
    )
    on_holiday = forms.ChoiceField(
        label=_("A meeting on a holiday"),
        choices=HolidayRule.choices,
        initial=HolidayRule.SHIFT,
        widget=forms.RadioSelect,
    )


class TeamMeetingChangeForm(forms.Form):
    """Move, cancel or restore one meeting of the schedule (the button says which)."""

    original_date = forms.DateField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("move", _("Move")), ("cancel", _("Cancel")), ("restore", _("Restore"))]
    )
    new_date = _date(_("New day"), required=False)
    new_time = forms.TimeField(
        label=_("New time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=SHORT_TEXT)
