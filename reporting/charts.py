"""Server-rendered SVG charts: readable without JavaScript, each with a title, a description and a data table.

Colour never carries meaning on its own: bars carry their value as text, series differ by pattern, dash style
and marker shape, and every chart comes with its numbers as a table (``Chart.table``). The colours are the
Rijkshuisstijl's dark blue, sky blue and dark green, each with at least 3:1 contrast against white (WCAG 1.4.11).
"""

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from . import geodata
from .formatting import format_number

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT = "#1c1c1c"
MUTED = "#535353"
GRID = "#b4b4b4"
SERIES_COLOURS = ["#154273", "#007bc7", "#275937", "#8b4a6a"]
# Fill patterns per series: solid, diagonal lines, dots, cross-hatch.
PATTERNS = ["solid", "diagonal", "dots", "cross"]
DASHES = ["", "8 4", "2 3", "12 4 2 4"]
MARKERS = ["circle", "square", "triangle", "diamond"]
# Text is drawn at its size in pixels (the SVG is never scaled down; a narrow screen scrolls it): at least 14.
FONT_SIZE = 15
SMALL_FONT_SIZE = 14
MARKER_SIZE = 24  # the map's markers hold a number at SMALL_FONT_SIZE
MARKER_NUDGES = [
    (dx * MARKER_SIZE, dy * MARKER_SIZE)
    for dx, dy in [(0, 0), (1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (2, 0), (-1, 0), (2, -1), (2, 1)]
]


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list]
    empty_text: str = "–"


def table_html(table, *, row_header_column=0):
    """The data table in NL Design System markup, built here rather than in a template loop: it is the
    largest part of the dashboard and rendering it cell by cell dominated the page's server time."""
    head = "".join(f'<th class="utrecht-table__header-cell" scope="col">{_text(h)}</th>' for h in table.headers)
    rows = []
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row):
            if index == row_header_column:
                cells.append(f'<th class="utrecht-table__header-cell" scope="row">{_text(cell)}</th>')
            else:
                numeric = " utrecht-table__cell--numeric" if row_header_column == 0 else ""
                cells.append(f'<td class="utrecht-table__cell{numeric}">{_text(cell)}</td>')
        rows.append(f'<tr class="utrecht-table__row">{"".join(cells)}</tr>')
    if not rows:
        rows.append(
            f'<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="{len(table.headers)}">'
            f"{_text(table.empty_text)}</td></tr>"
        )
    return _markup(
        [
            '<table class="utrecht-table utrecht-table--html-table data-table">',
            f'<caption class="utrecht-table__caption">{_text(table.caption)}</caption>',
            f'<thead class="utrecht-table__header"><tr class="utrecht-table__row">{head}</tr></thead>',
            f'<tbody class="utrecht-table__body">{"".join(rows)}</tbody></table>',
        ]
    )


@dataclass
class Chart:
    """An SVG chart with its data table. ``svg`` is safe markup; ``id`` is unique within a page."""

    id: str
    title: str
    description: str
    svg: SafeString
    table: Table
    legend: list[dict] = field(default_factory=list)
    row_header_column: int = 0

    @property
    def table_html(self):
        return table_html(self.table, row_header_column=self.row_header_column)


def _markup(parts) -> SafeString:
    """SVG built here from escaped text (``_text``), numbers and fixed colours only."""
    # bandit B308, B703: every part is escaped above
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _text(value) -> str:
    return escape(str(value), quote=True)


def _open_svg(chart_id, title, description, width, height, extra_class=""):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg {extra_class}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'font-family="{_text(FONT)}" font-size="{FONT_SIZE}">'
        f'<title id="{chart_id}-title">{_text(title)}</title><desc id="{chart_id}-desc">{_text(description)}</desc>'
    )


