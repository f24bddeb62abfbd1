from django.contrib import admin
from django.urls import include, path, register_converter

from tyopolku.api import api
from tyopolku.core.params import IdConverter

# `<id:client_id>` in the apps' urls.py: registered before they are included below.
register_converter(IdConverter, "id")

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tyopolku.web_urls")),
]
