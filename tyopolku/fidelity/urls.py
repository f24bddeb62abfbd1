from django.urls import path

from tyopolku.fidelity import views

urlpatterns = [
    path("fidelity/", views.fidelity_home, name="fidelity_home"),
    path("fidelity/units/<int:unit_id>/", views.fidelity_unit, name="fidelity_unit"),
    path(
        "fidelity/units/<int:unit_id>/reviews/new/",
        views.fidelity_review_create,
        name="fidelity_review_create",
    ),
    path(
        "fidelity/reviews/<int:review_id>/",
        views.fidelity_review_detail,
        name="fidelity_review_detail",
    ),
    path(
        "fidelity/reviews/<int:review_id>/edit/",
        views.fidelity_review_edit,
        name="fidelity_review_edit",
    ),
    path(
        "fidelity/reviews/<int:review_id>/pdf/",
        views.fidelity_review_pdf,
        name="fidelity_review_pdf",
    ),
    path(
        "fidelity/reviews/<int:review_id>/actions/",
        views.fidelity_action_create,
        name="fidelity_action_create",
    ),
    path(
        "fidelity/actions/<int:action_id>/status/",
        views.fidelity_action_status,
        name="fidelity_action_status",
    ),
]
