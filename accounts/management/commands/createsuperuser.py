"""``createsuperuser`` in Dutch. Django's command writes its prompts and lines in English, not through gettext (its nl
catalogue has none of them), and its password dialogue has no hook. This command overrides Django's the documented way
(a command of the same name in an app listed before ``django.contrib.auth``) and subclasses it: the non-interactive
path, the arguments and the user name's checks stay Django's; the interactive dialogue is written here, in Dutch,
through Django's documented hooks for the field prompts (``get_input_data``) and the standard ``getpass`` and
``input``. The portal's user model asks for plain fields only (user name, e-mail address): no relations to ask for."""

import getpass
import sys

from django.contrib.auth.management import get_default_username
from django.contrib.auth.management.commands import createsuperuser as django_createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core import exceptions
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PASSWORD_FIELD = django_createsuperuser.PASSWORD_FIELD


class Command(django_createsuperuser.Command):
    help = gettext_lazy("Create a superuser (an administrator with every permission).")

    def handle(self, *args, **options):
        if not options["interactive"]:
            super().handle(*args, **{**options, "verbosity": 0})
        elif hasattr(self.stdin, "isatty") and not self.stdin.isatty():
            self.stdout.write(_("No superuser created: the command does not run in a terminal."))
            return
        else:
            try:
                user_data = self._ask(options)
            except KeyboardInterrupt:
                self.stderr.write("\n" + _("Cancelled."))
                sys.exit(1)
            self.UserModel._default_manager.db_manager(options["database"]).create_superuser(**user_data)
        if options["verbosity"] >= 1:
            self.stdout.write(_("Superuser created successfully."))

    def _ask(self, options) -> dict:
        """The user name, the required fields and the password, asked in Dutch until each is valid."""
        database = options["database"]
        name_field = self.UserModel.USERNAME_FIELD
        username = options[name_field]
        if username and (error := self._validate_username(username, self.username_field.verbose_name, database)):
            self.stderr.write(error)
            username = None
        default = get_default_username(database=database)
        while not username:
            username = self.get_input_data(
                self.username_field, self._get_input_message(self.username_field, default), default
            )
            if username and (error := self._validate_username(username, self.username_field.verbose_name, database)):
                self.stderr.write(error)
                username = None
        user_data = {name_field: username}
        for field_name in self.UserModel.REQUIRED_FIELDS:
            field = self.UserModel._meta.get_field(field_name)
            value = options[field_name]
            user_data[field_name] = field.clean(value, None) if value is not None else None
            while user_data[field_name] is None:
                user_data[field_name] = self.get_input_data(field, self._get_input_message(field))
        user_data[PASSWORD_FIELD] = self._ask_password(self.UserModel(**user_data))
        return user_data

    def _ask_password(self, user) -> str:
        while True:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password (again): ")):
                self.stderr.write(_("Error: the passwords do not match."))
                continue
            if not password.strip():
                self.stderr.write(_("Error: the password cannot be empty."))
                continue
            try:
                validate_password(password, user)
            except exceptions.ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                if input(_("Create the user anyway, without the password checks? [y/N]: ")).lower() != "y":
                    continue
            return password

    def get_input_data(self, field, message, default=None):
        raw_value = input(message)
        if default and raw_value == "":
            raw_value = default
        try:
            return field.clean(raw_value, None)
        except exceptions.ValidationError as error:
            self.stderr.write(_("Error: %(messages)s") % {"messages": "; ".join(error.messages)})
            return None

    def _get_input_message(self, field, default=None):
        name = capfirst(field.verbose_name)
        if default:
            return _("%(name)s (leave empty for “%(default)s”): ") % {"name": name, "default": default}
        return f"{name}: "

    def _validate_username(self, username, verbose_field_name, database):
        """Django's check of a user name (also on the ``--noinput`` path), with its messages in Dutch."""
        users = self.UserModel._default_manager.db_manager(database)
        if users.filter(**{self.UserModel.USERNAME_FIELD: username}).exists():
            return _("Error: that %(name)s is already taken.") % {"name": verbose_field_name}
        if not username:
            return _("Error: the %(name)s cannot be empty.") % {"name": verbose_field_name}
        try:
            self.username_field.clean(username, None)
        except exceptions.ValidationError as error:
            return "; ".join(error.messages)
        return None
