"""The coordinators' workspace: one list, detail, create and edit page for every kind of record, from a declaration.

Each app declares its kinds in its own ``workspace.py`` (a ``Kind``: the model, the selector that reads the rows,
a django-filter ``FilterSet``, a table on ``partnership.lists.ListTable``, a ``ModelForm``, the app's services that
write, the fields of the detail page, the columns of the export, and sections of related records such as a fieldlab's
dated statuses). ``portal.workspace`` lists the kinds in menu order and turns them into URLs with ``Kind.urls``.
Only coordinators (and admins) open these pages; every write goes through the owning app's services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import coordinator_required
from .inputs import name_the_empty_choice
from .lists import ListTable, paginate
from .selectors import history_for
from .spreadsheets import CHUNK_SIZE, FORMATS, export_response

NAMESPACE = "workspace"
EMPTY = "—"


# --- the declaration ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """Records that belong to one record, shown on its detail page as a table, with a form to add one
    (e.g. a fieldlab's dated statuses, a PhD candidate's placements)."""

    slug: str  # URL name part, e.g. "status"
    segment: str  # Dutch URL segment, e.g. "status"
    title: str
    rows: Callable[[models.Model], QuerySet]
    columns: Sequence[str]  # field names of the related model
    form: type[forms.ModelForm]
    add: Callable[..., models.Model]  # service: add(<parent_arg>=record, by=user, **cleaned_data)
    parent_arg: str
    add_title: str


@dataclass(frozen=True)
class Kind:
    """One kind of record in the workspace."""

    slug: str  # English, for URL names: "organisations" -> workspace:organisations, workspace:organisations_detail
    segment: str  # Dutch URL segment: "organisaties"
    title: str  # plural heading, e.g. "Organisaties"
    singular: str  # e.g. "organisatie"
    queryset: Callable[[], QuerySet]  # a selector of the owning app, joins applied, default order set
    filterset: type[django_filters.FilterSet]
    table: type[ListTable]
    form: type[forms.ModelForm]
    create: Callable[..., models.Model]  # service: create(by=user, **cleaned_data)
    update: Callable[..., models.Model]  # service: update(<record_arg>=record, by=user, **cleaned_data)
    record_arg: str
    detail: Sequence[str | tuple[str, Callable]]  # field names, or (label, function of the record)
    export: Sequence[tuple[str, str | Callable]] = ()  # (Dutch column name, field name or function of the record)
    sections: Sequence[Section] = ()
    intro: str = ""

    @property
    def model(self) -> type[models.Model]:
        return self.queryset().model

    def url_name(self, page: str = "") -> str:
        return f"{NAMESPACE}:{self.slug}{'_' + page if page else ''}"

    def urls(self) -> list:
        """The kind's URL patterns (to be included under the ``workspace`` namespace)."""
        name = self.slug
        patterns = [
            path(f"{self.segment}/", list_view, {"kind": self}, name=name),
            path(f"{self.segment}/nieuw/", create_view, {"kind": self}, name=f"{name}_create"),
            path(f"{self.segment}/export/", export_view, {"kind": self}, name=f"{name}_export"),
            path(f"{self.segment}/<int:pk>/", detail_view, {"kind": self}, name=f"{name}_detail"),
            path(f"{self.segment}/<int:pk>/bewerken/", edit_view, {"kind": self}, name=f"{name}_edit"),
        ]
        for section in self.sections:
            patterns.append(
                path(
                    f"{self.segment}/<int:pk>/{section.segment}/nieuw/",
                    section_add_view,
                    {"kind": self, "section": section.slug},
                    name=f"{name}_{section.slug}_add",
                )
            )
        return patterns


# --- building blocks for the apps' declarations ---------------------------------------------------------------------


