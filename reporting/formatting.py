"""One notation for the numbers and dates of every output: pages, charts, the PDF and the text report.

Numbers go through Django's ``number_format`` in the active language with the thousands grouped, so Dutch
pages, charts and reports all write 1.000 and 1.234,5.
"""

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language

MISSING = "–"


def format_number(value, decimals=None):
    """``value`` in the active language's notation, thousands grouped: "1.000", "12,5"; "–" for ``None``.

    Whole numbers get no decimals and other numbers one, unless ``decimals`` says otherwise; halves round up.
    """
    if value is None:
        return MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return _formatted(Decimal(str(value)), decimals, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(value, decimals, language):
    """Pages show the same few hundred numbers over and over; number_format looks its separators up each time."""
    # number_format cuts off surplus decimals; round them first
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, force_grouping=True)


def format_change(value):
    """A difference with its sign: "+3", "−1.200" (a real minus sign), "0"; "–" for ``None``."""
    if value is None:
        return MISSING
    if value > 0:
        return "+" + format_number(value)
    if value < 0:
        return "−" + format_number(-value)
    return "0"


def format_date(value):
    """A date as Dutch text ("30 juni 2023"); ISO strings are accepted too."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return date_format(value, "j F Y")
