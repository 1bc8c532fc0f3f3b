"""Lists of records for every app: a page at a time by key, a page size chosen from a few, counted only up to a cap.

Every list page renders its django-tables2 table with ``includes/table.html`` (portal) after ``paginate``:
- the page size comes from ``?per_page=`` and must be one of ``PAGE_SIZES``; anything else shows the default
  size with a Dutch notice instead of an error page;
- a list over a queryset pages by key (``page_by_key``): ``?page=`` holds the sort values and id of the row a page
  starts after (or ends before), so any page, the last one too, reads one page of index entries whatever its depth,
  and its link is a bookmark; a key that does not fit the list shows the first page with a Dutch notice;
- the paginator counts at most ``COUNT_CAP`` + 1 rows, so a list over a big table costs the same as one over a
  small one; past the cap the page says so and offers the filters and the export (and the pages go on).
"""

import base64
import binascii
import datetime as dt
import inspect
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRows
from django_tables2.utils import A
from django_tables2.utils import signature as render_signature

logger = logging.getLogger(__name__)

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Pages over at most ``COUNT_CAP`` rows; ``more_than_cap`` says whether the list holds more."""

    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        # django-tables2 hands over its rows; under them lies the queryset: count a bounded, unordered subquery
        queryset = getattr(getattr(self.object_list, "data", None), "data", None)
        if isinstance(queryset, QuerySet):
            return queryset.order_by()[: self.cap + 1].count()
        return min(len(self.object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def more_than_cap(self) -> bool:
        return self._counted > self.cap


class DateColumn(tables.Column):
    """A date or moment in ``format`` (``d-m-Y``), a moment in the site's time zone. django-tables2's own DateColumn
    compiles its template for every cell (a tenth of a 25-row list page)."""

    def __init__(self, *args, format: str = "d-m-Y", **kwargs):
        super().__init__(*args, **kwargs)
        self.format = format

    def render(self, value):
        return date_format(template_localtime(value), self.format)


def with_signature(render):
    """``render`` (a column's render method) as a function that carries its signature (``__signature__``, which
    ``inspect.signature`` returns as it is). django-tables2 asks for the signature of the render method for every
    cell to know which arguments to pass, a fifth of a 25-row list page when worked out from the code each time."""

    def call(**kwargs):
        return render(**kwargs)

    call.__signature__ = inspect.signature(render)
    return call


class ListTable(tables.Table):
    """A table in NL Design System markup with a caption; ``Meta.secondary`` names the columns that step aside
    on narrower screens (the detail page shows them)."""

    class Meta:
        template_name = "includes/table.html"
        attrs = {"class": "utrecht-table utrecht-table--html-table data-table data-table--stacking"}

    secondary: tuple[str, ...] = ()
    page_sizes = PAGE_SIZES

    def __init__(self, *args, caption="", caption_hidden=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption
        self.caption_hidden = caption_hidden  # when a heading right above says the same
        self.page_size_notice = ""
        self.page_notice = ""  # a ``?page=`` key that does not fit the list
        # ``render`` is the attribute django-tables2 calls for every cell (``render_<column>`` or the column's own)
        for column in self.columns.all():
            column.render = with_signature(column.render)

    def body_rows(self) -> list[SafeString]:
        """The rows of the page in the markup of ``includes/table.html``: the first cell heads its row, each other
        cell carries its column's name for the stacked phone layout and steps aside when secondary. Written here
        rather than in the template, where the loop over 250 cells took a fifth of a list page's time."""
        cells = [
            (
                format_html(
                    '<td class="utrecht-table__cell{}{}" data-label="{}">',
                    " data-table__secondary" if column.name in self.secondary else "",
                    " data-table__date" if isinstance(column.column, DateColumn) else "",  # never split
                    column.header,
                ),
                "</td>",
            )
            for column in self.columns
        ]
        if cells:
            # bandit B308/B703: a literal
            cells[0] = (mark_safe('<th scope="row" class="utrecht-table__cell">'), "</th>")  # noqa: S308  # nosec B308 B703
        renderers = [CellRenderer(self, column) for column in self.columns]
        rows = []
        for row in self.paginated_rows:
            html = [
                f"{start}{conditional_escape(localize(render(row)))}{end}"
                for (start, end), render in zip(cells, renderers, strict=True)
            ]
            # bandit B308/B703: the markup is ours and every value went through conditional_escape
            rows.append(mark_safe(f'<tr class="utrecht-table__row">{"".join(html)}</tr>'))  # noqa: S308  # nosec B308 B703
        return rows


