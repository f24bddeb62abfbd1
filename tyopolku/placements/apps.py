from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "tyopolku.placements"
    label = "placements"
