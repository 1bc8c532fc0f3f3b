"""Reading figures back out of the rendered pages, independently of the code that renders them."""

import re
from html import unescape
from html.parser import HTMLParser


def tiles(html):
    """{figure key: shown value} of every tile on the page (the last one wins when a key repeats)."""
    pattern = re.compile(r'<li class="tile" data-figure="([^"]+)">\s*<span class="tile__value">([^<]*)</span>')
    return {key: unescape(value) for key, value in pattern.findall(html)}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._figure, self._row, self._cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "id" in attrs:
            self._figure = attrs["id"]
            self.tables[self._figure] = []
        elif tag == "tr" and self._figure:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._figure].append(self._row)
            self._row = None
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def chart_tables(html):
    """{chart id: [header row, data rows...]} of every chart's data table."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def nl(number):
    """A count in Dutch notation (1.000), written independently of reporting.selectors."""
    return f"{number:,}".replace(",", ".")
