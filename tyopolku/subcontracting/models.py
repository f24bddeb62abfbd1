"""Paid group work (alihankintamalli, seed 002): groups whose members the organisation
employs under the collective agreement, customers' orders, the hours worked on them and the
invoices made from those hours.

Money is Decimal, rounded half up to the cent. Rates and wages are dated rows. An invoice
is never changed once made (it is sent as it is); a mistake is put right with a credit note.
The invoice keeps everything printed on it (seller, buyer, account), so that a later change
in the register does not change an invoice already sent; the formats (PDF, Finvoice) are
written from the invoice alone.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tyopolku.core.models import OrganisationKeyed


class ServiceType(models.TextChoices):
    CLEANING = "cleaning", _("Cleaning")
    PROPERTY_MAINTENANCE = "property_maintenance", _("Property maintenance")
    RENOVATION = "renovation", _("Renovation")
    CAFE = "cafe", _("Café")
    ASSISTING = "assisting", _("Assisting tasks")


class WorkGroup(models.Model):
    """A subcontracting group of a unit (e.g. a renovation crew or a café team)."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="work_groups"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    service_type = models.CharField(_("service type"), max_length=30, choices=ServiceType.choices)
    work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work coach"),
    )
    peer_instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("peer instructor"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("work group")
        verbose_name_plural = _("work groups")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PayGroupWage(models.Model):
    """The collective agreement's hourly wage of a pay group from `valid_from` on."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="pay_group_wages"
    )
    pay_group = models.CharField(_("pay group"), max_length=40)
    valid_from = models.DateField(_("valid from"))
    hourly_wage = models.DecimalField(
        _("hourly wage (€)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    agreement = models.CharField(_("collective agreement"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("wage of a pay group")
        verbose_name_plural = _("wage table")
        ordering = ["pay_group", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "pay_group", "valid_from"], name="pay_group_wage_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pay_group} {self.hourly_wage} € ({self.valid_from:%d.%m.%Y}–)"


class GroupMember(OrganisationKeyed):
    """A client employed by the organisation to work in a group: the employment contract."""

    organisation_parent = "group"

    group = models.ForeignKey(WorkGroup, on_delete=models.PROTECT, related_name="members")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="group_memberships"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    weekly_hours = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=2)
    pay_group = models.CharField(_("pay group"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "client", "start_date"], name="group_member_once_a_start"
            )
        ]


class WageBudget(models.Model):
    """The money a unit reserves in its budget for the members' wages in a year (seed 002:
    budgets at unit level reserve money for the clients' wages)."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="wage_budgets"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("reserved for wages (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("wage budget")
        verbose_name_plural = _("wage budgets")
        ordering = ["-year", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="wage_budget_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class VatRate(models.Model):
    """The general VAT rate of Finland from `valid_from` on (set by law, for every
    organisation): 24 % until 31.8.2024, 25.5 % since 1.9.2024."""

    valid_from = models.DateField(_("valid from"), unique=True)
    percent = models.DecimalField(_("VAT %"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.percent} % ({self.valid_from:%d.%m.%Y}–)"


class InvoicingSetting(models.Model):
    """The organisation's invoicing details from `valid_from` on: the account paid into,
    its own business ID and the payment term."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="invoicing_settings"
    )
    valid_from = models.DateField(_("valid from"))
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    payment_term_days = models.PositiveSmallIntegerField(_("payment term (days)"), default=14)

    class Meta:
        verbose_name = _("invoicing setting")
        verbose_name_plural = _("invoicing settings")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="invoicing_setting_once_a_day"
            )
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from stdnum import iban as stdnum_iban
        from stdnum.exceptions import ValidationError as StdnumError

        try:
            self.iban = stdnum_iban.validate(self.iban)
        except StdnumError:
            raise ValidationError({"iban": _("Not a valid IBAN: check the digits.")}) from None


class CustomerBilling(OrganisationKeyed):
    """How a customer (an employer of the register) takes its e-invoices: its e-invoice
    address (OVT code, or a Peppol id `0216:` + OVT) and its operator's id."""

    organisation_parent = "employer"

    employer = models.OneToOneField(
        "employers.Employer", on_delete=models.CASCADE, related_name="billing"
    )
    einvoice_address = models.CharField(_("e-invoice address"), max_length=40, blank=True)
    operator_id = models.CharField(_("e-invoice operator"), max_length=35, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("customer's invoicing details")
        verbose_name_plural = _("customers' invoicing details")


class OrderPricing(models.TextChoices):
    HOURLY = "hourly", _("Price per hour")
    FIXED_MONTHLY = "fixed_monthly", _("Fixed price per month")


class Order(models.Model):
    """A customer's order (or framework agreement) of a group's work, priced per hour
    worked or at a fixed price per calendar month (kuukausihinta). A fixed-price order
    runs in whole calendar months; its hours are still logged, for the members' pay."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="work_orders"
    )
    customer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="work_orders"
    )
    group = models.ForeignKey(WorkGroup, on_delete=models.PROTECT, related_name="orders")
    service_type = models.CharField(_("service type"), max_length=30, choices=ServiceType.choices)
    pricing = models.CharField(
        _("pricing"), max_length=15, choices=OrderPricing.choices, default=OrderPricing.HOURLY
    )
    hourly_price = models.DecimalField(
        _("price per hour excl. VAT (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    monthly_price = models.DecimalField(
        _("price per month excl. VAT (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # None: the general rate in force on the day of the work.
    vat_percent = models.DecimalField(
        _("VAT %"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    site = models.CharField(_("site"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        pricing=OrderPricing.HOURLY,
                        hourly_price__isnull=False,
                        monthly_price__isnull=True,
                    )
                    | Q(
                        pricing=OrderPricing.FIXED_MONTHLY,
                        hourly_price__isnull=True,
                        monthly_price__isnull=False,
                    )
                ),
                name="order_has_the_price_of_its_pricing",
            )
        ]

    @property
    def is_fixed_price(self) -> bool:
        return self.pricing == OrderPricing.FIXED_MONTHLY


class WorkLog(OrganisationKeyed):
    """Hours a member worked on an order on a day. A correction is a new row; the old one
    stays, pointing to it (`superseded_by`), so every change leaves a trace."""

    organisation_parent = "order"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="work_logs")
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="work_logs")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrects"
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    # The invoice line that billed it; cleared when the invoice is credited.
    invoice_line = models.ForeignKey(
        "InvoiceLine", on_delete=models.PROTECT, null=True, blank=True, related_name="work_logs"
    )

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["order", "date"])]


class InvoiceNumberSeries(models.Model):
    """The organisation's next invoice number: taken under a row lock, so two invoice runs
    at once never get the same number (the unique constraint on Invoice is the last guard)."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="invoice_number_series"
    )
    next_number = models.PositiveBigIntegerField(default=1001, validators=[MinValueValidator(100)])


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class Invoice(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="invoices"
    )
    customer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.PositiveBigIntegerField(_("invoice number"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    credited_invoice = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_note"
    )
    invoice_date = models.DateField(_("invoice date"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    reference_number = models.CharField(_("reference number"), max_length=20)
    rf_reference = models.CharField(_("RF reference"), max_length=25)
    # What the invoice says, as it was when it was made.
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    seller_name = models.CharField(max_length=200)
    seller_business_id = models.CharField(max_length=9, blank=True)
    seller_street_address = models.CharField(max_length=200, blank=True)
    seller_postal_code = models.CharField(max_length=5, blank=True)
    seller_post_office = models.CharField(max_length=100, blank=True)
    buyer_name = models.CharField(max_length=200)
    buyer_business_id = models.CharField(max_length=9)
    buyer_street_address = models.CharField(max_length=200, blank=True)
    buyer_postal_code = models.CharField(max_length=5, blank=True)
    buyer_post_office = models.CharField(max_length=100, blank=True)
    buyer_einvoice_address = models.CharField(max_length=40, blank=True)
    buyer_operator_id = models.CharField(max_length=35, blank=True)
    total_excluding_vat = models.DecimalField(max_digits=12, decimal_places=2)
    vat_amount = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="invoice_number_once")
        ]

    def __str__(self) -> str:
        return str(self.number)


class LineUnit(models.TextChoices):
    HOUR = "hour", _("h")
    MONTH = "month", _("month")


class InvoiceLine(OrganisationKeyed):
    """One line: an order's hours at one VAT rate, or one month of a fixed-price order.
    VAT is reckoned and rounded per line. The quantity is in `unit`, so that each format
    writes its own unit code (Finvoice and UBL both take UN/ECE recommendation 20)."""

    organisation_parent = "invoice"

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=9, decimal_places=2)
    unit = models.CharField(max_length=10, choices=LineUnit.choices, default=LineUnit.HOUR)
    unit_price = models.DecimalField(max_digits=9, decimal_places=2)
    vat_percent = models.DecimalField(max_digits=4, decimal_places=1)
    total_excluding_vat = models.DecimalField(max_digits=12, decimal_places=2)
    vat_amount = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["invoice", "position"]


class FixedPriceCharge(OrganisationKeyed):
    """A month of a fixed-price order, billed on an invoice line. The database keeps one
    charge in force per order and month, so a month is never billed twice; crediting the
    invoice marks its charges credited, and the month can be billed anew."""

    organisation_parent = "order"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="fixed_charges")
    month = models.DateField(_("month"))  # its first day
    invoice_line = models.ForeignKey(
        InvoiceLine, on_delete=models.PROTECT, related_name="fixed_charges"
    )
    credited = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "month"],
                condition=Q(credited=False),
                name="fixed_charge_once_a_month",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="fixed_charge_first_day"),
        ]
