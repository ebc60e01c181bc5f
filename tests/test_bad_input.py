"""Bad input: nothing half-done, nothing silently wrong, and every error teaches (issue 21).

Each case is what a learner might type by mistake: a small function
``run(lib, env)`` written once for both libraries (``lib`` is ``minitorch`` or
``torch``), registered in a table with the outcome minitorch must give:

* ``raises=`` an exception type (or a tuple of acceptable ones) and ``match=``
  regular expressions the message must contain: the op or function, and the
  shapes, values or path involved; ``avoid=`` what it must not say (NumPy's
  dtype codes such as ``<U3``). Whatever the case ``env.watch(...)``-ed just
  before the mistake (tensors with their ``.grad``, modules, optimizers, files
  and folders on disk; the grad mode and the default dtype always) must be
  exactly as it was: nothing half-done.
* ``value=`` what it returns instead (the same value PyTorch returns).
* ``warns=`` a warning category (with ``match=``) where PyTorch warns.

Any other warning (NumPy's ``RuntimeWarning: invalid value encountered`` and
the like) is a failure: PyTorch computes ``inf`` and ``nan`` silently.

When PyTorch is installed every case also runs on it and must give the same
kind of outcome: an error where minitorch errs, a warning where it warns, the
same value where it returns one. PyTorch's own message is kept in the test
report (``record_property('pytorch', ...)``) and in the comment above each case.
A case marked ``deliberate_difference="why"`` is one where minitorch chooses
otherwise on purpose; only minitorch's behaviour is checked there.

Error types: IndexError for indexing, TypeError for a wrong kind of argument,
the OSError subclasses for files, as in PyTorch (code catches those). Where
PyTorch raises RuntimeError for a bad value, ``VALUE_ERROR`` accepts
RuntimeError or ValueError.
"""

from __future__ import annotations

import contextlib
import errno
import inspect
import io
import json
import math
import operator
import os
import pickle
import re
import signal
import struct
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import minitorch as mt
from helpers import torch

try:
    import resource
except ImportError:  # not on Windows; the case that needs it says so
    resource = None

VALUE_ERROR = (RuntimeError, ValueError)
NOT_GIVEN = object()
inf, nan = float("inf"), float("nan")


# ====================================================================== the table
@dataclass
class Case:
    family: str
    name: str
    run: Callable  # run(lib, env)
    raises: type | tuple | None = None
    match: tuple = ()
    avoid: tuple = ()
    value: Any = NOT_GIVEN
    warns: type | None = None
    deliberate_difference: str | None = None

    @property
    def id(self) -> str:
        return f"{self.family}-{self.name}"


CASES: list[Case] = []


def as_tuple(patterns) -> tuple:
    return (patterns,) if isinstance(patterns, str) else tuple(patterns)


def family(family_name: str):
    """The decorator that registers a case of one family: ``@creation(raises=TypeError, match=[...])``.

    The case is the decorated function, ``run(lib, env)`` or ``run(lib)``; ``name=`` overrides its name.
    """

    def expect(raises=None, match=(), avoid=(), value=NOT_GIVEN, warns=None, deliberate_difference=None,
               name=None):
        def register(fn):
            required = [p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]
            run = fn if len(required) == 2 else (lambda lib, env: fn(lib))
            CASES.append(Case(family_name, name or fn.__name__, run, raises, as_tuple(match), as_tuple(avoid),
                              value, warns, deliberate_difference))
            return fn

        return register

    return expect


creation = family("creation")
shapes = family("shapes")
indexing = family("indexing")
autograd = family("autograd")
grad_mode = family("grad_mode")
losses = family("losses")
optimizers = family("optimizers")
data = family("data")
saving = family("saving")
nonfinite = family("nonfinite")


# ------------------------------------------------------------- case helpers
def shape(*dims) -> str:
    """A regex for a shape as minitorch or PyTorch prints it: (2, 3), [2, 3], (3,) or [3]."""
    inner = r",\s*".join(str(d) for d in dims)
    return r"[\(\[]" + inner + r",?[\)\]]"


def F(lib):
    return lib.nn.functional


def grad_of(lib, values, f):
    """The gradient of ``f(x).sum()`` at ``x = values``."""
    x = lib.tensor(values, requires_grad=True)
    f(x).sum().backward()
    return x.grad


def dtype_name(d) -> str:
    return str(d).split(".")[-1]


def module_with_count(lib):
    """A Linear(2, 1) with an int64 buffer ``count``: parameters first, then the buffer, in the state_dict."""
    m = lib.nn.Linear(2, 1)
    m.register_buffer("count", lib.tensor(7))
    return m


def trained_sgd(lib, momentum=0.9):
    """An SGD with momentum that has taken one step, so it has state."""
    w = lib.nn.Parameter(lib.tensor([1.0, 2.0, 3.0]))
    opt = lib.optim.SGD([w], lr=0.1, momentum=momentum)
    w.grad = lib.tensor([1.0, 1.0, 1.0])
    opt.step()
    return w, opt


def write_npz(path, header, **arrays) -> None:
    """An archive laid out as minitorch.save lays it out: the arrays, and the JSON header entry."""
    text = header if isinstance(header, str) else json.dumps(header)
    with open(path, "wb") as fh:
        np.savez(fh, **{mt.serialization.HEADER: np.frombuffer(text.encode(), dtype=np.uint8)}, **arrays)


def header(obj) -> dict:
    return {"format": mt.serialization.FORMAT, "version": mt.serialization.VERSION, "minitorch": mt.__version__,
            "obj": obj}


def saved_file(lib, env, name="model.pt"):
    """A checkpoint of a small model saved by ``lib``; returns its path."""
    path = env.tmp / name
    lib.save({"weight": lib.arange(100.0), "bias": lib.zeros(3)}, path)
    return path


def load_watched(lib, env, path):
    """``lib.load(path)``, after noting every file in the case's folder: loading must change none."""
    env.watch(env.tmp)
    return lib.load(path)


def truncate(path, keep: Callable[[int], int]) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: keep(len(raw))])


@contextlib.contextmanager
def file_size_limit(nbytes: int):
    """Files can't grow past ``nbytes``: writes fail with EFBIG, as on a full quota or a FAT disk."""
    if resource is None:
        raise RuntimeError("this case needs POSIX file size limits (the resource module)")
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


NUMPY_WARNS = ("the value is PyTorch's, and minitorch also lets NumPy's RuntimeWarning through: it marks where "
               "a NaN or an inf first appeared, which helps a learner find the cause; PyTorch is silent")

MT_FORMAT = ("minitorch's own file layout (an .npz with a JSON header); a PyTorch file is pickles in a ZIP, "
             "so the crafted header has no PyTorch counterpart")


# ==================================================================== creation
# PyTorch 2.13: TypeError: zeros(): argument 'size' (position 1) must be tuple of ints, not float
@creation(raises=TypeError, match=[r"\bzeros\b", r"2\.5"])
def zeros_with_a_float_size(lib):
    return lib.zeros(2.5)


# PyTorch 2.13: RuntimeError: zeros: Dimension size must be non-negative.
@creation(raises=VALUE_ERROR, match=[r"\bzeros\b", r"-1"])
def zeros_with_a_negative_size(lib):
    return lib.zeros(-1)


# PyTorch 2.13: RuntimeError: Storage size calculation overflowed with sizes=[1099511627776, 1099511627776]
@creation(raises=(RuntimeError, MemoryError, ValueError),
          match=[r"\bzeros\b", r"1099511627776", r"memory|bytes|too (big|large)"])
def zeros_too_big_for_any_memory(lib):
    return lib.zeros(2**40, 2**40)  # 2**80 elements: refused before anything is allocated


# PyTorch 2.13: TypeError: ones(): argument 'size' (position 1) must be tuple of ints, but found element of type flo...
@creation(raises=TypeError, match=[r"\bones\b", r"2\.0"])
def ones_with_a_list_of_float_sizes(lib):
    return lib.ones([2.0, 3.0])


# PyTorch 2.13: TypeError: zeros(): argument 'size' (position 1) must be tuple of ints, not str
@creation(raises=TypeError, match=[r"\bzeros\b", r"\bstr\b|'3'"])
def zeros_with_a_string_size(lib):
    return lib.zeros("3")


# PyTorch 2.13: TypeError: zeros(): argument 'size' (position 1) must be tuple of ints, not NoneType
@creation(raises=TypeError, match=[r"\bzeros\b", r"None"])
def zeros_with_none_as_size(lib):
    return lib.zeros(None)


# PyTorch 2.13: TypeError: empty(): argument 'size' (position 1) must be tuple of ints, not bool
@creation(raises=TypeError, match=[r"\bempty\b", r"\bbool\b|True"])
def empty_with_a_bool_size(lib):
    return lib.empty(True)


# PyTorch 2.13: TypeError: full(): argument 'size' (position 1) must be tuple of ints, but found element of type flo...
@creation(raises=TypeError, match=[r"\bfull\b", r"2\.5"])
def full_with_a_float_size(lib):
    return lib.full((2.5,), 1.0)


# PyTorch 2.13: TypeError: full(): argument 'fill_value' (position 2) must be Number, not str
@creation(raises=TypeError, match=[r"\bfull\b", r"\bstr\b|'a'"], avoid=r"<U\d")
def full_with_a_string_fill_value(lib):
    return lib.full((2,), "a")


# PyTorch 2.13: RuntimeError: step must be nonzero
@creation(raises=VALUE_ERROR, match=[r"\barange\b", r"step"])
def arange_with_a_zero_step(lib):
    return lib.arange(0, 5, 0)


# PyTorch 2.13: RuntimeError: upper bound and lower bound inconsistent with step sign
@creation(raises=VALUE_ERROR, match=[r"\barange\b", r"step|bound|direction|sign"])
def arange_with_a_step_pointing_away_from_the_end(lib):
    return lib.arange(5, 0, 1)


# PyTorch 2.13: RuntimeError: unsupported range: 0 -> nan
@creation(raises=VALUE_ERROR, match=[r"\barange\b", r"nan"])
def arange_to_nan(lib):
    return lib.arange(0, nan)


# PyTorch 2.13: RuntimeError: unsupported range: 0 -> inf
@creation(raises=VALUE_ERROR, match=[r"\barange\b", r"inf"])
def arange_to_infinity(lib):
    return lib.arange(0, inf)


# PyTorch 2.13: RuntimeError: number of steps must be non-negative
@creation(raises=VALUE_ERROR, match=[r"\blinspace\b", r"-1|negative"])
def linspace_with_negative_steps(lib):
    return lib.linspace(0, 1, -1)


# PyTorch 2.13: TypeError: linspace() received an invalid combination of arguments - got (int, int, float), but expe...
@creation(raises=TypeError, match=[r"\blinspace\b", r"2\.5|float"])
def linspace_with_a_float_number_of_steps(lib):
    return lib.linspace(0, 1, 2.5)


# PyTorch 2.13: RuntimeError: n must be greater or equal to 0, got -2
@creation(raises=VALUE_ERROR, match=[r"\beye\b", r"-2"])
def eye_with_a_negative_size(lib):
    return lib.eye(-2)


# PyTorch 2.13: RuntimeError: Trying to create tensor with negative dimension -2: [-2]
@creation(raises=VALUE_ERROR, match=[r"\brandn\b", r"-2"])
def randn_with_a_negative_size(lib):
    return lib.randn(-2)


# PyTorch 2.13: TypeError: rand(): argument 'size' (position 1) must be tuple of ints, not float
@creation(raises=TypeError, match=[r"\brand\b", r"2\.5"])
def rand_with_a_float_size(lib):
    return lib.rand(2.5)


# PyTorch 2.13: RuntimeError: random_ expects 'from' to be less than 'to', but got from=5 >= to=5
@creation(raises=VALUE_ERROR, match=[r"\brandint\b", r"low|high|from|to"])
def randint_with_an_empty_range(lib):
    return lib.randint(5, 5, (3,))


# PyTorch 2.13: RuntimeError: Trying to create tensor with negative dimension -1: [-1]
@creation(raises=VALUE_ERROR, match=[r"\brandperm\b", r"-1"])
def randperm_of_a_negative_count(lib):
    return lib.randperm(-1)


# PyTorch 2.13: RuntimeError: probability tensor contains either `inf`, `nan` or element < 0
@creation(raises=VALUE_ERROR, match=[r"\bmultinomial\b", r"negative|< ?0"])
def multinomial_with_a_negative_probability(lib):
    return lib.multinomial(lib.tensor([0.5, -0.1]), 1)


# PyTorch 2.13: TypeError: new(): invalid data type 'str'
@creation(raises=TypeError, match=[r"\bstr\b"], avoid=r"<U\d")
def tensor_from_a_string(lib):
    return lib.tensor("abc")


# PyTorch 2.13: TypeError: new(): invalid data type 'str'
@creation(raises=TypeError, match=[r"\bstr\b"], avoid=r"<U\d")
def tensor_from_a_list_mixing_numbers_and_strings(lib):
    return lib.tensor([1, "a"])


# PyTorch 2.13: RuntimeError: Could not infer dtype of NoneType
@creation(raises=(TypeError, RuntimeError), match=[r"None"], avoid=r"type object\b")
def tensor_from_none(lib):
    return lib.tensor(None)


# PyTorch 2.13: RuntimeError: Could not infer dtype of NoneType
@creation(raises=(TypeError, RuntimeError), match=[r"None"], avoid=r"type object\b")
def tensor_from_a_list_holding_none(lib):
    return lib.tensor([1.0, None])


# PyTorch 2.13: RuntimeError: Could not infer dtype of dict
@creation(raises=(TypeError, RuntimeError), match=[r"\bdict\b"], avoid=r"type object\b")
def tensor_from_a_dict(lib):
    return lib.tensor({"a": 1})


# PyTorch 2.13: RuntimeError: Could not infer dtype of set
@creation(raises=(TypeError, RuntimeError), match=[r"\bset\b"], avoid=r"type object\b")
def tensor_from_a_set(lib):
    return lib.tensor({1, 2})


# PyTorch 2.13: TypeError: new(): invalid data type 'bytes'
@creation(raises=TypeError, match=[r"\bbytes\b"], avoid=r"\|S\d")
def tensor_from_bytes(lib):
    return lib.tensor(b"abc")


# PyTorch 2.13: ValueError: expected sequence of length 2 at dim 1 (got 1)
@creation(raises=ValueError, match=[r"\btensor\b", r"ragged|same length|length"])
def tensor_from_a_ragged_list(lib):
    return lib.tensor([[1, 2], [3]])


# PyTorch 2.13: ValueError: expected sequence of length 2 at dim 1 (got 1)
@creation(raises=ValueError, match=[r"\btensor\b", r"ragged|same length|length"])
def tensor_from_a_ragged_list_with_a_dtype(lib):
    return lib.tensor([[1, 2], [3]], dtype=lib.float32)


# PyTorch 2.13: ValueError: Overflow when unpacking long long
@creation(raises=(OverflowError, ValueError, RuntimeError), match=[r"9223372036854775808", r"int64|overflow|range"])
def tensor_of_two_to_the_63(lib):
    return lib.tensor(2**63)


# PyTorch 2.13: ValueError: Overflow when unpacking long long
@creation(raises=(OverflowError, ValueError, RuntimeError), match=[r"9223372036854775808", r"int64|overflow|range"])
def tensor_of_a_list_holding_two_to_the_63(lib):
    return lib.tensor([1, 2**63])  # NumPy would quietly make float64 of it


# PyTorch 2.13: ValueError: Overflow when unpacking long long
@creation(raises=(OverflowError, ValueError, RuntimeError), match=[r"-18446744073709551616", r"int64|overflow|range"])
def tensor_of_minus_two_to_the_64(lib):
    return lib.tensor(-(2**64))


