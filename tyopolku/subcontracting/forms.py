"""Forms of the group-work pages: they only collect input; the services check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyopolku.core.forms import FinnishDateInput
from tyopolku.subcontracting.models import OrderPricing, ServiceType
from tyopolku.workactivity.forms import AgreementCreateForm


def _decimal_input(hint: str) -> forms.TextInput:
    # A phone shows its number pad; the decimal comma is taken as well as the point.
    return forms.TextInput(attrs={"inputmode": "decimal", "placeholder": hint})


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit_id = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = [(u.pk, u.name) for u in units]


class MemberForm(forms.Form):
    client_id = forms.IntegerField(label=_("Client number"), min_value=1)
    start_date = forms.DateField(label=_("Start date"), widget=FinnishDateInput())
    end_date = forms.DateField(label=_("End date"), widget=FinnishDateInput(), required=False)
    weekly_hours = forms.CharField(label=_("Hours a week"), widget=_decimal_input("25"))
    pay_group = forms.CharField(label=_("Pay group"), max_length=40)


class OrderForm(forms.Form):
    customer_id = forms.TypedChoiceField(label=_("Customer"), coerce=int)
    group_id = forms.TypedChoiceField(label=_("Group"), coerce=int)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    pricing = forms.ChoiceField(
        label=_("Pricing"),
        choices=OrderPricing.choices,
        initial=OrderPricing.HOURLY,
        required=False,  # per hour unless chosen
    )
    hourly_price = forms.CharField(
        label=_("Price per hour excl. VAT (€)"), required=False, widget=_decimal_input("28,50")
    )
    monthly_price = forms.CharField(
        label=_("Fixed price per month excl. VAT (€)"),
        required=False,
        help_text=_("Charged for each calendar month from the first day of the start month."),
        widget=_decimal_input("1450,00"),
    )
    vat_percent = forms.CharField(
        label=_("VAT % (empty: the general rate of each day)"),
        required=False,
        widget=_decimal_input("25,5"),
    )
    start_date = forms.DateField(label=_("Start date"), widget=FinnishDateInput())
    end_date = forms.DateField(label=_("End date"), widget=FinnishDateInput(), required=False)
    site = forms.CharField(label=_("Site"), max_length=200, required=False)

    def __init__(self, *args, customers=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [(c.pk, c.name) for c in customers]
        self.fields["group_id"].choices = [(g.pk, g.name) for g in groups]


class WorkLogForm(forms.Form):
    member_id = forms.TypedChoiceField(label=_("Member"), coerce=int)
    date = forms.DateField(label=_("Date"), widget=FinnishDateInput())
    hours = forms.CharField(label=_("Hours"), widget=_decimal_input("7,5"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_id"].choices = [(m.pk, m.client.full_name) for m in members]


class InvoiceRunForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=FinnishDateInput())
    period_end = forms.DateField(label=_("Period end"), widget=FinnishDateInput())


class BillingForm(forms.Form):
    einvoice_address = forms.CharField(
        label=_("E-invoice address"),
        max_length=40,
        required=False,
        help_text=_("OVT code, e.g. 003712345671, or a Peppol id, e.g. 0216:003712345671."),
    )
    operator_id = forms.CharField(label=_("Operator ID"), max_length=35, required=False)


class MemberReturnForm(AgreementCreateForm):
    """The last day of paid work and the terms of the work activity agreement that follows;
    the agreement starts the next day unless a start date is given."""

    last_day = forms.DateField(label=_("Last day of paid work"), widget=FinnishDateInput())
    version = forms.IntegerField(widget=forms.HiddenInput())

    field_order = ["last_day", "start_date", "end_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start = self.fields["start_date"]
        start.required = False
        start.help_text = _("Empty: the day after the last day of paid work.")
