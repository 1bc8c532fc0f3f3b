"""Every e-mail of the portal: rendered as plain text, queued as a background task, delivered with retries.

Mail templates are text, so they are rendered by the "text" template engine (no HTML autoescaping: a title
"Data & AI's" stays "Data & AI's" in the subject and the body). Each message is one task in the database queue
(``partnership.tasks.send_email``): an SMTP outage delays mail but loses none, and no page waits for the mail server.

A message that carries a secret (a password-reset or invitation link) is never stored: ``queue_built_email`` queues
a builder's name and the ids it needs, and the worker renders the message when it sends it
(``partnership.tasks.send_built_email``). A builder is a function decorated with ``@mail_builder`` that takes the ids
as keyword arguments and returns a ``Message`` (or ``None``: nothing to send any more).
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


def queue_email(*, subject: str, body: str, to: list[str]) -> int:
    """One message per recipient (no one sees another's address), each its own task. Returns how many were queued.

    Call it after the commit of the change the mail is about (``transaction.on_commit``).
    """
    from .tasks import send_email

    recipients = [address for address in to if address]
    for address in recipients:
        send_email.enqueue(subject=subject, body=body, to=[address])
    return len(recipients)


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
