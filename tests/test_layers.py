"""The layers of README's table hold: import-linter's contracts (pyproject.toml) pass, and they do fail on a
deliberately broken import; data exchange writes nothing itself."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def source_copy(tmp_path):
    """The Python sources of every layered package and the contracts, in a scratch folder."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.po", "*.mo", "*.html"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONFIG['contracts'])} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("partnership/models.py", "import assignments.models", "layers"),
        ("fieldlabs/models.py", "import doctorates.models", "layers"),
        ("reporting/figures.py", "import exchange.demo", "layers"),
        ("reporting/figures.py", "from assignments import services", "reporting-reads"),
        ("exchange/demo/base.py", "import psycopg", "exchange-writes-through-services"),
    ],
)
def test_a_broken_import_fails_the_contracts(source_copy, module, line, contract):
    path = source_copy / module
    path.write_text(path.read_text() + f"\n{line}  # deliberately across a layer\n")
    result = lint_imports(source_copy)
    assert result.returncode == 1
    name = next(item["name"] for item in CONFIG["contracts"] if item["id"] == contract)
    assert f"{name} BROKEN" in " ".join(result.stdout.split())


# Calls that write through the ORM or the database connection directly.
WRITES = {"save", "delete", "update", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
RAW = {"cursor", "execute", "executemany", "copy"}


def _direct_writes(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            on_manager = isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "objects"
            if name in RAW or (name in WRITES and (on_manager or name in {"save", "bulk_create"})):
                found.append(f"{path.relative_to(root)}:{node.lineno} .{name}()")
    return found


# Data exchange's own table (the uploaded import files) is written by this one module, which imports no other
# app's models: every record an import brings goes through the owning app's services.
OWN_TABLE_WRITER = "exchange/jobs.py"


def test_data_exchange_writes_only_through_services():
    writes = [
        write
        for path in sorted((ROOT / "exchange").rglob("*.py"))
        if path.relative_to(ROOT).as_posix() != OWN_TABLE_WRITER
        for write in _direct_writes(path)
    ]
    assert writes == []


def test_the_import_jobs_module_writes_only_its_own_table():
    tree = ast.parse((ROOT / OWN_TABLE_WRITER).read_text())
    models_imported = [
        (node.level, node.module)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").endswith("models")
        and not (node.module or "").startswith("django.")  # F and Q expressions, no table
    ]
    assert models_imported == [(1, "models")]  # exchange.models only
    assert _direct_writes(ROOT / OWN_TABLE_WRITER)  # it does write (the check above is not vacuous)


def test_the_write_detector_finds_a_direct_write(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("Trainee.objects.create(reference='x')\nwith connection.cursor() as c:\n    c.execute('')\n")
    assert _direct_writes(module, root=tmp_path) == [
        "module.py:1 .create()",
        "module.py:2 .cursor()",
        "module.py:3 .execute()",
    ]