def search(*fields: str):
    """A ``q`` filter method: every word must occur (case-insensitive) in one of ``fields``."""

    def method(queryset, name, value):
        for word in value.split()[:5]:
            condition = Q()
            for field_name in fields:
                condition |= Q(**{f"{field_name}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    return method


def search_filter(*fields: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=gettext_lazy("Search"),
        method=search(*fields),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _form_field(model_field, **kwargs):
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("widget", DateInput)
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    form_field = model_field.formfield(**kwargs)
    return name_the_empty_choice(form_field, model_field.verbose_name) if form_field is not None else None


class WorkspaceForm(forms.ModelForm):
    """A workspace form (the model's own validation): dates as date inputs, web addresses as https, a select's
    empty choice in words ("Kies een thema")."""

    class Meta:
        formfield_callback = _form_field


class DetailLinkColumn(tables.Column):
    """The first column: the record's name, linking to its detail page."""

    def render(self, value, record, table):
        return format_html('<a class="utrecht-link" href="{}">{}</a>', table.detail_url(record), value)


class WorkspaceTable(ListTable):
    """A workspace list's table; the view sets ``kind`` so the first column links to the detail page."""

    kind: Kind | None = None

    class Meta(ListTable.Meta):
        empty_text = gettext_lazy("No records match these filters.")
        # includes/table.html asks for "data-table--stacking" as a default that Meta.attrs' class overrides: name it
        attrs = {"class": "utrecht-table utrecht-table--html-table data-table data-table--stacking"}

    def detail_url(self, record) -> str:
        return reverse(self.kind.url_name("detail"), args=[record.pk])


# --- showing a value ------------------------------------------------------------------------------------------------


def field_label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def display(record: models.Model, name: str) -> str:
    """A field's value for people: choice labels, dates as 31-12-2023, many-to-many joined, empty as a dash."""
    model_field = record._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(record, name).all()) or EMPTY
    value = getattr(record, f"get_{name}_display")() if model_field.choices else getattr(record, name)
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return date_format(value, "d-m-Y")
    return str(value)


def value_of(record, accessor: str | Callable) -> str:
    if callable(accessor):
        value = accessor(record)
        return EMPTY if value in (None, "") else str(value)
    return display(record, accessor)


@dataclass
class Row:
    label: str
    value: str


@dataclass
class SectionView:
    section: Section
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    add_url: str = ""


# --- the views --------------------------------------------------------------------------------------------------------


def _context(kind: Kind, **extra) -> dict:
    return {"kind": kind, "list_url": reverse(kind.url_name()), **extra}


def _export_urls(request, kind: Kind) -> dict[str, str]:
    """The export links of a list: its filters and order as they are, without the page and its size."""
    query = request.GET.copy()
    for key in ("page", "per_page", "format"):
        query.pop(key, None)
    base = reverse(kind.url_name("export"))
    urls = {}
    for chosen in FORMATS:
        query["format"] = chosen
        urls[chosen] = f"{base}?{query.urlencode()}"
    return urls


@coordinator_required
def list_view(request, kind: Kind):
    filterset = kind.filterset(request.GET or None, queryset=kind.queryset())
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else kind.queryset().none()
    table = kind.table(rows, caption=kind.title, caption_hidden=True)
    table.kind = kind
    paginate(request, table)
    return render(
        request,
        "partnership/workspace/list.html",
        _context(
            kind,
            filter=filterset,
            table=table,
            create_url=reverse(kind.url_name("create")),
            export_urls=_export_urls(request, kind) if kind.export else {},
        ),
    )


def export_value(record, accessor: str | Callable):
    """A value for a spreadsheet cell: numbers and dates as they are, choices as their labels, records by name."""
    if callable(accessor):
        return accessor(record)
    model_field = record._meta.get_field(accessor)
    if model_field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(record, accessor).all())
    if model_field.choices:
        return getattr(record, f"get_{accessor}_display")()
    value = getattr(record, accessor)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, models.Model):
        return str(value)
    return value