def _pattern_defs(chart_id, count):
    parts = ["<defs>"]
    for index in range(count):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        kind = PATTERNS[index % len(PATTERNS)]
        pid = f"{chart_id}-p{index}"
        if kind == "solid":
            parts.append(
                f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
                f'<rect width="8" height="8" fill="{colour}"/></pattern>'
            )
        elif kind == "diagonal":
            parts.append(
                f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{colour}"/>'
                f'<rect width="3" height="8" fill="#ffffff" fill-opacity="0.55"/></pattern>'
            )
        elif kind == "dots":
            parts.append(
                f'<pattern id="{pid}" width="7" height="7" patternUnits="userSpaceOnUse">'
                f'<rect width="7" height="7" fill="{colour}"/><circle cx="3.5" cy="3.5" r="1.6" fill="#ffffff"/>'
                f"</pattern>"
            )
        else:
            parts.append(
                f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
                f'<rect width="8" height="8" fill="{colour}"/>'
                f'<path d="M0 0L8 8M8 0L0 8" stroke="#ffffff" stroke-width="1.4"/></pattern>'
            )
    parts.append("</defs>")
    return "".join(parts)


def _swatch(chart_id, index):
    return {"pattern": f"{chart_id}-p{index}", "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)]}


def _nice_max(value):
    """The top of an axis with four gridlines at whole, round numbers (245 → 300: ticks of 75)."""
    if value <= 0:
        return 4
    magnitude = 1
    while True:
        for tick in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8):
            step = tick * magnitude
            if step == int(step) and 4 * step >= value:
                return int(4 * step)
        magnitude *= 10


def bar_chart(chart_id, title, description, items, *, value_header, label_header, caption=None, extra_columns=None):
    """Horizontal bars. ``items``: dicts with ``label``, ``value`` (number or None when suppressed) and
    ``display`` (the text shown at the bar and in the table, e.g. "42" or "<5")."""
    # Fits a phone's width unscaled: each label above its bar, the value after the bar ("273 (64%)").
    bar_width, row_height = 270, 50
    width = bar_width + 88
    height = max(len(items), 1) * row_height + 6
    top = max((item["value"] or 0) for item in items) if items else 0
    scale = bar_width / _nice_max(top)
    parts = [_open_svg(chart_id, title, description, width, height)]
    for index, item in enumerate(items):
        y = 4 + index * row_height
        value = item["value"] or 0
        length = round(value * scale, 1)
        label = item.get("short_label") or item["label"]
        if len(label) > 40:  # the table beside the chart has the full label
            label = label[:39] + "…"
        parts.append(f'<text x="0" y="{y + 15}" fill="{TEXT}">{_text(label)}</text>')
        parts.append(f'<rect x="0" y="{y + 22}" width="{max(length, 0)}" height="20" fill="{SERIES_COLOURS[0]}"/>')
        parts.append(
            f'<text x="{length + 6}" y="{y + 38}" fill="{TEXT}" font-weight="700">{_text(item["display"])}</text>'
        )
    parts.append("</svg>")
    extra_columns = extra_columns or []
    headers = [label_header, value_header, *[column["header"] for column in extra_columns]]
    rows = [
        [item["label"], item["display"], *[column["values"][i] for column in extra_columns]]
        for i, item in enumerate(items)
    ]
    return Chart(chart_id, title, description, _markup(parts), Table(caption or title, headers, rows))


