#!/usr/bin/env python3
"""Write exercises/ from solutions/: the solution notebooks are the one source.

In a solution notebook, the learner's part of a code cell sits between

    ### BEGIN SOLUTION Exercise 4.1: implement the backward of Mul (chapter 4, "Mul")
    ...the reference code...
    ### END SOLUTION

Each such region becomes a stub that raises NotImplementedError with the text
after BEGIN SOLUTION, so the learner sees which exercise is next and where to
read. Outputs and execution counts are cleared. Cells holding a stub get the
tag `exercise`; check cells are tagged `exercise-check` in the solutions
already. tests/test_exercises.py checks that exercises/ is up to date and that
each untouched exercise fails exactly at its stubs and checks.

It also writes the learner's package, `mytorch/`, twice: from the solutions
into solutions/mytorch/ (the reference package, which the later solution
notebooks import) and from the exercises into exercises/mytorch/ (stubs that
name the exercise still to do, until the learner's notebooks export their
own code over them). See minitorch/learner.py.

Usage: python scripts/make_exercises.py [--check]   (--check: exit 1 if exercises/ is stale)
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # minitorch.learner, without installing the package

from minitorch import learner  # noqa: E402
BEGIN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION\s*(?P<message>.*)$")
END = re.compile(r"^[ \t]*### END SOLUTION\s*$")


def stub_source(source: str, where: str) -> str | None:
    """The cell's source with each solution region replaced by a stub (None: no region)."""
    out, inside, found = [], False, False
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        begin = BEGIN.match(line.rstrip("\n"))
        if begin:
            if inside:
                raise SystemExit(f"{where}, line {number}: BEGIN SOLUTION inside another solution")
            inside = found = True
            message = begin["message"].strip() or "write this part"
            indent = begin["indent"]
            out.append(f"{indent}# YOUR CODE HERE\n")
            out.append(f"{indent}raise NotImplementedError({json.dumps(message, ensure_ascii=False)})\n")
        elif END.match(line.rstrip("\n")):
            if not inside:
                raise SystemExit(f"{where}, line {number}: END SOLUTION without BEGIN")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise SystemExit(f"{where}: BEGIN SOLUTION without END")
    return "".join(out) if found else None


def make_exercise(solution: dict, where: str) -> dict:
    notebook = copy.deepcopy(solution)
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "solutions/mytorch" in source:  # Colab's copy of the package: the stubs, for the exercises
            source = source.replace("solutions/mytorch", "exercises/mytorch")
            cell["source"] = source.splitlines(keepends=True)
        stubbed = stub_source(source, f"{where}, cell {index}")
        if stubbed is not None:
            cell["source"] = stubbed.splitlines(keepends=True)
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if "exercise" not in tags:
                tags.append("exercise")
        cell["outputs"] = []
        cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    return notebook


def render(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def generated_files() -> dict:
    """Every file this script writes, path -> text: the exercise notebooks and both packages."""
    solutions, exercises = ROOT / "solutions", ROOT / "exercises"
    files = {}
    for path in sorted(solutions.glob("*.ipynb")):
        solution = json.loads(path.read_text())
        exercise = make_exercise(solution, str(path.relative_to(ROOT)))
        files[exercises / path.name] = render(exercise)
        module = f"{learner.module_name(path)}.py"
        for folder, notebook in ((solutions, solution), (exercises, exercise)):
            files[folder / learner.PACKAGE / "__init__.py"] = learner.PACKAGE_DOCSTRING
            files[folder / learner.PACKAGE / module] = learner.module_source(notebook, path.name)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether exercises/ is up to date")
    args = parser.parse_args()
    files = generated_files()
    stale = []
    for target, text in files.items():
        if not target.exists() or target.read_text() != text:
            stale.append(target)
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
    produced = [*(ROOT / "exercises").glob("*.ipynb"), *(ROOT / "exercises" / learner.PACKAGE).glob("*.py"),
                *(ROOT / "solutions" / learner.PACKAGE).glob("*.py")]
    orphans = [p for p in produced if p not in files]
    if args.check:
        for p in stale + orphans:
            print(f"out of date: {p.relative_to(ROOT)} (run: make exercises)")
        return 1 if stale or orphans else 0
    for p in orphans:
        p.unlink()
    for p in stale:
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
