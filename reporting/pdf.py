"""The infographic as a PDF: the sections and figures of "Duurzaam I-Partnerschap", for any reference date.

The PDF is tagged PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant): a structure tree, the document's title and its
language (``nl``) from the HTML, and every chart an image with its figures in words as alternative text.
"""

import base64

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from . import selectors

STYLESHEET = "css/infographic.css"
PDF_VARIANT = "pdf/ua-1"
# The most recent events the PDF lists by name; the sentence above the list gives the count of them all.
EVENTS_LISTED = 4


def _fetcher():
    """WeasyPrint may read embedded data and our own stylesheet file, never the network."""
    return URLFetcher(allowed_protocols={"data", "file"})


def _cell(value) -> str:
    return " ".join(str(value).split())


def chart_alt_text(chart) -> str:
    """The chart's title and all of its figures in words, row by row, from the table that goes with it."""
    table = chart.table
    value_headers = table.headers[1:]
    rows = []
    for row in table.rows:
        label, values = _cell(row[0]), row[1:]
        if len(values) == 1:
            rows.append(f"{label}: {_cell(values[0])}")
        else:
            named = zip(value_headers, values, strict=False)
            pairs = ", ".join(f"{_cell(header)} {_cell(value)}" for header, value in named)
            rows.append(f"{label}: {pairs}")
    words = "; ".join(rows) if rows else _cell(table.empty_text)
    return f"{_cell(chart.title)}. {words}."


def chart_image(chart) -> dict:
    """The chart as an image (the same SVG) with its alternative text: a tagged PDF keeps the text as /Alt."""
    data = base64.b64encode(str(chart.svg).encode("utf-8")).decode("ascii")
    return {"src": f"data:image/svg+xml;base64,{data}", "alt": chart_alt_text(chart), "id": chart.id}


def _events(context, as_of) -> dict:
    """The events of the reference date's year that the PDF names, and whether that is a selection of them."""
    year = str(as_of.year)
    in_year = [event for event in context["events"] if event["date"].startswith(year)]
    listed = in_year[:EVENTS_LISTED]
    return {"listed": listed, "selection": len(listed) < len(in_year), "in_year": len(in_year)}


PDF_PIPELINE_KEYS = (
    "pipeline.students_followed",
    "pipeline.inflow",
    "pipeline.inflow_percent",
    "pipeline.followups.response_percent",
    "istage.part_time_jobs.filled",
    "istage.part_time_jobs.students_working",
)


def render_infographic(as_of) -> bytes:
    context = selectors.dashboard(as_of)
    context["programme_start"] = selectors.programme_start()
    context["images"] = {
        "level": chart_image(context["assignment_charts"]["level"]),
        "trend": chart_image(context["assignment_charts"]["trend"]),
        "theme": chart_image(context["assignment_charts"]["theme"]),
        "map": chart_image(context["map_chart"]),
        "intake": chart_image(context["intake_chart"]),
    }
    # the talent pipeline's panel: its key numbers only, so that the infographic stays on two pages
    context["pdf_pipeline_keys"] = PDF_PIPELINE_KEYS
    context["pdf_events"] = _events(context, as_of)
    html = render_to_string("reporting/infographic.html", context)
    fetcher = _fetcher()
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)],
        pdf_variant=PDF_VARIANT,
    )
