"""The importable kinds: every app's ``RecordKind`` with a key and a write (declared in ``<app>/kinds.py``), in the
order a new database takes them: the partners core first, so that what a kind refers to comes before it."""

from assignments import kinds as assignments
from doctorates import kinds as doctorates
from fieldlabs import kinds as fieldlabs
from istage import kinds as istage
from partnership import kinds as partnership
from partnership.workspace import RecordKind
from traineeship import kinds as traineeship

APPS = (partnership, assignments, fieldlabs, doctorates, traineeship, istage)

KINDS: dict[str, RecordKind] = {kind.segment: kind for app in APPS for kind in app.KINDS if kind.importable}
