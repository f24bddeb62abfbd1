from django.urls import path

from tyopolku.matching import views

urlpatterns = [
    path(
        "enrollments/<id:enrollment_id>/preferences/",
        views.preferences_edit,
        name="preferences_edit",
    ),
    path(
        "enrollments/<id:enrollment_id>/suggestions/",
        views.enrollment_suggestions,
        name="enrollment_suggestions",
    ),
    path(
        "openings/<id:opening_id>/candidates/",
        views.opening_candidates,
        name="opening_candidates",
    ),
]
