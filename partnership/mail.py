"""Every e-mail of the portal: rendered as plain text when the worker sends it, delivered with retries.

Mail templates are text, so they are rendered by the "text" template engine (no HTML autoescaping: a title
"Data & AI's" stays "Data & AI's" in the subject and the body). Each message is one task in the database queue
(``partnership.tasks.send_built_email``): an SMTP outage delays mail but loses none, and no page waits for the mail
server.

No message is stored, secret or not (a password-reset or invitation link, a name, an address): ``queue_built_email``
queues a builder's name and the ids it needs, and the worker renders the message when it sends it. A builder is a
function decorated with ``@mail_builder`` that takes the ids as keyword arguments and returns a ``Message`` (or
``None``: nothing to send any more). The builders: ``accounts.mails`` (reset, invitation),
``assignments.notifications.message`` (state changes, interest, requests for interest, the digest). The follow-up
mail is sent by its own task, which holds the follow-up's id only (``assignments.tasks.send_followup``).
"""

import dataclasses

from django.conf import settings
from django.template import engines
from django.utils import translation
from django.utils.module_loading import import_string


def render_text(template_name: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return engines["text"].get_template(template_name).render(context)


def render_subject(template_name: str, context: dict) -> str:
    """One line: a subject may not contain line breaks."""
    return " ".join(render_text(template_name, context).split())


@dataclasses.dataclass(frozen=True)
class Message:
    subject: str
    body: str
    to: str


def mail_builder(function):
    """Mark a function as a message builder for ``queue_built_email`` (only marked functions are ever called)."""
    function.is_mail_builder = True
    return function


def queue_built_email(builder, **ids) -> None:
    """Queue a message that the worker renders at sending time: the task holds ``builder``'s dotted path and
    ``ids`` (JSON: numbers and short strings, never a token or a link). Call it after the commit."""
    from .tasks import send_built_email

    if not getattr(builder, "is_mail_builder", False):
        raise TypeError(f"{builder!r} is not decorated with @mail_builder")
    send_built_email.enqueue(builder=f"{builder.__module__}.{builder.__qualname__}", ids=ids)


def build(builder: str, ids: dict) -> Message | None:
    function = import_string(builder)
    if not getattr(function, "is_mail_builder", False):
        raise ValueError(f"{builder} is not a mail builder")
    return function(**ids)