def stacked_bar_chart(
    chart_id, title, description, categories, series, values, *, category_header, total_header, caption=None
):
    """Vertical stacked bars, one per category; ``series``: [(key, label)]; ``values[category][key]`` a number or
    None (suppressed, drawn as nothing) with ``display`` text from ``values[category]["_display"][key]``."""
    left, bottom, top_pad = 52, 34, 12
    column = 56
    plot_height = 220
    width = left + max(len(categories), 1) * column + 10
    height = top_pad + plot_height + bottom
    totals = [sum((values[c].get(key) or 0) for key, _ in series) for c in categories]
    top = _nice_max(max(totals) if totals else 0)
    scale = plot_height / top
    parts = [_open_svg(chart_id, title, description, width, height), _pattern_defs(chart_id, len(series))]
    for tick in range(5):
        tick_value = top * tick / 4
        y = round(top_pad + plot_height - tick_value * scale, 1)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - 6}" y2="{y}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="{MUTED}" font-size="{SMALL_FONT_SIZE}">'
            f"{_text(format_number(tick_value))}</text>"
        )
    for index, category in enumerate(categories):
        x = left + index * column + 8
        y = top_pad + plot_height
        for series_index, (key, _label) in enumerate(series):
            value = values[category].get(key) or 0
            segment = round(value * scale, 1)
            if segment <= 0:
                continue
            y -= segment
            parts.append(
                f'<rect x="{x}" y="{round(y, 1)}" width="{column - 16}" height="{segment}" '
                f'fill="url(#{chart_id}-p{series_index})" stroke="#ffffff" stroke-width="1"/>'
            )
            if segment >= 22:  # the number on a solid white label, whatever the pattern under it
                display = values[category]["_display"][key]
                label_width = len(str(display)) * 9 + 8
                middle = round(y + segment / 2, 1)
                parts.append(
                    f'<rect x="{x + (column - 16 - label_width) / 2}" y="{middle - 10}" width="{label_width}" '
                    f'height="20" rx="3" fill="#ffffff" stroke="{SERIES_COLOURS[series_index % len(SERIES_COLOURS)]}"/>'
                )
                parts.append(
                    f'<text x="{x + (column - 16) / 2}" y="{middle + 5}" text-anchor="middle" '
                    f'fill="{TEXT}" font-size="{SMALL_FONT_SIZE}" font-weight="700">{_text(display)}</text>'
                )
        parts.append(
            f'<text x="{x + (column - 16) / 2}" y="{top_pad + plot_height + 18}" text-anchor="middle" '
            f'fill="{TEXT}">{_text(category)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top_pad + plot_height}" x2="{width - 6}" y2="{top_pad + plot_height}" '
        f'stroke="{MUTED}"/>'
    )
    parts.append("</svg>")
    headers = [category_header, *[label for _, label in series], total_header]
    rows = [
        [category, *[values[category]["_display"][key] for key, _ in series], values[category]["_display"]["_total"]]
        for category in categories
    ]
    legend = [{"label": label, **_swatch(chart_id, i)} for i, (_, label) in enumerate(series)]
    return Chart(
        chart_id,
        title,
        description,
        _markup(parts),
        Table(caption or title, headers, rows),
        legend=legend,
    )


def _marker(kind, x, y, colour):
    if kind == "circle":
        return f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x} {y - 5}L{x + 5} {y + 4}L{x - 5} {y + 4}Z" fill="{colour}"/>'
    return f'<path d="M{x} {y - 5}L{x + 5} {y}L{x} {y + 5}L{x - 5} {y}Z" fill="{colour}"/>'


