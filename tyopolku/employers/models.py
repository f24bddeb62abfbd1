"""The shared employer register of an organisation (yritysrekisteri, seed 001)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tyopolku.core.models import OrganisationKeyed


class EmployerType(models.TextChoices):
    COMPANY = "company", _("Company")
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    PUBLIC = "public", _("Public sector")
    OTHER = "other", _("Other")


class Employer(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="employers"
    )
    name = models.CharField(_("name"), max_length=200)
    # Y-tunnus, normalised by python-stdnum as 1234567-8.
    business_id = models.CharField(_("business ID"), max_length=9)
    employer_type = models.CharField(
        _("type"), max_length=20, choices=EmployerType.choices, default=EmployerType.COMPANY
    )
    industry_code = models.CharField(_("industry (TOL 2008)"), max_length=6, blank=True)
    municipality_code = models.CharField(_("municipality"), max_length=3, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "business_id"], name="business_id_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(OrganisationKeyed):
    organisation_parent = "employer"

    class LegalBasis(models.TextChoices):
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (GDPR 6.1 f)")
        CONSENT = "consent", _("Consent (GDPR 6.1 a)")
        PUBLIC_TASK = "public_task", _("Public task (GDPR 6.1 e)")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    legal_basis = models.CharField(
        _("legal basis of processing"),
        max_length=30,
        choices=LegalBasis.choices,
        default=LegalBasis.LEGITIMATE_INTEREST,
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("Meeting")


# Face-to-face contacts count for IPS job development (IPS.md items 15–18).
FACE_TO_FACE = frozenset({ContactKind.VISIT, ContactKind.MEETING})


class ContactPurpose(models.TextChoices):
    JOB_DEVELOPMENT = "job_development", _("Job development")
    FOLLOW_ALONG = "follow_along", _("Follow-along support")
    EMPLOYER_SUPPORT = "employer_support", _("Support to the employer and work community")
    RECRUITMENT = "recruitment", _("Recruitment for an opening")
    OTHER = "other", _("Other")


class EmployerContact(OrganisationKeyed):
    """A contact a coach made with an employer (yrityskontaktointi). `enrollment` says on whose
    behalf; that link is client data and shown only to users who may see the client."""

    organisation_parent = "employer"

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contacts")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    purpose = models.CharField(_("purpose"), max_length=30, choices=ContactPurpose.choices)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    contact_person = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer_contacts"
    )
    enrollment = models.ForeignKey(
        "pathway.Enrollment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_contacts",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        ordering = ["-date", "-pk"]
        # A coach's contacts in a date range: the dashboard counts them per coach for this
        # week and the 12 before it (without it each coach's whole history was read).
        indexes = [models.Index(fields=["made_by", "date"])]


class Opening(OrganisationKeyed):
    organisation_parent = "employer"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="openings")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    open_until = models.DateField(_("open until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PrivacyStatement(models.Model):
    """The organisation's settings from which the register's privacy statement
    (tietosuojaseloste, GDPR art. 13/14) is generated. Empty fields get the defaults of
    `tyopolku.employers.privacy`, so a new organisation has a lawful statement at once."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="privacy_statement"
    )
    controller = models.CharField(_("controller"), max_length=200, blank=True)
    controller_address = models.TextField(_("controller's address"), blank=True)
    contact_person = models.TextField(_("contact person for the register"), blank=True)
    data_protection_officer = models.TextField(_("data protection officer"), blank=True)
    purposes = models.TextField(_("purposes of processing"), blank=True)
    legal_basis = models.TextField(_("legal basis of processing"), blank=True)
    data_categories = models.TextField(_("categories of personal data"), blank=True)
    sources = models.TextField(_("sources of the data"), blank=True)
    recipients = models.TextField(_("recipients and disclosures"), blank=True)
    transfers = models.TextField(_("transfers outside the EU/EEA"), blank=True)
    retention = models.TextField(_("retention period"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("privacy statement of the employer register")
        verbose_name_plural = _("privacy statements of the employer register")


class EmployerImport(models.Model):
    """One spreadsheet brought into the register: kept from the preview to the import, and
    afterwards as the record of what was imported, by whom and when."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="employer_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded bytes until the import is done or discarded (then emptied).
    content = models.BinaryField(default=bytes)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    row_count = models.PositiveIntegerField(default=0)
    accepted_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)
    employers_created = models.PositiveIntegerField(default=0)
    contact_persons_created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("employer import")
        verbose_name_plural = _("employer imports")
        ordering = ["-created_at", "-pk"]
