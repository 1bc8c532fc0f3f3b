"""Filters of the plain-text mail templates (a builtin of the "text" engine: no ``{% load %}`` needed).

A value someone typed never gets a line of its own in a mail the portal sends: ``oneline`` turns line breaks into a
space (titles, names), ``quoted`` indents every further line of a multi-line note, so it reads as part of the
quote and never as the portal's own paragraph.
"""

from django import template

from partnership.inputs import LINE_BREAKS, single_line

register = template.Library()


@register.filter
def oneline(value) -> str:
    return single_line(str(value)).strip() if value is not None else ""


@register.filter
def quoted(value) -> str:
    if value is None:
        return ""
    lines = [line.strip() for line in LINE_BREAKS.split(str(value).strip())]
    return "\n    ".join(line for line in lines if line)
