from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "tyopolku.fidelity"
    verbose_name = "Fidelity reviews"