# PyTorch 2.13: TypeError: can't convert np.ndarray of type numpy.object_. The only supported types are: float64, fl...
@creation(raises=TypeError, match=[r"object"])
def tensor_from_a_numpy_object_array(lib):
    return lib.tensor(np.array([1, "a"], dtype=object))


# PyTorch 2.13: TypeError: can't convert np.ndarray of type numpy.str_. The only supported types are: float64, float...
@creation(raises=TypeError, match=[r"\bstr\b|string|text"], avoid=r"<U\d")
def tensor_from_a_numpy_string_array(lib):
    return lib.tensor(np.array(["a", "b"]))


# PyTorch 2.13: TypeError: can't convert np.ndarray of type numpy.str_. The only supported types are: float64, float...
@creation(raises=TypeError, match=[r"\bstr\b|string|text"], avoid=r"<U\d")
def as_tensor_from_a_numpy_string_array(lib):
    return lib.as_tensor(np.array(["1"]))


# PyTorch 2.13: TypeError: can't convert np.ndarray of type numpy.object_. The only supported types are: float64, fl...
@creation(raises=TypeError, match=[r"object"])
def from_numpy_of_an_object_array(lib):
    return lib.from_numpy(np.array([1, None], dtype=object))


# PyTorch 2.13: TypeError: expected np.ndarray (got list)
@creation(raises=TypeError, match=[r"from_numpy", r"\blist\b"])
def from_numpy_of_a_list(lib):
    return lib.from_numpy([1.0, 2.0])


# PyTorch 2.13: returns array(1.+2.j)
@creation(raises=TypeError, match=[r"complex"],
          deliberate_difference="minitorch has no complex dtypes; it says so instead of making one")
def tensor_from_a_complex_number(lib):
    return lib.tensor(1 + 2j)


# PyTorch 2.13: TypeError: tensor(): argument 'dtype' must be torch.dtype, not str
@creation(raises=TypeError, match=[r"float33"])
def tensor_with_a_misspelt_dtype(lib):
    return lib.tensor([1.0], dtype="float33")


# PyTorch 2.13: RuntimeError: value cannot be converted to type int64 without overflow
@creation(raises=(ValueError, RuntimeError, OverflowError), match=[r"nan", r"int64|integer"])
def tensor_of_nan_as_int64(lib):
    return lib.tensor([nan], dtype=lib.int64)


# PyTorch 2.13: RuntimeError: value cannot be converted to type int64 without overflow
@creation(raises=(ValueError, RuntimeError, OverflowError), match=[r"inf", r"int64|integer"])
def tensor_of_infinity_as_int64(lib):
    return lib.tensor([inf], dtype=lib.int64)


# PyTorch 2.13: RuntimeError: Only Tensors of floating point and complex dtype can require gradients
@creation(raises=RuntimeError, match=[r"floating", r"int64|Long"])
def tensor_of_ints_requiring_grad(lib):
    return lib.tensor([1, 2], requires_grad=True)


# PyTorch 2.13: RuntimeError: Only Tensors of floating point and complex dtype can require gradients
@creation(raises=RuntimeError, match=[r"floating", r"int64|Long"])
def zeros_of_int64_requiring_grad(lib):
    return lib.zeros(2, dtype=lib.int64, requires_grad=True)


# PyTorch 2.13: TypeError: only floating-point types are supported as the default type
@creation(raises=TypeError, match=[r"default", r"float|int64"])
def set_default_dtype_to_an_integer_type(lib):
    return lib.set_default_dtype(lib.int64)


# PyTorch 2.13: AssertionError: Torch not compiled with CUDA enabled
@creation(raises=(RuntimeError, AssertionError), match=[r"cuda|CUDA", r"cpu|CPU"])
def tensor_moved_to_a_gpu_that_is_not_there(lib):
    return lib.ones(2).to("cuda")


# PyTorch 2.13: RuntimeError: stack expects a non-empty TensorList
@creation(raises=RuntimeError, match=[r"\bstack\b"])
def stack_of_nothing(lib):
    return lib.stack([])


# PyTorch 2.13: ValueError: torch.cat(): expected a non-empty list of Tensors
@creation(raises=(RuntimeError, ValueError), match=[r"\bcat\b"])
def cat_of_nothing(lib):
    return lib.cat([])


# ====================================================================== shapes
# PyTorch 2.13: TypeError: reshape() takes 1 positional argument but 2 were given
@shapes(raises=TypeError, match=[r"\breshape\b", r"2\.5"])
def reshape_with_a_float_size(lib):
    return lib.ones(6).reshape(2.5, 2)


# PyTorch 2.13: RuntimeError: invalid shape dimension -2 at index 0 of shape [-2, 3]
@shapes(raises=VALUE_ERROR, match=[r"\breshape\b", r"-2"])
def reshape_with_minus_two(lib):
    return lib.ones(6).reshape(-2, 3)


# PyTorch 2.13: RuntimeError: only one dimension can be inferred
@shapes(raises=VALUE_ERROR, match=[r"\breshape\b", r"-1", r"one|only"])
def reshape_with_two_inferred_sizes(lib):
    return lib.ones(6).reshape(-1, -1)


# PyTorch 2.13: RuntimeError: shape '[4, 2]' is invalid for input of size 6
@shapes(raises=VALUE_ERROR, match=[r"\breshape\b", shape(6), shape(4, 2)])
def reshape_to_another_number_of_elements(lib):
    return lib.ones(6).reshape(4, 2)


# PyTorch 2.13: RuntimeError: cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimensi...
@shapes(raises=VALUE_ERROR, match=[r"\breshape\b", r"-1"])
def reshape_empty_with_an_ambiguous_minus_one(lib):
    return lib.ones(0).reshape(0, -1)


# PyTorch 2.13: RuntimeError: The expanded size of the tensor (4) must match the existing size (2) at non-singleton ...
@shapes(raises=RuntimeError, match=[r"\bexpand\b", shape(2, 3), shape(4, 3)])
def expand_to_an_incompatible_shape(lib):
    return lib.ones(2, 3).expand(4, 3)


# PyTorch 2.13: RuntimeError: expand(torch.DoubleTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be...
@shapes(raises=RuntimeError, match=[r"\bexpand\b", shape(2, 3), shape(3)])
def expand_to_fewer_dimensions(lib):
    return lib.ones(2, 3).expand(3)


# PyTorch 2.13: RuntimeError: The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0
@shapes(raises=RuntimeError, match=[r"\bexpand\b", r"-1"])
def expand_with_minus_one_in_a_new_dimension(lib):
    return lib.ones(3).expand(-1, 3)  # -1 keeps a size, and a new leading dimension has none to keep


# PyTorch 2.13: RuntimeError: The expanded size of the tensor (-2) must match the existing size (3) at non-singleton...
@shapes(raises=RuntimeError, match=[r"\bexpand\b", r"-2"])
def expand_to_a_negative_size(lib):
    return lib.ones(3).expand(-2)


# The op may be named by its symbol, PyTorch's name or NumPy's: `a >= b`, ge, greater_equal.
# PyTorch 2.13 (eq, ne, lt, le, gt, ge): RuntimeError: The size of tensor a (3) must match the size of tensor b (2) ...
for _symbol, _op, _long in [("==", operator.eq, "equal"), ("!=", operator.ne, "not_equal"), ("<", operator.lt, "less"),
                            ("<=", operator.le, "less_equal"), (">", operator.gt, "greater"),
                            (">=", operator.ge, "greater_equal")]:
    shapes(raises=RuntimeError, match=[rf"(\s|'|`){re.escape(_symbol)}(\s|'|`)|\b{_op.__name__}\b|\b{_long}\b",
                                       shape(3), shape(2)],
           name=f"compare_{_op.__name__}_with_mismatched_shapes")(lambda lib, op=_op: op(lib.ones(3), lib.ones(2)))


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0
@shapes(raises=RuntimeError, match=[r"\badd\b|\+", shape(3), shape(2)])
def add_with_mismatched_shapes(lib):
    return lib.ones(3) + lib.ones(2)


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1
@shapes(raises=RuntimeError, match=[r"\bmul\b|\*", shape(2, 3), shape(3, 2)])
def mul_with_mismatched_shapes(lib):
    return lib.ones(2, 3) * lib.ones(3, 2)


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0
@shapes(raises=RuntimeError, match=[r"\bpow\b|\*\*", shape(3), shape(2)])
def pow_with_mismatched_shapes(lib):
    return lib.ones(3) ** lib.ones(2)


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0
@shapes(raises=RuntimeError, match=[r"\bmaximum\b", shape(3), shape(2)])
def maximum_with_mismatched_shapes(lib):
    return lib.maximum(lib.ones(3), lib.ones(2))


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0
@shapes(raises=RuntimeError, match=[r"\bwhere\b", shape(3), shape(2)])
def where_with_mismatched_shapes(lib):
    return lib.where(lib.ones(3) > 0, lib.ones(3), lib.ones(2))


# PyTorch 2.13: TypeError: unsupported operand type(s) for +: 'Tensor' and 'list'
@shapes(raises=(TypeError, RuntimeError), match=[r"\badd\b|\+", shape(3), shape(2) + r"|\blist\b"])
def add_a_python_list_of_another_length(lib):
    return lib.ones(3) + [1.0, 2.0]


# PyTorch 2.13: ValueError: operands could not be broadcast together with shapes (3,) (2,)
@shapes(raises=(RuntimeError, ValueError), match=[shape(3), shape(2)])
def add_a_numpy_array_of_another_length(lib):
    return lib.ones(3) + np.ones(2)


# PyTorch 2.13: RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)
@shapes(raises=(RuntimeError, ValueError), match=[r"matmul|@|mm", shape(2, 3)])
def matmul_with_mismatched_inner_sizes(lib):
    return lib.ones(2, 3) @ lib.ones(2, 3)


# PyTorch 2.13: RuntimeError: mat2 must be a matrix
@shapes(raises=RuntimeError, match=[r"\bmm\b", shape(3)])
def mm_of_a_vector(lib):
    return lib.ones(2, 3).mm(lib.ones(3))


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 5)
@shapes(raises=IndexError, match=[r"\bcat\b", r"\b5\b", r"1 dim|ndim|dimension|range"])
def cat_along_a_dimension_that_does_not_exist(lib):
    return lib.cat([lib.ones(2), lib.ones(2)], dim=5)


# PyTorch 2.13: RuntimeError: Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for ...
@shapes(raises=RuntimeError, match=[r"\bcat\b", shape(2, 3), shape(2, 4)])
def cat_of_mismatched_sizes(lib):
    return lib.cat([lib.ones(2, 3), lib.ones(2, 4)])


# PyTorch 2.13: RuntimeError: Tensors must have same number of dimensions: got 1 and 2
@shapes(raises=RuntimeError, match=[r"\bcat\b", shape(2), shape(2, 2)])
def cat_of_different_numbers_of_dimensions(lib):
    return lib.cat([lib.ones(2), lib.ones(2, 2)])


# PyTorch 2.13: TypeError: cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor
@shapes(raises=TypeError, match=[r"\bcat\b", r"list|tuple|sequence"])
def cat_of_one_tensor_instead_of_a_list(lib):
    return lib.cat(lib.ones(2, 3))  # iterating it would join its rows: silently (6,)


# PyTorch 2.13: TypeError: expected Tensor as element 1 in argument 0, but got list
@shapes(raises=TypeError, match=[r"\bcat\b", r"\blist\b"])
def cat_with_a_list_among_the_tensors(lib):
    return lib.cat([lib.ones(2), [1.0, 2.0]])


# PyTorch 2.13: RuntimeError: stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1
@shapes(raises=RuntimeError, match=[r"\bstack\b", shape(2), shape(3)])
def stack_of_different_shapes(lib):
    return lib.stack([lib.ones(2), lib.ones(3)])


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)
@shapes(raises=IndexError, match=[r"\bstack\b", r"\b3\b"])
def stack_along_a_dimension_that_does_not_exist(lib):
    return lib.stack([lib.ones(2), lib.ones(2)], dim=3)


# PyTorch 2.13: RuntimeError: permute(): duplicate dims are not allowed.
@shapes(raises=RuntimeError, match=[r"\bpermute\b", r"\(0, 0\)|\[0, 0\]|repeat"])
def permute_with_a_repeated_dimension(lib):
    return lib.ones(2, 3).permute(0, 0)


# PyTorch 2.13: RuntimeError: permute(sparse_coo): number of dimensions in the tensor input does not match the lengt...
@shapes(raises=RuntimeError, match=[r"\bpermute\b", shape(2, 3) + r"|2"])
def permute_with_too_few_dimensions(lib):
    return lib.ones(2, 3).permute(0)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
@shapes(raises=IndexError, match=[r"\btranspose\b", r"\b2\b"])
def transpose_a_dimension_that_does_not_exist(lib):
    return lib.ones(2, 3).transpose(0, 2)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)
@shapes(raises=IndexError, match=[r"\bunsqueeze\b", r"\b3\b"])
def unsqueeze_beyond_the_end(lib):
    return lib.ones(2).unsqueeze(3)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)
@shapes(raises=IndexError, match=[r"\bsqueeze\b", r"\b1\b"])
def squeeze_a_dimension_that_does_not_exist(lib):
    return lib.ones(2).squeeze(1)


# PyTorch 2.13: RuntimeError: flatten() has invalid args: start_dim cannot come after end_dim
@shapes(raises=RuntimeError, match=[r"\bflatten\b", r"start_dim|start"])
def flatten_with_start_after_end(lib):
    return lib.ones(2, 3, 4).flatten(2, 0)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
@shapes(raises=IndexError, match=[r"\bsum\b", r"\b2\b"])
def sum_over_a_dimension_that_does_not_exist(lib):
    return lib.ones(2, 3).sum(2)


# PyTorch 2.13: TypeError: sum() received an invalid combination of arguments - got (float), but expected one of: * ...
@shapes(raises=TypeError, match=[r"\bsum\b", r"1\.5|float"])
def sum_over_a_float_dimension(lib):
    return lib.ones(2, 3).sum(1.5)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)
@shapes(raises=IndexError, match=[r"\bmax\b", r"\b1\b"])
def max_over_a_dimension_that_does_not_exist(lib):
    return lib.ones(3).max(1)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)
@shapes(raises=IndexError, match=[r"\bsoftmax\b", r"\b1\b"])
def softmax_over_a_dimension_that_does_not_exist(lib):
    return lib.ones(3).softmax(1)


# PyTorch 2.13: RuntimeError: mean(): could not infer output dtype. Input dtype must be either a floating point or c...
@shapes(raises=RuntimeError, match=[r"\bmean\b", r"int64|Long"])
def mean_of_integers(lib):
    return lib.tensor([1, 2]).mean()


# PyTorch 2.13: RuntimeError: t() expects a tensor with <= 2 dimensions, but self is 3D
@shapes(raises=RuntimeError, match=[r"\bt\(\)|transpose|2 dim", shape(2, 3, 4) + r"|3"])
def t_of_a_three_dimensional_tensor(lib):
    return lib.ones(2, 3, 4).t()


# PyTorch 2.13: RuntimeError: a Tensor with 3 elements cannot be converted to Scalar
@shapes(raises=RuntimeError, match=[r"\bitem\b|Scalar", r"3 elements|" + shape(3)])
def item_of_three_numbers(lib):
    return lib.ones(3).item()


# PyTorch 2.13: RuntimeError: Boolean value of Tensor with more than one value is ambiguous
@shapes(raises=RuntimeError, match=[r"ambiguous"])
def if_on_a_tensor_of_three_numbers(lib):
    return bool(lib.ones(3))


# PyTorch 2.13: TypeError: len() of a 0-d tensor
@shapes(raises=TypeError, match=[r"0-d|0d"])
def len_of_a_zero_dimensional_tensor(lib):
    return len(lib.tensor(1.0))


