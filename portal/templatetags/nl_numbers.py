"""Counts for people: ``{{ count|grouped }}`` writes 200000 as "200.000" in Dutch (the active language's thousands
separator). Only for numbers a person reads: USE_THOUSAND_SEPARATOR stays off, so ids in links and years stay
plain."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number_format(value, force_grouping=True)
