"""Log-in, log-out, password change and reset, invitations."""

from django.urls import include, path

urlpatterns = [
    path("", include("django.contrib.auth.urls")),
]