@coordinator_required
def export_view(request, kind: Kind):
    """Every row the list's filters select (not a page), in the list's order, as CSV or XLSX."""
    filterset = kind.filterset(request.GET or None, queryset=kind.queryset())
    if filterset.is_bound and not filterset.is_valid():
        errors = " ".join(str(error) for field_errors in filterset.errors.values() for error in field_errors)
        message = _("The list cannot be exported with these filters: %(errors)s") % {"errors": errors}
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    table = kind.table(filterset.qs)
    tables.RequestConfig(request, paginate=False).configure(table)  # the order the list shows
    header = [str(label) for label, _accessor in kind.export]
    accessors = [accessor for _label, accessor in kind.export]
    records = table.data.data.iterator(chunk_size=CHUNK_SIZE)
    rows = ([export_value(record, accessor) for accessor in accessors] for record in records)
    return export_response(request, f"{kind.segment}-{timezone.localdate().isoformat()}", header, rows)


def _record(kind: Kind, pk: int):
    return get_object_or_404(kind.queryset(), pk=pk)


@coordinator_required
def detail_view(request, pk: int, kind: Kind):
    record = _record(kind, pk)
    model = kind.model
    rows = []
    for item in kind.detail:
        if isinstance(item, tuple):
            label, accessor = item
            rows.append(Row(str(label), value_of(record, accessor)))
        else:
            rows.append(Row(field_label(model, item), display(record, item)))
    sections = []
    for section in kind.sections:
        related = section.rows(record)
        view = SectionView(
            section=section,
            headers=[field_label(related.model, name) for name in section.columns],
            rows=[[display(obj, name) for name in section.columns] for obj in related],
            add_url=reverse(kind.url_name(f"{section.slug}_add"), args=[record.pk]),
        )
        sections.append(view)
    return render(
        request,
        "partnership/workspace/detail.html",
        _context(
            kind,
            record=record,
            rows=rows,
            sections=sections,
            edit_url=reverse(kind.url_name("edit"), args=[record.pk]),
            history=history_for(record),  # the workspace is the coordinators' own: they see who changed what
        ),
    )


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form: per field where the form has that field, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _form_page(request, kind: Kind, *, form_class, title, save, back_url, record=None):
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(record)s has been saved.") % {"record": saved})
            return redirect(reverse(kind.url_name("detail"), args=[saved.pk]))
    return render(
        request,
        "partnership/workspace/form.html",
        _context(kind, form=form, title=title, record=record, back_url=back_url),
    )


@coordinator_required
def create_view(request, kind: Kind):
    return _form_page(
        request,
        kind,
        form_class=kind.form,
        title=_("Add %(kind)s") % {"kind": capfirst(kind.singular)},
        save=lambda values: kind.create(by=request.user, **values),
        back_url=reverse(kind.url_name()),
    )


@coordinator_required
def edit_view(request, pk: int, kind: Kind):
    record = _record(kind, pk)
    return _form_page(
        request,
        kind,
        form_class=kind.form,
        title=_("Edit %(record)s") % {"record": record},
        save=lambda values: kind.update(**{kind.record_arg: record}, by=request.user, **values),
        back_url=reverse(kind.url_name("detail"), args=[record.pk]),
        record=record,
    )


@coordinator_required
def section_add_view(request, pk: int, kind: Kind, section: str):
    record = _record(kind, pk)
    chosen = next(item for item in kind.sections if item.slug == section)
    detail_url = reverse(kind.url_name("detail"), args=[record.pk])
    form = chosen.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chosen.add(**{chosen.parent_arg: record}, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(record)s has been saved.") % {"record": record})
            return redirect(detail_url)
    return render(
        request,
        "partnership/workspace/form.html",
        _context(
            kind,
            form=form,
            title=f"{chosen.add_title}: {record}",
            record=record,
            back_url=detail_url,
        ),
    )


@dataclass(frozen=True)
class MenuItem:
    title: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@coordinator_required
def index_view(request, menu: Sequence[MenuItem], tools: Sequence[MenuItem] = ()):
    return render(request, "partnership/workspace/index.html", {"menu": menu, "tools": tools})


# --- filter helpers ---------------------------------------------------------------------------------------------------


def choice_filter(label, choices, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label=gettext_lazy("All"), **kwargs)


def model_filter(label, queryset, **kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=label, queryset=queryset, empty_label=gettext_lazy("All"), **kwargs)


def date_filter(label, field_name, lookup_expr) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, field_name=field_name, lookup_expr=lookup_expr, widget=DateInput)