# PyTorch 2.13: RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)
@shapes(raises=RuntimeError, match=[r"\blinear\b|Linear|mat", shape(4, 5) + r"|4x5", r"\b3\b"])
def linear_layer_on_the_wrong_number_of_features(lib):
    return lib.nn.Linear(3, 2)(lib.ones(4, 5))


# PyTorch 2.13: RuntimeError: The expanded size of the tensor (4) must match the existing size (3) at non-singleton ...
@shapes(raises=RuntimeError, match=[r"\blinear\b", r"bias", shape(3)])
def linear_with_a_bias_of_the_wrong_size(lib):
    return F(lib).linear(lib.ones(2, 3), lib.ones(4, 3), lib.ones(3))


# PyTorch 2.13: TypeError: empty(): argument 'size' failed to unpack the object at pos 2 with error "type must be tu...
@shapes(raises=TypeError, match=[r"Linear", r"2\.5"])
def linear_layer_with_a_float_size(lib):
    return lib.nn.Linear(2.5, 3)


# PyTorch 2.13: RuntimeError: Trying to create tensor with negative dimension -1: [3, -1]
@shapes(raises=(TypeError, RuntimeError, ValueError), match=[r"Linear|linear|dimension", r"-1"])
def linear_layer_with_a_negative_size(lib):
    return lib.nn.Linear(-1, 3)


# ==================================================================== indexing
# PyTorch 2.13: IndexError: index 5 is out of bounds for dimension 0 with size 3
@indexing(raises=IndexError, match=[r"\b5\b", r"size 3|" + shape(3)])
def index_past_the_end(lib):
    return lib.ones(3)[5]


# PyTorch 2.13: IndexError: index -4 is out of bounds for dimension 0 with size 3
@indexing(raises=IndexError, match=[r"-4", r"size 3|" + shape(3)])
def negative_index_past_the_start(lib):
    return lib.ones(3)[-4]


# PyTorch 2.13: IndexError: too many indices for tensor of dimension 2
@indexing(raises=IndexError, match=[r"too many|3 indices|" + shape(2, 2)])
def index_with_too_many_indices(lib):
    return lib.ones(2, 2)[0, 0, 0]


# PyTorch 2.13: IndexError: only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid...
@indexing(raises=IndexError, match=[r"1\.5|float", r"integer"])
def index_with_a_float(lib):
    return lib.ones(3)[1.5]


# PyTorch 2.13: TypeError: new(): invalid data type 'str'
@indexing(raises=(IndexError, TypeError), match=[r"'a'|\bstr\b"])
def index_with_a_string(lib):
    return lib.ones(3)["a"]


# PyTorch 2.13: IndexError: tensors used as indices must be long, int, byte or bool tensors
@indexing(raises=IndexError, match=[r"float|integer|long"])
def index_with_a_float_tensor(lib):
    return lib.ones(3)[lib.tensor([0.0, 1.0])]


# PyTorch 2.13: IndexError: The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] ...
@indexing(raises=IndexError, match=[r"\b2\b", r"\b3\b"])
def boolean_mask_of_the_wrong_length(lib):
    return lib.ones(3)[lib.tensor([True, False])]


# PyTorch 2.13: IndexError: invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in ...
@indexing(raises=IndexError, match=[r"0-d|0-dim|item\(\)"])
def index_a_zero_dimensional_tensor(lib):
    return lib.tensor(5.0)[0]


# PyTorch 2.13: IndexError: index 5 is out of bounds for dimension 0 with size 3
@indexing(raises=IndexError, match=[r"\b5\b", r"size 3|" + shape(3)])
def index_with_a_list_holding_an_index_past_the_end(lib):
    return lib.ones(3)[[0, 5]]


# PyTorch 2.13: IndexError: index 5 is out of bounds for dimension 0 with size 3
@indexing(raises=IndexError, match=[r"\b5\b", r"size 3|" + shape(3)])
def index_with_an_int_tensor_holding_an_index_past_the_end(lib):
    return lib.ones(3)[lib.tensor([0, 5])]


# PyTorch 2.13: IndexError: index 5 is out of bounds for dimension 0 with size 3
@indexing(raises=IndexError, match=[r"\b5\b", r"size 3|" + shape(3)])
def assign_to_an_index_past_the_end(lib, env):
    t = lib.zeros(3)
    env.watch(t)
    t[5] = 1.0
    return t


# PyTorch 2.13: IndexError: index 5 is out of bounds for dimension 0 with size 3
@indexing(raises=IndexError, match=[r"\b5\b", r"size 3|" + shape(3)])
def assign_past_the_end_of_a_recorded_tensor(lib, env):
    w = lib.ones(3, requires_grad=True)
    y = w * 1
    env.watch(w, y)
    y[5] = 1.0
    return y


# PyTorch 2.13: RuntimeError: The expanded size of the tensor (2) must match the existing size (3) at non-singleton ...
@indexing(raises=RuntimeError, match=[shape(3), shape(2)])
def assign_three_values_to_two_places(lib, env):
    t = lib.zeros(3)
    env.watch(t)
    t[0:2] = lib.ones(3)
    return t


# PyTorch 2.13: TypeError: can't assign a str to a torch.DoubleTensor
@indexing(raises=(TypeError, ValueError, RuntimeError), match=[r"'a'|\bstr\b"])
def assign_a_string_into_a_tensor(lib, env):
    t = lib.zeros(3)
    env.watch(t)
    t[0] = "a"
    return t


# PyTorch 2.13: RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.
@indexing(raises=RuntimeError, match=[r"leaf", r"in.?place|no_grad"])
def assign_into_a_leaf_that_requires_grad(lib, env):
    w = lib.zeros(3, requires_grad=True)
    env.watch(w)
    w[0] = 1.0
    return w


# PyTorch 2.13: returns array([2, 2])
@indexing(value=[2, 2])
def assign_a_float_into_an_int_tensor_truncates_as_pytorch(lib):
    t = lib.tensor([1, 2])
    t[0] = 2.7
    return t


# PyTorch 2.13: RuntimeError: index 5 is out of bounds for dimension 1 with size 2
@indexing(raises=(IndexError, RuntimeError), match=[r"\bgather\b", r"\b5\b"])
def gather_with_an_index_past_the_end(lib):
    return lib.ones(2, 2).gather(1, lib.tensor([[0, 5], [1, 0]]))


# PyTorch 2.13: RuntimeError: gather(): Expected dtype int32/int64 for index
@indexing(raises=(RuntimeError, IndexError, TypeError), match=[r"\bgather\b", r"int64|integer|long"],
          avoid=r"array\(")
def gather_with_a_float_index(lib):
    return lib.ones(2, 2).gather(1, lib.tensor([[0.0, 1.0], [1.0, 0.0]]))


# PyTorch 2.13: IndexError: index out of range in self
@indexing(raises=IndexError, match=[r"\bembedding\b|Embedding", r"\b5\b"])
def embedding_lookup_past_the_table(lib, env):
    emb = lib.nn.Embedding(3, 2)
    env.watch(emb)
    return emb(lib.tensor([1, 5]))


# PyTorch 2.13: IndexError: index out of range in self
@indexing(raises=IndexError, match=[r"\bembedding\b|Embedding", r"-1"])
def embedding_lookup_of_a_negative_index(lib):
    return lib.nn.Embedding(3, 2)(lib.tensor([-1]))  # NumPy would quietly take the last row


# PyTorch 2.13: RuntimeError: Expected tensor for argument #1 'indices' to have one of the following scalar types: L...
@indexing(raises=(TypeError, RuntimeError), match=[r"\bembedding\b", r"int64|Long|integer"])
def embedding_lookup_with_float_indices(lib):
    return lib.nn.Embedding(3, 2)(lib.tensor([1.0]))


# PyTorch 2.13: RuntimeError: Class values must be smaller than num_classes.
@indexing(raises=RuntimeError, match=[r"one_hot", r"\b3\b"])
def one_hot_of_a_class_past_num_classes(lib):
    return F(lib).one_hot(lib.tensor([0, 3]), 3)


# PyTorch 2.13: RuntimeError: Class values must be non-negative.
@indexing(raises=RuntimeError, match=[r"one_hot", r"non-?negative|-1"])
def one_hot_of_a_negative_class(lib):
    return F(lib).one_hot(lib.tensor([0, -1]), 3)


# PyTorch 2.13: RuntimeError: one_hot is only applicable to index tensor of type LongTensor.
@indexing(raises=RuntimeError, match=[r"one_hot", r"int64|Long|integer"])
def one_hot_of_floats(lib):
    return F(lib).one_hot(lib.tensor([0.0, 1.0]), 3)


# PyTorch 2.13: IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)
@indexing(raises=IndexError, match=[r"\bargmax\b", r"\b1\b"])
def argmax_over_a_dimension_that_does_not_exist(lib):
    return lib.ones(3).argmax(1)


# ==================================================================== autograd
# PyTorch 2.13: RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors a...
@autograd(raises=RuntimeError, match=[r"second time|freed", r"retain_graph"])
def backward_twice_through_a_freed_graph_adds_nothing(lib, env):
    w = lib.tensor([1.0, 2.0], requires_grad=True)
    y = (w + 3).sum() + w.exp().sum()  # the add branch saves no tensor (it still works), the exp branch does
    y.backward()
    env.watch(w)
    return y.backward()


# PyTorch 2.13: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace o...
@autograd(raises=RuntimeError, match=[r"modified|in.?place", r"version"])
def backward_after_an_in_place_change_adds_nothing(lib, env):
    w = lib.tensor([1.0, 2.0], requires_grad=True)
    (w * 2).sum().backward()  # w.grad is [2, 2] now
    a = w * 1
    y = (w * 5).sum() + (a * a).sum()
    with lib.no_grad():
        a += 1  # a was saved by a * a
    env.watch(w)
    return y.backward()


# PyTorch 2.13: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace o...
@autograd(raises=RuntimeError, match=[r"in.?place|modified"])
def in_place_add_on_a_non_leaf_after_use_is_caught_at_backward(lib, env):
    x = lib.ones(3, requires_grad=True)
    a = x * 2
    b = a * a
    a += 1
    env.watch(x)
    return b.sum().backward()


# PyTorch 2.13: returns array([20., 8., 8.])
@autograd(value=[20.0, 8.0, 8.0])
def editing_a_non_leaf_under_no_grad_before_use_is_fine(lib):
    x = lib.ones(3, requires_grad=True)
    a = x * 2
    with lib.no_grad():
        a[0] = 5.0
    (a * a).sum().backward()
    return x.grad


# PyTorch 2.13: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace o...
@autograd(raises=RuntimeError, match=[r"modified|in.?place"])
def changing_a_leaf_under_no_grad_after_use_is_caught(lib, env):
    w = lib.tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    with lib.no_grad():
        w += 1
    env.watch(w)
    return y.backward()


def bad_backward(lib, result):
    """A custom Function doubling its input, whose backward returns ``result(lib, grad_output)``."""

    class Doubler(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad_output):
            return result(lib, grad_output)

    return Doubler


# PyTorch 2.13: RuntimeError: Function DoublerBackward returned an invalid gradient at index 0 - got [1] but expecte...
@autograd(raises=RuntimeError, match=[r"Doubler", shape(1), shape(3)])
def custom_function_backward_returns_the_wrong_shape(lib, env):
    w = lib.ones(3, requires_grad=True)
    (w * 1).sum().backward()
    env.watch(w)
    y = bad_backward(lib, lambda lib, g: lib.ones(1)).apply(w).sum() + (w * 1).sum()
    return y.backward()


# PyTorch 2.13: RuntimeError: function DoublerBackward returned an incorrect number of gradients (expected 1, got 2)
@autograd(raises=RuntimeError, match=[r"Doubler", r"\b2\b", r"\b1\b"])
def custom_function_backward_returns_two_gradients_for_one_input(lib, env):
    w = lib.ones(3, requires_grad=True)
    env.watch(w)
    return bad_backward(lib, lambda lib, g: (g, g)).apply(w).sum().backward()


# PyTorch 2.13: RuntimeError: expected Variable or None (got numpy.ndarray)
@autograd(raises=(TypeError, RuntimeError), match=[r"Doubler", r"ndarray|numpy"])
def custom_function_backward_returns_a_numpy_array(lib, env):
    w = lib.ones(3, requires_grad=True)
    env.watch(w)
    return bad_backward(lib, lambda lib, g: np.ones(3)).apply(w).sum().backward()


# PyTorch 2.13: RuntimeError: grad can be implicitly created only for scalar outputs
@autograd(raises=RuntimeError, match=[r"gradient", shape(3)])
def backward_of_three_numbers_without_a_gradient(lib):
    return (lib.ones(3, requires_grad=True) * 2).backward()


# PyTorch 2.13: RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a s...
@autograd(raises=RuntimeError, match=[shape(2), shape(3)])
def backward_with_a_gradient_of_the_wrong_shape(lib):
    return (lib.ones(3, requires_grad=True) * 2).backward(lib.ones(2))


# PyTorch 2.13: TypeError: gradients can be either Tensors or None, but got float
@autograd(raises=TypeError, match=[r"\blist\b|float", r"Tensor"])
def backward_with_a_list_as_the_gradient(lib, env):
    x = lib.ones(3, requires_grad=True)
    env.watch(x)
    return (x * 2).backward([1.0, 1.0, 1.0])


# PyTorch 2.13: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
@autograd(raises=RuntimeError, match=[r"require"])
def backward_of_a_tensor_that_does_not_require_grad(lib):
    return lib.ones(3).sum().backward()


# PyTorch 2.13: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
@autograd(raises=RuntimeError, match=[r"require"])
def backward_of_an_integer_result(lib):
    return lib.ones(3, requires_grad=True).long().sum().backward()


# PyTorch 2.13: RuntimeError: attempting to assign a gradient of size '[1]' to a tensor of size '[3]'. Please ensure...
@autograd(raises=RuntimeError, match=[r"\bgrad\b", shape(1), shape(3)])
def grad_assigned_a_tensor_of_the_wrong_shape(lib, env):
    w = lib.zeros(3, requires_grad=True)
    env.watch(w)
    w.grad = lib.ones(1)
    return w.grad


# PyTorch 2.13: TypeError: assigned grad expected to be a Tensor or None but got grad of type numpy.ndarray
@autograd(raises=TypeError, match=[r"\bgrad\b", r"ndarray|numpy"])
def grad_assigned_a_numpy_array(lib, env):
    w = lib.zeros(3, requires_grad=True)
    env.watch(w)
    w.grad = np.ones(3)
    return w.grad


# PyTorch 2.13: TypeError: assigned grad expected to be a Tensor or None but got grad of type list
@autograd(raises=TypeError, match=[r"\bgrad\b", r"\blist\b"])
def grad_assigned_a_list(lib, env):
    w = lib.zeros(3, requires_grad=True)
    env.watch(w)
    w.grad = [1.0, 2.0, 3.0]
    return w.grad


# PyTorch 2.13: RuntimeError: attempting to assign a gradient with dtype 'long int' to a tensor with grad_dtype 'Dou...
@autograd(raises=(RuntimeError, TypeError), match=[r"\bgrad\b", r"int64|long", r"float"])
def grad_assigned_an_int64_tensor(lib, env):
    w = lib.zeros(3, requires_grad=True)
    env.watch(w)
    w.grad = lib.ones(3, dtype=lib.int64)
    return w.grad


# PyTorch 2.13: RuntimeError: only Tensors of floating point and complex dtype can require gradients
@autograd(raises=RuntimeError, match=[r"floating", r"int64|Long|integer"])
def requires_grad_attribute_set_on_an_int64_tensor(lib, env):
    t = lib.tensor([1, 2])
    env.watch(t)
    t.requires_grad = True
    return t.requires_grad


