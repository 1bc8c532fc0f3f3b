from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The programme's figures and their presentation; reads every domain app, writes none of them."""

    name = "reporting"
    verbose_name = _("Programme figures")
