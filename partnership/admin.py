"""Django admin for the partners core, and the admin building blocks the domain apps share."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .inputs import RELATION_FORM_FIELDS, VisibleTextMixin, VisibleTextModelForm, name_the_empty_choice
from .models import Community, ContactPerson, Event, Organisation, Theme, User

# Above this many rows (PostgreSQL's estimate) an unfiltered changelist shows the estimate, not COUNT(*).
ESTIMATE_COUNT_ABOVE = 50_000


def estimated_row_count(model, using="default") -> int:
    """PostgreSQL's planner estimate of the rows in ``model``'s table (-1 when never analysed)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row else -1


class EstimatedCountPaginator(Paginator):
    """Paginator that does not run an exact COUNT(*) over a very large, unfiltered table.

    A filtered or searched list is counted exactly: the filters use indexes and the user wants the number.
    """

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where and not query.distinct and not query.combinator:
            estimate = estimated_row_count(self.object_list.model, using=self.object_list.db)
            if estimate > ESTIMATE_COUNT_ABOVE:
                return estimate
        return super().count


def _valid_keys(field, values):
    """The values that are keys of ``field``'s target (the others would reach the database and fail there)."""
    target = field.target_field
    keys = []
    for value in values:
        try:
            target.to_python(value)
        except ValidationError:
            continue
        keys.append(value)
    return keys


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's autocomplete widget looks up the chosen value to show its label; a value that is not a key (typed
    into the query string or the form) crashed that lookup: here it is left out, and the form says it is invalid."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class AutocompleteSelectMultiple(widgets.AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class SafeAutocompleteMixin:
    """Every admin's autocomplete fields use the widgets above; a select's empty choice is in words ("Kies een
    thema"), not Django's "---------"."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        form_field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return name_the_empty_choice(form_field, db_field.verbose_name) if form_field is not None else None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyMixin:
    """An admin or inline to read only: nothing is added, changed or deleted through it (the append-only logs)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BaseAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Defaults for every admin of the portal: no full count, a fixed number of queries per page."""

    show_full_result_count = False
    list_per_page = 50
    # relations choose with one query (``partnership.inputs.ModelChoiceIterator``)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}, **RELATION_FORM_FIELDS}
    form = VisibleTextModelForm  # text fields lose invisible direction and zero-width characters


class BaseInline(SafeAutocompleteMixin, admin.TabularInline):
    formfield_overrides = RELATION_FORM_FIELDS
    form = VisibleTextModelForm


@admin.register(Theme)
class ThemeAdmin(BaseAdmin):
    list_display = ("name", "slug", "for_assignments", "position")
    list_filter = ("for_assignments",)
    search_fields = ("name", "slug")
    ordering = ("position", "name")


class ContactPersonInline(BaseInline):
    model = ContactPerson
    fields = ("name", "email", "phone", "function", "is_primary")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(BaseAdmin):
    list_display = ("name", "short_name", "kind", "education_level", "city", "partnership_start", "partnership_end")
    list_filter = ("kind", "education_level", "themes")
    search_fields = ("name", "short_name", "city")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "education_level", "city", "website", "description")}),
        (_("Partnership"), {"fields": ("partnership_start", "partnership_end", "themes")}),
    )
    inlines = (ContactPersonInline,)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A handful of themes: check boxes work without JavaScript.
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ContactPerson)
class ContactPersonAdmin(BaseAdmin):
    list_display = ("name", "organisation", "email", "phone", "function", "is_primary")
    list_filter = ("is_primary", "organisation__kind")
    search_fields = ("name", "email", "organisation__name", "organisation__short_name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)


class UserChangeForm(VisibleTextMixin, auth_forms.UserChangeForm):
    pass


class UserCreationForm(VisibleTextMixin, auth_forms.AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(SafeAutocompleteMixin, DjangoUserAdmin):
    """Accounts are deactivated, never deleted: history rows and audit logs keep pointing at them."""

    form = UserChangeForm
    add_form = UserCreationForm

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Programme"), {"fields": ("role", "organisation")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "role",
                    "organisation",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "organisation", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "organisation__kind")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name", "organisation__short_name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)
    show_full_result_count = False
    list_per_page = 50
    actions = ("deactivate",)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate the selected accounts"), permissions=("change",))
    def deactivate(self, request, queryset):
        count = queryset.filter(is_active=True).exclude(pk=request.user.pk).update(is_active=False)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, _("You cannot deactivate your own account."), messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Community)
class CommunityAdmin(BaseAdmin):
    list_display = ("name", "theme", "planned_on", "active_from", "ended_on")
    list_filter = ("theme",)
    search_fields = ("name",)
    list_select_related = ("theme",)


@admin.register(Event)
class EventAdmin(BaseAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "participants", "government_participants", "theme")
    list_filter = ("kind", "theme", "starts_on")
    search_fields = ("name",)
    autocomplete_fields = ("organisations",)
    list_select_related = ("theme",)
