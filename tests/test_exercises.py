"""Exercises and solutions, tested both ways.

* exercises/ is exactly what scripts/make_exercises.py writes from solutions/,
  and so are the two copies of the learner's package, solutions/mytorch/
  (the reference) and exercises/mytorch/ (stubs);
* an untouched exercise notebook fails exactly at its stubs and check cells,
  with NotImplementedError, and nowhere else;
* in the solutions every exercise has a check cell whose stored output is the
  success line (nbval, run by `make test`, proves that output is still what
  the solutions produce).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
EXERCISE_ID = re.compile(r"### BEGIN SOLUTION\s+Exercise (\d+\.\d+)")

spec = importlib.util.spec_from_file_location("make_exercises", ROOT / "scripts" / "make_exercises.py")
make_exercises = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_exercises)


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def test_every_chapter_1_to_9_has_an_exercise_notebook_with_three_exercises():
    by_chapter = {}
    for path in SOLUTIONS:
        chapter = int(re.match(r"ch(\d+)_", path.name).group(1))
        source = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        by_chapter[chapter] = set(EXERCISE_ID.findall(source))
    for chapter in range(1, 10):
        assert len(by_chapter.get(chapter, ())) >= 3, f"chapter {chapter} has exercises {by_chapter.get(chapter)}"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_exercise_notebook_is_generated_from_its_solution(solution):
    expected = make_exercises.render(make_exercises.make_exercise(json.loads(solution.read_text()), solution.name))
    exercise = ROOT / "exercises" / solution.name
    assert exercise.exists(), f"{exercise.name} is missing: run `make exercises`"
    assert exercise.read_text() == expected, f"{exercise.name} is out of date: run `make exercises`"


def test_both_learner_packages_are_generated_from_the_notebooks():
    files = make_exercises.generated_files()
    stale = [str(p.relative_to(ROOT)) for p, text in files.items() if not p.exists() or p.read_text() != text]
    assert not stale, f"{stale} are out of date: run `make exercises`"
    for folder in (ROOT / "solutions" / "mytorch", ROOT / "exercises" / "mytorch"):
        extra = [p.name for p in folder.glob("*.py") if p not in files]
        assert not extra, f"{folder.relative_to(ROOT)} has files no notebook writes: {extra}"
    modules = {p.stem for p in (ROOT / "solutions" / "mytorch").glob("*.py")} - {"__init__"}
    assert modules == {re.match(r"ch\d+_(\w+)", p.stem)[1] for p in SOLUTIONS}


def test_every_notebook_ends_by_exporting_itself():
    for path in SOLUTIONS:
        last = json.loads(path.read_text())["cells"][-1]
        assert "".join(last["source"]).endswith(f'export("{path.name}")'), path.name


def test_no_exercise_without_a_solution():
    assert {p.name for p in EXERCISES} == {p.name for p in SOLUTIONS}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_every_exercise_has_a_check_cell_that_reports_success(solution):
    cells = json.loads(solution.read_text())["cells"]
    ids = EXERCISE_ID.findall("".join("".join(c["source"]) for c in cells))
    assert ids, "no exercises in this notebook"
    successes = " ".join(
        "".join(o.get("text", "")) for c in cells if "exercise-check" in tags(c) for o in c.get("outputs", [])
    )
    for exercise in ids:
        assert f"✅ Exercise {exercise} passed" in successes, f"Exercise {exercise}: no check cell prints success"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.name)
def test_untouched_exercise_fails_exactly_at_its_stubs_and_checks(exercise):
    notebook = nbformat.read(exercise, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(exercise.parent)}}).execute()
    checks = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        where = f"cell {index} ({'/'.join(tags(cell)) or 'untagged'}): {cell.source[:60]!r}"
        if "exercise-check" in tags(cell):
            checks += 1
            assert errors and errors[0].ename == "NotImplementedError", f"{where} should stop at a stub"
            assert "Exercise" in errors[0].evalue, f"{where}: the error should name the exercise"
        elif "exercise" in tags(cell):
            assert not errors or errors[0].ename == "NotImplementedError", f"{where}: {errors[0].ename}"
        else:
            assert not errors, f"{where} raised {errors[0].ename}: {errors[0].evalue}"
    assert checks >= 3, "fewer than three check cells"


def test_export_writes_the_notebook_as_saved_and_warns_about_cells_run_otherwise(tmp_path):
    notebook = nbformat.read(ROOT / "solutions" / "ch02_tensors.ipynb", as_version=4)
    nbformat.write(notebook, tmp_path / "ch02_tensors.ipynb")  # as saved
    for cell in notebook.cells:  # as run: one exported cell edited after the last save
        if cell.source.startswith("#| export\ndef softmax_rows"):
            cell.source += "\n# an edit not saved yet"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert shown.startswith("Exported 7 cells of ch02_tensors.ipynb (as saved) to mytorch/tensors.py\n"), shown
    assert "⚠️  1 of them differ from what this kernel ran: save the notebook" in shown, shown
    written = (tmp_path / "mytorch" / "tensors.py").read_text()
    assert written == (ROOT / "solutions" / "mytorch" / "tensors.py").read_text()
    assert (tmp_path / "mytorch" / "__init__.py").is_file()
