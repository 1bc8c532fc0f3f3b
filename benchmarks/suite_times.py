"""The test suite's time per file, from pytest's JUnit XML (``pytest --junitxml=...``), side by side for several runs.

    .venv/bin/python benchmarks/suite_times.py before.xml after.xml

Each column is one run: the seconds of every test of the file added up (set-up, call and tear-down, as pytest
reports them; a module-scoped fixture counts in its first test), then the file's test count. The last rows give the
sum over all files, the run's wall-clock time (the XML's ``time``: with pytest-xdist less than the sum) and the
counts of tests, failures and skips.
"""

import sys
import xml.etree.ElementTree as ET  # nosec B405 - our own pytest's report
from collections import defaultdict
from pathlib import Path


def _file_of(classname: str) -> str:
    parts = classname.split(".")
    while len(parts) > 1 and parts[-1][:1].isupper():  # a test class inside the module
        parts.pop()
    return "/".join(parts) + ".py"


def read(path: str) -> dict:
    root = ET.parse(path).getroot()  # noqa: S314  # nosec B314 - our own pytest's report
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    seconds, counts = defaultdict(float), defaultdict(int)
    failed = skipped = 0
    for case in root.iter("testcase"):
        name = _file_of(case.get("classname", ""))
        seconds[name] += float(case.get("time", 0))
        counts[name] += 1
        failed += len(case.findall("failure")) + len(case.findall("error"))
        skipped += len(case.findall("skipped"))
    wall = sum(float(suite.get("time", 0)) for suite in suites)
    return {"seconds": seconds, "counts": counts, "wall": wall, "failed": failed, "skipped": skipped}


def table(paths: list[str]) -> str:
    runs = [read(path) for path in paths]
    files = sorted({name for run in runs for name in run["seconds"]}, key=lambda n: -runs[0]["seconds"].get(n, 0))
    width = max(len(name) for name in files)
    header = f"{'file':<{width}} | " + " | ".join(f"{Path(p).stem:>18}" for p in paths)
    lines = [header, "-" * len(header)]
    for name in files:
        cells = [
            f"{run['seconds'][name]:8.1f} s {run['counts'][name]:4d} t" if name in run["seconds"] else f"{'—':>18}"
            for run in runs
        ]
        lines.append(f"{name:<{width}} | " + " | ".join(cells))
    lines.append("-" * len(header))
    total = [f"{sum(run['seconds'].values()):8.1f} s {sum(run['counts'].values()):4d} t" for run in runs]
    lines.append(f"{'sum of the tests':<{width}} | " + " | ".join(total))
    lines.append(f"{'wall clock':<{width}} | " + " | ".join(f"{run['wall']:8.1f} s       " for run in runs))
    lines.append(
        f"{'failed / skipped':<{width}} | " + " | ".join(f"{run['failed']:>8} / {run['skipped']:<7}" for run in runs)
    )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print(table(sys.argv[1:]))
