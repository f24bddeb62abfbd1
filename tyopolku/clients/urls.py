from django.urls import path

from tyopolku.clients import views

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<id:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<id:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<id:client_id>/consents/", views.client_consents, name="client_consents"),
    path("clients/<id:client_id>/workers/", views.client_worker_add, name="client_worker_add"),
    path(
        "clients/<id:client_id>/workers/<id:link_id>/end/",
        views.client_worker_end,
        name="client_worker_end",
    ),
]
