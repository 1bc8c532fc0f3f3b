"""Lists of records for every app: a page at a time, a page size chosen from a few, counted only up to a cap.

Every list page renders its django-tables2 table with ``includes/table.html`` (portal) after ``paginate``:
- the page size comes from ``?per_page=`` and must be one of ``PAGE_SIZES``; anything else shows the default
  size with a Dutch notice instead of an error page;
- the paginator counts at most ``COUNT_CAP`` + 1 rows, so a list over a big table costs the same as one over a
  small one and the deepest page reachable reads at most ``COUNT_CAP`` rows (through an index: each list's
  default order has one). Past the cap the page says so and offers the filters and the export instead.
"""

import inspect
from functools import cached_property

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

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
        rows = []
        for row in self.paginated_rows:
            html = [
                f"{start}{conditional_escape(localize(value))}{end}"
                for (start, end), (_column, value) in zip(cells, row.items(), strict=True)
            ]
            # bandit B308/B703: the markup is ours and every value went through conditional_escape
            rows.append(mark_safe(f'<tr class="utrecht-table__row">{"".join(html)}</tr>'))  # noqa: S308  # nosec B308 B703
        return rows


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
    """Order and paginate ``table`` by the request's query string; a page number that is not one shows the
    first page, one past the end the last."""
    size, table.page_size_notice = page_size(request, table.prefix, default=default)
    RequestConfig(request, paginate=False).configure(table)
    table.paginate(paginator_class=CappedPaginator, per_page=size)
    table.page = table.paginator.get_page(request.GET.get(table.prefixed_page_field))
    return table
