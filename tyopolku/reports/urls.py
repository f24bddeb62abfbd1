from django.urls import path

from tyopolku.reports import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.outcome_report, name="outcome_report"),
    path("reports/clients/", views.outcome_report_clients, name="outcome_report_clients"),
    path(
        "reports/outcomes.csv",
        views.outcome_report_download,
        {"file_format": "csv"},
        name="outcome_report_csv",
    ),
    path(
        "reports/outcomes.xlsx",
        views.outcome_report_download,
        {"file_format": "xlsx"},
        name="outcome_report_xlsx",
    ),
    path("reports/outcomes.pdf", views.outcome_report_pdf, name="outcome_report_pdf"),
    path("reports/trends/", views.report_trends, name="report_trends"),
    path("reports/service-path/", views.service_path_report, name="service_path"),
]
