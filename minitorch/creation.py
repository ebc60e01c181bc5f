"""Making tensors: ``tensor``, ``zeros``, ``ones``, ``full``, ``arange``, ``linspace``, ... as in PyTorch.

Shapes may be given as separate ints or as one tuple: ``zeros(2, 3)`` and
``zeros((2, 3))`` are the same, and ``zeros(())`` is a 0-d tensor.
"""

from __future__ import annotations

import math

import numpy as np

from . import backend
from . import dtypes as _dtypes
from .device import check_device, move_to
from .ops.elementwise import where as _where
from .ops.shape import Cat, Stack
from .tensor import Tensor, size_tuple, to_array


def _float_or(dtype) -> _dtypes.dtype:
    return _dtypes.from_numpy(_dtypes.to_numpy(dtype)) if dtype is not None else _dtypes.get_default_dtype()


def _make(values, requires_grad: bool, device=None, op: str = "tensor") -> Tensor:
    """The one path of every factory: ``values(xp)`` makes the array in the device's library ``xp``.

    ``values`` may also be an array made already (data given by the user, random numbers drawn
    on the CPU): it is moved to the device.
    """
    xp = check_device(device, op)
    array = values(xp) if callable(values) else move_to(values, xp)
    t = Tensor(array)
    return t.requires_grad_(True) if requires_grad else t


def tensor(data, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (numbers, nested lists, an array or a tensor).

    Python floats become the default dtype (``float32``), ints ``int64``, bools
    ``bool``; a NumPy array keeps its dtype. Like ``torch.tensor``.
    """
    return _make(to_array(data, dtype), requires_grad, device)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """``data`` as a tensor, without copying when it already is one of the right dtype."""
    if isinstance(data, Tensor) and (dtype is None or data.dtype == dtype):
        return data
    return _make(to_array(data, dtype), False, device, "as_tensor")


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with a NumPy array (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected a NumPy array, got a {type(array).__name__}; use mt.tensor(...) to copy it")
    if array.dtype.kind not in "biuf":
        raise TypeError(f"from_numpy: can't share a NumPy array of {array.dtype.name}: only numbers and bools")
    return Tensor(backend.cpu.asarray(array))


def zeros(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    shape, dtype = size_tuple(size, "zeros"), _float_or(dtype)
    return _make(lambda xp: xp.zeros(shape, dtype=_dtypes.native(xp, dtype)), requires_grad, device, "zeros")


def ones(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    shape, dtype = size_tuple(size, "ones"), _float_or(dtype)
    return _make(lambda xp: xp.ones(shape, dtype=_dtypes.native(xp, dtype)), requires_grad, device, "ones")


def full(size, fill_value, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if not isinstance(fill_value, (bool, int, float, np.number, np.bool_)):
        raise TypeError(f"full: fill_value must be a number, not {type(fill_value).__name__} ({fill_value!r})")
    if dtype is None:
        dtype = _dtypes.from_native(to_array(fill_value, None).dtype)
    shape, dtype = size_tuple((size,), "full"), _float_or(dtype)
    if dtype.np.kind in "iub":  # as PyTorch: the value converted to the dtype (True for a non-zero bool)
        fill_value = int(fill_value) if dtype.np.kind != "b" else bool(fill_value)
    return _make(lambda xp: xp.full(shape, fill_value, dtype=_dtypes.native(xp, dtype)), requires_grad, device, "full")


def zeros_like(t: Tensor, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return zeros(t.shape, dtype=dtype or t.dtype, device=device or t.device, requires_grad=requires_grad)


def ones_like(t: Tensor, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return ones(t.shape, dtype=dtype or t.dtype, device=device or t.device, requires_grad=requires_grad)


def full_like(t: Tensor, fill_value, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return full(t.shape, fill_value, dtype=dtype or t.dtype, device=device or t.device, requires_grad=requires_grad)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """``[start, end)`` in steps; ints give ``int64``, any float gives the default float dtype."""
    if end is None:
        start, end = 0, start
    for name, value in (("start", start), ("end", end), ("step", step)):
        if not math.isfinite(value):
            raise RuntimeError(f"arange: {name} must be finite, got {value}")
    if step == 0:
        raise RuntimeError("arange: step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"arange: the step {step} points away from end={end} (start={start}); flip its sign")
    if dtype is None:
        whole = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = _dtypes.int64 if whole else _dtypes.get_default_dtype()
    dtype = _float_or(dtype)

    def values(xp):
        if dtype.is_floating_point:  # each value start + i·step in float64, then rounded once, as PyTorch
            count = max(math.ceil((end - start) / step), 0)  # (a float32 arange would add up rounding errors)
            return xp.astype(start + xp.arange(count, dtype=xp.float64) * step, _dtypes.native(xp, dtype))
        return xp.arange(int(start), int(end), int(step), dtype=_dtypes.native(xp, dtype))

    return _make(values, requires_grad, device, "arange")


def linspace(start, end, steps: int, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    (steps,) = size_tuple((steps,), "linspace")  # a whole number >= 0
    dtype = _float_or(dtype)
    return _make(lambda xp: xp.linspace(start, end, steps, dtype=_dtypes.native(xp, dtype)), requires_grad, device, "linspace")


def eye(n: int, m: int | None = None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    n, m = size_tuple((n, n if m is None else m), "eye")
    dtype = _float_or(dtype)
    return _make(lambda xp: xp.eye(n, m, dtype=_dtypes.native(xp, dtype)), requires_grad, device, "eye")


def empty(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor whose values are not set yet; minitorch fills it with zeros, so runs are reproducible."""
    return zeros(size_tuple(size, "empty"), dtype=dtype, device=device, requires_grad=requires_grad)


def empty_like(t: Tensor, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return empty(t.shape, dtype=dtype or t.dtype, device=device or t.device, requires_grad=requires_grad)


def _tensor_list(op: str, tensors) -> list:
    """A list or tuple of tensors, checked (a single tensor is a mistake: it would be split into rows)."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}: expected a list or tuple of tensors, got a {type(tensors).__name__}; write {op}([a, b])")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: element {i} is a {type(t).__name__}, not a Tensor; wrap it with mt.tensor(...)")
    if not tensors:
        raise RuntimeError(f"{op}: needs at least one tensor")
    return list(tensors)


def cat(tensors, dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension; like ``torch.cat``."""
    tensors = _tensor_list("cat", tensors)
    return Cat.apply(*tensors, dim=dim)


def stack(tensors, dim: int = 0) -> Tensor:
    """Stack tensors of one shape along a new dimension; like ``torch.stack``."""
    tensors = _tensor_list("stack", tensors)
    shapes = {tuple(t.shape) for t in tensors}
    if len(shapes) > 1:
        raise RuntimeError(f"stack: all tensors must have the same shape, got {sorted(shapes)}")
    return Stack.apply(*tensors, dim=dim)


def where(condition, input, other) -> Tensor:
    """``input`` where ``condition`` is true, else ``other``; like ``torch.where``."""
    if not isinstance(condition, Tensor):
        condition = Tensor(to_array(condition, _dtypes.bool_))
    return _where(condition, input, other)
