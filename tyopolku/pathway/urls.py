from django.urls import path

from tyopolku.pathway import views

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path(
        "clients/<id:client_id>/enrollments/new/",
        views.enrollment_create,
        name="enrollment_create",
    ),
    path("enrollments/<id:enrollment_id>/", views.enrollment_detail, name="enrollment_detail"),
    path(
        "enrollments/<id:enrollment_id>/steps/<int:number>/",
        views.intake_step_done,
        name="intake_step_done",
    ),
    path(
        "enrollments/<id:enrollment_id>/steps/<int:number>/undo/",
        views.intake_step_undo,
        name="intake_step_undo",
    ),
    path(
        "enrollments/<id:enrollment_id>/employment/",
        views.enrollment_employment,
        name="enrollment_employment",
    ),
    path("enrollments/<id:enrollment_id>/end/", views.enrollment_end, name="enrollment_end"),
    path("enrollments/<id:enrollment_id>/coach/", views.enrollment_coach, name="enrollment_coach"),
    path("enrollments/<id:enrollment_id>/start/", views.enrollment_start, name="enrollment_start"),
    path("enrollments/<id:enrollment_id>/visits/new/", views.visit_create, name="visit_create"),
    path("enrollments/<id:enrollment_id>/visits/basis/", views.visit_basis, name="visit_basis"),
]