# PyTorch 2.13: RuntimeError: only Tensors of floating point and complex dtype can require gradients
@autograd(raises=RuntimeError, match=[r"floating", r"\bbool\b|Bool|floating point"])
def requires_grad_attribute_set_on_a_bool_tensor(lib, env):
    t = lib.tensor([True, False])
    env.watch(t)
    t.requires_grad = True
    return t.requires_grad


# PyTorch 2.13: RuntimeError: you can only change requires_grad flags of leaf variables. If you want to use a comput...
@autograd(raises=RuntimeError, match=[r"leaf", r"detach"])
def requires_grad_attribute_turned_off_on_a_non_leaf(lib, env):
    x = lib.ones(2, requires_grad=True)
    y = x * 2
    env.watch(y)
    y.requires_grad = False
    return y.requires_grad


# PyTorch 2.13: RuntimeError: you can only change requires_grad flags of leaf variables. If you want to use a comput...
@autograd(raises=RuntimeError, match=[r"leaf", r"detach"])
def requires_grad_method_turned_off_on_a_non_leaf(lib, env):
    x = lib.ones(2, requires_grad=True)
    y = x * 2
    env.watch(y)
    return y.requires_grad_(False)


# PyTorch 2.13: returns None; warns UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being ...
@autograd(value=None, warns=UserWarning, match=[r"leaf", r"retain_grad"])
def grad_of_a_non_leaf_is_none_with_a_warning(lib):
    x = lib.ones(2, requires_grad=True)
    y = x * 2
    y.sum().backward()
    return y.grad


# PyTorch 2.13: RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.
@autograd(raises=RuntimeError, match=[r"numpy\(\)", r"detach"])
def numpy_of_a_tensor_that_requires_grad(lib):
    return lib.ones(2, requires_grad=True).numpy()


# PyTorch 2.13: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
@autograd(raises=RuntimeError, match=[r"leaf", r"no_grad"])
def in_place_add_on_a_leaf_while_recording(lib, env):
    w = lib.zeros(3, requires_grad=True)
    env.watch(w)
    w += 1
    return w


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0
@autograd(raises=RuntimeError, match=[r"add_", shape(3), shape(2)])
def in_place_add_of_another_shape(lib, env):
    t = lib.zeros(3)
    env.watch(t)
    return t.add_(lib.ones(2))


# PyTorch 2.13: RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]
@autograd(raises=RuntimeError, match=[shape(3), shape(2, 3)])
def in_place_add_that_would_grow_the_tensor(lib, env):
    t = lib.zeros(3)
    env.watch(t)
    t += lib.ones(2, 3)
    return t


# PyTorch 2.13: RuntimeError: result type Double can't be cast to the desired output type Long
@autograd(raises=RuntimeError, match=[r"int64|Long", r"float"])
def in_place_add_of_a_float_to_an_int_tensor(lib, env):
    t = lib.tensor([1, 2])
    env.watch(t)
    t += 0.5
    return t


# PyTorch 2.13: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0
@autograd(raises=RuntimeError, match=[r"copy_", shape(2), shape(3)])
def copy_from_a_tensor_of_another_shape(lib, env):
    t = lib.zeros(3)
    env.watch(t)
    return t.copy_(lib.ones(2))


# PyTorch 2.13: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
@autograd(raises=RuntimeError, match=[r"require|no_grad"])
def backward_of_a_loss_computed_under_no_grad(lib):
    w = lib.ones(3, requires_grad=True)
    with lib.no_grad():
        loss = (w * 2).sum()
    return loss.backward()


# PyTorch 2.13: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
@autograd(raises=RuntimeError, match=[r"require"])
def backward_of_a_gradient_computed_without_create_graph(lib):
    x = lib.tensor([2.0], requires_grad=True)
    (g,) = lib.autograd.grad((x**3).sum(), x)
    return g.sum().backward()


# PyTorch 2.13: RuntimeError: The differentiated Tensor at index 1 appears to not have been used in the graph. Set a...
@autograd(raises=RuntimeError, match=[r"\bgrad\b", r"\b1\b|not (been )?used|unused"])
def autograd_grad_of_an_input_that_was_not_used(lib):
    x, z = lib.ones(2, requires_grad=True), lib.ones(2, requires_grad=True)
    return lib.autograd.grad((x * 2).sum(), [x, z])


# PyTorch 2.13: RuntimeError: can't retain_grad on Tensor that has requires_grad=False
@autograd(raises=RuntimeError, match=[r"retain_grad|require"])
def retain_grad_on_a_tensor_that_does_not_require_grad(lib):
    return lib.ones(2).retain_grad()


# =================================================================== grad mode
# PyTorch 2.13: returns [False, True]
@grad_mode(value=(False, True))
def set_grad_enabled_false_as_a_decorator_restores_the_mode(lib):
    @lib.set_grad_enabled(False)
    def predict():
        return lib.is_grad_enabled()

    inside = predict()
    return inside, lib.is_grad_enabled()


# PyTorch 2.13: returns True
@grad_mode(value=True)
def set_grad_enabled_false_as_a_decorator_leaves_the_mode_alone_when_defined(lib):
    @lib.set_grad_enabled(False)
    def predict():
        return 1

    return lib.is_grad_enabled()


# PyTorch 2.13: returns [False, True]
@grad_mode(value=(False, True))
def no_grad_as_a_decorator_without_parentheses(lib):
    @lib.no_grad
    def predict():
        return lib.is_grad_enabled()

    return predict(), lib.is_grad_enabled()


# PyTorch 2.13: returns [True, False]
@grad_mode(value=(True, False))
def enable_grad_as_a_decorator_without_parentheses(lib):
    @lib.enable_grad
    def train_step():
        return lib.is_grad_enabled()

    with lib.no_grad():
        return train_step(), lib.is_grad_enabled()


# PyTorch 2.13: returns [[False, False], True]
@grad_mode(value=([False, False], True))
def no_grad_on_a_generator_covers_each_step(lib):
    @lib.no_grad()
    def predictions():
        yield lib.is_grad_enabled()
        yield lib.is_grad_enabled()

    return list(predictions()), lib.is_grad_enabled()


# PyTorch 2.13: returns True
@grad_mode(value=True)
def no_grad_block_left_by_an_exception_restores_the_mode(lib):
    with contextlib.suppress(ZeroDivisionError):
        with lib.no_grad():
            1 / 0
    return lib.is_grad_enabled()


# PyTorch 2.13: returns True
@grad_mode(value=True)
def no_grad_function_that_raises_restores_the_mode(lib):
    @lib.no_grad()
    def broken():
        raise KeyError("x")

    with contextlib.suppress(KeyError):
        broken()
    return lib.is_grad_enabled()


# PyTorch 2.13: returns [True, False, True]
@grad_mode(value=(True, False, True))
def enable_grad_inside_no_grad_and_back(lib):
    with lib.no_grad():
        with lib.enable_grad():
            inner = lib.is_grad_enabled()
        middle = lib.is_grad_enabled()
    return inner, middle, lib.is_grad_enabled()


# PyTorch 2.13: returns False
@grad_mode(value=False)
def set_grad_enabled_false_as_a_call_switches_recording_off(lib):
    lib.set_grad_enabled(False)
    return lib.is_grad_enabled()


# PyTorch 2.13: returns [False, True]
@grad_mode(value=(False, True))
def set_grad_enabled_as_a_with_block_restores_the_mode(lib):
    with lib.set_grad_enabled(False):
        inside = lib.is_grad_enabled()
    return inside, lib.is_grad_enabled()


# PyTorch 2.13: TypeError: set_grad_enabled(): argument 'enabled' (position 1) must be bool, not str
@grad_mode(raises=TypeError, match=[r"set_grad_enabled", r"\bbool\b", r"\bstr\b|'yes'"])
def set_grad_enabled_with_a_string(lib):
    return lib.set_grad_enabled("yes")


# PyTorch 2.13: TypeError: set_grad_enabled(): argument 'enabled' (position 1) must be bool, not NoneType
@grad_mode(raises=TypeError, match=[r"set_grad_enabled", r"\bbool\b", r"None"])
def set_grad_enabled_with_none(lib):
    return lib.set_grad_enabled(None)  # bool(None) would silently switch recording off


# PyTorch 2.13: returns [True, False, True]
@grad_mode(value=(True, False, True))
def tensor_made_under_no_grad_still_requires_grad_but_ops_are_not_recorded(lib):
    with lib.no_grad():
        x = lib.ones(2, requires_grad=True)
        y = x * 2
    return x.requires_grad, y.requires_grad, y.grad_fn is None


# PyTorch 2.13: returns True
@grad_mode(value=True)
def optimizer_step_leaves_recording_on(lib):
    w = lib.ones(2, requires_grad=True)
    w.grad = lib.ones(2)
    lib.optim.SGD([w], lr=0.1).step()
    return lib.is_grad_enabled()