def line_chart(chart_id, title, description, periods, series, values, *, period_header, caption=None):
    """Lines over periods. ``series``: [(key, label)]; ``values``: one dict per period with a number or None
    (a gap) per key, and ``_display`` texts for the table."""
    # A fixed width keeps the text readable however many quarters there are; the table has every value.
    left, right, top_pad, bottom = 52, 34, 12, 46
    plot_width = 520
    plot_height = 230
    width = left + plot_width + right
    height = top_pad + plot_height + bottom
    highest = max([(point.get(key) or 0) for point in values for key, _ in series] or [0])
    top = _nice_max(highest)
    y_scale = plot_height / top
    step = plot_width / max(len(periods) - 1, 1)
    parts = [_open_svg(chart_id, title, description, width, height)]
    for tick in range(5):
        tick_value = top * tick / 4
        y = round(top_pad + plot_height - tick_value * y_scale, 1)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{left + plot_width}" y2="{y}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="{MUTED}" font-size="{SMALL_FONT_SIZE}">'
            f"{_text(format_number(tick_value))}</text>"
        )
    label_every = max(1, -(-len(periods) // 8))
    for index, period in enumerate(periods):
        # counted from the last period, so that D's quarter is labelled and no two labels collide
        if (len(periods) - 1 - index) % label_every == 0:
            x = round(left + index * step, 1)
            parts.append(
                f'<text x="{x}" y="{top_pad + plot_height + 18}" text-anchor="middle" fill="{TEXT}" '
                f'font-size="{SMALL_FONT_SIZE}">{_text(period)}</text>'
            )
    for series_index, (key, _label) in enumerate(series):
        colour = SERIES_COLOURS[series_index % len(SERIES_COLOURS)]
        dash = DASHES[series_index % len(DASHES)]
        segments, current = [], []
        points = []
        for index, point in enumerate(values):
            value = point.get(key)
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            xy = (round(left + index * step, 1), round(top_pad + plot_height - value * y_scale, 1))
            current.append(xy)
            points.append(xy)
        if current:
            segments.append(current)
        for segment in segments:
            path = "M" + " L".join(f"{x} {y}" for x, y in segment)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        marker_every = max(1, -(-len(points) // 16))
        for index, (x, y) in enumerate(points):
            if index % marker_every == 0 or index == len(points) - 1:
                parts.append(_marker(MARKERS[series_index % len(MARKERS)], x, y, colour))
    parts.append(
        f'<line x1="{left}" y1="{top_pad + plot_height}" x2="{left + plot_width}" y2="{top_pad + plot_height}" '
        f'stroke="{MUTED}"/>'
    )
    parts.append("</svg>")
    headers = [period_header, *[label for _, label in series]]
    rows = [
        [period, *[point["_display"][key] for key, _ in series]] for period, point in zip(periods, values, strict=True)
    ]
    legend = [
        {
            "label": label,
            "colour": SERIES_COLOURS[i % len(SERIES_COLOURS)],
            "dash": DASHES[i % len(DASHES)],
            "marker": _marker(MARKERS[i % len(MARKERS)], 30, 8, SERIES_COLOURS[i % len(SERIES_COLOURS)]),
        }
        for i, (_, label) in enumerate(series)
    ]
    for entry in legend:
        entry["marker"] = _markup([entry["marker"]])
    return Chart(
        chart_id,
        title,
        description,
        _markup(parts),
        Table(caption or title, headers, rows),
        legend=legend,
    )


def map_chart(chart_id, title, description, places, *, caption, headers, empty_text="–"):
    """The Netherlands with numbered markers. ``places``: dicts with ``name``, ``kind`` ("lab" or "curriculum"),
    ``status_label``, ``hollow`` (founding labs), ``latitude``, ``longitude`` and ``row`` (the table row)."""
    width, height = geodata.MAP_WIDTH, geodata.MAP_HEIGHT
    parts = [_open_svg(chart_id, title, description, width, height, "chart__svg--map")]
    parts.append(f'<path d="{geodata.outline_path()}" fill="#e6ecf2" stroke="#154273" stroke-width="1"/>')
    placed = []
    for number, place in enumerate(places, start=1):
        x, y = geodata.project(place["longitude"], place["latitude"])
        # Places in one city would hide each other: move a marker sideways until it is free.
        x0, y0 = x, y
        for dx, dy in MARKER_NUDGES:  # eastward first: the Dutch coast is in the west
            x, y = x0 + dx, y0 + dy
            if all(abs(x - px) >= MARKER_SIZE or abs(y - py) >= MARKER_SIZE for px, py in placed):
                break
        placed.append((x, y))
        colour = SERIES_COLOURS[0] if place["kind"] == "lab" else SERIES_COLOURS[2]
        fill = "#ffffff" if place.get("hollow") else colour
        text_fill = colour if place.get("hollow") else "#ffffff"
        if place["kind"] == "lab":
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="{MARKER_SIZE / 2 - 1}" fill="{fill}" stroke="{colour}" '
                f'stroke-width="2"/>'
            )
        else:
            parts.append(
                f'<rect x="{x - MARKER_SIZE / 2 + 1}" y="{y - MARKER_SIZE / 2 + 1}" width="{MARKER_SIZE - 2}" '
                f'height="{MARKER_SIZE - 2}" fill="{fill}" stroke="{colour}" '
                f'stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{x}" y="{y + 5}" text-anchor="middle" font-size="{SMALL_FONT_SIZE}" font-weight="700" '
            f'fill="{text_fill}">{number}</text>'
        )
    parts.append("</svg>")
    rows = [[number, *place["row"]] for number, place in enumerate(places, start=1)]
    return Chart(
        chart_id, title, description, _markup(parts), Table(caption, headers, rows, empty_text), row_header_column=1
    )
