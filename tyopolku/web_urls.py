"""The web UI's pages, one include per domain app."""

from django.urls import include, path

urlpatterns = [
    path("", include("tyopolku.accounts.urls")),
    path("", include("tyopolku.clients.urls")),
    path("", include("tyopolku.pathway.urls")),
    path("", include("tyopolku.audit.urls")),
    path("", include("tyopolku.employers.urls")),
    path("", include("tyopolku.placements.urls")),
    path("", include("tyopolku.matching.urls")),
    path("", include("tyopolku.fidelity.urls")),
    path("", include("tyopolku.reports.urls")),
    path("", include("tyopolku.background.urls")),
    path("", include("tyopolku.workability.urls")),
    path("", include("tyopolku.subcontracting.urls")),
    path("", include("tyopolku.workactivity.urls")),
    path("", include("tyopolku.wagework.urls")),
]
