"""The assignment request workflow."""

from django.urls import path

from . import views

app_name = "assignments"

# Dutch paths of the state changes; the names are the action slugs of ``views.ACTIONS``.
ACTION_PATHS = {
    "accept": "accepteren",
    "reject": "afwijzen",
    "match": "koppelen",
    "start": "starten",
    "complete": "afronden",
    "cancel": "annuleren",
    "withdraw": "intrekken",
}

urlpatterns = [
    path("aanvragen/", views.my_requests, name="my_requests"),
    path("aanvragen/nieuw/", views.request_create, name="request_create"),
    path("aanvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("aanvragen/<int:pk>/bewerken/", views.request_edit, name="request_edit"),
    path("aanvragen/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("aanvragen/<int:pk>/interesse/", views.interest, name="interest"),
    path("aanvragen/<int:pk>/interesse/intrekken/", views.interest_withdraw, name="interest_withdraw"),
    *[
        path(f"aanvragen/<int:pk>/{segment}/", views.transition, {"action": slug}, name=slug)
        for slug, segment in ACTION_PATHS.items()
    ],
    path("werkvoorraad/", views.queue, name="queue"),
    path("opdrachten/", views.assignment_list, name="assignment_list"),
    path("aanbod/", views.open_requests, name="open_requests"),
    path("onze-opdrachten/", views.our_assignments, name="our_assignments"),
]
