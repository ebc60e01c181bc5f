#!/usr/bin/env python3
"""Grade a learner: run their exercise notebooks in order, then test the package they built.

    python scripts/grade.py [FOLDER] [--strict]     (make grade; FOLDER defaults to exercises)

1. Copies FOLDER's chNN_*.ipynb to a temporary folder and runs them there in
   order, each in a fresh kernel, as a learner runs them: errors do not stop a
   notebook, and its last cell exports its `#| export` cells to `mytorch/`,
   which the later notebooks import. (Should that cell not have run, the
   notebook is exported anyway: what is graded is what the notebook holds.)
   FOLDER itself is not changed.
2. Runs tests/test_learner_package.py, the library's test cases, against that
   `mytorch/` package, and prints one line per exercise: ✅, or ❌ with the
   input tried, what was expected, what came and a hint.
3. Prints `grade: P/N exercises pass` last. The exit status is 0, also when
   exercises fail (a grade is not a crash); with --strict (used for
   solutions/, by CI) it is 1 unless all pass.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "test_learner_package.py"
EXERCISE = re.compile(r"::test_(\d+)_(\d+)_(\w+)")


def run_notebooks(source: Path, work: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    from minitorch.learner import export_notebook

    for path in sorted(source.glob("ch*_*.ipynb")):
        copy = work / path.name
        shutil.copy(path, copy)
        notebook = nbformat.read(copy, as_version=4)
        started = time.perf_counter()
        NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(work)}}).execute()
        errors = sum(1 for c in notebook.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) if o.get("output_type") == "error")
        export_notebook(copy, work / "mytorch")
        print(f"ran {path.name}: {errors} cell{'s' * (errors != 1)} stopped with an error "
              f"({time.perf_counter() - started:.0f} s)", flush=True)


class Collector:
    """A pytest plugin that keeps, per exercise, the first failure (its message, on one line)."""

    def __init__(self):
        self.results: dict[tuple[int, int], str | None] = {}
        self.topics: dict[tuple[int, int], list[str]] = {}

    def pytest_runtest_logreport(self, report):
        match = EXERCISE.search(report.nodeid)
        if not match or (report.when != "call" and report.passed):
            return
        key = (int(match[1]), int(match[2]))
        topic = match[3].replace("_", " ")
        if topic not in self.topics.setdefault(key, []):
            self.topics[key].append(topic)
        if report.failed and self.results.get(key) is None:
            self.results[key] = summary(report, f"{key[0]}.{key[1]}")
        else:
            self.results.setdefault(key, None)


def summary(report, exercise: str) -> str:
    """One line: the ❌ message of a check, or the stub still to write, or the error raised."""
    crash = report.longrepr.reprcrash if hasattr(report.longrepr, "reprcrash") else None
    text = crash.message if crash else str(report.longrepr)
    kind, _, message = text.partition(": ")
    if kind.endswith("ExerciseFailure"):
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        return lines[0].split(": ", 1)[-1] + ("; " + "; ".join(lines[1:]) if len(lines) > 1 else "")
    if kind.endswith("NotImplementedError"):
        stub = message.splitlines()[0] if message else "a stub"
        if stub.startswith(f"Exercise {exercise}:"):
            return "not written yet:" + stub.split(":", 1)[1]
        return f"waits for a stub that is not written yet: {stub}"
    first = message.splitlines()[0] if message else ""
    return f"{kind.rsplit('.', 1)[-1]}: {first}"[:300]


def grade(package_home: Path) -> dict:
    import pytest

    os.environ["MYTORCH_HOME"] = str(package_home)
    collector = Collector()
    pytest.main([str(TESTS), "-p", "no:terminal", "-p", "no:cacheprovider", "-p", "no:xdist",
                 "-W", "ignore", "--rootdir", str(ROOT)], plugins=[collector])
    return collector.results, collector.topics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="exercises", help="the notebooks to grade (default: exercises)")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every exercise passes")
    args = parser.parse_args()
    source = Path(args.folder).resolve()
    if not any(source.glob("ch*_*.ipynb")):
        print(f"grade: no chNN_*.ipynb notebooks in {args.folder}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="minitorch-grade-") as work:
        run_notebooks(source, Path(work))
        results, topics = grade(Path(work))
    if not results:
        print("grade: the tests of tests/test_learner_package.py did not run (see the error above)", file=sys.stderr)
        return 2
    for (chapter, number), failure in sorted(results.items()):
        exercise = f"Exercise {chapter}.{number}"
        print(f"✅ {exercise} ({', '.join(topics[chapter, number])})" if failure is None else f"❌ {exercise}: {failure}")
    passed = sum(failure is None for failure in results.values())
    print(f"grade: {passed}/{len(results)} exercises pass")
    return 1 if args.strict and passed < len(results) else 0


if __name__ == "__main__":
    sys.exit(main())
