"""What a fresh clone gives a newcomer: the README's links lead somewhere inside the repository, the site-wide
templates and static files are at the top level, and ``make run`` takes a port."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("document", ["README.md", "DEVELOPERS.md"])
def test_every_relative_link_of_the_documentation_exists_in_the_repository(document):
    targets = [t for t in LINK.findall((ROOT / document).read_text()) if "://" not in t and not t.startswith("mailto:")]
    assert "docs/figures.md" in targets or document != "README.md"
    missing = [target for target in targets if not (ROOT / target).exists()]
    assert missing == []
    assert "../shared" not in (ROOT / document).read_text()  # nothing outside the clone


def test_the_programme_documents_are_in_the_repository():
    assert {path.name for path in (ROOT / "docs").glob("*.md")} >= {"domain.md", "figures.md"}


def test_site_wide_templates_and_static_files_are_at_the_top_level():
    assert (ROOT / "templates" / "base.html").is_file()
    assert (ROOT / "static" / "css" / "site.css").is_file()
    assert (ROOT / "static" / "favicon.svg").is_file()
    assert not (ROOT / "portal" / "templates").exists() and not (ROOT / "portal" / "static").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_on_the_port_asked_for():
    def dry_run(*args):
        result = subprocess.run(  # noqa: S603
            ["make", "--dry-run", "--always-make", "run", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    assert "runserver 127.0.0.1:8000" in dry_run()
    assert "runserver 127.0.0.1:8123" in dry_run("PORT=8123")
