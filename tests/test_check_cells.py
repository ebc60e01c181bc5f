"""Check cells that teach: each typical mistake, injected into the solutions, gets its own message.

A mistake is a text replacement in one cell of a solution notebook. The
notebook's code cells then run, in order, in this process (the Colab cell and
the export cell aside) until a check cell stops with an ``ExerciseFailure``:
the test asserts which exercise it names and the specific hint. One test runs
a notebook in a real kernel, as a learner does, and asserts that the failure
shows as the short message alone (at most 10 lines, no traceback through the
course's code). The milestone tests swap a wrong ``MyLinear`` or a wrong
backward into a copy of the package and show the XOR milestone failing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from minitorch.testing import ExerciseFailure

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"


def code_cells(notebook: str) -> list[str]:
    cells = json.loads((SOLUTIONS / f"{notebook}.ipynb").read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"
            and "%pip" not in "".join(c["source"]) and "export(" not in "".join(c["source"])]


def forget_the_package() -> None:
    for name in [m for m in sys.modules if m == "mytorch" or m.startswith("mytorch.")]:
        del sys.modules[name]


def failure_with(notebook: str, old: str, new: str, monkeypatch) -> str:
    """Run the notebook with ``old`` replaced by ``new`` (in exactly one cell); the first ❌ message."""
    monkeypatch.chdir(SOLUTIONS)
    monkeypatch.syspath_prepend(str(SOLUTIONS))
    cells = code_cells(notebook)
    assert sum(old in c for c in cells) == 1, f"{old!r} is not in exactly one cell of {notebook}"
    namespace: dict = {"__name__": "__main__"}
    forget_the_package()  # chapter 4's cells give the package's Tensor its operators: a fresh copy, forgotten after
    try:
        for index, source in enumerate(cells):
            try:
                exec(compile(source.replace(old, new), f"<{notebook} cell {index}>", "exec"), namespace)
            except ExerciseFailure as failure:
                return str(failure)
    finally:
        forget_the_package()
    raise AssertionError(f"the mistake {new!r} went through every check of {notebook}")


# (notebook, the right code, the mistake, the exercise, words of the specific hint)
MISTAKES = {
    "a broadcast gradient not summed back": (
        "ch04_backprop",
        "grad_b = unbroadcast(grad_output * a, b.shape)",
        "grad_b = grad_output * a",
        "4.1", "sum it back with unbroadcast(gradient, input.shape)"),
    "swapped transposes in matmul's backward": (
        "ch04_backprop",
        "return grad_output @ b.T, a.T @ grad_output",
        "return a.T @ grad_output, grad_output @ b.T",
        "4.5", "the gradients are swapped"),
    "assignment instead of accumulation (scalar add)": (
        "ch01_scalars",
        "a.grad += out.grad\n        b.grad += out.grad",
        "a.grad = out.grad\n        b.grad = out.grad",
        "1.5", "add each one to .grad with += instead of replacing it"),
    "assignment instead of accumulation (backward engine)": (
        "ch04_backprop",
        "found[key] = found[key] + g if key in found else g",
        "found[key] = g",
        "4.4", "assigned (=) where it should have been added (+=)"),
    "a sign error": (
        "ch01_scalars",
        "a.grad += (1 - t**2) * out.grad",
        "a.grad += (t**2 - 1) * out.grad",
        "1.3", "the opposite sign"),
    "a missing keepdim": (
        "ch02_tensors",
        "centered = x - x.mean(dim=dim, keepdim=True)",
        "centered = x - x.mean(dim=dim)",
        "2.3", "pass keepdim=True"),
    "the op's output where its input is needed": (
        "ch01_scalars",
        "a.grad += k * a.data ** (k - 1) * out.grad",
        "a.grad += k * out.data ** (k - 1) * out.grad",
        "1.2", "you used the output out.data where the derivative needs the input a.data"),
    "the input where the op's output is needed": (
        "ch04_backprop",
        "return grad_output * np.exp(a)",
        "return grad_output * a",
        "4.2", "you multiplied grad_output by the input a"),
    "gradients not zeroed between steps": (
        "ch06_training",
        "    optimizer.zero_grad()\n    backward(loss)",
        "    backward(loss)",
        "6.2", "call optimizer.zero_grad() before backward(loss)"),
    "a wrong topological order": (
        "ch01_scalars",
        "return reverse_order[::-1]",
        "return reverse_order",
        "1.4", "your list is in reverse: the root must come last"),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_typical_mistake_gets_its_specific_message(mistake, monkeypatch):
    notebook, old, new, exercise, hint = MISTAKES[mistake]
    message = failure_with(notebook, old, new, monkeypatch)
    lines = message.splitlines()
    assert lines[0].startswith(f"❌ Exercise {exercise}:"), message
    assert hint in message, message
    assert len(lines) <= 10 and all(len(line) <= 400 for line in lines), message
    assert any(line.strip().startswith(("input tried:", "expected:")) for line in lines), message
    assert any(line.strip().startswith("got:") for line in lines), message


def test_an_exception_inside_the_learners_code_is_reported_with_where_it_happened(monkeypatch):
    message = failure_with("ch02_tensors", "centered = x - x.mean(dim=dim, keepdim=True)",
                           "centered = x - x.mean(dim=dim, keepdim=True) + undefined_name", monkeypatch)
    assert message.startswith("❌ Exercise 2.3: standardize") and "raised NameError" in message, message
    assert "name 'undefined_name' is not defined (in standardize, line" in message, message


@pytest.mark.parametrize("old, new, first", [
    ("return grad_output @ b.T, a.T @ grad_output", "return a.T @ grad_output, grad_output @ b.T",
     "❌ Exercise 4.5: the gradient of MyMatMul.apply(a, b) with respect to input 0 is wrong"),
    ("grad_b = unbroadcast(grad_output * a, b.shape)", "grad_b = grad_output * a",
     "❌ Exercise 4.1: the gradient of MyMul.apply(a, b) with respect to input 1 is wrong"),
], ids=["swapped transposes", "no unbroadcast"])
def test_a_failing_check_shows_its_message_without_a_traceback_in_a_notebook(tmp_path, old, new, first):
    """Run chapter 4 with a mistake in a kernel, as a learner does: every cell that fails shows a short report,
    the checks and the cells that show the learner's code at work after them alike."""
    errors = run_in_a_kernel("ch04_backprop", old, new, tmp_path)
    assert errors
    for cell, error in errors:
        shown = "\n".join(error.traceback)
        assert "exercise-check" in cell.metadata.get("tags", []), cell.source[:80]
        assert shown.startswith("❌ Exercise 4."), shown
        assert len(shown.splitlines()) <= 10, shown
        assert "Traceback" not in shown and "testing.py" not in shown and "File " not in shown, shown
    assert "\n".join(errors[0][1].traceback).startswith(first)


