"""The coordinators' workspace and the one declaration of each kind of record behind it and behind the import.

Each app declares its kinds once, in its own ``kinds.py``: a ``RecordKind`` holds the model's selector, the columns
of the kind's file (``partnership.columns.Column``: the export of its list, and its import format when it is
importable), and for the workspace a django-filter ``FilterSet``, a table on ``WorkspaceTable``, a ``ModelForm``, the
app's services that write, the fields of the detail page and sections of related records such as a fieldlab's dated
statuses. ``portal.workspace`` lists the workspace's kinds in menu order and turns them into URLs with
``RecordKind.urls``; ``exchange.imports.kinds`` lists the importable ones and reads and writes their files. Only
coordinators (and admins) open these pages; every write goes through the owning app's services.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from .columns import Column, Lookups
from .inputs import ModelChoiceFilter, form_field, name_the_empty_choice
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


def _no_errors(record, other) -> list:
    return []


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, declared once in its app's ``kinds.py``: its file's columns (the export of its list, the
    import's format when importable), its workspace pages and, when importable, how the import finds and writes its
    records. DEVELOPERS.md, "Adding a kind of record", has the recipe."""

    slug: str  # English, for URL names: "organisations" -> workspace:organisations, workspace:organisations_detail
    segment: str  # Dutch: the URL segment ("organisaties"), the import's name of the kind and its files' names
    title: str  # plural heading, e.g. "Organisaties"
    singular: str  # e.g. "organisatie"
    queryset: Callable[[], QuerySet]  # a selector of the owning app, joins applied, default order set
    columns: Sequence[Column]  # the file: every export of the kind, and the import's format
    # The file's rows: the records of a queryset as dicts of the columns' fields, in its order. Default: ``values``
    # of the columns' fields (and sets for ``related`` columns); a kind whose columns are not its model's own fields
    # (an assignment's history) gives its own.
    rows: Callable[[QuerySet, Lookups], Iterable[dict]] | None = None

    # The workspace's pages. A kind without a table has none: it has pages of its own (assignments) or shows on
    # another kind's page (a PhD candidate's placements).
    filterset: type[django_filters.FilterSet] | None = None
    table: type[ListTable] | None = None
    form: type[forms.ModelForm] | None = None
    create: Callable[..., models.Model] | None = None  # service: create(by=user, **cleaned_data)
    update: Callable[..., models.Model] | None = None  # service: update(<record_arg>=record, by=user, **cleaned_data)
    record_arg: str = ""
    # the detail page: field names, or (label, function of the record); default: the form's fields
    detail: Sequence[str | tuple[str, Callable]] = ()
    sections: Sequence[Section] = ()
    intro: str = ""

    # The import: a kind with a ``key`` and a ``write`` is importable (``exchange.imports``).
    key: tuple[str, ...] = ()  # the record fields that find an existing record (text compared case-insensitively)
    write: Callable | None = None  # (creates, updates, lookups): through the owning app's services
    # (records, lookups) -> {key: the existing record in the file's shape}; default: every record (``rows``)
    current: Callable | None = None
    # Optional, for big files: (count, lookups) -> a copier made on the connection's thread (it may reserve ids),
    # with ``format(creates)`` (no database: runs in the import's checking thread), ``write(formatted)`` (on the
    # connection: the owning app's bulk service) and ``finish()`` (on the connection, after the last write). A kind
    # with one has its new records written chunk by chunk while the next chunk is checked, and the kind's ``write``
    # gets the updates only; ``current`` is then given records with the key fields only.
    copier: Callable | None = None
    check: Callable = _no_errors  # (record, lookups) -> cross-column errors: [(field, message)]
    conflict: Callable = _no_errors  # (record, current) -> an update that may not be made: [(field, message)]
    compared: tuple[str, ...] = ()  # the fields an update compares; default: the columns' fields
    import_intro: str = ""  # what the upload page says about the kind
    not_importable: str = ""  # a kind with a list that cannot be imported says why (for the code's readers)

    @property
    def importable(self) -> bool:
        return bool(self.key and self.write)

    @property
    def compared_fields(self) -> tuple[str, ...]:
        return self.compared or tuple(column.field for column in self.columns if column.parse is not None)

    def header(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def header_of(self, name: str) -> str:
        """The column name of a record field (a check's error names the column the person sees)."""
        for column in self.columns:
            if column.field == name or column.field == name.replace("_id", "_email"):
                return str(column.header)
        return name

    def key_of(self, record: dict) -> tuple:
        return tuple(value.casefold() if isinstance(value, str) else value for value in map(record.get, self.key))

    def records(self, queryset: QuerySet, lookups: Lookups) -> Iterable[dict]:
        """The records of ``queryset`` in the file's shape (a dict of the columns' fields), in its order."""
        if self.rows is not None:
            return self.rows(queryset, lookups)
        sets = {column.field: column.related for column in self.columns if column.related}
        fields = [column.field for column in self.columns if not column.related]
        if sets:
            return values_with_sets(queryset, fields, **sets)
        return queryset.values(*fields).iterator(chunk_size=CHUNK_SIZE)

    def file_rows(self, queryset: QuerySet, lookups: Lookups | None = None) -> Iterator[list]:
        """The rows of the kind's file for the records of ``queryset``: what the import reads back unchanged."""
        lookups = lookups or Lookups()
        columns = [(column.field, column.fmt, column.default) for column in self.columns]
        for record in self.records(queryset, lookups):
            yield [fmt(record.get(name, default), lookups) for name, fmt, default in columns]

    def existing(self, records: list[dict], lookups: Lookups) -> dict[tuple, dict]:
        """The records in the portal that a file's ``records`` may update, by key, in the file's shape."""
        if self.current is not None:
            return self.current(records, lookups)
        return {self.key_of(row): row for row in self.records(self.queryset(), lookups)}

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


def values_with_sets(queryset: QuerySet, fields: Sequence[str], **sets: str) -> Iterator[dict]:
    """``queryset.values(*fields)`` (and ``pk``), with for each ``name=many_to_many_field`` the frozenset of the
    related records' primary keys under ``name``; read a chunk at a time, one more query per chunk and set."""
    model = queryset.model
    iterator = queryset.values("pk", *fields).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        pks = [row["pk"] for row in chunk]
        found = {}
        for name, field_name in sets.items():
            many = model._meta.get_field(field_name)
            source, target = f"{many.m2m_field_name()}_id", f"{many.m2m_reverse_field_name()}_id"
            pairs = many.remote_field.through.objects.filter(**{f"{source}__in": pks}).values_list(source, target)
            found[name] = related = defaultdict(set)
            for pk, other in pairs:
                related[pk].add(other)
        for row in chunk:
            for name, related in found.items():
                row[name] = frozenset(related[row["pk"]])
            yield row


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
    field = form_field(model_field, **kwargs)
    return name_the_empty_choice(field, model_field.verbose_name) if field is not None else None


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

    kind: RecordKind | None = None

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


def _context(kind: RecordKind, **extra) -> dict:
    return {"kind": kind, "list_url": reverse(kind.url_name()), **extra}


def _export_urls(request, kind: RecordKind) -> dict[str, str]:
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
def list_view(request, kind: RecordKind):
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
            export_urls=_export_urls(request, kind),
        ),
    )


