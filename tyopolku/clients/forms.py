"""Forms of the client pages. They only collect input: the services validate and save."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tyopolku.accounts.models import User
from tyopolku.accounts.selectors import worker_list
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.selectors import target_group_list
from tyopolku.core.forms import FinnishDateInput
from tyopolku.core.params import SEARCH_MAX_LENGTH


class ClientSearchForm(forms.Form):
    search = forms.CharField(
        label=_("Search by name or personal identity code"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        # Live search: htmx swaps only the results while the user types. Sent by POST, never
        # in the address (clients/views.py client_list).
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-post": reverse_lazy("client_list"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#client-results",
            }
        ),
    )


class ClientForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    personal_id = forms.CharField(
        label=_("Personal identity code"),
        required=False,
        max_length=20,
        help_text=_("DDMMYYCNNNX, e.g. 010190-123A. The date of birth is read from it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Only if the client has no Finnish personal identity code."),
        widget=FinnishDateInput(),
    )
    municipality_code = forms.CharField(
        label=_("Municipality code"),
        required=False,
        max_length=3,
        help_text=_("Three digits, e.g. 153 for Imatra."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].choices = [(g.code, str(g)) for g in target_group_list()]

    @classmethod
    def for_client(cls, client: Client, data=None) -> "ClientForm":
        """The edit form. A code carries the birth date, so the date field starts empty
        unless there is no code."""
        initial = {
            "first_name": client.first_name,
            "last_name": client.last_name,
            "personal_id": client.personal_id or "",
            "birth_date": None if client.personal_id else client.birth_date,
            "municipality_code": client.municipality_code,
            "phone": client.phone,
            "email": client.email,
            "target_groups": [g.code for g in client.target_groups.all()],
        }
        return cls(data=data, initial=initial)

    @staticmethod
    def service_kwargs(cleaned_data: dict) -> dict:
        """The cleaned data as `client_create`/`client_update` take it (no code = None)."""
        return {**cleaned_data, "personal_id": cleaned_data["personal_id"].strip() or None}


class ConsentsForm(forms.Form):
    thl_evaluation = forms.BooleanField(label=_("THL evaluation study"), required=False)
    thl_follow_up = forms.BooleanField(label=_("THL follow-up study"), required=False)
    information_sharing = forms.BooleanField(label=_("Information sharing"), required=False)

    @classmethod
    def for_consents(cls, consents) -> "ConsentsForm":
        return cls(initial={c.kind: c.given for c in consents})


class ClientWorkerForm(forms.Form):
    """A supervisor brings a worker into the client relationship."""

    worker_id = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Works as"), choices=ClientWorker.Kind.choices, initial=ClientWorker.Kind.OTHER
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker_id"].choices = [
            ("", _("Choose a worker")),
            *((str(w.pk), str(w)) for w in worker_list(user=user)),
        ]


class ClientWorkerEndForm(forms.Form):
    """Ends one worker's link today; prefixed with the link so each row has its own ids."""

    reason = forms.CharField(label=_("Reason for ending"), max_length=200)

    @classmethod
    def for_link(cls, link_id: int, data=None) -> "ClientWorkerEndForm":
        return cls(data, prefix=f"end{link_id}")
