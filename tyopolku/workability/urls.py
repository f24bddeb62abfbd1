from django.urls import path

from tyopolku.workability import views

# The archive copies (PDF/A and its JSON twin) of the client documents.
ARCHIVE_ROUTES = [
    (f"{prefix}/<id:{id_name}>/archive.{fmt}", {"kind": kind, "fmt": fmt}, f"{kind}_archive_{fmt}")
    for prefix, id_name, kind in (
        ("service-need-assessments", "assessment_id", "service_need_assessment"),
        ("client-plans", "plan_id", "client_plan"),
        ("network-meetings", "network_meeting_id", "network_meeting"),
    )
    for fmt in ("pdf", "json")
]

urlpatterns = [
    *(
        path(route, views.archive_download, kwargs, name=name)
        for route, kwargs, name in ARCHIVE_ROUTES
    ),
    path(
        "clients/<id:client_id>/work-ability/",
        views.workability_client,
        name="workability_client",
    ),
    path(
        "clients/<id:client_id>/work-ability/hand-over/",
        views.responsible_worker_hand_over,
        name="responsible_worker_hand_over",
    ),
    path(
        "clients/<id:client_id>/service-need-assessments/new/",
        views.assessment_create,
        name="assessment_create",
    ),
    path(
        "service-need-assessments/<id:assessment_id>/edit/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "clients/<id:client_id>/client-plans/new/",
        views.client_plan_create,
        name="client_plan_create",
    ),
    path("client-plans/<id:plan_id>/", views.client_plan_detail, name="client_plan_detail"),
    path("client-plans/<id:plan_id>/pdf/", views.client_plan_pdf, name="client_plan_pdf"),
    path("clients/<id:client_id>/referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<id:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<id:referral_id>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<id:referral_id>/decline/", views.referral_decline, name="referral_decline"),
    path(
        "clients/<id:client_id>/network-meetings/new/",
        views.network_meeting_create,
        name="network_meeting_create",
    ),
    path("team-meetings/", views.team_meeting_list, name="team_meeting_list"),
    path(
        "units/<id:unit_id>/team-meeting-schedule/", views.team_schedule, name="team_schedule"
    ),
    path(
        "units/<id:unit_id>/team-meeting-schedule/changes/",
        views.team_meeting_change,
        name="team_meeting_change",
    ),
    path("staff/", views.staff_home, name="staff_home"),
    path("units/<id:unit_id>/trainings/", views.unit_trainings, name="unit_trainings"),
    path("units/<id:unit_id>/feedback/", views.unit_feedback, name="unit_feedback"),
    path("feedback/links/new/", views.feedback_link_create, name="feedback_link_create"),
    path("feedback/<slug:code>/", views.feedback_form, name="feedback_form"),
]
