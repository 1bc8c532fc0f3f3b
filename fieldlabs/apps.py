from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldlabsConfig(AppConfig):
    name = "fieldlabs"
    verbose_name = _("Fieldlabs")
