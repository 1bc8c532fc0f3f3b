from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package: site-wide templates, static files, template tags and the pages of the site itself."""

    name = "portal"
    verbose_name = _("I-Partnerschap portal")

    def ready(self):
        from . import checks  # noqa: F401  (importing checks registers the system checks)
