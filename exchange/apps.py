from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Data in and out of the portal: the demo data set and its synthetic scale-up; writes only through services."""

    name = "exchange"
    verbose_name = _("Data exchange")
