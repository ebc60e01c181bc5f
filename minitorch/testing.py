"""Self-checks for the exercise notebooks.

Each exercise is followed by a check cell that calls one of these helpers with
the learner's code and minitorch's own reference. A helper tries a few inputs,
compares values (and gradients, with ``gradcheck``), and prints one clear line:

* on success: ``✅ Exercise 3.1 passed: ...``;
* on a wrong answer: raises :class:`ExerciseFailure` saying which input was
  tried, what was expected, what came, and a hint;
* while the exercise is still a stub: the learner's ``NotImplementedError``
  passes through unchanged, so the notebook shows which exercise to do next.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from .autograd.gradcheck import GradcheckError, gradcheck
from .tensor import Tensor


class ExerciseFailure(AssertionError):
    """The learner's code ran but gave a wrong answer."""


def _show(value) -> str:
    if isinstance(value, Tensor):
        value = value.detach().numpy()
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, threshold=20, separator=", ")
    return repr(value)


def _fail(exercise: str, what: str, tried, expected, got, hint: str) -> None:
    lines = [f"❌ Exercise {exercise}: {what}"]
    if tried is not None:
        lines.append(f"   input tried: {tried}")
    lines.append(f"   expected:    {_show(expected)}")
    lines.append(f"   got:         {_show(got)}")
    if hint:
        lines.append(f"   hint: {hint}")
    raise ExerciseFailure("\n".join(lines))


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
    e = expected.detach().numpy() if isinstance(expected, Tensor) else expected
    g = got.detach().numpy() if isinstance(got, Tensor) else got
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
) -> None:
    """Call ``learner(*case)`` and ``reference(*case)`` for each case; the results must match.

    Results may be numbers, tuples, arrays or tensors (compared by value and shape).
    """
    what = what or getattr(learner, "__name__", "your function")
    for case in cases:
        expected = reference(*case)
        got = learner(*case)
        if not _same(expected, got, rtol, atol):
            _fail(exercise, f"{what} gave a wrong result", ", ".join(_show(c) for c in case), expected, got, hint)
    passed(exercise, what)


def check_gradients(
    exercise: str,
    learner: Callable,
    reference: Callable,
    shapes: Iterable[tuple],
    what: str = "",
    hint: str = "",
    positive: bool = False,
    seed: int = 0,
) -> None:
    """Check a differentiable ``learner(*tensors)`` against ``reference``: values, gradients, gradcheck.

    For each tuple of input shapes, random float64 inputs (positive ones if
    ``positive``) go through both; outputs and the gradients of
    ``(output * weights).sum()`` must match, and ``gradcheck`` must pass on
    the learner's function alone.
    """
    what = what or getattr(learner, "__name__", "your op")
    rng = np.random.default_rng(seed)
    for shape_set in shapes:
        arrays = [rng.standard_normal(s) for s in shape_set]
        if positive:
            arrays = [0.5 + np.abs(a) for a in arrays]
        tried = " and ".join(f"shape {tuple(s)}" for s in shape_set)
        results = []
        for fn in (reference, learner):
            inputs = [Tensor(a.copy(), requires_grad=True) for a in arrays]
            out = fn(*inputs)
            weights = np.random.default_rng(seed + 1).standard_normal(out.shape)
            (out * Tensor(weights)).sum().backward()
            results.append((out, [x.grad for x in inputs]))
        (expected, expected_grads), (got, got_grads) = results
        if not _same(expected, got, 1e-6, 1e-8):
            _fail(exercise, f"the forward pass of {what} is wrong", tried, expected, got, hint)
        for i, (eg, gg) in enumerate(zip(expected_grads, got_grads)):
            if gg is None:
                _fail(exercise, f"{what} gave input {i} no gradient", tried, eg, None,
                      hint or "does backward return one gradient per input?")
            if not _same(eg, gg, 1e-6, 1e-8):
                _fail(exercise, f"the gradient of {what} with respect to input {i} is wrong", tried, eg, gg, hint)
        try:
            gradcheck(learner, [Tensor(a.copy(), requires_grad=True) for a in arrays])
        except GradcheckError as err:
            _fail(exercise, f"gradcheck failed for {what}: {err}", tried, "numerical = analytical", "a mismatch", hint)
    passed(exercise, f"{what} (values, gradients and gradcheck)")


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
) -> None:
    """Check ``learner(*values)`` against ``reference(*values)`` on scalar ``Value`` objects: value and gradients.

    For each case (a tuple of numbers), fresh ``Value`` objects go through both
    functions and ``backward()``; the outputs' ``data`` and the ``grad`` of
    every input must match.
    """
    import inspect

    from .scalar import Value  # imported here: this module is mostly about tensors

    what = what or getattr(learner, "__name__", "your function")
    names = list(inspect.signature(reference).parameters)
    for case in cases:
        results = []
        for fn in (reference, learner):
            inputs = [Value(x) for x in case]
            out = fn(*inputs)
            out.backward()
            results.append((out.data, [x.grad for x in inputs]))
        (expected, expected_grads), (got, got_grads) = results
        tried = ", ".join(f"{name} = {x!r}" for name, x in zip(names, case))
        if not _same(expected, got, rtol, atol):
            _fail(exercise, f"{what} gave a wrong value", tried, expected, got, hint)
        if not _same(expected_grads, got_grads, rtol, atol):
            _fail(exercise, f"{what} gave wrong gradients (one per input, in order)", tried,
                  expected_grads, got_grads, hint)
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

    for description, root in graphs:
        expected = topological_order(root)
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(1000)
        try:
            order = list(learner(root))
        except RecursionError:
            order = None  # reported below, outside the except: one short message, no chained traceback
        finally:
            sys.setrecursionlimit(old)
        if order is None:
            _fail(exercise, "my_topological_order ran out of recursion", description, "an order",
                  "RecursionError", "keep your own stack (a list) of Values still to visit, instead of recursion")
        position = {id(v): i for i, v in enumerate(order)}
        if len(order) != len(expected) or set(position) != {id(v) for v in expected}:
            _fail(exercise, "the order must hold every Value behind root exactly once", description,
                  f"{len(expected)} Values, all different", f"{len(order)} Values, {len(position)} different",
                  hint or "mark a Value as seen the first time you meet it; list it once")
        for v in order:
            for p in v.parents:
                if position[id(p)] > position[id(v)]:
                    _fail(exercise, "a Value comes before one of its parents", description,
                          f"{label(p, root)} before {label(v, root)}",
                          f"{label(v, root)} at position {position[id(v)]}, its parent at {position[id(p)]}",
                          hint or "append a Value only after all of its parents have been appended")
    passed(exercise, "my_topological_order(root)")
