"""Dashboards, public figures and downloads, publishing releases, the open-data API and its catalogue."""

from django.urls import path

from . import views
from .api.views import api

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/figures.json", views.dashboard_json, name="dashboard_json"),
    path("dashboard/figures.csv", views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/infographic.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("dashboard/bereik/nieuw/", views.reach_create, name="reach_create"),
    path("dashboard/publicaties/", views.release_list, name="release_list"),
    path("dashboard/publicaties/nieuw/", views.release_create, name="release_create"),
    path("cijfers/", views.public_figures, name="public_figures"),
    path("cijfers/cijfers.csv", views.public_figures_csv, name="public_figures_csv"),
    path("cijfers/publicaties/<int:pk>.json", views.release_download, name="release_download"),
    path("cijfers/catalogus.jsonld", views.catalogue, name="catalogue"),
    # The open-data API: no trailing slashes (API Design Rules), so APPEND_SLASH never applies to it.
    path("api/v1/", api.urls),
]
