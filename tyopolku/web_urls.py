"""The web UI's pages, one include per domain app."""

from django.urls import include, path

urlpatterns = [
    path("", include("tyopolku.accounts.urls")),
]
