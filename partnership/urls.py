"""The partners core's own pages: likely duplicate organisations and their merge (coordinators)."""

from django.urls import path

from . import views

urlpatterns = [
    path("werkruimte/organisaties/dubbele/", views.organisation_duplicates, name="organisation_duplicates"),
    path(
        "werkruimte/organisaties/samenvoegen/<int:keep>/<int:drop>/",
        views.organisation_merge,
        name="organisation_merge",
    ),
]
