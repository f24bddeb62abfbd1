from django.urls import path

from tyopolku.workactivity import views

urlpatterns = [
    path("work-activity/", views.agreement_list, name="workact_agreements"),
    path(
        "work-activity/enrollments/<int:enrollment_id>/agreement/",
        views.agreement_create,
        name="workact_agreement_create",
    ),
    path(
        "work-activity/agreements/<int:agreement_id>/",
        views.agreement_detail,
        name="workact_agreement",
    ),
    path(
        "work-activity/agreements/<int:agreement_id>/edit/",
        views.agreement_edit,
        name="workact_agreement_edit",
    ),
    path(
        "work-activity/agreements/<int:agreement_id>/review/",
        views.review_create,
        name="workact_review_create",
    ),
    path("work-activity/attendance/", views.attendance_day, name="workact_attendance"),
    path("work-activity/work-share/", views.work_share_page, name="workact_work_share"),
    path("work-activity/work-share.csv", views.work_share_csv, name="workact_work_share_csv"),
    path(
        "work-activity/agreements/<int:agreement_id>/screening/",
        views.screening,
        name="workact_screening",
    ),
    path(
        "work-activity/agreements/<int:agreement_id>/refer-ips/",
        views.refer_ips,
        name="workact_refer_ips",
    ),
    path(
        "work-activity/agreements/<int:agreement_id>/statement/",
        views.statement,
        name="workact_statement",
    ),
    path(
        "work-activity/agreements/<int:agreement_id>/statement.pdf",
        views.statement_pdf,
        name="workact_statement_pdf",
    ),
    path("work-activity/statements/", views.statements_page, name="workact_statements"),
    path("work-activity/candidates/", views.screening_candidates, name="workact_candidates"),
]
