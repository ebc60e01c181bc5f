"""Data types, named as in PyTorch: ``minitorch.float32``, ``minitorch.int64``, ...

A minitorch dtype is a thin name around a NumPy dtype; ``native(xp, d)`` gives
the same type in another array library (``xp.float32``), and
``from_native`` names an array's dtype, whatever its library. As in PyTorch, Python
floats become the default floating type (``float32`` unless changed with
:func:`set_default_dtype`), Python ints become ``int64``, and a NumPy array
keeps its own dtype.
"""

from __future__ import annotations

import numpy as np


class dtype:
    """A tensor element type; ``minitorch.float32`` is like ``torch.float32``."""

    __slots__ = ("name", "np", "is_floating_point")

    def __init__(self, name: str, np_dtype) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"  # an attribute, as in PyTorch (torch.float32.is_floating_point)

    def __repr__(self) -> str:
        return f"minitorch.{self.name}"

    def __eq__(self, other) -> bool:
        try:
            return self.np == to_numpy(other)
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.np)


float16 = dtype("float16", np.float16)
float32 = dtype("float32", np.float32)
float64 = dtype("float64", np.float64)
int32 = dtype("int32", np.int32)
int64 = dtype("int64", np.int64)
uint8 = dtype("uint8", np.uint8)
bool_ = dtype("bool", np.bool_)

_BY_NUMPY = {d.np: d for d in (float16, float32, float64, int32, int64, uint8, bool_)}
_BY_NAME = {d.name: d for d in _BY_NUMPY.values()}
_BY_NATIVE: dict = {}  # (class, dtype object) of any library's dtype -> minitorch dtype; see from_native
_default = float32


def from_numpy(np_dtype) -> dtype:
    """The minitorch dtype for a NumPy dtype (made on the fly for rare ones)."""
    found = _BY_NUMPY.get(np_dtype)
    if found is None:
        np_dtype = np.dtype(np_dtype)
        found = _BY_NUMPY[np_dtype] = dtype(np_dtype.name, np_dtype)
    return found


def from_native(native) -> dtype:
    """The minitorch dtype of an array's ``.dtype``, from any array library (NumPy, CuPy, array-api-strict).

    The table's key is the dtype with its class: each library's dtypes have classes of their
    own, so array-api-strict's ``float32``, which refuses to be compared with NumPy's, never meets it.
    """
    key = type(native), native
    found = _BY_NATIVE.get(key)
    if found is None:
        found = _BY_NATIVE[key] = _named(native)
    return found


def _named(native) -> dtype:
    """The minitorch dtype that a library's dtype object stands for: NumPy's by lookup, another's by its name."""
    if isinstance(native, (np.dtype, type)):  # NumPy's and CuPy's dtypes, or NumPy's scalar types (np.float32)
        return from_numpy(native)
    return _BY_NAME[str(native).rpartition(".")[2]]  # array-api-strict's dtypes print as array_api_strict.float32


def native(xp, d) -> object:
    """The dtype ``d`` (a minitorch dtype, or what ``to_numpy`` accepts) in the array library ``xp``."""
    return getattr(xp, from_numpy(to_numpy(d)).name)


def to_numpy(d) -> np.dtype:
    """Accept a minitorch dtype, a NumPy dtype, or ``float``/``int``/``bool``."""
    if isinstance(d, dtype):
        return d.np
    if d is float:
        return _default.np
    if d is int:
        return int64.np
    if d is bool:
        return bool_.np
    try:
        return np.dtype(d)
    except TypeError:
        raise TypeError(
            f"{d!r} is not a dtype; use minitorch.float32, minitorch.float64, "
            "minitorch.int64 or minitorch.bool"
        ) from None


def get_default_dtype() -> dtype:
    """The dtype Python floats become (``float32`` unless changed)."""
    return _default


def set_default_dtype(d) -> None:
    """Make Python floats (and ``rand``, ``zeros``, ...) use ``d``; like ``torch.set_default_dtype``."""
    global _default
    new = from_numpy(to_numpy(d))
    if not new.is_floating_point:
        raise TypeError(f"set_default_dtype needs a floating-point dtype, got {new}")
    _default = new
