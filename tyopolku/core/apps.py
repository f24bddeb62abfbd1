from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tyopolku.core"
    label = "core"
