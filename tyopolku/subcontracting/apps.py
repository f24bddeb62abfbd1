from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcontractingConfig(AppConfig):
    name = "tyopolku.subcontracting"
    label = "subcontracting"
    verbose_name = _("Group work and invoicing")
