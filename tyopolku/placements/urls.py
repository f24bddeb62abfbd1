from django.urls import path

from tyopolku.placements import views

urlpatterns = [
    path(
        "enrollments/<id:enrollment_id>/placements/new/",
        views.placement_create,
        name="placement_create",
    ),
    path(
        "enrollments/<id:enrollment_id>/placements/estimate/",
        views.placement_estimate,
        name="placement_estimate",
    ),
    path("placements/openings/", views.placement_openings, name="placement_openings"),
    path("placements/<id:placement_id>/", views.placement_detail, name="placement_detail"),
    path("placements/<id:placement_id>/end/", views.placement_end, name="placement_end"),
]
