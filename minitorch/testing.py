"""Self-checks for the exercise notebooks.

Each exercise is followed by a check cell that calls one of these helpers with
the learner's code and minitorch's own reference. A helper tries a few inputs,
compares values (and gradients, with ``gradcheck``), and prints one clear line:

* on success: ``✅ Exercise 3.1 passed: ...``;
* on a wrong answer, or an exception raised inside the learner's code: raises
  :class:`ExerciseFailure`, whose message (at most 10 lines) names the
  exercise, the input tried (values and shapes), what was expected, what came
  back or what was raised (and where, in the learner's code), and a hint.
  Typical mistakes get their own hint: a flipped sign, a reduction without
  ``keepdim``, a broadcast gradient not summed back, swapped gradients, and
  whatever a check cell lists in ``mistakes``;
* while the exercise is still a stub: the learner's ``NotImplementedError``
  passes through unchanged, so the notebook shows which exercise to do next.

In a notebook, both show as their message alone, without a traceback through
this module (see :func:`short_failures`).
"""

from __future__ import annotations

import linecache
import re
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from .autograd.gradcheck import GradcheckError, gradcheck
from .notebook import show_short
from .tensor import Tensor

MAX_LINES = 10
COURSE_CODE = Path(__file__).resolve().parent  # frames in minitorch/ are not the learner's


class ExerciseFailure(AssertionError):
    """The learner's code ran but gave a wrong answer, or raised."""


def _is_tensor(value) -> bool:
    """A minitorch tensor, or a tensor of the learner's package (anything with .data and .numpy())."""
    if isinstance(value, Tensor):
        return True
    return hasattr(value, "numpy") and isinstance(getattr(value, "data", None), np.ndarray)


def _array(value):
    """The values of a tensor (minitorch's or the learner's) as a NumPy array; anything else as it is."""
    if isinstance(value, Tensor):
        return value.detach().numpy()
    return value.numpy() if _is_tensor(value) else value