# PyTorch 2.13: returns [False, array([2., 2.])]
@grad_mode(value=(False, [2.0, 2.0]))
def no_grad_method_of_a_model(lib):
    class Model(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = lib.nn.Parameter(lib.ones(2))

        @lib.no_grad()
        def predict(self, x):
            return x * self.w * 2

    y = Model().predict(lib.ones(2))
    return y.requires_grad, y


# ====================================================================== losses
# PyTorch 2.13: returns array(0.); warns UserWarning: Using a target size (torch.Size([3])) that is different to the...
@losses(raises=ValueError, match=[r"mse_loss", shape(3, 1), shape(3)],
        deliberate_difference="PyTorch broadcasts (3, 1) against (3,) with only a warning; minitorch refuses")
def mse_loss_of_a_column_against_a_vector(lib):
    return F(lib).mse_loss(lib.ones(3, 1), lib.ones(3))


# PyTorch 2.13: NotImplementedError: "mse_cpu" not implemented for 'Long'
@losses(raises=(RuntimeError, TypeError, NotImplementedError), match=[r"mse_loss", r"int64|Long|floating"])
def mse_loss_of_integer_tensors(lib):
    return F(lib).mse_loss(lib.tensor([1, 2]), lib.tensor([1, 3]))


# PyTorch 2.13: AttributeError: 'list' object has no attribute 'size'
@losses(raises=TypeError, match=[r"mse_loss", r"\blist\b"])
def mse_loss_against_a_python_list(lib):
    return F(lib).mse_loss(lib.ones(3), [1.0, 2.0, 3.0])


# PyTorch 2.13: RuntimeError: Boolean value of Tensor with more than one value is ambiguous
@losses(raises=TypeError, match=[r"MSELoss", r"MSELoss\(\)"])
def loss_class_called_on_the_data_instead_of_made_first(lib):
    return lib.nn.MSELoss(lib.ones(3), lib.zeros(3))  # meant: lib.nn.MSELoss()(prediction, target)


# PyTorch 2.13: returns array([[0.33333333, 0.33333333, 0.33333333], [0.33333333, 0.33333333, 0.33333333]]); warns U...
@losses(raises=TypeError, match=[r"softmax", r"\bdim\b"],
        deliberate_difference="PyTorch guesses the dimension (with a deprecation warning); minitorch asks for it")
def softmax_without_a_dimension(lib):
    return F(lib).softmax(lib.ones(2, 3))


# PyTorch 2.13: ValueError: avg is not a valid value for reduction
@losses(raises=ValueError, match=[r"avg"])
def mse_loss_with_an_unknown_reduction(lib):
    return F(lib).mse_loss(lib.ones(3), lib.ones(3), reduction="avg")


# PyTorch 2.13: ValueError: avg is not a valid value for reduction
@losses(raises=ValueError, match=[r"avg"])
def cross_entropy_loss_module_with_an_unknown_reduction(lib):
    return lib.nn.CrossEntropyLoss(reduction="avg")(lib.ones(2, 3), lib.tensor([0, 1]))


# PyTorch 2.13: ValueError: For 1D input, 1D target must have size 1, but got target size: 2
@losses(raises=(ValueError, RuntimeError), match=[r"cross_entropy", r"target", shape(2) + r"|size: 2|size 2"])
def cross_entropy_of_one_example_with_two_labels(lib):
    return F(lib).cross_entropy(lib.ones(3), lib.tensor([0, 1]))


# PyTorch 2.13: IndexError: Target 3 is out of bounds.
@losses(raises=IndexError, match=[r"\b3\b", r"out of (range|bounds)"])
def cross_entropy_with_a_class_past_the_last(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.tensor([0, 3]))


# PyTorch 2.13: IndexError: Target -1 is out of bounds.
@losses(raises=IndexError, match=[r"-1", r"out of (range|bounds)"])
def cross_entropy_with_a_negative_class(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.tensor([0, -1]))


# PyTorch 2.13: RuntimeError: expected target dtype to be Long or Byte, but got Double
@losses(raises=RuntimeError, match=[r"cross_entropy", r"long|int64"])
def cross_entropy_with_float_class_indices(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.tensor([0.0, 1.0]))


# PyTorch 2.13: RuntimeError: 0D or 1D target tensor expected, multi-target not supported
@losses(raises=(RuntimeError, ValueError), match=[r"cross_entropy", shape(2, 4), shape(2, 3)])
def cross_entropy_with_probabilities_of_the_wrong_shape(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.ones(2, 4))


# PyTorch 2.13: ValueError: Expected input batch_size (2) to match target batch_size (3).
@losses(raises=ValueError, match=[r"cross_entropy", shape(3), shape(2)])
def cross_entropy_with_more_labels_than_rows(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.tensor([0, 1, 2]))


# PyTorch 2.13: returns array(1.09861229)
@losses(raises=ValueError, match=[r"cross_entropy", shape(2, 3, 4)],
        deliberate_difference="PyTorch reads (N, C, d) as a batch of maps; minitorch asks for (N, C), "
                              "so a tensor with an extra dimension by mistake is not silently accepted")
def cross_entropy_of_a_three_dimensional_input(lib):
    return F(lib).cross_entropy(lib.ones(2, 3, 4), lib.zeros(2, 4, dtype=lib.int64))


# PyTorch 2.13: NotImplementedError: "log_softmax_lastdim_kernel_impl" not implemented for 'Long'
@losses(raises=(RuntimeError, ValueError), match=[r"cross_entropy", r"float"])
def cross_entropy_with_input_and_target_swapped(lib):
    return F(lib).cross_entropy(lib.tensor([0, 1]), lib.ones(2, 3))


# PyTorch 2.13: RuntimeError: weight tensor should be defined either for all 3 classes or no classes but got weight ...
@losses(raises=(ValueError, RuntimeError), match=[r"weight", shape(2) + r"|\b2\b", r"\b3\b"])
def cross_entropy_with_a_class_weight_of_the_wrong_size(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.tensor([0, 1]), weight=lib.ones(2))


# PyTorch 2.13: returns array(1.09861229)
@losses(value=1.0986123)
def nll_loss_of_one_example(lib):
    return F(lib).nll_loss(F(lib).log_softmax(lib.ones(3), dim=0), lib.tensor(1))


# PyTorch 2.13: IndexError: Target 7 is out of bounds.
@losses(raises=IndexError, match=[r"\b7\b"])
def nll_loss_with_a_class_past_the_last(lib):
    return F(lib).nll_loss(lib.zeros(2, 3), lib.tensor([0, 7]))


# PyTorch 2.13: RuntimeError: all elements of input should be between 0 and 1
@losses(raises=RuntimeError, match=[r"binary_cross_entropy", r"1\.5", r"between 0 and 1"])
def binary_cross_entropy_of_a_number_above_one(lib):
    return F(lib).binary_cross_entropy(lib.tensor([1.5]), lib.tensor([1.0]))


# PyTorch 2.13: RuntimeError: all elements of input should be between 0 and 1
@losses(raises=RuntimeError, match=[r"binary_cross_entropy", r"between 0 and 1"])
def binary_cross_entropy_of_nan(lib):
    return F(lib).binary_cross_entropy(lib.tensor([nan]), lib.tensor([1.0]))


# PyTorch 2.13: RuntimeError: Found dtype Long but expected Double
@losses(raises=(RuntimeError, TypeError), match=[r"binary_cross_entropy", r"float"])
def binary_cross_entropy_with_an_integer_target(lib):
    return F(lib).binary_cross_entropy(lib.tensor([0.5]), lib.tensor([1]))


# PyTorch 2.13: ValueError: Target size (torch.Size([3])) must be the same as input size (torch.Size([3, 1]))
@losses(raises=ValueError, match=[r"binary_cross_entropy_with_logits|size", shape(3, 1), shape(3)])
def binary_cross_entropy_with_logits_of_a_column_against_a_vector(lib):
    return F(lib).binary_cross_entropy_with_logits(lib.ones(3, 1), lib.ones(3))


# PyTorch 2.13: returns [2, 0]
@losses(value=(2, 0))
def softmax_over_a_dimension_of_size_zero_is_empty(lib):
    return tuple(lib.ones(2, 0).softmax(1).shape)


# PyTorch 2.13: returns [2, 0]
@losses(value=(2, 0))
def log_softmax_over_a_dimension_of_size_zero_is_empty(lib):
    return tuple(F(lib).log_softmax(lib.ones(2, 0), dim=1).shape)


# PyTorch 2.13: returns array([-inf, -inf])
@losses(value=[-inf, -inf])
def logsumexp_over_a_dimension_of_size_zero_is_minus_infinity(lib):
    return lib.ones(2, 0).logsumexp(1)


# PyTorch 2.13: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for 'Long'
@losses(raises=(RuntimeError, TypeError, NotImplementedError), match=[r"softmax", r"int64|Long|float"])
def softmax_of_integers(lib):
    return F(lib).softmax(lib.tensor([1, 2]), dim=0)


# PyTorch 2.13: returns array(nan)
@losses(value=nan)
def cross_entropy_of_an_empty_batch_is_nan(lib):
    return F(lib).cross_entropy(lib.ones(0, 3), lib.tensor([], dtype=lib.int64))


# PyTorch 2.13: returns array(nan)
@losses(value=nan)
def mse_loss_of_empty_tensors_is_nan(lib):
    return F(lib).mse_loss(lib.ones(0), lib.ones(0))


# PyTorch 2.13: returns array(nan)
@losses(value=nan)
def cross_entropy_with_every_target_ignored_is_nan(lib):
    return F(lib).cross_entropy(lib.ones(2, 3), lib.tensor([-100, -100]))


# ================================================================== optimizers
# PyTorch 2.13: returns None; warns UserWarning: optimizer contains a parameter group with duplicate parameters; in ...
@optimizers(warns=UserWarning, match=[r"duplicate|more than once|twice"])
def sgd_given_the_same_parameter_twice(lib):
    w = lib.zeros(3, requires_grad=True)
    lib.optim.SGD([w, w], lr=1.0)


# PyTorch 2.13: ValueError: some parameters appear in more than one parameter group
@optimizers(raises=ValueError, match=[r"more than one parameter group"])
def sgd_given_the_same_parameter_in_two_groups(lib):
    w = lib.zeros(3, requires_grad=True)
    return lib.optim.SGD([{"params": [w]}, {"params": [w]}], lr=0.1)


# PyTorch 2.13: ValueError: Invalid learning rate: -0.1
@optimizers(raises=ValueError, match=[r"\blr\b|learning rate", r"-0\.1"])
def sgd_with_a_negative_learning_rate(lib):
    return lib.optim.SGD([lib.zeros(3, requires_grad=True)], lr=-0.1)


# PyTorch 2.13: TypeError: '<' not supported between instances of 'str' and 'float'
@optimizers(raises=TypeError, match=[r"SGD", r"\blr\b", r"\bstr\b|'0\.1'"])
def sgd_with_the_learning_rate_as_a_string(lib):
    return lib.optim.SGD([lib.zeros(3, requires_grad=True)], lr="0.1")


# PyTorch 2.13: returns SGD ( Parameter Group 0 dampening: 0 differentiable: False foreach: None fused: None lr: nan...
@optimizers(raises=ValueError, match=[r"\blr\b", r"nan"],
            deliberate_difference="PyTorch accepts lr=nan and turns every parameter into nan at the first step")
def sgd_with_a_nan_learning_rate(lib):
    return lib.optim.SGD([lib.zeros(3, requires_grad=True)], lr=nan)


# PyTorch 2.13: returns SGD ( Parameter Group 0 dampening: 0 differentiable: False foreach: None fused: None lr: 0.0...
@optimizers(raises=TypeError, match=[r"SGD", r"\blr\b"],
            deliberate_difference="PyTorch >= 2.2 defaults SGD's lr to 0.001; minitorch asks for one")
def sgd_without_a_learning_rate(lib):
    return lib.optim.SGD([lib.zeros(3, requires_grad=True)])


# PyTorch 2.13: TypeError: params argument given to the optimizer should be an iterable of Tensors or dicts, but got...
@optimizers(raises=TypeError, match=[r"SGD", r"\[tensor\]|list"])
def sgd_given_a_single_tensor(lib):
    return lib.optim.SGD(lib.zeros(3, requires_grad=True), lr=0.1)


# PyTorch 2.13: TypeError: 'Linear' object is not iterable
@optimizers(raises=TypeError, match=[r"SGD", r"Linear", r"parameters\(\)"])
def sgd_given_the_model_instead_of_its_parameters(lib):
    return lib.optim.SGD(lib.nn.Linear(2, 1), lr=0.1)


# PyTorch 2.13: TypeError: 'method' object is not iterable
@optimizers(raises=TypeError, match=[r"SGD", r"parameters\(\)"])
def sgd_given_model_parameters_without_calling_it(lib):
    return lib.optim.SGD(lib.nn.Linear(2, 1).parameters, lr=0.1)


# PyTorch 2.13: ValueError: optimizer got an empty parameter list
@optimizers(raises=ValueError, match=[r"empty"])
def sgd_given_no_parameters(lib):
    return lib.optim.SGD([], lr=0.1)


# PyTorch 2.13: ValueError: can't optimize a non-leaf Tensor
@optimizers(raises=ValueError, match=[r"non-leaf"])
def sgd_given_a_computed_tensor(lib):
    return lib.optim.SGD([lib.ones(2, requires_grad=True) * 2], lr=0.1)


# PyTorch 2.13: ValueError: Nesterov momentum requires a momentum and zero dampening
@optimizers(raises=ValueError, match=[r"[Nn]esterov", r"momentum"])
def sgd_with_nesterov_but_no_momentum(lib):
    return lib.optim.SGD([lib.zeros(3, requires_grad=True)], lr=0.1, nesterov=True)


# PyTorch 2.13: ValueError: Invalid beta parameter at index 1: 1.5
@optimizers(raises=ValueError, match=[r"beta", r"1\.5"])
def adam_with_a_beta_above_one(lib):
    return lib.optim.Adam([lib.zeros(3, requires_grad=True)], betas=(0.9, 1.5))


# PyTorch 2.13: IndexError: tuple index out of range
@optimizers(raises=(ValueError, TypeError), match=[r"Adam", r"betas", r"\(0\.9,\)|two|2"])
def adam_with_one_beta(lib):
    return lib.optim.Adam([lib.zeros(3, requires_grad=True)], betas=(0.9,))


# PyTorch 2.13: ValueError: Invalid epsilon value: -1.0
@optimizers(raises=ValueError, match=[r"eps|epsilon", r"-1"])
def adam_with_a_negative_eps(lib):
    return lib.optim.Adam([lib.zeros(3, requires_grad=True)], eps=-1.0)


# PyTorch 2.13: ValueError: Invalid alpha value: -1
@optimizers(raises=ValueError, match=[r"alpha", r"-1"])
def rmsprop_with_a_negative_alpha(lib):
    return lib.optim.RMSprop([lib.zeros(3, requires_grad=True)], alpha=-1)


# PyTorch 2.13: RuntimeError: attempting to assign a gradient of size '[1]' to a tensor of size '[3]'. Please ensure...
@optimizers(raises=RuntimeError, match=[shape(1), shape(3)])
def sgd_step_after_assigning_a_gradient_of_the_wrong_shape(lib, env):
    w, opt = trained_sgd(lib)
    env.watch(w, opt)
    w.grad = lib.ones(1)
    return opt.step()


# PyTorch 2.13: TypeError: assigned grad expected to be a Tensor or None but got grad of type numpy.ndarray
@optimizers(raises=TypeError, match=[r"ndarray|numpy"])
def sgd_step_after_assigning_a_numpy_gradient(lib, env):
    w, opt = trained_sgd(lib)
    env.watch(w, opt)
    w.grad = np.ones(3)
    return opt.step()


# PyTorch 2.13: ValueError: loaded state dict has a different number of parameter groups
@optimizers(raises=ValueError, match=[r"load_state_dict|group", r"\b0\b", r"\b1\b"])
def optimizer_load_state_dict_with_no_groups(lib, env):
    w, opt = trained_sgd(lib)
    env.watch(w, opt)
    return opt.load_state_dict({"state": {}, "param_groups": []})


# PyTorch 2.13: ValueError: loaded state dict contains a parameter group that doesn't match the size of optimizer's ...
@optimizers(raises=ValueError, match=[r"load_state_dict|group", r"\b2\b", r"\b1\b"])
def optimizer_load_state_dict_from_an_optimizer_of_two_parameters(lib, env):
    w, opt = trained_sgd(lib)
    other = lib.optim.SGD([lib.zeros(3, requires_grad=True), lib.zeros(3, requires_grad=True)], lr=0.5)
    env.watch(w, opt)
    return opt.load_state_dict(other.state_dict())


# PyTorch 2.13: returns None
@optimizers(raises=(ValueError, RuntimeError), match=[r"momentum_buffer", shape(5), shape(3)],
            deliberate_difference="PyTorch loads a momentum buffer of the wrong shape and fails at the next step")
def optimizer_load_state_dict_with_a_momentum_buffer_of_the_wrong_shape(lib, env):
    w, opt = trained_sgd(lib)
    saved = opt.state_dict()
    saved["param_groups"][0]["lr"] = 0.5  # a change that must not be applied half-way
    saved["state"][0]["momentum_buffer"] = lib.ones(5)
    env.watch(w, opt)
    return opt.load_state_dict(saved)


# PyTorch 2.13: KeyError: 'state'
@optimizers(raises=(KeyError, ValueError), match=[r"load_state_dict", r"'?state'?"])
def optimizer_load_state_dict_without_its_state_entry(lib, env):
    w, opt = trained_sgd(lib)
    env.watch(w, opt)
    return opt.load_state_dict({"param_groups": opt.state_dict()["param_groups"]})


# PyTorch 2.13: KeyError: 'param_groups'
@optimizers(raises=(KeyError, ValueError, TypeError), match=[r"load_state_dict", r"param_groups"])
def optimizer_load_state_dict_given_the_models_state_dict(lib, env):
    model = lib.nn.Linear(2, 1)
    opt = lib.optim.SGD(model.parameters(), lr=0.1)
    env.watch(model, opt)
    return opt.load_state_dict(model.state_dict())


# PyTorch 2.13: ValueError: some parameters appear in more than one parameter group
@optimizers(raises=ValueError, match=[r"more than one parameter group"])
def add_param_group_with_a_parameter_already_there(lib, env):
    w, opt = trained_sgd(lib)
    env.watch(w, opt)
    return opt.add_param_group({"params": [w], "lr": 0.01})


# PyTorch 2.13: returns None
@optimizers(raises=ValueError, match=[r"\blr\b|learning rate", r"-1"],
            deliberate_difference="PyTorch checks the options in the constructor only; minitorch checks every group")
def add_param_group_with_a_negative_learning_rate(lib, env):
    w, opt = trained_sgd(lib)
    env.watch(w, opt)
    return opt.add_param_group({"params": [lib.zeros(2, requires_grad=True)], "lr": -1.0})


# PyTorch 2.13: returns [array([[1., 1.]]), 3]
@optimizers(value=([[1.0, 1.0]], 3))
def load_state_dict_converts_a_float_into_an_int64_buffer_as_pytorch(lib):
    m = module_with_count(lib)
    state = dict(m.state_dict())
    state["weight"], state["count"] = lib.ones(1, 2), lib.tensor(3.7)
    m.load_state_dict(state)
    return m.weight, int(m.count)


# PyTorch 2.13: RuntimeError: Error(s) in loading state_dict for Linear: While copying the parameter named "weight",...
@optimizers(raises=RuntimeError, match=[r"\bweight\b", r"text|str|string"],
            deliberate_difference="PyTorch refuses any NumPy array in a state_dict; minitorch converts numeric "
                                  "ones, and must refuse text before copying anything")
def load_state_dict_with_text_for_a_weight_loads_nothing(lib, env):
    m = module_with_count(lib)
    state = {"weight": np.array([["a", "b"]]), "bias": lib.ones(1), "count": lib.tensor(1)}
    env.watch(m)
    return m.load_state_dict(state)


# PyTorch 2.13: RuntimeError: Error(s) in loading state_dict for Linear: size mismatch for weight: copying a param w...
@optimizers(raises=RuntimeError, match=[r"\bweight\b", shape(1, 3), shape(1, 2)])
def load_state_dict_with_a_weight_of_the_wrong_shape_loads_nothing(lib, env):
    m = module_with_count(lib)
    state = {"weight": lib.ones(1, 3), "bias": lib.ones(1), "count": lib.tensor(1)}
    env.watch(m)
    return m.load_state_dict(state)


# PyTorch 2.13: RuntimeError: Error(s) in loading state_dict for Linear: Missing key(s) in state_dict: "bias".
@optimizers(raises=RuntimeError, match=[r"[Mm]issing", r"\bbias\b"])
def load_state_dict_missing_a_key_loads_nothing(lib, env):
    m = module_with_count(lib)
    state = {"weight": lib.ones(1, 2), "count": lib.tensor(1)}
    env.watch(m)
    return m.load_state_dict(state)


# PyTorch 2.13: RuntimeError: Error(s) in loading state_dict for Linear: Unexpected key(s) in state_dict: "extra".
@optimizers(raises=RuntimeError, match=[r"[Uu]nexpected", r"\bextra\b"])
def load_state_dict_with_an_unexpected_key_loads_nothing(lib, env):
    m = module_with_count(lib)
    state = {"weight": lib.ones(1, 2), "bias": lib.ones(1), "count": lib.tensor(1), "extra": lib.ones(1)}
    env.watch(m)
    return m.load_state_dict(state)


# PyTorch 2.13: RuntimeError: Error(s) in loading state_dict for Linear: While copying the parameter named "bias", e...
@optimizers(raises=RuntimeError, match=[r"\bbias\b", r"None"])
def load_state_dict_with_none_for_the_bias_loads_nothing(lib, env):
    m = module_with_count(lib)
    state = {"weight": lib.ones(1, 2), "bias": None, "count": lib.tensor(1)}
    env.watch(m)
    return m.load_state_dict(state)


# PyTorch 2.13: TypeError: cannot assign 'torch.DoubleTensor' as parameter 'weight' (torch.nn.Parameter or None expe...
@optimizers(raises=TypeError, match=[r"\bweight\b", r"Parameter"])
def assign_a_plain_tensor_to_a_registered_parameter(lib, env):
    m = lib.nn.Linear(2, 1)
    env.watch(m)
    m.weight = lib.ones(1, 2)


# PyTorch 2.13: TypeError: Expected state_dict to be dict-like, got <class 'list'>.
@optimizers(raises=TypeError, match=[r"load_state_dict|state_dict", r"\blist\b"])
def load_state_dict_given_a_list(lib, env):
    m = module_with_count(lib)
    env.watch(m)
    return m.load_state_dict([lib.ones(1, 2), lib.ones(1)])


# ======================================================================== data
def tensor_dataset(lib, n=3):
    return lib.utils.data.TensorDataset(lib.arange(float(n)).reshape(n, 1), lib.arange(n))


def dataset_class(lib, items, length=None):
    """A Dataset subclass serving ``items`` (with ``__len__`` saying ``length``, when given)."""

    class Items(lib.utils.data.Dataset):
        def __getitem__(self, i):
            return items[i]

        def __len__(self):
            return len(items) if length is None else length

    return Items()


# PyTorch 2.13: ValueError: batch_size should be a positive integer value, but got batch_size=0
@data(raises=ValueError, match=[r"batch_size", r"\b0\b"])
def dataloader_with_batch_size_zero(lib):
    return lib.utils.data.DataLoader(tensor_dataset(lib), batch_size=0)


# PyTorch 2.13: ValueError: batch_size should be a positive integer value, but got batch_size=2.5
@data(raises=ValueError, match=[r"batch_size", r"2\.5"])
def dataloader_with_a_float_batch_size(lib):
    return lib.utils.data.DataLoader(tensor_dataset(lib), batch_size=2.5)


# PyTorch 2.13: ValueError: batch_size should be a positive integer value, but got batch_size=-4
@data(raises=ValueError, match=[r"batch_size", r"-4"])
def dataloader_with_a_negative_batch_size(lib):
    return lib.utils.data.DataLoader(tensor_dataset(lib), batch_size=-4)


# PyTorch 2.13: AssertionError: Size mismatch between tensors
@data(raises=(ValueError, AssertionError), match=[r"[Ss]ize mismatch", r"\b3\b", r"\b4\b"])
def tensor_dataset_of_tensors_of_different_lengths(lib):
    return lib.utils.data.TensorDataset(lib.ones(3, 2), lib.ones(4))


# PyTorch 2.13: AttributeError: 'list' object has no attribute 'size'
@data(raises=(TypeError, AttributeError), match=[r"TensorDataset|tensor", r"\blist\b"])
def tensor_dataset_of_a_list(lib):
    return lib.utils.data.TensorDataset([1.0, 2.0], lib.ones(2))


# PyTorch 2.13: IndexError: Dimension specified as 0 but tensor has no dimensions
@data(raises=(ValueError, IndexError), match=[r"0-d|no dimensions"])
def tensor_dataset_of_a_zero_dimensional_tensor(lib):
    return lib.utils.data.TensorDataset(lib.tensor(1.0))


# PyTorch 2.13: returns 3
@data(value=3)
def iterating_a_tensor_dataset_by_index_stops_at_its_end(lib):
    return len(list(tensor_dataset(lib)))  # Python's old protocol: __getitem__(0, 1, ...) until IndexError


# PyTorch 2.13: returns [0.0, 1.0, 4.0]
@data(value=[0.0, 1.0, 4.0])
def iterating_a_dataset_by_index_stops_at_its_end(lib):
    xs = lib.arange(3.0)

    class Squares(lib.utils.data.Dataset):
        def __getitem__(self, i):
            return xs[i] ** 2

        def __len__(self):
            return 3

    return [float(v) for v in Squares()]


# PyTorch 2.13: IndexError: index 3 is out of bounds for dimension 0 with size 3
@data(raises=IndexError, match=[r"\b3\b"])
def tensor_dataset_index_past_the_end(lib):
    return tensor_dataset(lib)[3]


# PyTorch 2.13: IndexError: index 7 is out of bounds for dimension 0 with size 3
@data(raises=IndexError, match=[r"\b7\b", r"\b3\b"])
def dataloader_over_a_subset_with_an_index_past_the_end(lib):
    subset = lib.utils.data.Subset(tensor_dataset(lib), [0, 7])
    return list(lib.utils.data.DataLoader(subset, batch_size=2))


# PyTorch 2.13: IndexError: index 3 is out of bounds for dimension 0 with size 3
@data(raises=IndexError, match=[r"\b3\b"])
def dataloader_over_a_dataset_whose_len_is_too_big(lib):
    return list(lib.utils.data.DataLoader(dataset_class(lib, lib.arange(3.0), length=4), batch_size=2))


# PyTorch 2.13: NotImplementedError: Subclasses of Dataset should implement __getitem__.
@data(raises=NotImplementedError, match=[r"__getitem__"])
def dataloader_over_a_dataset_without_getitem(lib):
    class NoItems(lib.utils.data.Dataset):
        def __len__(self):
            return 3

    return next(iter(lib.utils.data.DataLoader(NoItems(), batch_size=2)))


# PyTorch 2.13: RuntimeError: stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1
@data(raises=RuntimeError, match=[shape(2), shape(3)])
def dataloader_batching_samples_of_different_shapes(lib):
    return next(iter(lib.utils.data.DataLoader(dataset_class(lib, [lib.ones(2), lib.ones(3)]), batch_size=2)))


# PyTorch 2.13: TypeError: default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found...
@data(raises=TypeError, match=[r"NoneType|None"])
def dataloader_batching_none(lib):
    return next(iter(lib.utils.data.DataLoader(dataset_class(lib, [None, None]), batch_size=2)))


# PyTorch 2.13: returns array([1. , 2.5])
@data(value=[1.0, 2.5])
def dataloader_batching_an_int_and_a_float_keeps_the_float(lib):
    return next(iter(lib.utils.data.DataLoader(dataset_class(lib, [1, 2.5]), batch_size=2)))


# PyTorch 2.13: TypeError: object of type 'int' has no len()
@data(raises=TypeError, match=[r"DataLoader|len|__getitem__", r"\bint\b"])
def dataloader_over_a_number(lib):
    return next(iter(lib.utils.data.DataLoader(5)))


# PyTorch 2.13: TypeError: random_() received an invalid combination of arguments - got (generator=numpy.random._gen...
@data(raises=(TypeError, AttributeError), match=[r"[Gg]enerator"])
def dataloader_with_a_numpy_generator(lib):
    loader = lib.utils.data.DataLoader(tensor_dataset(lib), shuffle=True, generator=np.random.default_rng(0))
    return next(iter(loader))


# PyTorch 2.13: ValueError: num_samples should be a positive integer value, but got num_samples=0
@data(raises=ValueError, match=[r"empty|no samples|0 samples|num_samples=0"])
def dataloader_shuffling_an_empty_dataset(lib):
    dataset = lib.utils.data.TensorDataset(lib.zeros(0, 2))
    return list(lib.utils.data.DataLoader(dataset, batch_size=2, shuffle=True))


# PyTorch 2.13: returns 0
@data(value=0)
def dataloader_dropping_its_only_incomplete_batch_is_empty(lib):
    return len(list(lib.utils.data.DataLoader(tensor_dataset(lib), batch_size=5, drop_last=True)))


# PyTorch 2.13: ValueError: Sum of input lengths does not equal the length of the input dataset!
@data(raises=ValueError, match=[r"\b3\b", r"\b4\b"])
def random_split_into_lengths_that_do_not_add_up(lib):
    return lib.utils.data.random_split(tensor_dataset(lib), [2, 2])


# PyTorch 2.13: ValueError: Sum of input lengths does not equal the length of the input dataset!
@data(raises=ValueError, match=[r"0\.5", r"0\.6"])
def random_split_into_fractions_above_one(lib):
    return lib.utils.data.random_split(tensor_dataset(lib), [0.5, 0.6])


# PyTorch 2.13: returns [<torch.utils.data.dataset.Subset object at 0x7f5255611290>, <torch.utils.data.dataset.Subse...
@data(raises=ValueError, match=[r"negative|-1"],
      deliberate_difference="PyTorch accepts [4, -1] for 3 samples (they add up) and returns a subset of 4")
def random_split_with_a_negative_length(lib):
    return lib.utils.data.random_split(tensor_dataset(lib), [4, -1])


# ====================================================================== saving
# PyTorch 2.13: AttributeError: Can't pickle local object 'save_a_dict_holding_a_function_writes_nothing.<locals>.<l...
@saving(raises=(TypeError, AttributeError, pickle.PicklingError), match=[r"'f'|\bf\b", r"function|lambda"])
def save_a_dict_holding_a_function_writes_nothing(lib, env):
    env.watch(env.tmp)
    return lib.save({"f": lambda: 1}, env.tmp / "model.pt")


# PyTorch 2.13: AttributeError: Can't pickle local object 'save_over_a_checkpoint_keeps_it_when_the_object_is_unsupp...
@saving(raises=(TypeError, AttributeError, pickle.PicklingError), match=[r"function|lambda"])
def save_over_a_checkpoint_keeps_it_when_the_object_is_unsupported(lib, env):
    path = saved_file(lib, env)
    env.watch(env.tmp)
    return lib.save({"weight": lib.ones(2), "f": lambda: 1}, path)


# PyTorch 2.13: returns None
@saving(raises=TypeError, match=[r"state_dict"],
        deliberate_difference="torch.save pickles a whole model; minitorch stores data only and asks for state_dict()")
def save_a_model_itself(lib, env):
    env.watch(env.tmp)
    return lib.save(lib.nn.Linear(2, 1), env.tmp / "model.pt")


# PyTorch 2.13: returns None
@saving(raises=TypeError, match=[r"key", r"\(1, 2\)", r"tuple"],
        deliberate_difference="pickle stores any key; minitorch's JSON header stores str, int, float, bool, None")
def save_a_dict_with_a_tuple_key(lib, env):
    env.watch(env.tmp)
    return lib.save({(1, 2): lib.ones(1)}, env.tmp / "model.pt")


# PyTorch 2.13: returns None
@saving(raises=TypeError, match=[r"object"],
        deliberate_difference="pickle stores object arrays; minitorch would need pickle to load them, so it refuses")
def save_a_numpy_object_array(lib, env):
    env.watch(env.tmp)
    return lib.save({"a": np.array([1, None], dtype=object)}, env.tmp / "model.pt")


# PyTorch 2.13: returns None
@saving(raises=(TypeError, ValueError), match=[r"\bsave\b", r"itself|cycle|circular|recursive|contains"],
        deliberate_difference="pickle stores cycles; minitorch's tree of JSON can't, and must say so")
def save_a_list_that_contains_itself(lib, env):
    loop = [lib.ones(1)]
    loop.append(loop)
    env.watch(env.tmp)
    return lib.save(loop, env.tmp / "model.pt")


# PyTorch 2.13: RecursionError: maximum recursion depth exceeded
@saving(raises=(TypeError, ValueError, RecursionError), match=[r"\bsave\b", r"deep|nest|depth|level"])
def save_a_list_nested_100000_deep(lib, env):
    deep = inner = []
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    env.watch(env.tmp)
    return lib.save(deep, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:747] . open file failed with strerror: Is a direc...
@saving(raises=(IsADirectoryError, RuntimeError), match=[r"\bsave\b", r"directory|folder", r"checkpoints"])
def save_to_a_path_that_is_a_directory(lib, env):
    folder = env.tmp / "checkpoints"
    folder.mkdir()
    env.watch(env.tmp)
    return lib.save({"w": lib.ones(2)}, folder)


# PyTorch 2.13: RuntimeError: Parent directory no-such-folder does not exist.
@saving(raises=(FileNotFoundError, RuntimeError), match=[r"\bsave\b", r"no-such-folder"])
def save_into_a_missing_directory(lib, env):
    env.watch(env.tmp)
    return lib.save({"w": lib.ones(2)}, env.tmp / "no-such-folder" / "model.pt")


# PyTorch 2.13: RuntimeError: Parent directory notes.txt does not exist.
@saving(raises=(NotADirectoryError, RuntimeError), match=[r"\bsave\b", r"notes\.txt"])
def save_under_a_path_whose_parent_is_a_file(lib, env):
    (env.tmp / "notes.txt").write_text("hello")
    env.watch(env.tmp)
    return lib.save({"w": lib.ones(2)}, env.tmp / "notes.txt" / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:747] . open file failed with strerror: File name ...
@saving(raises=OSError, match=[r"\bsave\b", r"x{40}", r"too long"])
def save_to_a_file_name_too_long_for_the_disk(lib, env):
    env.watch(env.tmp)
    return lib.save({"w": lib.ones(2)}, env.tmp / ("x" * 300))


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:747] . open file failed with strerror: Permission...
@saving(raises=OSError, match=[r"\bsave\b", r"/sys/minitorch-bad-input\.pt"])
def save_where_nobody_may_write(lib):
    # /sys refuses new files even to root (a read-only or a virtual file system)
    return lib.save({"w": lib.ones(2)}, "/sys/minitorch-bad-input.pt")


