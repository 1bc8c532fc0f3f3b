"""The bounds of an uploaded file (``settings.IMPORT_LIMITS``), each with the Dutch sentence that names it.

The readers check them while they stream (bytes unpacked, rows, columns, cells, shared text), never trusting what
the file declares about itself, and a ``Deadline`` stops a check that runs past the time limit. Every breach is a
``FileProblem``: the upload ends in that sentence, never a 500.
"""

import time
from dataclasses import dataclass, fields

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The longest text a cell of Excel holds; a file with a longer cell was not made by a spreadsheet.
MAX_CELL_CHARS = 32_767
# The most members a workbook's zip may have (a workbook from Excel has a dozen or two; images and charts add some).
MAX_MEMBERS = 1_000
# The longest logical CSV row, in characters (100 columns of 10,000 characters).
MAX_LINE_CHARS = 1_000_000
# The first member bigger than this is held to the compression ratio (small members compress unevenly).
RATIO_FROM_BYTES = 1024 * 1024


class FileProblem(Exception):
    """The file cannot be read as a table; the message is for the user."""


class TimeLimitExceeded(FileProblem):
    """Checking or importing the file took longer than ``IMPORT_LIMITS["time_limit"]``."""


@dataclass(frozen=True)
class Limits:
    """The bounds, with their defaults (README, "Bulk import"); ``settings.IMPORT_LIMITS`` overrides any of them."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 100
    max_cells: int = 1_500_000
    max_unpacked_bytes: int = 250 * 1024 * 1024
    max_ratio: int = 100
    max_shared_chars: int = 20_000_000
    time_limit: int = 600  # seconds
    max_memory: int = 256 * 1024 * 1024  # the worker's extra address space to read and check one file

    @classmethod
    def from_settings(cls) -> "Limits":
        configured = getattr(settings, "IMPORT_LIMITS", {})
        return cls(**{field.name: configured[field.name] for field in fields(cls) if field.name in configured})

    @property
    def max_mb(self) -> int:
        return self.max_bytes // 1024 // 1024


def limits() -> Limits:
    return Limits.from_settings()


def too_big(limit: Limits) -> FileProblem:
    return FileProblem(_("The file is larger than %(max)s MB. Split it into smaller files.") % {"max": limit.max_mb})


def too_many_rows(limit: Limits) -> FileProblem:
    return FileProblem(
        _("The file has more than %(max)s rows; at most %(max)s rows can be imported at once. Split it.")
        % {"max": number_format(limit.max_rows, force_grouping=True)}
    )


def too_many_columns(limit: Limits, where: str = "") -> FileProblem:
    return FileProblem(
        _("The file has more than %(max)s columns%(where)s; a file to import has at most %(max)s.")
        % {"max": limit.max_columns, "where": where}
    )


def too_many_cells(limit: Limits) -> FileProblem:
    return FileProblem(
        _("The file has more than %(max)s filled cells; split it into smaller files.")
        % {"max": number_format(limit.max_cells, force_grouping=True)}
    )


def cell_too_long(where: str) -> FileProblem:
    return FileProblem(
        _("A cell%(where)s holds more than %(max)s characters, more than a spreadsheet cell can hold.")
        % {"where": where, "max": number_format(MAX_CELL_CHARS, force_grouping=True)}
    )


def unpacked_too_big(limit: Limits) -> FileProblem:
    return FileProblem(
        _("Unpacked, the workbook is larger than %(max)s MB (an Excel file is a zip); at most %(max)s MB can be read.")
        % {"max": limit.max_unpacked_bytes // 1024 // 1024}
    )


def packed_too_tightly(limit: Limits) -> FileProblem:
    return FileProblem(
        _(
            "Part of the workbook unpacks to more than %(ratio)s times its packed size, which spreadsheets do not "
            "do; it is not read."
        )
        % {"ratio": limit.max_ratio}
    )


def too_much_shared_text(limit: Limits) -> FileProblem:
    return FileProblem(
        _("The workbook's shared texts hold more than %(max)s characters; split the file.")
        % {"max": number_format(limit.max_shared_chars, force_grouping=True)}
    )


def memory_exceeded(limit: Limits) -> FileProblem:
    return FileProblem(
        _("Checking the file needed more than %(max)s MB of memory; split it into smaller files.")
        % {"max": limit.max_memory // 1024 // 1024}
    )


def time_limit_exceeded(limit: Limits) -> TimeLimitExceeded:
    return TimeLimitExceeded(
        _("Checking the file took longer than the limit of %(seconds)s seconds; split it into smaller files.")
        % {"seconds": limit.time_limit}
    )


class Deadline:
    """The moment a check must be done by; ``check()`` raises ``TimeLimitExceeded`` after it."""

    def __init__(self, limit: Limits):
        self.limit = limit
        self.at = time.monotonic() + limit.time_limit

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise time_limit_exceeded(self.limit)
