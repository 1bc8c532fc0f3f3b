from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The programme's figures and their presentation; reads every domain app, writes none of them."""

    name = "reporting"
    verbose_name = _("Programme figures")

    def ready(self):
        from assignments import signals

        from . import summaries

        # a bulk write of new assignments in chunks: their summaries in one pass at its end (``summaries.defer``)
        signals.copying.connect(summaries.defer, dispatch_uid="reporting.summaries.defer")
        signals.copied.connect(summaries.catch_up, dispatch_uid="reporting.summaries.catch_up")