# PyTorch 2.13: AttributeError: expected 'f' to be string, path, or a file-like object with a 'write' attribute
@saving(raises=TypeError, match=[r"\bsave\b", r"\bint\b"])
def save_to_a_number_instead_of_a_path(lib):
    return lib.save({"w": lib.ones(2)}, 123)


# PyTorch 2.13: returns None
@saving(raises=ValueError, match=[r"\bsave\b", r"null|\\x00|\\0"],
        deliberate_difference="PyTorch's C++ writer cuts the path at the NUL and writes 'model' instead")
def save_to_a_path_with_a_nul_byte(lib, env):
    env.watch(env.tmp)
    return lib.save({"w": lib.ones(2)}, str(env.tmp / "model\0.pt"))


# PyTorch 2.13: TypeError: write() argument must be str, not memoryview
@saving(raises=TypeError, match=[r"\bsave\b", r"text mode|binary", r"'wb'"])
def save_to_a_file_opened_in_text_mode(lib, env):
    path = env.tmp / "model.pt"
    with open(path, "w") as fh:
        env.watch(env.tmp)
        lib.save({"w": lib.ones(2)}, fh)


# PyTorch 2.13: UnsupportedOperation: write
@saving(raises=OSError, match=[r"\bsave\b", r"'wb'|writ"])
def save_to_a_file_opened_for_reading(lib, env):
    path = saved_file(lib, env)
    with open(path, "rb") as fh:
        env.watch(env.tmp)
        lib.save({"w": lib.ones(2)}, fh)


# PyTorch 2.13: ValueError: write to closed file
@saving(raises=ValueError, match=[r"\bsave\b", r"closed"])
def save_to_a_closed_file(lib, env):
    fh = open(env.tmp / "model.pt", "wb")
    fh.close()
    env.watch(env.tmp)
    return lib.save({"w": lib.ones(2)}, fh)


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:672] . unexpected pos 704 vs 598
@saving(raises=(OSError, RuntimeError), match=[r"\bsave\b", r"model\.pt", r"too large|space|full"])
def save_over_a_checkpoint_when_the_disk_is_full_keeps_it(lib, env):
    path = saved_file(lib, env)  # about 1 KB
    env.watch(env.tmp)
    with file_size_limit(64 * 1024):
        lib.save({"weight": lib.zeros(100_000)}, path)  # 400-800 KB: fails with EFBIG part way


# PyTorch 2.13: OSError: [Errno 28] No space left on device
@saving(raises=(OSError, RuntimeError), match=[r"\bsave\b", r"/dev/full", r"space|full"])
def save_to_a_device_that_is_full(lib, env):
    with open("/dev/full", "wb") as fh:  # every write fails with ENOSPC
        lib.save({"weight": lib.zeros(1000)}, fh)


# PyTorch 2.13: returns None
@saving(raises=OSError, match=[r"\bsave\b", r"model\.pt", r"space"],
        deliberate_difference="PyTorch never flushes a checkpoint to the disk (no fsync); minitorch does, "
                              "and a full disk or a network file system reports ENOSPC there")
