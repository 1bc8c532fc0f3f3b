from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IstageConfig(AppConfig):
    name = "istage"
    verbose_name = _("Rijks I-Stage")
