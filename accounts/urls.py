"""Log-in, log-out, password change and reset, invitations, accounts and the organisation profile."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    # Our own versions of two auth views, under the same names; the include keeps the others.
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