def save_over_a_checkpoint_when_the_flush_to_disk_fails_keeps_it(lib, env):
    path = saved_file(lib, env)
    env.watch(env.tmp)

    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        lib.save({"weight": lib.zeros(10)}, path)


# PyTorch 2.13: FileNotFoundError: [Errno 2] No such file or directory: 'missing.pt'
@saving(raises=FileNotFoundError, match=[r"missing\.pt"])
def load_a_file_that_does_not_exist(lib, env):
    return lib.load(env.tmp / "missing.pt")


# PyTorch 2.13: IsADirectoryError: [Errno 21] Is a directory: 'checkpoints'
@saving(raises=IsADirectoryError, match=[r"checkpoints"])
def load_a_directory(lib, env):
    (env.tmp / "checkpoints").mkdir()
    return lib.load(env.tmp / "checkpoints")


# PyTorch 2.13: EOFError:
@saving(raises=(mt.serialization.LoadError, EOFError, RuntimeError), match=[r"model\.pt", r"empty|0 bytes"])
def load_an_empty_file(lib, env):
    (env.tmp / "model.pt").write_bytes(b"")
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13 (2_bytes): UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of...
# PyTorch 2.13 (30_bytes, half, all_but_the_last_byte): RuntimeError: PytorchStreamReader failed reading zip archive...
for _label, _keep in [("2_bytes", lambda n: 2), ("30_bytes", lambda n: 30), ("half", lambda n: n // 2),
                      ("all_but_the_last_byte", lambda n: n - 1)]:
    def _load_truncated(lib, env, keep=_keep):
        path = saved_file(lib, env)
        truncate(path, keep)
        return load_watched(lib, env, path)

    saving(raises=(mt.serialization.LoadError, RuntimeError, EOFError, pickle.UnpicklingError),
           match=[r"model\.pt", r"truncat|damaged|incomplete|corrupt"],
           name=f"load_a_checkpoint_truncated_to_{_label}")(_load_truncated)


# PyTorch 2.13: returns array(42.00000012)
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"CRC|corrupt|damaged"],
        deliberate_difference="PyTorch doesn't check the archive's checksums and loads the flipped bytes")
def load_a_checkpoint_with_a_flipped_byte(lib, env):
    path = env.tmp / "model.pt"
    lib.save({"weight": lib.arange(100.0)}, path)
    raw = bytearray(path.read_bytes())
    at = max(raw.find(struct.pack(fmt, 42.0)) for fmt in ("<f", "<d"))  # the number 42.0, in either dtype
    raw[at + 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    return lib.load(path)["weight"][42]


# PyTorch 2.13: RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory. This...
@saving(raises=(mt.serialization.LoadError, RuntimeError), match=[r"model\.pt", r"truncat|damaged|incomplete"])
def load_a_truncated_checkpoint_into_a_model_changes_nothing(lib, env):
    model = lib.nn.Linear(2, 1)
    path = env.tmp / "model.pt"
    lib.save(model.state_dict(), path)
    truncate(path, lambda n: n // 2)
    env.watch(model)
    return model.load_state_dict(lib.load(path))


# PyTorch 2.13: UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of the `weig...
@saving(raises=(mt.serialization.LoadError, pickle.UnpicklingError), match=[r"evil\.pt", r"pickle"])
def load_a_pickle_that_would_run_code_runs_nothing(lib, env):
    class Evil:
        def __reduce__(self):
            return (open, (str(env.tmp / "pwned"), "w"))

    (env.tmp / "evil.pt").write_bytes(pickle.dumps(Evil()))
    env.watch(env.tmp)
    return lib.load(env.tmp / "evil.pt")


# PyTorch 2.13: UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of the `weig...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"pickle"],
        deliberate_difference="torch.load(weights_only=True) reads a plain pickled dict; minitorch never unpickles")
def load_a_plain_pickle(lib, env):
    (env.tmp / "model.pt").write_bytes(pickle.dumps({"a": 1}))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of the `weig...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"PyTorch|torch\.save"],
        deliberate_difference="a torch.save file is pickles in a ZIP; minitorch names it and refuses")
def load_a_torch_save_file(lib, env):
    path = env.tmp / "model.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("model/data.pkl", pickle.dumps({"a": 1}))
        archive.writestr("model/version", "3\n")
    return lib.load(path)


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=(mt.serialization.LoadError, RuntimeError, pickle.UnpicklingError),
        match=[r"arrays\.npz", r"__minitorch__|not a minitorch|numpy\.load"])
def load_a_plain_npz(lib, env):
    np.savez(env.tmp / "arrays.npz", a=np.ones(3))
    return load_watched(lib, env, env.tmp / "arrays.npz")


# PyTorch 2.13: UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of the `weig...
@saving(raises=(mt.serialization.LoadError, RuntimeError, pickle.UnpicklingError),
        match=[r"model\.pt", r"__minitorch__|not a minitorch|0 entries|no entries|empty"])
def load_an_empty_zip_archive(lib, env):
    with zipfile.ZipFile(env.tmp / "model.pt", "w"):
        pass
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of the `weig...
@saving(raises=(mt.serialization.LoadError, RuntimeError, pickle.UnpicklingError),
        match=[r"array\.npy", r"np\.load|\.npy"])
def load_a_single_npy_array(lib, env):
    np.save(env.tmp / "array.npy", np.ones(3))
    return load_watched(lib, env, env.tmp / "array.npy")


# PyTorch 2.13: UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default value of the `weig...
@saving(raises=(mt.serialization.LoadError, RuntimeError, pickle.UnpicklingError), match=[r"notes\.txt", r"text"])
def load_a_text_file(lib, env):
    (env.tmp / "notes.txt").write_text("weights: 1, 2, 3\n")
    return load_watched(lib, env, env.tmp / "notes.txt")


# PyTorch 2.13: UnicodeDecodeError: 'utf-8' codec can't decode byte 0x80 in position 64: invalid start byte
@saving(raises=(TypeError, UnicodeDecodeError), match=[r"\bload\b", r"text mode|binary|'rb'"])
def load_from_a_file_opened_in_text_mode(lib, env):
    path = saved_file(lib, env)
    with open(path, "r") as fh:
        lib.load(fh)


# PyTorch 2.13: RuntimeError: Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is Fal...
@saving(raises=RuntimeError, match=[r"cuda", r"cpu|CPU"])
def load_onto_a_gpu_that_is_not_there(lib, env):
    return lib.load(saved_file(lib, env), map_location="cuda")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=(mt.serialization.LoadError, RuntimeError, pickle.UnpicklingError),
        match=[r"model\.pt", r"deep|nest|depth"], deliberate_difference=MT_FORMAT)
def load_a_header_nested_100000_deep(lib, env):
    text = '{"format": "%s", "version": 1, "obj": %s%s}' % (mt.serialization.FORMAT, "[" * 100_000, "]" * 100_000)
    write_npz(env.tmp / "model.pt", text)
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"key", r"\[1, 2\]|list"],
        deliberate_difference=MT_FORMAT)
def load_a_header_with_a_list_as_a_dict_key(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "dict", "items": [[[1, 2], 3]]}))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"key", r"dict"], deliberate_difference=MT_FORMAT)
def load_a_header_with_a_dict_as_a_dict_key(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "dict", "items": [[{"a": 1}, 3]]}))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"__minitorch__|header|description"],
        deliberate_difference=MT_FORMAT)
def load_a_header_that_is_not_json(lib, env):
    write_npz(env.tmp / "model.pt", "{not json")
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"'a7'"], deliberate_difference=MT_FORMAT)
def load_a_header_naming_an_array_that_is_not_there(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "tensor", "array": "a7"}), a0=np.ones(2))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"format"], deliberate_difference=MT_FORMAT)
def load_a_header_with_a_foreign_format_marker(lib, env):
    write_npz(env.tmp / "model.pt", {**header(1), "format": "something.else"})
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"newer|upgrade|Upgrade"],
        deliberate_difference=MT_FORMAT)
def load_a_file_from_a_newer_minitorch(lib, env):
    write_npz(env.tmp / "model.pt", {**header(1), "version": 99})
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"version"], deliberate_difference=MT_FORMAT)
def load_a_header_with_a_text_version(lib, env):
    write_npz(env.tmp / "model.pt", {**header(1), "version": "1"})
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"'a0'", r"str|text|string"],
        deliberate_difference=MT_FORMAT)
def load_a_tensor_of_text(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "tensor", "array": "a0"}), a0=np.array(["a", "b"]))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"'a0'", r"complex"], deliberate_difference=MT_FORMAT)
def load_a_tensor_of_complex_numbers(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "tensor", "array": "a0"}), a0=np.array([1 + 2j]))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"'a0'", r"datetime"], deliberate_difference=MT_FORMAT)
def load_a_tensor_of_dates(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "tensor", "array": "a0"}),
              a0=np.array(["2024-01-01"], dtype="datetime64[D]"))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"dtype", r"object"], deliberate_difference=MT_FORMAT)
def load_a_header_with_the_object_dtype(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "dtype", "name": "object"}))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"scalar|npscalar", shape(2, 2)],
        deliberate_difference=MT_FORMAT)
def load_a_numpy_scalar_that_is_a_matrix(lib, env):
    write_npz(env.tmp / "model.pt", header({"type": "npscalar", "array": "a0"}), a0=np.ones((2, 2)))
    return load_watched(lib, env, env.tmp / "model.pt")


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"pickle"], deliberate_difference=MT_FORMAT)
def load_an_entry_holding_pickled_objects(lib, env):
    path = env.tmp / "model.pt"
    write_npz(path, header({"type": "ndarray", "array": "a0"}))
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("a0.npy", buffer.getvalue())
    env.watch(env.tmp)
    return lib.load(path)


# PyTorch 2.13: RuntimeError: [enforce fail at inline_container.cc:180] . file in archive is not in a subdirectory: ...
@saving(raises=mt.serialization.LoadError, match=[r"model\.pt", r"'a0'"], deliberate_difference=MT_FORMAT)
def load_an_entry_claiming_a_terabyte(lib, env):
    path = env.tmp / "model.pt"
    write_npz(path, header({"type": "tensor", "array": "a0"}))
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "|u1", "fortran_order": False, "shape": (2**40,)})
    buffer.write(b"\0" * 4)  # the header says 2**40 bytes follow; 4 do
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("a0.npy", buffer.getvalue())
    return load_watched(lib, env, path)


# PyTorch 2.13: UnpicklingError: Weights only load failed. This file can still be loaded, to do so you have two opti...
@saving(raises=(RuntimeError, mt.serialization.LoadError, pickle.UnpicklingError),
        match=[r"\bweight\b|model\.pt", r"text|str|string"])
def load_state_dict_of_a_checkpoint_holding_text_changes_nothing(lib, env):
    path = env.tmp / "model.pt"
    lib.save({"weight": np.array([["a", "b"]]), "bias": lib.ones(1)}, path)
    model = lib.nn.Linear(2, 1)
    env.watch(model)
    return model.load_state_dict(lib.load(path))


