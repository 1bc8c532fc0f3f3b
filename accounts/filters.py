import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnership.inputs import ModelChoiceFilter
from partnership.models import Organisation, Role, User


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or email address"), method="search", max_length=100)
    organisation = ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("All organisations"),
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All roles"))
    is_active = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("true", _("Active")), ("false", _("Deactivated"))],
        empty_label=_("All accounts"),
        method="filter_active",
    )

    class Meta:
        model = User
        fields = ["q", "organisation", "role", "is_active"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")
