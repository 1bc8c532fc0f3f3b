from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The programme's figures and their presentation; reads every domain app, writes none of them."""

    name = "reporting"
    verbose_name = _("Programme figures")

    def ready(self):
        # After every migrate: the figures' generation triggers on every table they read (reporting/cache.py).
        post_migrate.connect(_install_generation_triggers, sender=self)


def _install_generation_triggers(sender, using="default", **kwargs):
    from .cache import install_triggers

    install_triggers(using)
