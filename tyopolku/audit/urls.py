from django.urls import path

from tyopolku.audit import views

urlpatterns = [
    path(
        "clients/<id:client_id>/access-log/",
        views.client_access_log,
        name="client_access_log",
    ),
    path(
        "clients/<id:client_id>/access-log.csv",
        views.client_access_log_csv,
        name="client_access_log_csv",
    ),
]
