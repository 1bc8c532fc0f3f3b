"""Two library functions replaced for speed, with the same results (tests/test_patches.py); installed once by
``PortalConfig.ready``. Each cut a measured share of a list page (``benchmarks/load.sh``, README "Performance"):

- django-tables2 asks for the signature of a column's render method for every cell (``inspect.signature``, a fifth
  of a 25-row page's time); a function's signature does not change, so each is worked out once.
- Django reads a select's model choices through ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
  cursor: three round trips (declare, fetch, close) for a list of a hundred organisations. One plain query does. The
  cursor's chunks only matter for a select over a huge table, and the portal has none: its selects list
  organisations, themes, people and the like (hundreds), and the admin uses autocompletion for the big relations.
"""

import functools

import django_tables2.utils
from django.forms.models import ModelChoiceIterator

_signature = django_tables2.utils.signature


@functools.cache
def _signature_of(function, bound: bool):
    return _signature(function.__get__(object()) if bound else function)


def cached_signature(fn):
    function = getattr(fn, "__func__", None)
    if function is None:
        try:
            return _signature_of(fn, False)
        except TypeError:  # not hashable
            return _signature(fn)
    return _signature_of(function, True)


def model_choices(self):
    """``ModelChoiceIterator.__iter__`` with one ordinary query."""
    if self.field.empty_label is not None:
        yield ("", self.field.empty_label)
    for obj in self.queryset.all():
        yield self.choice(obj)


def install() -> None:
    django_tables2.utils.signature = cached_signature
    ModelChoiceIterator.__iter__ = model_choices
