"""The assignment request workflow."""

from django.urls import path

from . import lifecycle, views

app_name = "assignments"

urlpatterns = [
    path("aanvragen/", views.my_requests, name="my_requests"),
    path("aanvragen/nieuw/", views.request_create, name="request_create"),
    path("aanvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("aanvragen/<int:pk>/bewerken/", views.request_edit, name="request_edit"),
    path("aanvragen/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("aanvragen/<int:pk>/terugmelding/", views.followup, name="followup"),
    path("terugmelding/<str:token>/", views.followup_answer, name="followup_answer"),
    path("aanvragen/<int:pk>/interesse/", views.interest, name="interest"),
    path("aanvragen/<int:pk>/interesse/intrekken/", views.interest_withdraw, name="interest_withdraw"),
    path("aanvragen/<int:pk>/geen-interesse/", views.decline, name="decline"),
    path("aanvragen/<int:pk>/vraag-om-interesse/", views.invite_interest, name="invite_interest"),
    # One URL per action of the lifecycle, named by its slug, with its Dutch path segment.
    *[
        path(f"aanvragen/<int:pk>/{action.segment}/", views.transition, {"action": action.slug}, name=action.slug)
        for action in lifecycle.ACTIONS.values()
    ],
    path("werkvoorraad/", views.queue, name="queue"),
    path("opdrachten/", views.assignment_list, name="assignment_list"),
    path("opdrachten/export/", views.assignment_export, name="assignment_export"),
    path("aanbod/", views.open_requests, name="open_requests"),
    path("onze-opdrachten/", views.our_assignments, name="our_assignments"),
]
