"""``makemessages`` without gettext's fuzzy matching: a new string stays untranslated (and the translation test
says so) instead of silently borrowing the Dutch text of a similar one."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
