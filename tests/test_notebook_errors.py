"""minitorch.notebook: errors in Jupyter show as the exception and the learner's own line."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import minitorch as mt
from minitorch.notebook import is_library_frame, short_traceback, wrap_message

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def caught(fn):
    try:
        fn()
    except Exception as err:  # noqa: BLE001 - any error the learner may meet
        return type(err), err, err.__traceback__
    raise AssertionError("expected an exception")


def plain(lines):
    return [ANSI.sub("", line) for line in lines]


def learners_line():
    a, b = mt.ones(2, 3), mt.ones(4, 3)
    return a + b  # the learner's own line


def test_library_frames_are_left_out_and_the_learners_line_kept():
    etype, err, tb = caught(learners_line)
    lines = plain(short_traceback(etype, err, tb))
    assert any("return a + b  # the learner's own line" in line for line in lines), lines
    assert not any("minitorch/" in line for line in lines), lines
    (first,) = [i for i, line in enumerate(lines) if line.startswith(f"{etype.__name__}: ")]
    assert lines[first].startswith(f"{etype.__name__}: add: shapes (2, 3) and (4, 3)"), lines
    # the whole message is there, wrapped
    assert " ".join(l.strip() for l in lines if not l.startswith(("File", "---->"))).count("cannot be broadcast") == 1
    assert max(len(l) for l in lines if not l.startswith("File")) <= 88 + len(etype.__name__) + 2
    assert len(lines) <= 6, lines


def test_frames_of_the_library_and_of_python_are_library_frames():
    assert is_library_frame(mt.__file__)
    assert is_library_frame(re.__file__)
    assert is_library_frame(pytest.__file__)
    assert not is_library_frame(__file__)
    assert not is_library_frame("/tmp/ipykernel_123/456.py")


def test_wrap_keeps_the_message_whole_and_its_line_breaks():
    message = "first line is short\n" + "word " * 40
    lines = wrap_message(message, 30)
    assert lines[0] == "first line is short"
    assert all(len(line) <= 30 for line in lines)
    assert " ".join(lines[1:]).split() == ["word"] * 40


def run(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%load_ext minitorch.notebook\nimport minitorch as mt")]
    for source, tags in cells:
        nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return nb


@pytest.mark.slow
def test_in_a_kernel_the_error_is_short_and_the_cell_still_fails():
    nb = run([("x = mt.ones(2, 3)\ny = x @ x", ["raises-exception"]), ("print('after')", [])])
    (error,) = nb.cells[1].outputs
    assert error.output_type == "error" and error.ename.endswith("Error"), error
    tb = plain(error.traceback)
    assert tb[0].startswith("Cell In[2], line 2"), tb
    assert "y = x @ x" in tb[1]
    assert tb[2].startswith(f"{error.ename}: "), tb
    assert len(tb) <= 6 and not any("minitorch/" in line for line in tb), tb
    assert nb.cells[2].outputs[0].text == "after\n"
    # without the tag the notebook still stops at the error (as nbval and myst-nb need)
    with pytest.raises(CellExecutionError):
        run([("mt.ones(2) @ mt.ones(3)", [])])


@pytest.mark.slow
def test_in_an_exercise_notebook_errors_outside_check_cells_are_short_too():
    """minitorch.testing (imported by every exercise notebook) shows other errors as the extension does."""
    nb = run([("%unload_ext minitorch.notebook\nfrom minitorch.testing import check_values", []),
              ("def f(a):\n    return a @ a\nf(mt.ones(2, 3))", ["raises-exception"])])
    (error,) = nb.cells[2].outputs
    tb = plain(error.traceback)
    assert tb[0].startswith("Cell In[3], line 3") and "return a @ a" in tb[3], tb
    assert tb[-2].startswith(f"{error.ename}: matmul"), tb
    assert len(tb) <= 7 and not any("minitorch/" in line for line in tb), tb
