from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoctoratesConfig(AppConfig):
    name = "doctorates"
    verbose_name = _("Dual PhD candidates")
