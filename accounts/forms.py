"""Forms of the accounts app. Errors are Dutch (gettext) and shown next to their field."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.selectors import assignment_themes
from partnership import mail
from partnership.inputs import ModelChoiceField, VisibleTextMixin, form_field
from partnership.models import ContactPerson, Organisation

User = get_user_model()

# Django 5.2 changed this message's msgid and its Dutch catalogue has not caught up: ours carries the translation
# (accounts comes first in INSTALLED_APPS, so its catalogue wins).
DJANGO_MESSAGES_TRANSLATED_HERE = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        12,
    ),
]


# Longer than any real password; a longer one is refused before it is hashed.
PASSWORD_MAX_LENGTH = 4096


class LengthCheckedLoginMixin:
    """Django's log-in form shows the user name's maximum length but does not check it, so an over-long name reached
    authentication and django-axes' lock-out table (255 characters): a 500. Here it is a Dutch field error, and the
    lock-out never sees it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class LoginForm(LengthCheckedLoginMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(LengthCheckedLoginMixin, AdminAuthenticationForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The reset mail is plain text, rendered by the worker when it sends it: the task holds the account's id, never
    the token or the link (``accounts.mails.password_reset``), and is retried like every mail."""

    def save(self, **kwargs):
        from accounts import mails

        # Nothing is written before: no commit to wait for.
        for user in self.get_users(self.cleaned_data["email"]):
            mail.queue_built_email(mails.password_reset, user_id=user.pk)


class InvitationForm(VisibleTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The invitation with a personal link is sent to this address."),
    )
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("None: programme coordinator"),
        help_text=_(
            "The role follows from the organisation: a member of a government organisation or of an education "
            "institution. Leave empty to invite a programme coordinator."
        ),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Reactivate it in the list of accounts."),
                code="exists",
            )
        return email


class AcceptInvitationForm(VisibleTextMixin, forms.Form):
    """The invited person chooses a user name and a password (checked by Django's password validators)."""

    username = UsernameField(
        label=_("User name"),
        max_length=150,
        help_text=_("You log in with this name. Your email address is a good choice."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not only digits and not a commonly used password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(User.username_validator)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Choose another one."), code="taken")
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            candidate = User(
                username=cleaned.get("username", ""),
                email=self.invitation.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OrganisationProfileForm(VisibleTextMixin, forms.ModelForm):
    """What a member may change about their own organisation: not its name or kind."""

    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A full address, for example https://www.example.nl"),
    )

    class Meta:
        model = Organisation
        fields = ["description", "website", "city", "themes", "capacity_per_half_year"]
        formfield_callback = form_field
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_education:
            self.fields["themes"].queryset = assignment_themes()
            self.fields["themes"].help_text = _("You see open requests with these themes.")
            capacity = self.fields["capacity_per_half_year"]
            capacity.min_value = 1
            capacity.validators.append(MinValueValidator(1))  # the model's check: at least one, or empty
            capacity.widget.attrs["min"] = 1
        else:
            del self.fields["themes"]
            del self.fields["capacity_per_half_year"]


class ContactPersonForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "email", "phone", "function", "is_primary"]
        formfield_callback = form_field

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("A work number, for example 070 123 45 67.")
        self.fields["is_primary"].help_text = _(
            "Receives the programme's notifications. Only one person can be the primary contact; choosing this "
            "person replaces the current one."
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() ")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(_("Enter a phone number with digits only, for example 070 123 45 67."))
        return phone

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = ContactPerson.objects.filter(organisation=self.organisation, email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Your organisation already has a contact person with this email address."))
        return email