def _show(value, width: int = 160) -> str:
    if isinstance(value, (list, tuple)) and any(_is_tensor(v) or isinstance(v, np.ndarray) for v in value):
        return "(" + ", ".join(_show(v, max(40, width // len(value))) for v in value) + ")"
    value = _array(value)
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, threshold=12, separator=", ", max_line_width=100000)
        text = f"{text} (shape {value.shape})" if value.ndim else text
    else:
        text = repr(value) if not isinstance(value, str) else value
    text = " ".join(text.split())  # one line
    return text if len(text) <= width else text[: width - 1] + "…"


def _fail(exercise: str, what: str, tried, expected, got, hint: str) -> None:
    lines = [f"❌ Exercise {exercise}: {what}"]
    if tried is not None:
        lines.append(f"   input tried: {_show(tried, 300)}")
    lines.append(f"   expected:    {_show(expected)}")
    lines.append(f"   got:         {_show(got, 300)}")
    if hint:
        lines.append(f"   hint: {hint}")
    raise ExerciseFailure("\n".join(lines[:MAX_LINES]))


def _learner_line(error: BaseException) -> str | None:
    """Where ``error`` was raised in the learner's code: the last frame outside minitorch and NumPy."""
    found = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        course = Path(filename).resolve().is_relative_to(COURSE_CODE) if not filename.startswith("<") else False
        if course or "site-packages" in filename or "/lib/python" in filename:
            continue
        code = linecache.getline(filename, lineno, frame.f_globals).strip()
        found = f"in {frame.f_code.co_name}, line {lineno}" + (f": {code}" if code else "")
    return found


def _raised(error: BaseException) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    where = _learner_line(error)
    return f"{type(error).__name__}: {message}" + (f" ({where})" if where else "")


_SHAPE = r"\(([\d, ]*)\)"


def _parse_shape(text: str) -> tuple:
    return tuple(int(n) for n in text.replace(" ", "").split(",") if n)


def _drops_a_dim(small: tuple, big: tuple) -> bool:
    """``small`` is ``big`` with one dimension removed: a reduction that forgot ``keepdim=True``."""
    return len(small) + 1 == len(big) and any(big[:i] + big[i + 1:] == small for i in range(len(big)))


KEEPDIM_HINT = ("a reduction without keepdim=True drops the reduced dimension, so its result no longer lines up "
                "with the tensor it came from: pass keepdim=True")
SIGN_HINT = "the result has the right size but the opposite sign: look for a flipped sign (a - b for b - a, + for -)"


def _hint_for_gradient_shape(got: tuple, wanted: tuple, shapes: list, output_shape: tuple | None) -> str:
    """The hint for a gradient of shape ``got`` given to an input of shape ``wanted`` (inputs of ``shapes``)."""
    if got in shapes and got != wanted and got != output_shape:
        return (f"a gradient of shape {got} went to the input of shape {wanted}: the gradients are swapped "
                "(for a @ b: grad_a = grad_output @ b.T, grad_b = a.T @ grad_output)")
    return (f"the gradient has the broadcast shape {got}, not the input's {wanted}: sum it back with "
            "unbroadcast(gradient, input.shape)")


def _hint_for_error(error: BaseException, shapes: Iterable[tuple] = (), output_shape: tuple | None = None) -> str:
    """A specific hint for the typical mistakes an exception reveals ('' when none applies).

    ``shapes`` are the shapes of the op's inputs and ``output_shape`` that of its output, when known.
    """
    message = str(error)
    shapes = [tuple(s) for s in shapes]
    returned = re.search(rf"returned a gradient of shape {_SHAPE} for an input of shape {_SHAPE}", message)
    if returned:
        got, wanted = _parse_shape(returned[1]), _parse_shape(returned[2])
        return _hint_for_gradient_shape(got, wanted, shapes, output_shape)
    broadcast = re.search(rf"shapes {_SHAPE} and {_SHAPE} cannot be broadcast", message)
    if broadcast:
        a, b = _parse_shape(broadcast[1]), _parse_shape(broadcast[2])
        if _drops_a_dim(a, b) or _drops_a_dim(b, a):
            return KEEPDIM_HINT
    return ""


def _hint_for_result(expected, got) -> str:
    """A specific hint when a wrong result looks like a typical mistake ('' when none applies)."""
    try:
        e = np.asarray(_array(expected), dtype=float)
        g = np.asarray(_array(got), dtype=float)
    except (TypeError, ValueError):
        return ""
    if _drops_a_dim(g.shape, e.shape):
        return KEEPDIM_HINT
    if e.shape == g.shape and e.size and np.abs(e).max() > 1e-8 and np.allclose(g, -e, rtol=1e-5, atol=1e-7):
        return SIGN_HINT
    return ""


def _attempt(fn: Callable, *args):
    """``(fn(*args), None)``, or ``(None, error)`` when the learner's code raises (a stub's NotImplementedError passes)."""
    try:
        return fn(*args), None
    except (NotImplementedError, ExerciseFailure):
        raise
    except Exception as error:  # noqa: BLE001 - any error in the learner's code becomes a ❌ report
        return None, error


@contextmanager
def checking(exercise: str, what: str, tried=None, expected="no exception", hint: str = ""):
    """Report an exception raised by the learner's code inside the ``with`` block as a ❌ of ``exercise``."""
    error = None
    try:
        yield
    except (NotImplementedError, ExerciseFailure):
        raise
    except Exception as err:  # noqa: BLE001
        error = err
    if error is not None:
        _fail(exercise, f"{what} raised {type(error).__name__}", tried, expected, _raised(error),
              _hint_for_error(error) or hint)


def _known_mistake(mistakes, args, got, compare) -> str:
    """The hint of the first listed mistake whose wrong answer is what the learner got."""
    for wrong, hint in mistakes:
        try:
            if compare(wrong(*args), got):
                return hint
        except Exception:  # noqa: BLE001 - a mistake that does not apply to this case
            continue
    return ""


def passed(exercise: str, what: str) -> None:
    """Print the success line of an exercise."""
    print(f"✅ Exercise {exercise} passed: {what}")


def _same(expected, got, rtol: float, atol: float) -> bool:
    if isinstance(expected, (tuple, list)) and not isinstance(expected, np.ndarray):
        return (
            isinstance(got, (tuple, list))
            and len(got) == len(expected)
            and all(_same(e, g, rtol, atol) for e, g in zip(expected, got))
        )
    e, g = _array(expected), _array(got)
    try:
        e, g = np.asarray(e), np.asarray(g)
    except Exception:
        return False
    if e.shape != g.shape:
        return False
    if e.dtype.kind in "fc" or g.dtype.kind in "fc":
        return bool(np.allclose(g.astype(float), e.astype(float), rtol=rtol, atol=atol, equal_nan=True))
    return bool(np.array_equal(e, g))


def check_values(
    exercise: str,
    learner: Callable,
    reference: Callable,
    cases: Iterable[tuple],
    what: str = "",
    hint: str = "",
    rtol: float = 1e-5,
    atol: float = 1e-6,
    mistakes: Iterable[tuple[Callable, str]] = (),
) -> None:
    """Call ``learner(*case)`` and ``reference(*case)`` for each case; the results must match.

    Results may be numbers, tuples, arrays or tensors (compared by value and
    shape). ``mistakes`` lists typical wrong answers as pairs ``(wrong, hint)``:
    when the learner's result equals ``wrong(*case)``, that hint is shown.
    """
    what = what or getattr(learner, "__name__", "your function")
    mistakes = list(mistakes)
    for case in cases:
        tried = ", ".join(_show(c) for c in case)
        expected = reference(*case)
        got, error = _attempt(learner, *case)
        if error is not None:
            _fail(exercise, f"{what} raised {type(error).__name__}", tried, expected, _raised(error),
                  _hint_for_error(error) or hint)
        if not _same(expected, got, rtol, atol):
            specific = _known_mistake(mistakes, case, got, lambda w, g: _same(w, g, rtol, atol))
            _fail(exercise, f"{what} gave a wrong result", tried, expected, got,
                  specific or _hint_for_result(expected, got) or hint)
    passed(exercise, what)


def _learner_gradients(learner: Callable, arrays: list, weights_seed: int, tensor: Callable = Tensor):
    """The learner's output and the gradients of ``(output * weights).sum()``, or the error raised on the way."""
    inputs = [tensor(a.copy(), requires_grad=True) for a in arrays]
    out, error = _attempt(learner, *inputs)
    if error is not None:
        return None, None, error, "forward"
    weights = np.random.default_rng(weights_seed).standard_normal(out.shape)
    node = getattr(out, "grad_fn", None)
    if tensor is not Tensor and node is not None and tuple(node.inputs) == tuple(inputs):
        # One op of the learner's package: its own backward, given grad_output = weights (no engine needed).
        grads, error = _attempt(node.fn.backward, node, weights)
        if error is not None:
            return out, None, error, "backward"
        return out, list(grads) if isinstance(grads, tuple) else [grads], None, ""
    _, error = _attempt(lambda: (out * tensor(weights)).sum().backward())
    if error is not None:
        return out, None, error, "backward"
    return out, [x.grad for x in inputs], None, ""


def check_gradients(
    exercise: str,
    learner: Callable,
    reference: Callable,
    shapes: Iterable[tuple],
    what: str = "",
    hint: str = "",
    positive: bool = False,
    seed: int = 0,
    mistakes: Iterable[tuple[Callable, str]] = (),
    tensor: Callable = Tensor,
) -> None:
    """Check a differentiable ``learner(*tensors)`` against ``reference``: values, gradients, gradcheck.

    ``tensor`` makes the learner's inputs: minitorch's ``Tensor``, or the
    Tensor class of the learner's own package (whose ``backward()`` is then
    theirs too; ``gradcheck``, a minitorch tool, runs on minitorch tensors only).

    For each tuple of input shapes, random float64 inputs (positive ones if
    ``positive``) go through both; outputs and the gradients of
    ``(output * weights).sum()`` must match, and ``gradcheck`` must pass on
    the learner's function alone. ``mistakes`` lists typical wrong backwards
    as pairs ``(wrong, hint)``: ``wrong(*input_arrays, weights)`` returns the
    list of wrong gradients (NumPy arrays); when the learner's match, that
    hint is shown.
    """
    what = what or getattr(learner, "__name__", "your op")
    mistakes = list(mistakes)
    rng = np.random.default_rng(seed)
    for shape_set in shapes:
        arrays = [rng.standard_normal(s) for s in shape_set]
        if positive:
            arrays = [0.5 + np.abs(a) for a in arrays]
        tried = " and ".join(f"{_show(a, 60)}" if a.size <= 4 else f"shape {tuple(a.shape)}" for a in arrays)
        inputs = [Tensor(a.copy(), requires_grad=True) for a in arrays]
        expected = reference(*inputs)
        weights = np.random.default_rng(seed + 1).standard_normal(expected.shape)
        (expected * Tensor(weights)).sum().backward()
        expected_grads = [x.grad for x in inputs]
        got, got_grads, error, stage = _learner_gradients(learner, arrays, seed + 1, tensor)
        if error is not None:
            shown = expected if stage == "forward" else "gradients of shapes " + " and ".join(
                str(tuple(g.shape)) for g in expected_grads)
            _fail(exercise, f"the {stage} of {what} raised {type(error).__name__}", tried, shown, _raised(error),
                  _hint_for_error(error, [a.shape for a in arrays], tuple(expected.shape)) or hint)
        if not _same(expected, got, 1e-6, 1e-8):
            _fail(exercise, f"the forward pass of {what} is wrong", tried, expected, got,
                  _hint_for_result(expected, got) or hint)
        for i, (eg, gg) in enumerate(zip(expected_grads, got_grads)):
            if gg is None:
                _fail(exercise, f"{what} gave input {i} no gradient", tried, eg, None,
                      hint or "does backward return one gradient per input?")
            if not _same(eg, gg, 1e-6, 1e-8):
                specific = _known_mistake(mistakes, [*arrays, weights], got_grads,
                                          lambda w, g: _same(list(w), list(g), 1e-6, 1e-8))
                got_shape = np.shape(_array(gg))
                if not specific and got_shape != tuple(eg.shape):
                    specific = _hint_for_gradient_shape(got_shape, tuple(eg.shape), [a.shape for a in arrays],
                                                        tuple(expected.shape))
                _fail(exercise, f"the gradient of {what} with respect to input {i} is wrong", tried, eg, gg,
                      specific or _hint_for_result(eg, gg) or hint)
        outcome, error = (None, None) if tensor is not Tensor else _attempt(
            gradcheck, learner, [Tensor(a.copy(), requires_grad=True) for a in arrays])
        if error is not None:
            _fail(exercise, f"gradcheck failed for {what}", tried, "numerical = analytical gradients",
                  _raised(error), hint)
    passed(exercise, f"{what} (values, gradients{' and gradcheck' if tensor is Tensor else ''})")


def check_true(exercise: str, condition: bool, what: str, expected, got, hint: str = "") -> None:
    """A single condition, with the expected and actual values to show when it fails."""
    if not condition:
        _fail(exercise, what, None, expected, got, hint)
    passed(exercise, what)


# ------------------------------------------------ scalar Values (minitorch.scalar)
def check_scalar_function(
    exercise: str,
    learner: Callable,
    reference: Callable,
    cases: Iterable[tuple],
    what: str = "",
    hint: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    mistakes: Iterable[tuple[Callable, str]] = (),
) -> None:
    """Check ``learner(*values)`` against ``reference(*values)`` on scalar ``Value`` objects: value and gradients.

    For each case (a tuple of numbers), fresh ``Value`` objects go through both
    functions and ``backward()``; the outputs' ``data`` and the ``grad`` of
    every input must match. ``mistakes`` lists typical wrong backwards as
    pairs ``(wrong, hint)``: ``wrong(*numbers)`` returns the list of wrong
    gradients; when the learner's match, that hint is shown.
    """
    import inspect

    from .scalar import Value  # imported here: this module is mostly about tensors

    def run(fn, case):
        inputs = [Value(x) for x in case]
        out = fn(*inputs)
        out.backward()
        return out.data, [x.grad for x in inputs]

    what = what or getattr(learner, "__name__", "your function")
    mistakes = list(mistakes)
    names = list(inspect.signature(reference).parameters)
    for case in cases:
        tried = ", ".join(f"{name} = {x!r}" for name, x in zip(names, case))
        expected, expected_grads = run(reference, case)
        result, error = _attempt(run, learner, case)
        if error is not None:
            _fail(exercise, f"{what} raised {type(error).__name__}", tried, expected, _raised(error),
                  _hint_for_error(error) or hint)
        got, got_grads = result
        if not _same(expected, got, rtol, atol):
            _fail(exercise, f"{what} gave a wrong value", tried, expected, got, _hint_for_result(expected, got) or hint)
        if not _same(expected_grads, got_grads, rtol, atol):
            specific = _known_mistake(mistakes, case, got_grads, lambda w, g: _same(list(w), list(g), rtol, atol))
            _fail(exercise, f"{what} gave wrong gradients (one per input, in order)", tried,
                  expected_grads, got_grads, specific or _hint_for_result(expected_grads, got_grads) or hint)
    passed(exercise, what)


def check_topological_order(exercise: str, learner: Callable, graphs: Iterable[tuple], hint: str = "") -> None:
    """``learner(root)`` must list every ``Value`` behind ``root`` once, each after its parents.

    ``graphs`` holds pairs ``(description, root)``. The learner runs under a
    recursion limit of 1,000, so a long chain among them shows recursion.
    """
    import sys

    from .scalar import topological_order

    def label(v, root) -> str:
        if v.name or v is root:
            return v.name or "root"
        return f"the Value made by {v.op!r} (data {v.data:.4g})" if v.op else f"the leaf {v.data:.4g}"

    def first_misplaced(order):
        position = {id(v): i for i, v in enumerate(order)}
        for v in order:
            for p in v.parents:
                if position[id(p)] > position[id(v)]:
                    return v, p, position
        return None

    for description, root in graphs:
        expected = topological_order(root)
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(1000)
        try:
            order, error = _attempt(lambda: list(learner(root)))
        finally:
            sys.setrecursionlimit(old)
        if isinstance(error, RecursionError):
            _fail(exercise, "my_topological_order ran out of recursion", description, "an order",
                  "RecursionError", "keep your own stack (a list) of Values still to visit, instead of recursion")
        if error is not None:
            _fail(exercise, f"my_topological_order raised {type(error).__name__}", description, "an order",
                  _raised(error), _hint_for_error(error) or hint)
        position = {id(v): i for i, v in enumerate(order)}
        if len(order) != len(expected) or set(position) != {id(v) for v in expected}:
            _fail(exercise, "the order must hold every Value behind root exactly once", description,
                  f"{len(expected)} Values, all different", f"{len(order)} Values, {len(position)} different",
                  hint or "mark a Value as seen the first time you meet it; list it once")
        misplaced = first_misplaced(order)
        if misplaced:
            v, p, position = misplaced
            reversed_ok = first_misplaced(order[::-1]) is None
            _fail(exercise, "a Value comes before one of its parents", description,
                  f"{label(p, root)} before {label(v, root)}",
                  f"{label(v, root)} at position {position[id(v)]}, its parent at {position[id(p)]}",
                  "your list is in reverse: the root must come last, after everything it was computed from "
                  "(reverse the list before returning it)" if reversed_ok else
                  hint or "append a Value only after all of its parents have been appended")
    passed(exercise, "my_topological_order(root)")


# ------------------------------------------------ short failures in notebooks
# A check cell calls check_...("N.M", ...); a cell that shows the learner's code at work names it in a comment.
CHECK_CALL = re.compile(r"""\b(?:check_\w+|passed|require|checking)\(\s*["'](\d+\.\d+)["']|^# .*\bExercises? (\d+\.\d+)""",
                        re.M)
_running = {"cell": ""}  # the source of the cell IPython is running


def exercise_of(cell_source: str) -> str | None:
    """The exercise a check cell checks (its first ``check_...("N.M", ...)``, or a comment naming it), or None."""
    match = CHECK_CALL.search(cell_source)
    return (match[1] or match[2]) if match else None


def _short_message(value: BaseException) -> list[str] | None:
    """The lines to show for an exception raised in an exercise notebook, or None for a usual traceback."""
    if isinstance(value, ExerciseFailure):
        return str(value).splitlines()
    where = _learner_line(value)
    if isinstance(value, NotImplementedError) and str(value).startswith("Exercise"):
        return [f"NotImplementedError: {str(value).splitlines()[0]}",
                f"   (still a stub{', ' + where if where else ''}: write your code in place of "
                "# YOUR CODE HERE and the raise below it, run that cell, then this one again)"]
    exercise = exercise_of(_running["cell"])
    if exercise is None:
        return None
    return [f"❌ Exercise {exercise}: your code raised {type(value).__name__} during the check",
            f"   got:         {_show(_raised(value), 300)}",
            f"   hint: {_hint_for_error(value) or 'the error comes from your code, at the line named above'}"]


def _show_short(shell, etype, value, tb, tb_offset=None):
    """IPython handler: a failed check, or a stub not written yet, shows as its message alone.

    Any other error shows short too (``minitorch.notebook``): your own lines, then the message.
    """
    lines = _short_message(value)
    if lines is None:
        return show_short(shell, etype, value, tb, tb_offset)
    shell._showtraceback(etype, value, lines)
    return None


def short_failures() -> bool:
    """In IPython, show failed checks and the stubs' ``NotImplementedError`` without a traceback.

    Any exception raised while a check cell runs (one that calls ``check_...("N.M", ...)``)
    is shown as a ❌ of that exercise, with where it was raised in the learner's code;
    other cells show errors as ``minitorch.notebook`` does (your lines and the message,
    without the library's frames). Called when this module is imported;
    returns whether it is running in IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.events.register("pre_run_cell", lambda info: _running.update(cell=info.raw_cell or ""))
    shell.set_custom_exc((Exception,), _show_short)
    return True


short_failures()