# PyTorch 2.13: RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory. This...
@saving(raises=(mt.serialization.LoadError, RuntimeError), match=[r"truncat|damaged|incomplete"])
def load_a_truncated_checkpoint_from_memory(lib, env):
    buffer = io.BytesIO()
    lib.save({"weight": lib.arange(100.0)}, buffer)
    return lib.load(io.BytesIO(buffer.getvalue()[: len(buffer.getvalue()) // 2]))


# ================================================================== non-finite
# PyTorch 2.13: returns array([1., 1., 0.])
@nonfinite(value=[1.0, 1.0, 0.0])
def relu_gradient_at_nan_is_one_as_pytorch(lib):
    return grad_of(lib, [nan, 1.0, -1.0], lambda x: x.relu())


# PyTorch 2.13: returns array([0.01, 1. , 0.01])
@nonfinite(value=[0.01, 1.0, 0.01])
def leaky_relu_gradient_at_nan(lib):
    return grad_of(lib, [nan, 1.0, -1.0], lambda x: F(lib).leaky_relu(x))


# PyTorch 2.13: returns array([0., 1., 0.])
@nonfinite(value=[0.0, 1.0, 0.0])
def max_of_a_nan_sends_the_gradient_to_the_nan(lib):
    return grad_of(lib, [1.0, nan, 2.0], lambda x: x.max())


# PyTorch 2.13: returns array([0., 1., 0.])
@nonfinite(value=[0.0, 1.0, 0.0])
def min_of_a_nan_sends_the_gradient_to_the_nan(lib):
    return grad_of(lib, [1.0, nan, 2.0], lambda x: x.min())


# PyTorch 2.13: returns [array([nan]), array([1])]
@nonfinite(value=([nan], [1]))
def max_along_a_dimension_picks_the_nan(lib):
    values, indices = lib.tensor([[1.0, nan, 2.0]]).max(1)
    return values, indices


# PyTorch 2.13: returns array(1)
@nonfinite(value=1)
def argmax_picks_the_nan(lib):
    return lib.tensor([1.0, nan, 2.0]).argmax()


# PyTorch 2.13: returns array([1., 1.])
@nonfinite(value=[1.0, 1.0])
def maximum_with_nan_gradients(lib):
    return grad_of(lib, [nan, 1.0], lambda x: lib.maximum(x, lib.tensor([0.0, nan])))


# PyTorch 2.13: returns array([ 0., -1., 0.])
@nonfinite(value=[0.0, -1.0, 0.0])
def abs_gradient_at_nan_and_zero(lib):
    return grad_of(lib, [nan, -1.0, 0.0], lambda x: x.abs())


# PyTorch 2.13: returns array([0., 1., 0.])
@nonfinite(value=[0.0, 1.0, 0.0])
def clamp_gradient_at_nan(lib):
    return grad_of(lib, [nan, 0.5, 5.0], lambda x: x.clamp(0, 1))


# PyTorch 2.13: returns array([nan, 1.])
@nonfinite(value=[nan, 1.0])
def clamp_keeps_nan(lib):
    return lib.tensor([nan, 5.0]).clamp(0, 1)


# PyTorch 2.13: returns array([nan])
@nonfinite(value=[nan], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def sqrt_of_a_negative_number_is_nan_without_warnings(lib):
    return lib.tensor([-1.0]).sqrt()


# PyTorch 2.13: returns array([inf, nan])
@nonfinite(value=[inf, nan], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def division_by_zero_without_warnings(lib):
    return lib.tensor([1.0, 0.0]) / 0.0


# PyTorch 2.13: returns array([inf])
@nonfinite(value=[inf], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def integer_division_by_zero_gives_infinity(lib):
    return lib.tensor([1]) / 0


# PyTorch 2.13: returns array([inf])
@nonfinite(value=[inf], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def exp_overflow_without_warnings(lib):
    return lib.tensor([1000.0]).exp()


# PyTorch 2.13: returns array([nan])
@nonfinite(value=[nan], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def infinity_minus_infinity_without_warnings(lib):
    return lib.tensor([inf]) - inf


# PyTorch 2.13: returns array([nan])
@nonfinite(value=[nan], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def negative_number_to_a_fractional_power_without_warnings(lib):
    return lib.tensor([-8.0]) ** (1 / 3)


# PyTorch 2.13: returns array([inf])
@nonfinite(value=[inf], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def zero_to_the_power_minus_one_without_warnings(lib):
    return lib.tensor([0.0]) ** -1


# PyTorch 2.13: returns array([inf])
@nonfinite(value=[inf], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def log_gradient_at_zero_without_warnings(lib):
    return grad_of(lib, [0.0], lambda x: x.log())


# PyTorch 2.13: returns array([inf])
@nonfinite(value=[inf], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def sqrt_gradient_at_zero_without_warnings(lib):
    return grad_of(lib, [0.0], lambda x: x.sqrt())


# PyTorch 2.13: returns array([ nan, 0.25])
@nonfinite(value=[nan, 0.25], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def where_does_not_hide_a_nan_gradient_of_the_branch_not_taken(lib):
    return grad_of(lib, [0.0, 4.0], lambda x: lib.where(x > 0, x.sqrt(), lib.zeros(2)))


# PyTorch 2.13: returns array([nan, nan])
@nonfinite(value=[nan, nan], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def softmax_with_an_infinite_logit(lib):
    return lib.tensor([inf, 1.0]).softmax(0)


# PyTorch 2.13: returns array([nan, nan])
@nonfinite(value=[nan, nan], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def softmax_of_all_minus_infinity(lib):
    return lib.tensor([-inf, -inf]).softmax(0)


# PyTorch 2.13: returns array([ 0., -inf])
@nonfinite(value=[0.0, -inf])
def log_softmax_with_a_minus_infinite_logit(lib):
    return lib.tensor([0.0, -inf]).log_softmax(0)


# PyTorch 2.13: returns array(-inf)
@nonfinite(value=-inf)
def logsumexp_of_all_minus_infinity(lib):
    return lib.tensor([-inf, -inf]).logsumexp(0)


# PyTorch 2.13: returns array(0.)
@nonfinite(value=0.0)
def cross_entropy_with_minus_infinity_for_a_wrong_class(lib):
    return F(lib).cross_entropy(lib.tensor([[0.0, -inf]]), lib.tensor([0]))


# PyTorch 2.13: returns array(nan)
@nonfinite(value=nan)
def cross_entropy_of_nan_logits(lib):
    return F(lib).cross_entropy(lib.tensor([[nan, 0.0]]), lib.tensor([0]))


# PyTorch 2.13: returns array(inf)
@nonfinite(value=inf)
def mse_loss_of_infinity(lib):
    return F(lib).mse_loss(lib.tensor([inf]), lib.tensor([0.0]))


# PyTorch 2.13: returns array(100.)
@nonfinite(value=100.0)
def binary_cross_entropy_at_zero_and_one_is_clamped(lib):
    return F(lib).binary_cross_entropy(lib.tensor([0.0, 1.0]), lib.tensor([1.0, 0.0]))


# PyTorch 2.13: returns array(nan)
@nonfinite(value=nan, warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def binary_cross_entropy_with_infinite_logits(lib):
    return F(lib).binary_cross_entropy_with_logits(lib.tensor([inf, -inf]), lib.tensor([1.0, 0.0]))


# PyTorch 2.13: returns array([0., 1.])
@nonfinite(value=[0.0, 1.0])
def sigmoid_of_huge_numbers(lib):
    return lib.tensor([-1000.0, 1000.0]).sigmoid()


# PyTorch 2.13: returns array([ nan, -0.1])
@nonfinite(value=[nan, -0.1])
def sgd_step_with_a_nan_gradient(lib):
    w = lib.zeros(2, requires_grad=True)
    w.grad = lib.tensor([nan, 1.0])
    lib.optim.SGD([w], lr=0.1).step()
    return w


# PyTorch 2.13: returns array([ nan, -0.1])
@nonfinite(value=[nan, -0.1], warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def adam_step_with_an_infinite_gradient(lib):
    w = lib.zeros(2, requires_grad=True)
    w.grad = lib.tensor([inf, 1.0])
    lib.optim.Adam([w], lr=0.1).step()
    return w


# PyTorch 2.13: returns 'int64'
@nonfinite(value="int64", warns=RuntimeWarning, deliberate_difference=NUMPY_WARNS)
def nan_converted_to_int64_without_warnings(lib):
    return lib.tensor([nan]).long().dtype  # the value itself depends on the processor


# PyTorch 2.13: returns array(nan)
@nonfinite(value=nan)
def mean_of_nothing_is_nan(lib):
    return lib.zeros(0).mean()


# PyTorch 2.13: returns array(0.)
@nonfinite(value=0.0)
def sum_of_nothing_is_zero(lib):
    return lib.zeros(0).sum()


# PyTorch 2.13: returns array(nan); warns UserWarning: var(): degrees of freedom is <= 0. Correction should be stric...
@nonfinite(value=nan, warns=UserWarning, match=[r"degrees of freedom|correction"])
def variance_of_one_number_is_nan_with_a_warning(lib):
    return lib.tensor([1.0]).var()


# PyTorch 2.13: RuntimeError: max(): Expected reduction dim to be specified for input.numel() == 0. Specify the redu...
@nonfinite(raises=(RuntimeError, IndexError), match=[r"\bmax\b", r"empty|zero-size|no elements|numel\(\) == 0"])
def max_of_nothing(lib):
    return lib.zeros(0).max()


# PyTorch 2.13: IndexError: argmax(): Expected reduction dim to be specified for input.numel() == 0.
@nonfinite(raises=(RuntimeError, IndexError), match=[r"\bargmax\b", r"empty|zero-size|no elements|numel\(\) == 0"])
def argmax_of_nothing(lib):
    return lib.zeros(0).argmax()


# PyTorch 2.13: ValueError: cannot convert float NaN to integer
@nonfinite(raises=ValueError, match=[r"NaN|nan"])
def int_of_a_nan_tensor(lib):
    return int(lib.tensor(nan))


# PyTorch 2.13: returns nan
@nonfinite(value=nan)
def item_of_nan(lib):
    return lib.tensor(nan).item()


# ==================================================================== the harness
class Env:
    """What a case may use besides ``lib``: a fresh folder, and ``watch`` for state that must not change."""

    def __init__(self, lib, tmp: Path) -> None:
        self.lib, self.tmp = lib, tmp
        self.watched: list = []
        self.watch(GRAD_MODE, DEFAULT_DTYPE)

    def watch(self, *things) -> None:
        """Remember ``things`` as they are now (tensors, modules, optimizers, paths)."""
        for thing in things:
            self.watched.append((thing, snapshot(self.lib, thing)))

    def changes(self) -> list[str]:
        return [describe(thing) for thing, before in self.watched if not same(snapshot(self.lib, thing), before)]


GRAD_MODE, DEFAULT_DTYPE = "the grad mode", "the default dtype"


def describe(thing) -> str:
    if isinstance(thing, str):
        return thing
    if isinstance(thing, Path):
        return f"the files in {thing}" if thing.is_dir() else f"the file {thing}"
    return f"a {type(thing).__name__}"


def is_tensor(x) -> bool:
    return isinstance(x, mt.Tensor) or (torch is not None and isinstance(x, torch.Tensor))


def snapshot(lib, thing):
    """A deep, plain copy of ``thing``'s state: arrays, numbers, strings, dicts and lists."""
    if thing is GRAD_MODE:
        return lib.is_grad_enabled()
    if thing is DEFAULT_DTYPE:
        return dtype_name(lib.get_default_dtype())
    if isinstance(thing, Path):
        if thing.is_dir():
            return {str(p.relative_to(thing)): p.read_bytes() if p.is_file() else "dir"
                    for p in sorted(thing.rglob("*"))}
        return thing.read_bytes() if thing.exists() else None
    if is_tensor(thing):
        return {"values": np.array(thing.detach().numpy()), "dtype": dtype_name(thing.dtype),
                "requires_grad": thing.requires_grad, "grad_fn": type(thing.grad_fn).__name__,
                "grad": None if thing.is_leaf is False or thing.grad is None else snapshot(lib, thing.grad)}
    if hasattr(thing, "param_groups"):  # an optimizer
        return {"state_dict": plain(thing.state_dict()),
                "params": [snapshot(lib, p) for group in thing.param_groups for p in group["params"]]}
    if hasattr(thing, "named_parameters"):  # a module
        return {"parameters": {n: snapshot(lib, p) for n, p in thing.named_parameters()},
                "buffers": {n: snapshot(lib, b) for n, b in thing.named_buffers()}}
    raise TypeError(f"don't know how to watch a {type(thing).__name__}")


def plain(x):
    """Tensors as arrays, dtypes and sizes as plain values, containers as lists and dicts."""
    if is_tensor(x):
        return np.array(x.detach().numpy())
    if isinstance(x, (np.ndarray, np.generic)):
        return np.array(x)
    if isinstance(x, (mt.dtype,)) or (torch is not None and isinstance(x, torch.dtype)):
        return dtype_name(x)
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):  # torch.Size and named tuples too
        return [plain(v) for v in x]
    return x


def same(a, b) -> bool:
    """Equal, with NaN equal to NaN (for snapshots)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def agrees(actual, expected) -> bool:
    """``actual`` (plain) is the value ``expected``: numbers to 1e-5, NaN equal to NaN, dtypes not compared."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            agrees(actual[k], expected[k]) for k in expected)
    if isinstance(expected, (list, tuple)) and isinstance(actual, list) and len(actual) == len(expected):
        if all(agrees(a, e) for a, e in zip(actual, expected)):
            return True
    if isinstance(actual, np.ndarray) or isinstance(expected, (list, tuple)):
        try:
            a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
        except (TypeError, ValueError):
            return False
        return a.shape == e.shape and bool(np.allclose(a, e, rtol=1e-5, atol=1e-7, equal_nan=True))
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return actual is expected or actual == expected
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float, np.number)) and not isinstance(actual, bool) and bool(
            np.isclose(actual, expected, rtol=1e-5, atol=1e-7, equal_nan=True))
    return actual == expected


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None
    warnings: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    def __str__(self) -> str:
        text = (f"{type(self.error).__name__}: {self.error}" if self.error is not None
                else f"returns {_short(self.value)}")
        if self.warnings:
            text += " | warns " + "; ".join(f"{w.category.__name__}: {w.message}" for w in self.warnings)
        if self.error is not None and self.changed:
            text += " | changed " + ", ".join(self.changed)
        return text


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "..."


def attempt(case: Case, lib, tmp: Path) -> Outcome:
    """Run ``case`` on ``lib`` with recording on and fresh seeds; what it returned, raised, warned and changed."""
    tmp.mkdir(parents=True)
    lib.set_grad_enabled(True)
    lib.manual_seed(0)
    env = Env(lib, tmp)
    outcome = Outcome()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = case.run(lib, env)
        except Exception as err:  # noqa: BLE001  (RecursionError and MemoryError included)
            outcome.error = err
        else:
            outcome.value = plain(result)
        outcome.changed = env.changes()
    outcome.warnings = [w for w in caught
                        if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning, ResourceWarning))]
    lib.set_grad_enabled(True)
    return outcome


def problems_of_minitorch(case: Case, ours: Outcome) -> list[str]:
    found = []
    text = str(ours.error) if ours.error is not None else ""
    if case.raises is not None:
        wanted = " or ".join(t.__name__ for t in (case.raises if isinstance(case.raises, tuple) else (case.raises,)))
        if ours.error is None:
            found.append(f"expected {wanted}, but minitorch returned {_short(ours.value)}")
        else:
            if not isinstance(ours.error, case.raises):
                found.append(f"expected {wanted}, got {type(ours.error).__name__}")
            found += [f"the message does not say {p!r}" for p in case.match if not re.search(p, text, re.I)]
            found += [f"the message says {p!r}" for p in case.avoid if re.search(p, text, re.I)]
            found += [f"the error left {c} changed" for c in ours.changed]
    elif ours.error is not None:
        found.append(f"expected a value, got {type(ours.error).__name__}: {ours.error}")
    else:
        if case.value is not NOT_GIVEN and not agrees(ours.value, case.value):
            found.append(f"expected {case.value!r}, got {_short(ours.value)}")
    if case.warns is not None and ours.error is None:
        messages = [str(w.message) for w in ours.warnings if issubclass(w.category, case.warns)]
        if not messages:
            found.append(f"expected a {case.warns.__name__}")
        elif not any(all(re.search(p, m, re.I) for p in case.match) for m in messages):
            found.append(f"no {case.warns.__name__} says all of {case.match}: {messages}")
    unexpected = [w for w in ours.warnings if case.warns is None or not issubclass(w.category, case.warns)]
    found += [f"unexpected {w.category.__name__}: {w.message}" for w in unexpected]
    return found


def problems_of_pytorch(case: Case, theirs: Outcome) -> list[str]:
    """Does PyTorch give the same kind of outcome? (Else the case, or its deliberate_difference, is wrong.)"""
    if case.raises is not None:
        if theirs.error is None:
            return [f"PyTorch returns {_short(theirs.value)} where minitorch must raise"]
        return []
    if theirs.error is not None:
        return [f"PyTorch raises {type(theirs.error).__name__}: {theirs.error}"]
    found = []
    if case.value is not NOT_GIVEN and not agrees(theirs.value, case.value):
        found.append(f"PyTorch returns {_short(theirs.value)}, not {case.value!r}")
    warned = [w for w in theirs.warnings if case.warns is None or issubclass(w.category, case.warns)]
    if case.warns is not None and not warned:
        found.append(f"PyTorch does not warn ({case.warns.__name__})")
    if case.warns is None and theirs.warnings:
        found.append("PyTorch warns: " + "; ".join(str(w.message) for w in theirs.warnings))
    return found


@pytest.fixture
def restore_defaults():
    """The cases seed the generators and may switch modes: leave both libraries as other tests expect them."""
    dtype, rng = mt.get_default_dtype(), mt.default_generator.get_state()
    if torch is not None:
        torch_dtype, torch_rng = torch.get_default_dtype(), torch.get_rng_state()
    yield
    mt.set_default_dtype(dtype)
    mt.default_generator.set_state(rng)
    mt.set_grad_enabled(True)
    if torch is not None:
        torch.set_default_dtype(torch_dtype)
        torch.set_rng_state(torch_rng)
        torch.set_grad_enabled(True)


#: Cases minitorch still gets wrong, with why; each must still fail (so none starts passing unnoticed).
KNOWN_FAILING_TODAY = {
    "saving-save_to_a_device_that_is_full":
        "save reports ENOSPC naming the file, but the with block's close() then raises a second, bare ENOSPC "
        "for the bytes still buffered, which replaces minitorch's message",
}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path, record_property, restore_defaults):
    ours = attempt(case, mt, tmp_path / "minitorch")
    found = problems_of_minitorch(case, ours)
    report = f"\n  minitorch: {ours}"
    if torch is not None:
        theirs = attempt(case, torch, tmp_path / "torch")
        record_property("pytorch", str(theirs))
        report += f"\n  PyTorch:   {theirs}"
        if case.deliberate_difference is None:
            found += problems_of_pytorch(case, theirs)
        else:
            report += f"\n  (deliberately different: {case.deliberate_difference})"
    if case.id in KNOWN_FAILING_TODAY:
        if not found:
            pytest.fail(f"{case.id} now behaves as it should: remove it from KNOWN_FAILING_TODAY", pytrace=False)
        return
    if found:  # the report says it all: no traceback (parsing this long file for one costs a fifth of a second)
        pytest.fail("\n  - ".join([f"{case.id}:"] + found) + report, pytrace=False)


def test_the_table_is_big_and_names_are_unique():
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    families = {c.family for c in CASES}
    assert families == {"creation", "shapes", "indexing", "autograd", "grad_mode", "losses", "optimizers", "data",
                        "saving", "nonfinite"}


def test_every_error_case_says_what_its_message_must_name():
    for case in CASES:
        if case.raises is not None:
            assert case.match, f"{case.id}: an error case must say what its message names"


if __name__ == "__main__":  # `python tests/test_bad_input.py`: each case's outcome on both libraries
    import tempfile

    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            ours = attempt(case, mt, Path(tmp) / "minitorch")
            found = problems_of_minitorch(case, ours)
            print(f"{'FAIL' if found else 'ok  '} {case.id}\n     minitorch: {ours}")
            if torch is not None:
                print(f"     PyTorch:   {attempt(case, torch, Path(tmp) / 'torch')}")
