"""Log-in, log-out, password change and reset, invitations, accounts and the organisation profile."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    # Our own versions of two auth views, under the same names; the include keeps the others.
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
    # Coordinators: accounts and invitations.
    path("gebruikers/", views.user_list, name="user_list"),
    path("gebruikers/<int:pk>/deactiveren/", views.account_action, {"action": "deactivate"}, name="user_deactivate"),
    path("gebruikers/<int:pk>/activeren/", views.account_action, {"action": "activate"}, name="user_activate"),
    path("uitnodigen/", views.invite, name="invite"),
    path("uitnodigingen/", views.invitation_list, name="invitation_list"),
    path("uitnodigingen/<int:pk>/intrekken/", views.invitation_action, {"action": "revoke"}, name="invitation_revoke"),
    path(
        "uitnodigingen/<int:pk>/opnieuw-versturen/",
        views.invitation_action,
        {"action": "resend"},
        name="invitation_resend",
    ),
    # The invited person, with the token from the email.
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Members: their own organisation.
    path("organisatie/", views.organisation_profile, name="organisation_profile"),
    path("organisatie/bewerken/", views.organisation_profile_edit, name="organisation_profile_edit"),
    path("organisatie/contactpersonen/", views.organisation_contacts, name="organisation_contacts"),
    path("organisatie/contactpersonen/nieuw/", views.contact_create, name="organisation_contact_create"),
    path("organisatie/contactpersonen/<int:pk>/bewerken/", views.contact_edit, name="organisation_contact_edit"),
    path("organisatie/contactpersonen/<int:pk>/verwijderen/", views.contact_delete, name="organisation_contact_delete"),
]
