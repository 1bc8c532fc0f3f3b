"""The infographic as a PDF: the sections and figures of "Duurzaam I-Partnerschap", for any reference date."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from . import selectors

STYLESHEET = "css/infographic.css"


def _fetcher():
    """WeasyPrint may read embedded data and our own stylesheet file, never the network."""
    return URLFetcher(allowed_protocols={"data", "file"})


def render_infographic(as_of) -> bytes:
    context = selectors.dashboard(as_of)
    context["programme_start"] = selectors.programme_start()
    html = render_to_string("reporting/infographic.html", context)
    fetcher = _fetcher()
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)]
    )
