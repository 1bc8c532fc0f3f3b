"""Every user-facing string has its Dutch translation, and the committed catalogues are compiled."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app's catalogue, and locale/ for the site-wide templates (templates/).
CATALOGUES = sorted(
    path
    for pattern in ("*/locale/nl/LC_MESSAGES/django.po", "locale/nl/LC_MESSAGES/django.po")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
)


def _entries(po_text):
    """(msgid, msgstr-or-plural-forms, fuzzy) per entry, the header excepted: a small reader of the .po format."""
    entries, current, key, fuzzy = [], {}, None, False
    for line in po_text.splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append((current["msgid"], [v for k, v in current.items() if k.startswith("msgstr")], fuzzy))
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += line[1:-1]
        else:
            key, _, value = line.partition(" ")
            current[key] = value[1:-1]
    return entries


def test_every_app_with_user_facing_text_has_a_dutch_catalogue():
    apps = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {
        "locale",  # the site-wide templates'
        "portal",
        "partnership",
        "accounts",
        "assignments",
        "fieldlabs",
        "doctorates",
        "traineeship",
        "reporting",
    } <= apps


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_string_is_translated(catalogue):
    entries = _entries(catalogue.read_text(encoding="utf-8"))
    assert entries, "empty catalogue"
    untranslated = [msgid for msgid, strings, fuzzy in entries if fuzzy or not all(strings)]
    assert untranslated == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_compiled_catalogue_is_up_to_date(catalogue, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("gettext's msgfmt is not installed (apt-get install gettext)")
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(catalogue)], check=True)  # noqa: S603
    assert compiled.read_bytes() == catalogue.with_suffix(".mo").read_bytes(), "run `make messages` and commit"
