"""Django admin for assignments. The state moves only through ``assignments.lifecycle``: one admin action per
coordinator action of ``lifecycle.ACTIONS``."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnership.admin import BaseAdmin, BaseInline, EstimatedCountPaginator, ReadOnlyMixin
from partnership.inputs import ModelChoiceField, VisibleTextModelForm
from partnership.models import EducationLevel, Organisation

from . import lifecycle
from .models import MATCHED_STATES, Assignment, AssignmentState, AssignmentTransition

# An intermediate page (reason, education partner) lists the selection; more than this is a mistake.
MAX_ON_INTERMEDIATE_PAGE = 200


class AssignmentAdminForm(VisibleTextModelForm):
    """The assignment's own fields. ``state`` is not a field of the model form (editable=False)."""

    wanted_levels = forms.TypedMultipleChoiceField(
        label=capfirst(_("wanted education levels")),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    submit = forms.BooleanField(
        label=_("Submit straight away"),
        required=False,
        help_text=_("Otherwise the assignment is saved as a draft."),
    )

    class Meta:
        model = Assignment
        fields = (
            "title",
            "description",
            "kind",
            "theme",
            "wanted_levels",
            "government_organisation",
            "contact",
            "education_organisation",
            "level",
            "student_count",
            "period_start",
            "period_end",
        )

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("government_organisation")
        contact = cleaned.get("contact")
        if contact and organisation and contact.organisation_id != organisation.pk:
            self.add_error("contact", _("Choose a contact person of the requesting organisation."))
        # The state is excluded from the form, so Django skips the constraint that involves it: check it here.
        if self.instance.pk and self.instance.state in MATCHED_STATES:
            if "education_organisation" in cleaned and not cleaned["education_organisation"]:
                self.add_error("education_organisation", _("A matched assignment keeps its education partner."))
            if "level" in cleaned and not cleaned["level"]:
                self.add_error("level", _("A matched assignment keeps its education level."))
        return cleaned


class AssignmentTransitionInline(ReadOnlyMixin, BaseInline):
    """The history, read-only: only the lifecycle service writes it."""

    model = AssignmentTransition
    fields = ("at", "from_state", "to_state", "by", "note")
    readonly_fields = fields
    ordering = ("at", "id")
    extra = 0
    can_delete = False

    class Media:
        # Hides the row's own description above each row: the columns already say it.
        css = {"all": ["assignments/admin-history.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class LifecycleForm(forms.Form):
    """What an admin action asks on its intermediate page, for every selected assignment alike."""

    def lifecycle_arguments(self) -> dict:
        return {}


class ReasonForm(LifecycleForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The requesting organisation sees this reason."),
    )

    def lifecycle_arguments(self) -> dict:
        return {**super().lifecycle_arguments(), "note": self.cleaned_data["reason"]}


class MatchForm(LifecycleForm):
    education_organisation = ModelChoiceField(
        label=_("Education partner"),
        queryset=Organisation.objects.education(),
        empty_label=_("Choose an education partner"),
        help_text=_("The education institution that takes up the assignment."),
    )
    level = forms.ChoiceField(
        label=_("Education level"),
        choices=[("", _("The level of the institution")), *EducationLevel.choices],
        required=False,
    )

    def lifecycle_arguments(self) -> dict:
        return {
            **super().lifecycle_arguments(),
            "education_organisation": self.cleaned_data["education_organisation"],
            "level": self.cleaned_data["level"],
        }


# The admin asks only what the lifecycle itself requires of a step (``lifecycle.requirements``): one answer serves
# the whole selection, so it never asks, say, a final student count.
REQUIREMENT_FORMS = {lifecycle.REASON: ReasonForm, lifecycle.PARTNER: MatchForm}


def form_for(action: lifecycle.Action) -> type[LifecycleForm] | None:
    """The intermediate page's form of ``action``, or ``None`` when it needs none."""
    bases = tuple(REQUIREMENT_FORMS[need] for need in sorted(action.requirements()))
    if not bases:
        return None
    return bases[0] if len(bases) == 1 else type("LifecycleForm", bases, {})


@admin.register(Assignment)
class AssignmentAdmin(BaseAdmin):
    form = AssignmentAdminForm
    list_display = ("title", "state", "government_organisation", "education_organisation", "state_changed_at")
    list_filter = ("state", "kind", "level", "theme", "government_organisation", "education_organisation")
    search_fields = (
        "title",
        "government_organisation__name",
        "government_organisation__short_name",
        "education_organisation__name",
        "education_organisation__short_name",
    )
    list_select_related = ("theme", "government_organisation", "education_organisation")
    autocomplete_fields = ("government_organisation", "education_organisation", "contact")
    readonly_fields = ("state", "state_changed_at", "created_by", "created_at", "updated_at")
    paginator = EstimatedCountPaginator
    # Newest first along the primary key index; the model's order (state_changed_at) has no index of its own
    # and sorts the whole table for every page. Sorting by that column stays one click away.
    ordering = ("-pk",)
    # Counts per filter option would scan the whole table on every page.
    show_facets = admin.ShowFacets.NEVER
    inlines = (AssignmentTransitionInline,)

    def has_delete_permission(self, request, obj=None):
        # Deleting would delete its state history, which is append-only (portal/trails.py): withdraw, reject or
        # cancel it instead.
        return False

    def get_search_results(self, request, queryset, search_term):
        """Every word in the title (the trigram index) or in the name of either organisation. The organisations
        are looked up first (a small table), so the assignments are read through indexes only, not joined and
        scanned as the default OR over the joined names would."""
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[0] == word[-1]:
                word = unescape_string_literal(word)
            if not word:
                continue
            named = Organisation.objects.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
            ids = list(named.values_list("pk", flat=True))
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(government_organisation__in=ids) | Q(education_organisation__in=ids)
            )
        return queryset, False

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("title", "description", "kind", "theme", "wanted_levels")}),
            (
                _("Partners"),
                {"fields": ("government_organisation", "contact", "education_organisation", "level", "student_count")},
            ),
            (_("Period"), {"fields": ("period_start", "period_end")}),
        ]
        if obj is None:
            fieldsets.append((_("State"), {"fields": ("submit",)}))
        else:
            fieldsets.append(
                (_("State"), {"fields": ("state", "state_changed_at", "created_by", "created_at", "updated_at")})
            )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            form.base_fields.pop("submit", None)
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new assignment gets its state and first history row from the lifecycle service.
        model_fields = {field.name for field in Assignment._meta.concrete_fields if field.editable}
        fields = {name: value for name, value in form.cleaned_data.items() if name in model_fields}
        created = lifecycle.create_assignment(by=request.user, submit=form.cleaned_data.get("submit", False), **fields)
        obj.pk = created.pk
        obj.state = created.state
        obj.state_changed_at = created.state_changed_at
        obj.created_by = created.created_by
        obj.created_at = created.created_at
        obj.updated_at = created.updated_at
        obj._state.adding = False

    # --- lifecycle actions ----------------------------------------------------------------

    def get_actions(self, request):
        """Django's actions plus one per coordinator action of ``lifecycle.ACTIONS``, read at request time."""
        actions = super().get_actions(request)
        if IS_POPUP_VAR not in request.GET and self.has_change_permission(request):
            for action in lifecycle.ACTIONS.values():
                if action.by == lifecycle.COORDINATOR:
                    actions[action.slug] = (
                        self._lifecycle_action(action),
                        action.slug,
                        action.admin_label or action.title,
                    )
        return actions

    @staticmethod
    def _lifecycle_action(action: lifecycle.Action):
        form_class = form_for(action)

        def take(modeladmin, request, queryset):
            if form_class is None:
                return modeladmin._move(request, queryset, action.to_state)
            return modeladmin._with_form(request, queryset, action=action, form_class=form_class)

        return take

    def _move(self, request, queryset, to_state, **kwargs):
        """Each assignment in its own transaction; a refusal is reported and changes nothing for that one."""
        moved = 0
        for assignment in queryset:
            try:
                with transaction.atomic():
                    lifecycle.transition_assignment(assignment=assignment, to_state=to_state, by=request.user, **kwargs)
            except lifecycle.TransitionError as error:
                # The lifecycle's message is already a sentence for the user; prefix the assignment it is about.
                self.message_user(request, f"“{assignment.title}”: {' '.join(error.messages)}", messages.WARNING)
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d assignment moved to “%(state)s”.",
                    "%(count)d assignments moved to “%(state)s”.",
                    moved,
                )
                % {"count": moved, "state": AssignmentState(to_state).label},
                messages.SUCCESS,
            )

    def _with_form(self, request, queryset, *, action, form_class):
        """An intermediate page: the action posts back to itself and moves the selection once the form is filled."""
        count = queryset.count()
        if count > MAX_ON_INTERMEDIATE_PAGE:
            self.message_user(
                request,
                _("Select at most %(max)d assignments for this action.") % {"max": MAX_ON_INTERMEDIATE_PAGE},
                messages.ERROR,
            )
            return None
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._move(request, queryset, action.to_state, **form.lifecycle_arguments())
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": action.title,
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
            "assignments": queryset.select_related("government_organisation"),
            "action": action.slug,
            "button": action.button,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/assignments/assignment/action_form.html", context)


@admin.register(AssignmentTransition)
class AssignmentTransitionAdmin(ReadOnlyMixin, BaseAdmin):
    """The whole history, to read and search. Rows are written by the lifecycle service only."""

    list_display = ("assignment", "from_state", "to_state", "at", "ended_at", "by")
    list_filter = ("to_state", "from_state", "at")
    search_fields = ("assignment__title", "note")
    list_select_related = ("assignment", "by")
    paginator = EstimatedCountPaginator
    # The model orders by assignment (that is: by the assignment's own order, a join and a full sort).
    ordering = ("-pk",)
    show_facets = admin.ShowFacets.NEVER
    fields = ("assignment", "from_state", "to_state", "at", "ended_at", "by", "note")
    readonly_fields = fields