class CellRenderer:
    """One column's cells as django-tables2 3.0.1 renders them (``BoundRow.get_cell``: the value through the
    accessor, or ``get_<field>_display`` for a field with choices; the column's default for an empty value; else its
    render method with the arguments it names, and its link), with what does not change from row to row worked out
    once per page: the accessor, the field at its end, the render method's signature, the column's default. Called
    for every cell of a page (``ListTable.body_rows``), where django-tables2 looked the column up by name, built an
    accessor and asked for the render method's signature in each of them."""

    def __init__(self, table: tables.Table, bound_column):
        self.table = table
        self.bound_column = bound_column
        self.column = bound_column.column
        self.accessor = A(bound_column.accessor)
        self.render = bound_column.render
        self.arguments, self.catch_all = render_signature(self.render)
        self.link = bound_column.link
        self.default_varies = callable(getattr(self.column, "_default", None))  # django-tables2 calls it per cell
        self.default = None if self.default_varies else bound_column.default
        self.many = isinstance(self.column, ManyToManyColumn)
        self.text_link = isinstance(self.column, BaseLinkColumn) and self.column.text is not None
        self.displays: dict[tuple[type, type], bool] = {}  # per models: whether the value is get_<field>_display()

    def _display(self, record, penultimate, remainder) -> bool:
        model = (type(record), type(penultimate))
        if model not in self.displays:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            display = getattr(penultimate, f"get_{remainder}_display", None)
            self.displays[model] = bool(getattr(field, "choices", ()) and display)
        return self.displays[model]

    def __call__(self, row):
        record = row.record
        value = None
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model) and self._display(record, penultimate, remainder):
            value = getattr(penultimate, f"get_{remainder}_display")()
            remainder = None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:  # as django-tables2: a column that is no field (its issue #257)
                if self.text_link:
                    return self._call(row, None)
        if value in self.column.empty_values or (self.many and not value.exists()):
            return self.bound_column.default if self.default_varies else self.default
        return self._call(row, value)

    def _call(self, row, value):
        kwargs = {
            "value": value,
            "record": row.record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        if self.catch_all:
            content = self.render(**kwargs)
        elif any(argument not in kwargs for argument in self.arguments):
            content = None
        else:
            content = self.render(**{name: kwargs[name] for name in self.arguments})
        return self.link(content, **kwargs) if self.link else content


def page_size(request, prefix: str = "", *, default: int = DEFAULT_PAGE_SIZE) -> tuple[int, str]:
    """The page size asked for in ``?<prefix>per_page=``, or the default with the reason it was not taken."""
    raw = request.GET.get(f"{prefix}per_page")
    if raw is None or raw == "":
        return default, ""
    if raw.strip().isdigit() and int(raw) in PAGE_SIZES:
        return int(raw), ""
    sizes = ", ".join(str(size) for size in PAGE_SIZES)
    return default, _("“%(value)s” is not a page size; choose %(sizes)s. Showing %(default)s rows.") % {
        "value": raw[:20],
        "sizes": sizes,
        "default": default,
    }


def paginate(request, table: ListTable, *, default: int = DEFAULT_PAGE_SIZE) -> ListTable:
    """Order and paginate ``table`` by the request's query string. A list over a queryset pages by key (``?page=``
    holds the key; one that is not one shows the first page with a notice); a list already in memory by number
    (one that is not one shows the first page, one past the end the last)."""
    size, table.page_size_notice = page_size(request, table.prefix, default=default)
    RequestConfig(request, paginate=False).configure(table)
    table.paginator = CappedPaginator(table.rows, size)
    raw = request.GET.get(table.prefixed_page_field) or ""
    if isinstance(getattr(table.data, "data", None), QuerySet):
        try:
            table.page, table.page_notice = page_by_key(table, raw, size, table.paginator)
            return table
        except ImproperlyConfigured:  # an order no key can hold (DEVELOPERS.md): by number, and say so in the log
            logger.warning("list %s pages by number: its order cannot be paged by key", type(table).__name__)
    table.page = table.paginator.get_page(raw)
    return table


# --- pages by key ----------------------------------------------------------------------------------------------------
#
# A list over a queryset pages by key: a page is the rows after (or before) the sort values of one row, so page 40,000
# reads 26 index entries like page 1. ``?page=`` holds the key: ``a.<token>`` the rows after it, ``b.<token>`` the rows
# before it, ``last`` the last page; nothing or ``1`` the first. A token is the order it was made for and the values of
# the row's sort columns (and its id), so a link is a bookmark that keeps its place while rows come and go. NULLs sort
# as PostgreSQL sorts them: after every value ascending, before every value descending.

AFTER, BEFORE, LAST = "a.", "b.", "last"
MAX_TOKEN = 3000  # characters: a key is a few values; anything longer is not one of ours


class BadKey(ValueError):
    """A ``?page=`` value that is not a key of this list in this order."""


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order: a field path (``theme__name``), its direction and whether it can be NULL."""

    path: str
    descending: bool
    nullable: bool
    field: models.Field

    def flipped(self) -> "SortKey":
        return SortKey(self.path, not self.descending, self.nullable, self.field)

    @property
    def ordering(self) -> str:
        return f"{'-' if self.descending else ''}{self.path}"


def _order_items(queryset: QuerySet) -> list[tuple[str, bool]]:
    """The queryset's order as (field path, descending) pairs: its ``order_by`` or else the model's ordering."""
    query = queryset.query
    items = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    pairs = []
    for item in items:
        if isinstance(item, str):
            if item == "?":
                raise ImproperlyConfigured("A list paged by key cannot be in random order.")
            pairs.append((item.lstrip("-"), item.startswith("-")))
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            pairs.append((item.expression.name, item.descending))
        elif isinstance(item, F):
            pairs.append((item.name, False))
        else:
            raise ImproperlyConfigured(f"A list paged by key orders by field paths, not by {item!r}.")
    return pairs


def _expand(model, path: str, descending: bool, nullable: bool = False) -> list[SortKey]:
    """The columns that ordering ``model`` by ``path`` sorts on (a relation sorts by its model's ordering, as Django
    does), each with whether it can be NULL (a nullable field, or reached through a nullable relation)."""
    names = path.split("__")
    walked = []
    for position, name in enumerate(names):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        walked.append(name)
        nullable = nullable or bool(getattr(field, "null", False)) or (field.is_relation and not field.concrete)
        if field.is_relation and (field.many_to_many or field.one_to_many):
            raise ImproperlyConfigured(f"A list paged by key cannot order by the multi-valued {path!r}.")
        if not field.is_relation:
            if position != len(names) - 1:
                raise ImproperlyConfigured(f"{path!r} is not a field path.")
            return [SortKey(path, descending, nullable, field)]
        model = field.related_model
        if position == len(names) - 1:
            prefix = "__".join(walked)
            ordering = model._meta.ordering or ["pk"]
            keys = []
            for item in ordering:
                if not isinstance(item, str):
                    raise ImproperlyConfigured(f"{model.__name__}'s ordering is not field paths.")
                inner = item.startswith("-")
                keys.extend(_expand(model, item.lstrip("-"), descending != inner, nullable))
            return [replace(key, path=f"{prefix}__{key.path}") for key in keys]
    raise ImproperlyConfigured(f"{path!r} is not a field path.")  # pragma: no cover - the loop returns


def sort_keys(queryset: QuerySet) -> list[SortKey]:
    """The columns a list's page key holds: the queryset's order, then the primary key (unique, so that every row
    has its own place), in the direction of the last column so that one index serves the whole order."""
    keys: list[SortKey] = []
    annotations = queryset.query.annotations
    for path, descending in _order_items(queryset):
        if path in annotations:  # a computed column (e.g. the moment of an answer): may be NULL
            keys.append(SortKey(path, descending, True, annotations[path].output_field))
            continue
        for key in _expand(queryset.model, path, descending):
            if key.path not in {existing.path for existing in keys}:
                keys.append(key)
    pk = queryset.model._meta.pk
    names = {"pk", pk.name, pk.attname}
    if not any(key.path in names for key in keys):
        keys.append(SortKey("pk", keys[-1].descending if keys else False, False, pk))
    return keys


def _signature(keys: Sequence[SortKey]) -> str:
    return ",".join(key.ordering for key in keys)


def _alias(position: int) -> str:
    return f"keyset_{position}"


def _encode_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):  # datetime too
        return value.isoformat()
    return str(value)  # Decimal, UUID


def encode_key(keys: Sequence[SortKey], values: Sequence) -> str:
    payload = json.dumps([_signature(keys), [_encode_value(value) for value in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_value(key: SortKey, raw):
    if raw is None:
        return None
    if not isinstance(raw, bool | int | float | str):
        raise BadKey("not a value")
    if isinstance(raw, str):  # PostgreSQL takes no NUL character, psycopg no lone surrogate
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError as error:
            raise BadKey("not text") from error
        if "\x00" in raw:
            raise BadKey("not text")
    try:
        value = key.field.to_python(raw)
    except (ValidationError, TypeError, ValueError, OverflowError) as error:
        raise BadKey(str(error)) from error
    if isinstance(key.field, models.IntegerField):
        low, high = connection.ops.integer_field_range(key.field.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            raise BadKey("out of range")
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def decode_key(keys: Sequence[SortKey], token: str) -> list:
    """The values of a key made by ``encode_key`` for the same order; ``BadKey`` for anything else."""
    if len(token) > MAX_TOKEN:
        raise BadKey("too long")
    try:
        signature, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError, binascii.Error) as error:
        raise BadKey(str(error)) from error
    if signature != _signature(keys) or not isinstance(values, list) or len(values) != len(keys):
        raise BadKey("made for another order")
    return [_decode_value(key, raw) for key, raw in zip(keys, values, strict=True)]


def after(keys: Sequence[SortKey], values: Sequence) -> Q:
    """The rows that come after ``values`` in the order of ``keys`` (lexicographic, NULLs as PostgreSQL sorts them),
    with a bound on the first column that an index on the order can start from."""

    def equal(alias, value):
        return Q(**{f"{alias}__isnull": True}) if value is None else Q(**{alias: value})

    def beyond(key, alias, value):
        if value is None:  # NULL is last ascending (nothing beyond it), first descending (every value is)
            return Q(**{f"{alias}__isnull": False}) if key.descending else Q(pk__in=[])
        condition = Q(**{f"{alias}__{'lt' if key.descending else 'gt'}": value})
        if key.nullable and not key.descending:
            condition |= Q(**{f"{alias}__isnull": True})
        return condition

    condition = Q(pk__in=[])
    prefix = Q()
    for position, (key, value) in enumerate(zip(keys, values, strict=True)):
        alias = _alias(position)
        condition |= prefix & beyond(key, alias, value)
        prefix &= equal(alias, value)
    first, value = keys[0], values[0]
    if value is not None:
        bound = Q(**{f"{_alias(0)}__{'lte' if first.descending else 'gte'}": value})
        if first.nullable and not first.descending:
            bound |= Q(**{f"{_alias(0)}__isnull": True})
        condition &= bound
    elif not first.descending:
        condition &= Q(**{f"{_alias(0)}__isnull": True})
    return condition


@dataclass
class KeysetPage:
    """One page of a list paged by key: its rows and the ``?page=`` values of the pages around it."""

    object_list: BoundRows
    paginator: "CappedPaginator"
    is_first: bool
    previous_key: str = ""  # "" when there is no page before
    next_key: str = ""  # "" when there is no page after
    is_last: bool = False
    by_key = True  # the template links by key, not by number

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_key)

    @property
    def has_next(self) -> bool:
        return bool(self.next_key)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def start_index(self) -> int | None:
        """The first row's number, known on the first page only (counting the rows before a key would read them)."""
        return 1 if self.is_first and len(self.object_list) else None

    @property
    def end_index(self) -> int | None:
        return len(self.object_list) if self.is_first else None

    def __len__(self) -> int:
        return len(self.object_list)


def _keyed(queryset: QuerySet, keys: Sequence[SortKey]) -> QuerySet:
    annotations = {_alias(position): F(key.path) for position, key in enumerate(keys)}
    return queryset.annotate(**annotations).order_by(*(key.ordering for key in keys))


def _key_of(record, keys: Sequence[SortKey]) -> list:
    return [getattr(record, _alias(position)) for position in range(len(keys))]


def page_by_key(table: ListTable, raw: str, size: int, paginator: "CappedPaginator") -> tuple[KeysetPage, str]:
    """The page of ``table`` that ``raw`` (the ``?page=`` value) asks for, and a notice when it was not one."""
    queryset = table.data.data
    keys = sort_keys(queryset)
    backward = [key.flipped() for key in keys]
    forward_rows, backward_rows = _keyed(queryset, keys), _keyed(queryset, backward)
    notice = ""

    def page(rows, *, is_first, has_previous, has_next, is_last=False):
        return KeysetPage(
            object_list=BoundRows(rows, table),
            paginator=paginator,
            is_first=is_first,
            previous_key=BEFORE + encode_key(keys, _key_of(rows[0], keys)) if rows and has_previous else "",
            next_key=AFTER + encode_key(keys, _key_of(rows[-1], keys)) if rows and has_next else "",
            is_last=is_last,
        )

    def first():
        rows = list(forward_rows[: size + 1])
        return page(rows[:size], is_first=True, has_previous=False, has_next=len(rows) > size)

    def last():
        rows = list(backward_rows[: size + 1])
        more = len(rows) > size
        return page(rows[:size][::-1], is_first=not more, has_previous=more, has_next=False, is_last=True)

    raw = raw.strip()
    if raw in ("", "1"):
        return first(), notice
    if raw == LAST:
        return last(), notice
    try:
        if raw.startswith(AFTER):
            values = decode_key(keys, raw[len(AFTER) :])
            rows = list(forward_rows.filter(after(keys, values))[: size + 1])
            if not rows:  # past the end (the rows after it went): the last page
                return last(), notice
            return page(rows[:size], is_first=False, has_previous=True, has_next=len(rows) > size), notice
        if raw.startswith(BEFORE):
            values = decode_key(keys, raw[len(BEFORE) :])
            rows = list(backward_rows.filter(after(backward, values))[: size + 1])
            if not rows:  # before the start: the first page
                return first(), notice
            # a page or less before it is the first page: as many rows as there are, so that walking back from the
            # last page shows every row once
            more = len(rows) > size
            return page(rows[:size][::-1], is_first=not more, has_previous=more, has_next=True), notice
    except BadKey:
        pass
    notice = _(
        "This link to a page of the list does not fit the list (any more): the order changed or the link is "
        "incomplete. Showing the first page."
    )
    return first(), notice
