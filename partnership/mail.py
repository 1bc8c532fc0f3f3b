"""Every e-mail of the portal: rendered as plain text, queued as a background task, delivered with retries.

Mail templates are text, so they are rendered by the "text" template engine (no HTML autoescaping: a title
"Data & AI's" stays "Data & AI's" in the subject and the body). Each message is one task in the database queue
(``partnership.tasks.send_email``): an SMTP outage delays mail but loses none, and no page waits for the mail server.
"""

from django.conf import settings
from django.template import engines
from django.utils import translation


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
