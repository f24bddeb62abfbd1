from django.urls import path

from tyopolku.employers import import_views, privacy_views, views

urlpatterns = [
    # The register and an employer's history
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/new/", views.employer_create, name="employer_create"),
    path("employers/<id:employer_id>/", views.employer_detail, name="employer_detail"),
    path("employers/<id:employer_id>/edit/", views.employer_edit, name="employer_edit"),
    path(
        "employers/<id:employer_id>/contacts/new/",
        views.employer_contact_create,
        name="employer_contact_create",
    ),
    path(
        "employers/<id:employer_id>/contact-persons/new/",
        views.contact_person_create,
        name="contact_person_create",
    ),
    path(
        "employers/<id:employer_id>/contact-persons/<id:person_id>/edit/",
        views.contact_person_edit,
        name="contact_person_edit",
    ),
    path("employers/<id:employer_id>/openings/new/", views.opening_create, name="opening_create"),
    path("openings/<id:opening_id>/edit/", views.opening_edit, name="opening_edit"),
    # The coach's week: contacts against the target, clients waiting for a first contact
    path("job-development/", views.job_development, name="job_development"),
    # Spreadsheets in and out
    path("employers/import/", import_views.employer_import, name="employer_import"),
    path(
        "employers/import/<id:import_id>/",
        import_views.employer_import_preview,
        name="employer_import_preview",
    ),
    path("employers/export.xlsx", import_views.employer_export, name="employer_export"),
    # The register's privacy statement (GDPR art. 13/14)
    path("employers/privacy/", privacy_views.privacy_statement, name="employer_privacy"),
    path(
        "employers/privacy/edit/",
        privacy_views.privacy_statement_edit,
        name="employer_privacy_edit",
    ),
    # The same statement without login, for the people in the register who are not users
    path(
        "privacy/<slug:organization_code>/employer-register/",
        privacy_views.privacy_statement_public,
        name="employer_privacy_public",
    ),
]
