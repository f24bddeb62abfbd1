from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WageWorkConfig(AppConfig):
    name = "tyopolku.wagework"
    label = "wagework"
    verbose_name = _("Wage work")
