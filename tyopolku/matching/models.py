"""The client's job preferences (IPS principle 4: the client's preferences steer the job
search). Client data: read and written only through the enrollment selectors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tyopolku.core.models import OrganisationKeyed


class JobPreference(OrganisationKeyed):
    organisation_parent = "enrollment"

    enrollment = models.OneToOneField(
        "pathway.Enrollment", on_delete=models.CASCADE, related_name="job_preference"
    )
    wanted_work = models.TextField(_("wanted work"), blank=True)
    # Lists of lower-case words and codes; JSON keeps them one value each in the API.
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    industry_codes = models.JSONField(_("fields (TOL 2008)"), default=list, blank=True)
    hours_min = models.DecimalField(
        _("at least hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hours_max = models.DecimalField(
        _("at most hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    municipality_codes = models.JSONField(_("municipalities"), default=list, blank=True)
    avoid = models.TextField(_("conditions to avoid"), blank=True)
    avoid_keywords = models.JSONField(_("keywords to avoid"), default=list, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    # " i:47 i:4711 m:405 ": the codes as delimited text, so that a plain `contains` finds
    # the clients wanting a field or a municipality on SQLite and PostgreSQL alike.
    match_index = models.TextField(blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("job preferences")
        verbose_name_plural = _("job preferences")

    @staticmethod
    def index_text(industry_codes: list[str], municipality_codes: list[str]) -> str:
        terms = [f"i:{c}" for c in industry_codes] + [f"m:{c}" for c in municipality_codes]
        return f" {' '.join(terms)} " if terms else ""
