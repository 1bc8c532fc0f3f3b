"""``figures --format json`` on the demo data is byte-identical to the copy saved before the figure registry.

The golden files were written by ``manage.py figures --as-of D --format json`` on the demo data before any
change to reporting/; a refactoring of how figures are declared or shown must not change one byte of them.
To regenerate them after a deliberate change of the contract (docs/figures.md), run that command again.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

GOLDEN = Path(__file__).resolve().parent / "golden"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["2023-06-30", "2022-12-31"])
def test_the_json_is_byte_identical_to_the_golden_copy(demo_data, day):
    out = io.StringIO()
    call_command("figures", "--as-of", day, "--format", "json", stdout=out)

    golden = (GOLDEN / f"figures-{day}.json").read_bytes()
    assert len(golden) > 5000  # the copy holds the demo's figures, not an empty programme
    assert out.getvalue().encode("utf-8") == golden