def run_in_a_kernel(notebook_name: str, old: str, new: str, folder: Path) -> list:
    """Run a solution notebook with a mistake in a kernel, in ``folder``; the error outputs, with their cells."""
    notebook = nbformat.read(SOLUTIONS / f"{notebook_name}.ipynb", as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace(old, new)
    shutil.copytree(SOLUTIONS / "mytorch", folder / "mytorch")
    nbformat.write(notebook, folder / f"{notebook_name}.ipynb")
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return [(cell, o) for cell in notebook.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if o.output_type == "error"]


def test_any_error_of_the_learners_code_in_a_check_cell_is_a_short_report(tmp_path):
    errors = run_in_a_kernel("ch06_training", "p.data -= self.lr * p.grad.data", "p.data -= self.lr * p.gradient.data", tmp_path)
    cell, error = errors[0]
    shown = "\n".join(error.traceback)
    assert "exercise-check" in cell.metadata.get("tags", []) and error.ename == "AttributeError"
    assert shown.startswith("❌ Exercise 6.1: your code raised AttributeError during the check"), shown
    assert "'gradient'" in shown and "(in step, line " in shown and "p.data -= self.lr * p.gradient.data" in shown, shown
    assert len(shown.splitlines()) <= 10 and "testing.py" not in shown and "Traceback" not in shown, shown


def test_a_stub_shows_the_exercise_to_write_without_a_traceback(tmp_path):
    notebook = nbformat.read(ROOT / "exercises" / "ch06_training.ipynb", as_version=4)
    shutil.copytree(SOLUTIONS / "mytorch", tmp_path / "mytorch")  # chapters 3 to 5 done
    nbformat.write(notebook, tmp_path / "ch06_training.ipynb")
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    check = next(c for c in notebook.cells if "exercise-check" in c.metadata.get("tags", []))
    (error,) = [o for o in check.outputs if o.output_type == "error"]
    shown = "\n".join(error.traceback)
    assert error.ename == "NotImplementedError" and "Exercise 6.1" in error.evalue
    assert shown.startswith("NotImplementedError: Exercise 6.1: keep the parameters"), shown
    assert len(shown.splitlines()) <= 3 and "testing.py" not in shown, shown


# ------------------------------------------------------------------ the milestone on the learner's package
def grade_milestone(package: Path) -> subprocess.CompletedProcess:
    """Run the milestone's grade test (Exercise 6.3) against the package in ``package``/mytorch."""
    env = {**os.environ, "MYTORCH_HOME": str(package)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                           "tests/test_learner_package.py::test_6_3_xor_milestone"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def broken_package(tmp_path: Path, module: str, old: str, new: str) -> Path:
    shutil.copytree(SOLUTIONS / "mytorch", tmp_path / "mytorch")
    path = tmp_path / "mytorch" / f"{module}.py"
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))
    return tmp_path


