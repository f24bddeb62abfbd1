from django.urls import path

from tyopolku.wagework import views

urlpatterns = [
    path("wage-work/", views.wage_job_list, name="wage_jobs"),
    path("wage-work/<int:wage_job_id>/", views.wage_job_detail, name="wage_job"),
]
