"""The coordinators' list of published releases (``partnership.lists.ListTable``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partnership.lists import ListTable

from .models import Release


class ReleaseTable(ListTable):
    as_of = tables.Column(verbose_name=_("Reference date"), order_by=("as_of", "version"))
    version = tables.Column(verbose_name=_("Version"))
    status = tables.Column(verbose_name=_("Status"))
    kind = tables.Column(verbose_name=_("Kind"))
    reason = tables.Column(verbose_name=_("Reason"), orderable=False)
    published_by = tables.Column(verbose_name=_("Published by"), orderable=False)
    published_at = tables.Column(verbose_name=_("Published at"))

    secondary = ("reason", "published_by")

    class Meta(ListTable.Meta):
        model = Release
        fields = ()
        sequence = ("as_of", "version", "status", "kind", "reason", "published_by", "published_at")
        order_by = ("-as_of", "-version")
        empty_text = _("Nothing has been published yet.")

    def render_as_of(self, record):
        url = f"{reverse('public_figures')}?as_of={record.as_of.isoformat()}&versie={record.version}"
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, date_format(record.as_of, "j F Y"))

    def render_status(self, record):
        return record.get_status_display()

    def render_kind(self, record):
        return record.get_kind_display()

    def render_reason(self, value):
        return value or "–"

    def render_published_by(self, record):
        return record.published_by.get_full_name() or record.published_by.username

    def render_published_at(self, value):
        return date_format(timezone.localtime(value), "j F Y H:i")
