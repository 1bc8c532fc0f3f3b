"""Dutch typography: soft hyphens in long words, so that a narrow tile or heading breaks them with a hyphen.

Browsers hyphenate (``hyphens: auto``) only where they ship a Dutch dictionary; Chromium on Linux often does not,
and then splits a long compound word anywhere. pyphen's Dutch patterns mark where the word may break instead.
"""

import re
from functools import cache

import pyphen
from django import template

register = template.Library()

SOFT_HYPHEN = "\u00ad"
# Shorter words fit a tile or a phone's heading whole.
LONG_WORD = re.compile(r"\w{16,}")


@cache
def _dutch():
    return pyphen.Pyphen(lang="nl_NL")


@register.filter(is_safe=True)
def hyphenate(value):
    """``value`` with a soft hyphen at each place a long Dutch word may break."""
    return LONG_WORD.sub(lambda match: _dutch().inserted(match.group(0), hyphen=SOFT_HYPHEN), str(value))
