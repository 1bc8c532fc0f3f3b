from django.urls import path

from . import views

app_name = "istage"

urlpatterns = [
    path("bijbanen/", views.my_jobs, name="my_jobs"),
    path("bijbanen/nieuw/", views.job_request, name="job_request"),
    path("bijbanen/<int:pk>/", views.job_detail, name="job_detail"),
]
