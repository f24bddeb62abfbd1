from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "tyopolku.pathway"
    label = "pathway"