def test_the_xor_milestone_passes_on_the_reference_package():
    result = grade_milestone(SOLUTIONS)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("module, old, new, words", [
    ("networks",  # a wrong Linear: every weight starts at 0, so the hidden units never differ
     "self.weight = Parameter(rand(out_features, in_features) * (2 * bound) - bound)",
     "self.weight = Parameter(np.zeros((out_features, in_features)))",
     "XOR learned by your package"),
    ("backprop",  # a wrong backward: matmul's gradient for its first input with the wrong sign
     "return grad_output @ b.T, a.T @ grad_output",
     "return -(grad_output @ b.T), a.T @ grad_output",
     "XOR learned by your package"),
    ("graph",  # a wrong topological order: the engine visits nodes before their gradient is complete
     "return order\n",
     "return order[::-1]\n",
     "Exercise 6.3"),
])
def test_the_xor_milestone_fails_with_a_wrong_piece_of_the_package(tmp_path, module, old, new, words):
    result = grade_milestone(broken_package(tmp_path, module, old, new))
    assert result.returncode == 1, result.stdout[-2000:]
    assert "❌ Exercise 6.3" in result.stdout and words in result.stdout, result.stdout[-2000:]


MILESTONES_ALONE = r"""
import sys
import numpy as np
import minitorch as mt

iris = mt.datasets.load_iris()  # the data come from minitorch.datasets, before the engine goes away
split = mt.datasets.train_test_split(iris.data, iris.target, test_size=0.2, seed=7, stratify=True)
X_train, X_test = (t.numpy() for t in mt.datasets.standardize(split[0], split[1]))
y_train, y_test = split[2].numpy(), split[3].numpy()


def unavailable(*args, **kwargs):
    raise AssertionError("minitorch's engine was used")


mt.Tensor.__init__ = unavailable  # no minitorch tensor can be made from here on
mt.autograd.Function.apply = classmethod(unavailable)  # and no minitorch op recorded

sys.path.insert(0, sys.argv[1])
from mytorch.classification import accuracy, train_iris
from mytorch.tensors import Tensor
from mytorch.training import train_xor, xor_accuracy

model, losses = train_xor(0)
classes = {type(m).__module__ + "." + type(m).__name__ for m in [model, *model.layers, *model.parameters()]}
print("XOR", round(losses[-1], 6), xor_accuracy(model), ",".join(sorted(classes)))
iris_model = train_iris(Tensor(X_train), Tensor(y_train))
print("Iris", round(accuracy(iris_model, Tensor(X_test), Tensor(y_test)) * len(y_test)))
"""


def test_the_milestones_run_on_the_learners_package_alone():
    """XOR and Iris train with minitorch's Tensor and Function.apply made unusable: only mytorch and NumPy work."""
    result = subprocess.run([sys.executable, "-c", MILESTONES_ALONE, str(SOLUTIONS)], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    xor, iris = result.stdout.splitlines()
    _, loss, accuracy, classes = xor.split(" ", 3)
    assert float(loss) < 0.01 and float(accuracy) == 1.0, xor
    assert all(name.startswith("mytorch.") for name in classes.split(",")), classes
    assert int(iris.split()[1]) >= 29, iris


def test_the_engine_is_really_unavailable_in_the_milestone_test():
    """The patch of the test above stops minitorch: the same script fails on minitorch's own MLP."""
    script = MILESTONES_ALONE.split("sys.path.insert")[0] + "mt.nn.MLP(2, [8, 1])(mt.zeros(4, 2))\n"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "minitorch's engine was used" in result.stderr, result.stderr[-2000:]
