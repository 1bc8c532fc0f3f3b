"""The acting user of an import, for the audit trail: every change the import writes is attributed to the importing
coordinator, with the source "import" and the file's name (``partnership.history.acting``)."""

from contextlib import contextmanager

from partnership.history import SOURCE_IMPORT, acting


@contextmanager
def acting_user(user, **extra):
    with acting(user, SOURCE_IMPORT, **extra):
        yield
