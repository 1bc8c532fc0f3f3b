"""Log-in pages, invitations, account management and the organisation profile. Views stay thin."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import selectors, services, throttle
from accounts.filters import UserFilter
from accounts.forms import (
    AcceptInvitationForm,
    ContactPersonForm,
    InvitationForm,
    LoginForm,
    OrganisationProfileForm,
    PasswordResetForm,
)
from accounts.models import Invitation
from accounts.tables import UserTable
from partnership import selectors as partnership_selectors
from partnership import services as partnership_services
from partnership.access import coordinator_required, member_required
from partnership.lists import paginate
from partnership.views import action_page


class LogoutView(auth_views.LogoutView):
    """Log out (POST only) and say so on the page the user lands on."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have been logged out."))
        return response


class LoginView(auth_views.LoginView):
    """Django's log-in view with a form that refuses over-long input before authentication."""

    authentication_form = LoginForm


class PasswordResetView(auth_views.PasswordResetView):
    """The reset email links to SITE_URL, never to a host name taken from the request, and is rendered by the worker
    when it is sent (``accounts.mails``): the task holds the account's id only. Requests are throttled per
    visitor address and per e-mail address (``PASSWORD_RESET_LIMITS``), so nobody floods a mailbox or the mail
    queue."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        try:
            allowed = throttle.allow_password_reset(self.request, form.cleaned_data["email"])
        except throttle.ThrottleUnavailable:  # fail safe: nothing counted, nothing sent (accounts/throttle.py)
            form.add_error(None, _("A new password cannot be requested right now. Please try again later."))
            response = self.form_invalid(form)
            response.status_code = 503
            response["Retry-After"] = "300"
            return response
        if not allowed:
            form.add_error(None, _("Too many requests for a new password. Please try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


# --- accounts (coordinators) ----------------------------------------------------------------


@coordinator_required
def user_list(request):
    user_filter = UserFilter(request.GET or None, queryset=selectors.user_list())
    table = UserTable(user_filter.qs, current_user=request.user)
    paginate(request, table)
    return render(request, "accounts/user_list.html", {"filter": user_filter, "table": table})


@coordinator_required
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, replaced = services.invite_person(
                email=form.cleaned_data["email"], organisation=form.cleaned_data["organisation"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": invitation.email})
            if replaced:
                messages.info(
                    request,
                    _("An earlier invitation to this address was still open; its link no longer works."),
                )
            return redirect("user_list")
    return render(request, "accounts/invite.html", {"form": form, "valid_days": services.INVITATION_VALIDITY.days})


# What differs between deactivating and reactivating; one confirmation page serves both.
ACCOUNT_ACTIONS = {
    "deactivate": {
        "target_active": False,
        "title": gettext_lazy("Deactivate account"),
        "already": gettext_lazy("This account is already deactivated."),
        "explanation": gettext_lazy(
            "After deactivation this person can no longer log in and loses all access at once. Everything the account "
            "did (requests, state changes) stays in the history. You can reactivate the account later."
        ),
        "done": gettext_lazy("The account of %(name)s has been deactivated."),
    },
    "activate": {
        "target_active": True,
        "title": gettext_lazy("Reactivate account"),
        "already": gettext_lazy("This account is already active."),
        "explanation": gettext_lazy(
            "After reactivation this person can log in again with their existing password, with the access of their "
            "role."
        ),
        "done": gettext_lazy("The account of %(name)s is active again."),
    },
}


@coordinator_required
def account_action(request, pk, action):
    """Deactivate or reactivate an account (``action``, from the URL), after a confirmation."""
    account = get_object_or_404(selectors.user_list(), pk=pk)
    texts = ACCOUNT_ACTIONS[action]
    refusal = None
    try:
        partnership_services.check_may_manage(user=account, by=request.user)
    except ValidationError as error:
        refusal = error.messages[0]
    return action_page(
        request,
        refusal=refusal,
        refusal_in_page=True,
        perform=lambda _form: services.set_user_active(user=account, by=request.user, active=texts["target_active"]),
        done=texts["done"] % {"name": account.get_full_name() or account.username},
        back=reverse("user_list"),
        template="accounts/user_status.html",
        context={"account": account, "texts": texts, "already": account.is_active == texts["target_active"]},
    )


@coordinator_required
def invitation_list(request):
    """Open invitations, and apart from them the ones that expired without being accepted."""
    now = timezone.now()
    invitations = list(selectors.open_invitations())
    context = {
        "pending": [i for i in invitations if not i.is_expired(now)],
        "expired": [i for i in invitations if i.is_expired(now)],
        "valid_days": services.INVITATION_VALIDITY.days,
    }
    return render(request, "accounts/invitation_list.html", context)


# What differs between revoking and sending again; one confirmation page serves both.
INVITATION_ACTIONS = {
    "revoke": {
        "title": gettext_lazy("Revoke invitation"),
        "explanation": gettext_lazy(
            "After revoking, the link in the email no longer works: the person sees that the invitation has expired "
            "and cannot create an account with it. You can invite this address again later."
        ),
    },
    "resend": {
        "title": gettext_lazy("Send invitation again"),
        "explanation": gettext_lazy(
            "The person receives a new email with a new link, valid for %(days)s days. The link in the earlier email "
            "stops working."
        ),
    },
}


def _revoked(invitation):
    return _("The invitation to %(email)s has been revoked; its link no longer works.") % {"email": invitation.email}


def _resent(new):
    return _("A new invitation has been sent to %(email)s; it is valid until %(date)s.") % {
        "email": new.email,
        "date": date_format(timezone.localtime(new.expires_at), "j F Y H:i"),
    }


@coordinator_required
def invitation_action(request, pk, action):
    """Revoke an invitation or send it again (``action``, from the URL), after a confirmation."""
    invitation = get_object_or_404(selectors.open_invitations(), pk=pk)
    texts = INVITATION_ACTIONS[action]
    if action == "revoke":
        service, done = services.revoke_invitation, _revoked
    else:
        service, done = services.resend_invitation, _resent
    explanation = texts["explanation"]
    if action == "resend":
        explanation = explanation % {"days": services.INVITATION_VALIDITY.days}
    return action_page(
        request,
        perform=lambda _form: service(invitation=invitation, by=request.user),
        done=done,
        back=reverse("invitation_list"),
        template="accounts/invitation_action.html",
        context={
            "invitation": invitation,
            "action": action,
            "texts": texts,
            "explanation": explanation,
            "expired": invitation.is_expired(),
        },
    )


# --- invitation (public, with the token) ----------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@never_cache
def invitation_accept(request, token):
    try:
        invitation = services.get_usable_invitation(token)
    except Invitation.DoesNotExist:
        raise Http404 from None
    except services.InvitationError as error:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation, initial={"username": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token,
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as error:
            return render(request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account has been created and you are logged in."))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


# --- organisation profile and contact people (members) ------------------------------------


@member_required
def organisation_profile(request):
    organisation, access = partnership_selectors.get_organisation_for_user(request.user)
    return render(
        request,
        "accounts/organisation_profile.html",
        {
            "organisation": organisation,
            "access": access,
            "contacts": partnership_selectors.contacts_of(organisation),
        },
    )


@member_required
def organisation_profile_edit(request):
    organisation, _access = partnership_selectors.get_organisation_for_user(request.user)
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_organisation_profile(
            organisation=organisation,
            by=request.user,
            description=data["description"],
            website=data["website"],
            city=data["city"],
            themes=data.get("themes"),
            **({"capacity_per_half_year": data["capacity_per_half_year"]} if "capacity_per_half_year" in data else {}),
        )
        messages.success(request, _("The profile of your organisation has been saved."))
        return redirect("organisation_profile")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@member_required
def organisation_contacts(request):
    return redirect(reverse("organisation_profile") + "#contactpersonen")


CONTACT_FIELDS = ("name", "email", "phone", "function", "is_primary")


@member_required
def contact_create(request):
    organisation, _access = partnership_selectors.get_organisation_for_user(request.user)
    form = ContactPersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        contact = services.add_contact(
            organisation=organisation, by=request.user, **{f: form.cleaned_data[f] for f in CONTACT_FIELDS}
        )
        messages.success(request, _("%(name)s has been added as a contact person.") % {"name": contact.name})
        return redirect("organisation_profile")
    return render(request, "accounts/contact_form.html", {"form": form, "organisation": organisation})


@member_required
def contact_edit(request, pk):
    contact, _access = partnership_selectors.get_contact_for_user(request.user, pk)
    form = ContactPersonForm(request.POST or None, instance=contact, organisation=contact.organisation)
    if request.method == "POST" and form.is_valid():
        services.update_contact(contact=contact, by=request.user, **{f: form.cleaned_data[f] for f in CONTACT_FIELDS})
        messages.success(request, _("The details of %(name)s have been saved.") % {"name": contact.name})
        return redirect("organisation_profile")
    return render(
        request, "accounts/contact_form.html", {"form": form, "organisation": contact.organisation, "contact": contact}
    )


@member_required
def contact_delete(request, pk):
    contact, _access = partnership_selectors.get_contact_for_user(request.user, pk)
    name = contact.name
    return action_page(
        request,
        perform=lambda _form: services.remove_contact(contact=contact, by=request.user),
        done=_("%(name)s has been removed as a contact person.") % {"name": name},
        back=reverse("organisation_profile"),
        template="accounts/contact_delete.html",
        context={"contact": contact},
    )
