from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tyopolku.matching"
    label = "matching"
