"""``createsuperuser`` in Dutch. Django's command writes its prompts and messages in English without gettext; this
one is Django's, with those texts in the portal's language. Django offers hooks for the field prompts
(``get_input_data``, ``_get_input_message``); the password prompts and the few fixed lines have none, so the
command reads the password through the names it looks up in its own module (``getpass``, ``input``), set to Dutch
ones while it runs, and writes through an output that turns its English lines into Dutch."""

import getpass
from contextlib import contextmanager

from django.contrib.auth.management.commands import createsuperuser as django_createsuperuser
from django.core import exceptions
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _dutch(text: str) -> str:
    """Django's fixed English lines of the command, in Dutch; any other text as it is."""
    lines = {
        "Superuser created successfully.": _("Superuser created successfully."),
        "Error: Your passwords didn't match.": _("Error: the passwords do not match."),
        "Error: Blank passwords aren't allowed.": _("Error: the password cannot be empty."),
        "Error: This field cannot be blank.": _("Error: this field cannot be empty."),
        "\nOperation cancelled.": "\n" + _("Cancelled."),
    }
    return lines.get(text, text)


class _DutchGetpass:
    """Stands in for the ``getpass`` module inside Django's command: the same prompt for a password, in Dutch."""

    @staticmethod
    def getpass(prompt="Password: ", stream=None):
        dutch = {"Password: ": _("Password: "), "Password (again): ": _("Password (again): ")}
        prompt = dutch.get(prompt, prompt)
        return getpass.getpass(prompt) if stream is None else getpass.getpass(prompt, stream)


def _dutch_input(prompt=""):
    if prompt.startswith("Bypass password validation"):
        prompt = _("Create the user anyway, without the password checks? [y/N]: ")
    return input(prompt)


class _DutchOutput:
    def __init__(self, output):
        self._output = output

    def write(self, msg="", *args, **kwargs):
        return self._output.write(_dutch(msg), *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._output, name)


@contextmanager
def _dutch_prompts():
    module = django_createsuperuser
    saved = module.getpass, module.__dict__.get("input")
    module.getpass, module.input = _DutchGetpass, _dutch_input
    try:
        yield
    finally:
        module.getpass = saved[0]
        if saved[1] is None:
            del module.input
        else:
            module.input = saved[1]


class Command(django_createsuperuser.Command):
    help = gettext_lazy("Create a superuser (an administrator with every permission).")

    def handle(self, *args, **options):
        self.stdout, self.stderr = _DutchOutput(self.stdout), _DutchOutput(self.stderr)
        with _dutch_prompts():
            return super().handle(*args, **options)

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
        error = super()._validate_username(username, verbose_field_name, database)
        if error and "already taken" in error:
            return _("Error: that %(name)s is already taken.") % {"name": verbose_field_name}
        if error and "cannot be blank" in error:
            return _("Error: the %(name)s cannot be empty.") % {"name": verbose_field_name}
        return error
