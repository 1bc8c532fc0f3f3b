import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partnership.lists import DateColumn, ListTable
from partnership.models import User


class UserTable(ListTable):
    name = tables.Column(
        verbose_name=_("Name and email address"),
        accessor="last_name",
        order_by=("last_name", "first_name", "username"),
        empty_values=(),
    )
    organisation = tables.Column(
        verbose_name=_("Organisation"), accessor="organisation__name", default=_("Programme office")
    )
    role = tables.Column(verbose_name=_("Role"))
    is_active = tables.BooleanColumn(verbose_name=_("Status"))
    last_login = DateColumn(verbose_name=_("Last log-in"), format="d-m-Y H:i", default=_("never"))
    actions = tables.Column(verbose_name=_("Action"), empty_values=(), orderable=False)

    secondary = ("last_login",)

    class Meta(ListTable.Meta):
        model = User
        fields = ("name", "organisation", "role", "is_active", "last_login")
        order_by = ("organisation", "name")
        empty_text = _("No accounts match these filters.")

    def __init__(self, *args, current_user=None, **kwargs):
        self.current_user = current_user
        kwargs.setdefault("caption", _("Accounts, sorted by organisation"))
        super().__init__(*args, **kwargs)

    def render_name(self, record):
        return format_html("{}<br>{}", record.get_full_name() or record.username, record.email or record.username)

    def render_is_active(self, value):
        return _("Active") if value else _("Deactivated")

    def render_actions(self, record):
        if self.current_user is not None and record.pk == self.current_user.pk:
            return _("(you)")
        if record.is_active:
            url, label = reverse("user_deactivate", args=[record.pk]), _("Deactivate")
        else:
            url, label = reverse("user_activate", args=[record.pk]), _("Reactivate")
        return format_html(
            '<a class="utrecht-link" href="{}" aria-label="{} {}">{}</a>',
            url,
            label,
            record.get_full_name() or record.username,
            label,
        )