@coordinator_required
def export_view(request, kind: RecordKind):
    """Every row the list's filters select (not a page), in the list's order, as CSV or XLSX: the kind's file, which
    the import reads back unchanged when the kind is importable."""
    filterset = kind.filterset(request.GET or None, queryset=kind.queryset())
    if filterset.is_bound and not filterset.is_valid():
        errors = " ".join(str(error) for field_errors in filterset.errors.values() for error in field_errors)
        message = _("The list cannot be exported with these filters: %(errors)s") % {"errors": errors}
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    table = kind.table(filterset.qs)
    tables.RequestConfig(request, paginate=False).configure(table)  # the order the list shows
    rows = kind.file_rows(table.data.data)
    return export_response(request, f"{kind.segment}-{timezone.localdate().isoformat()}", kind.header(), rows)


def _record(kind: RecordKind, pk: int):
    return get_object_or_404(kind.queryset(), pk=pk)


@coordinator_required
def detail_view(request, pk: int, kind: RecordKind):
    record = _record(kind, pk)
    model = kind.model
    rows = []
    for item in kind.detail or kind.form._meta.fields:
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


def _form_page(request, kind: RecordKind, *, form_class, title, save, back_url, record=None):
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
def create_view(request, kind: RecordKind):
    return _form_page(
        request,
        kind,
        form_class=kind.form,
        title=_("Add %(kind)s") % {"kind": capfirst(kind.singular)},
        save=lambda values: kind.create(by=request.user, **values),
        back_url=reverse(kind.url_name()),
    )


@coordinator_required
def edit_view(request, pk: int, kind: RecordKind):
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
def section_add_view(request, pk: int, kind: RecordKind, section: str):
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


def model_filter(label, queryset, **kwargs) -> ModelChoiceFilter:
    return ModelChoiceFilter(label=label, queryset=queryset, empty_label=gettext_lazy("All"), **kwargs)


def date_filter(label, field_name, lookup_expr) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, field_name=field_name, lookup_expr=lookup_expr, widget=DateInput)
