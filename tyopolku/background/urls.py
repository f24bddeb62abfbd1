from django.urls import path

from tyopolku.background import views

urlpatterns = [
    path("jobs/<id:job_id>/", views.job_status, name="job_status"),
    path("jobs/<id:job_id>/file/", views.job_file, name="job_file"),
]
