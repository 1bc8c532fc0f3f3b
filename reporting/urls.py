"""Dashboards, public figures and downloads."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/figures.json", views.dashboard_json, name="dashboard_json"),
    path("dashboard/figures.csv", views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/infographic.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("dashboard/bereik/nieuw/", views.reach_create, name="reach_create"),
    path("cijfers/", views.public_figures, name="public_figures"),
    path("cijfers/cijfers.csv", views.public_figures_csv, name="public_figures_csv"),
]
