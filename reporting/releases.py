"""Published figure releases: what a release holds, its canonical form and hash, and reading it back.

A release's payload is exactly the public figures of ``reporting.registry`` with their small-count suppression
applied, as published: integers, and strings (keys, labels, the suppression mark "<5"), nothing else. Its field
names are Dutch because the payload is the open data itself (the API and the download serve it as it is):

    {"peildatum": "2023-06-30",
     "cijfers": [{"sleutel": "assignments.by_level.HBO", "cijfer": "assignments.by_level",
                  "onderdelen": ["HBO"], "onderdeelLabels": ["HBO"],
                  "label": "Opdrachten per onderwijsniveau: HBO", "waarde": 270}, ...]}

The canonical form is the JSON Canonicalization Scheme (RFC 8785) of the payload: for integers and strings that
is sorted keys, no whitespace, UTF-8 without escapes. Its SHA-256 is stored with the release and shown with
every download, so anyone can check a file with ``sha256sum``.
"""

import hashlib
import json

from django.utils import translation

from . import registry
from .formatting import MISSING, format_number
from .registry import NOT_AVAILABLE, SUPPRESSED, Row


class NotPublishable(TypeError):
    """A public figure whose value is not an integer: the registry declared something the open data cannot hold."""


def payload(figures):
    """The release payload of ``compute_figures``' output: every public figure, suppressed, labelled in Dutch."""
    items = []
    with translation.override("nl"):
        for row in registry.rows(figures, public=True):
            value = row.published
            if not (value in (SUPPRESSED, NOT_AVAILABLE) or (isinstance(value, int) and not isinstance(value, bool))):
                raise NotPublishable(f"{row.key} is {value!r}: a release holds integers and strings only")
            items.append(
                {
                    "sleutel": row.key,
                    "cijfer": row.figure.key,
                    "onderdelen": list(row.members),
                    "onderdeelLabels": [str(label) for label in row.member_labels],
                    "label": str(row.label),
                    "waarde": value,
                }
            )
    return {"peildatum": str(figures["as_of"]), "cijfers": items}


def canonical_json(data) -> bytes:
    """RFC 8785 for a payload of integers and strings: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256(data) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


class Published:
    """A release's figures read back as rows, so tiles and charts show them as they show live figures.

    A figure published then but no longer declared is left out of the pages (the download and the API still
    hold it); one declared since has no rows, so its tile and chart stay away.
    """

    def __init__(self, data):
        self.as_of = data["peildatum"]
        self._rows = {}
        declared = registry.FIGURES
        for item in data["cijfers"]:
            if item["cijfer"] not in declared:
                continue
            hidden = item["waarde"] in (SUPPRESSED, NOT_AVAILABLE)
            row = Row(
                declared[item["cijfer"]],
                key=item["sleutel"],
                label=item["label"],
                members=tuple(item["onderdelen"]),
                member_labels=tuple(item["onderdeelLabels"]),
                value=None if hidden else item["waarde"],
                hidden=hidden,
                hidden_as=item["waarde"] if hidden else SUPPRESSED,
            )
            self._rows.setdefault(item["cijfer"], []).append(row)

    def rows_of(self, figure):
        return self._rows.get(figure.key, [])


def shown(value):
    """A payload value as a page shows it: "1.000", "<5", or "–" for a value one side does not have."""
    if value is None:
        return MISSING
    return value if value in (SUPPRESSED, NOT_AVAILABLE) else format_number(value)


def differences(published, current):
    """The figures whose value in payload ``current`` differs from payload ``published``, in ``current``'s order
    (then those only ``published`` has): [{key, label, published, current}] with shown values."""
    before = {item["sleutel"]: item for item in published["cijfers"]}
    now = {item["sleutel"]: item for item in current["cijfers"]}
    keys = [*now, *(key for key in before if key not in now)]
    result = []
    for key in keys:
        old, new = before.get(key), now.get(key)
        old_value = old["waarde"] if old else None
        new_value = new["waarde"] if new else None
        if old_value != new_value:
            result.append(
                {
                    "key": key,
                    "label": (new or old)["label"],
                    "published": shown(old_value),
                    "current": shown(new_value),
                }
            )
    return result
