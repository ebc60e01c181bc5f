"""Every op follows the one op style of CONTRIBUTING.md, and the taught core stays plain."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import minitorch as mt
from minitorch.autograd import Function

ROOT = Path(__file__).resolve().parent.parent
OP_MODULES = ["elementwise", "reduction", "matrix", "shape", "loss", "convolution"]


def all_ops():
    import importlib

    for name in OP_MODULES:
        module = importlib.import_module(f"minitorch.ops.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Function) and cls is not Function and cls.__module__ == module.__name__:
                yield cls


OPS = sorted(all_ops(), key=lambda c: c.__name__)


def test_there_are_ops_to_check():
    assert len(OPS) >= 30


@pytest.mark.parametrize("op", OPS, ids=lambda c: c.__name__)
def test_forward_and_backward_are_static_methods_with_pytorchs_argument_names(op):
    for name in ("forward", "backward"):
        assert isinstance(inspect.getattr_static(op, name), staticmethod), f"{op.__name__}.{name} must be a @staticmethod"
    assert list(inspect.signature(op.backward).parameters) == ["ctx", "grad_output"]
    assert list(inspect.signature(op.forward).parameters)[0] == "ctx"


@pytest.mark.parametrize("op", OPS, ids=lambda c: c.__name__)
def test_docstring_gives_the_math_and_pytorchs_name(op):
    doc = op.__doc__ or ""
    assert "PyTorch" in doc, f"{op.__name__}'s docstring should name PyTorch's equivalent"


def test_no_op_shares_its_name_with_an_nn_module():
    modules = {name for name, obj in vars(mt.nn).items() if inspect.isclass(obj) and issubclass(obj, mt.nn.Module)}
    # Tanh and Sigmoid are PyTorch's own grad_fn names (TanhBackward0, SigmoidBackward0) for
    # the functions, as nn.Tanh and nn.Sigmoid are for the layers; the others must differ.
    clashes = {op.__name__ for op in OPS} & modules - {"Tanh", "Sigmoid"}
    assert not clashes


def test_the_library_has_no_speed_talk_in_its_comments():
    pattern = re.compile(r"µs|microsecond|CPython|(?<!-)\bhot\b|for speed|cheaper than")
    found = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in (ROOT / "minitorch").rglob("*.py")
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found
