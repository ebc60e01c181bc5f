"""``Tensor``: an array that remembers how it was computed.

A tensor holds its values in an array of its device's library (NumPy's on the
CPU; see ``minitorch.backend``), and ``.numpy()`` gives them as a NumPy array. When it is the result
of an op on tensors that require gradients, ``.grad_fn`` points to the graph
node the op recorded, and ``backward()`` can walk those nodes back to the
leaves. Every operator and method here is a one-line call to an op in
``minitorch.ops``; the math and the derivatives live there, side by side.
"""

from __future__ import annotations

import weakref
from collections import namedtuple
import math
import operator
import warnings
from math import prod

import numpy as np

from . import dtypes as _dtypes
from .autograd.grad_mode import GradMode
from . import backend
from .backend import as_array, namespace
from .device import check_device, device_of, move_to
from .device import device as _device

#: What ``max(dim)`` and ``min(dim)`` return, as in PyTorch.
ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])


class Tensor:
    """An n-dimensional array with automatic differentiation, like ``torch.Tensor``.

    Make tensors with :func:`minitorch.tensor`, :func:`minitorch.zeros`,
    :func:`minitorch.randn`, ... rather than by calling this class.

    Attributes:
        data: the values, an array of the device's library (NumPy's on the CPU).
        grad: after ``backward()``, the gradient of the output with respect to
            this tensor (a Tensor of the same shape), or ``None``.
        requires_grad: whether ops on this tensor are recorded for backward.
        grad_fn: the graph node that produced this tensor (``None`` for a leaf).
        name: an optional label, used by :func:`minitorch.viz.draw_graph`.
    """

    __slots__ = ("_data", "_grad", "_requires_grad", "grad_fn", "name", "_version", "__weakref__")
    __array_ufunc__ = None  # `ndarray * tensor` calls Tensor.__rmul__ instead of NumPy's

    def __init__(self, data, requires_grad: bool = False, grad_fn=None, name: str | None = None) -> None:
        """The one place a tensor is made. An array is kept as it is (shared); other data is converted."""
        self._data = data if isinstance(data, backend.CPU_ARRAY) or is_array(data) else to_array(data, None)
        self._grad = None
        self._requires_grad = requires_grad
        self.grad_fn = grad_fn
        self.name = name
        self._version = 0  # counts in-place changes, so backward can tell a saved tensor changed

    # ------------------------------------------------------------------ values
    @property
    def data(self) -> "Tensor":
        """The same values as a tensor cut off from the graph, sharing them (not a copy), as in PyTorch.

        ``p.data -= lr * p.grad`` changes ``p`` without autograd noticing: the
        old habit of hand-written updates. ``.numpy()`` gives the NumPy array.
        """
        return Tensor(self._data)

    @data.setter
    def data(self, value) -> None:
        self._data = value._data if isinstance(value, Tensor) else to_array(value, None)
        self._version += 1

    @property
    def requires_grad(self) -> bool:
        """Whether ops on this tensor are recorded for backward; set it only on leaves, of floating type."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    @property
    def grad(self) -> "Tensor | None":
        """The gradient ``backward()`` left here (leaves, and tensors that called ``retain_grad()``), or ``None``."""
        if self._grad is None and self.grad_fn is not None and self.grad_fn._retained is None:
            warnings.warn(
                "The .grad of a tensor that is not a leaf is not kept by backward(); call .retain_grad() on it "
                "before backward() if you want it (as in PyTorch)", UserWarning, stacklevel=2,
            )
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:  # checked as PyTorch checks it, so that an optimizer never meets a wrong one
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got {type(value).__name__}; "
                    "wrap an array with mt.tensor(...)"
                )
            if value.shape != self.shape:
                raise RuntimeError(
                    f"assigned grad has data of a different size: the tensor has shape {self.shape}, "
                    f"the gradient {value.shape}; they must be the same"
                )
            if type(value._data) is not type(self._data):  # arrays of two libraries: two devices
                raise RuntimeError(
                    f"attempting to assign a gradient on {value.device} to a tensor on {self.device}; they must "
                    f"be on the same device: move it with .to({str(self.device)!r})"
                )
            if value.dtype != self.dtype:
                raise RuntimeError(
                    f"assigned grad has data of a different type: the tensor is {self.dtype}, the gradient "
                    f"{value.dtype}; convert it with .to({self.dtype})"
                )
        self._grad = value

    @property
    def shape(self) -> tuple:
        return self._data.shape

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def dtype(self) -> _dtypes.dtype:
        return _dtypes.from_native(self._data.dtype)

    @property
    def is_leaf(self) -> bool:
        """True for tensors the user made (no ``grad_fn``); only leaves keep ``.grad``."""
        return self.grad_fn is None

    @property
    def device(self) -> _device:
        """The device that holds the numbers, ``device(type='cpu')`` or a GPU (see ``minitorch.device``)."""
        return device_of(self._data)

    @property
    def is_cuda(self) -> bool:
        return self.device.type == "cuda"

    def size(self, dim: int | None = None):
        return self._data.shape if dim is None else self._data.shape[dim]

    def dim(self) -> int:
        return self._data.ndim

    def nelement(self) -> int:
        """The number of elements (an older name of ``numel``)."""
        return self._data.size

    def numel(self) -> int:
        return self._data.size

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def item(self):
        """The single value of a one-element tensor, as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"item() needs a tensor with exactly one element, but this one has shape "
                f"{self.shape} ({self._data.size} elements); index it first or use .tolist()"
            )
        return backend.to_numpy(self._data).item()

    def tolist(self):
        return backend.to_numpy(self._data).tolist()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The values as a NumPy array: shared with this tensor on the CPU, copied from a GPU.

        As in PyTorch, a tensor that requires grad must be detached first, and
        one on a GPU moved with ``.cpu()`` (or pass ``force=True`` to do both).
        """
        if self.requires_grad and not force:
            raise RuntimeError(
                "can't call numpy() on a tensor that requires grad; "
                "use tensor.detach().numpy() instead"
            )
        if self.is_cuda and not force:
            raise TypeError(
                f"can't convert a tensor on {self.device} to a NumPy array; use tensor.cpu() to copy it "
                "to the CPU first"
            )
        return backend.to_numpy(self._data)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        array = backend.to_numpy(self._data)
        if dtype is not None and dtype != array.dtype:
            return array.astype(dtype)
        return array.copy() if copy else array

    def detach(self) -> "Tensor":
        """The same values, cut off from the graph (shares the array)."""
        return Tensor(self._data)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        if requires_grad and not self.is_floating_point():
            raise RuntimeError(
                f"only floating-point tensors can require gradients, but this one is {self.dtype}; "
                "pass dtype=minitorch.float32 or use float data"
            )
        if not self.is_leaf and not requires_grad:
            raise RuntimeError("requires_grad_(False) on a non-leaf tensor; use .detach() instead")
        self._requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep ``.grad`` on this non-leaf tensor after ``backward()`` (leaves always keep it)."""
        if not self.requires_grad:
            raise RuntimeError("retain_grad() on a tensor that does not require grad")
        if self.grad_fn is not None:
            self.grad_fn._retained = weakref.ref(self)

    @property
    def retains_grad(self) -> bool:
        return self.grad_fn is not None and self.grad_fn._retained is not None

    # ---------------------------------------------------------------- backward
    def backward(self, gradient=None, retain_graph: bool | None = None, create_graph: bool = False) -> None:
        """Compute the gradient of this tensor with respect to every leaf that requires grad.

        Leaves accumulate it into ``.grad``: call ``zero_grad()`` (or set ``.grad``
        to ``None``) between steps. A non-scalar output needs ``gradient``, the
        vector of the vector-Jacobian product. As in PyTorch, the saved tensors
        are freed afterwards unless ``retain_graph=True``; ``create_graph=True``
        records the gradients' own graph, so they can be differentiated again.
        Nothing is added to any ``.grad`` unless the whole pass succeeds.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward(): this tensor does not require grad, so there is no graph to "
                "differentiate. Create the inputs with requires_grad=True, and don't "
                "compute the output inside mt.no_grad()."
            )
        gradient = _initial_gradient("backward()", self, gradient)
        retain_graph = create_graph if retain_graph is None else retain_graph
        grads = run_backward([self], [gradient], retain_graph, create_graph)
        for t, g in grads.items():
            if t.grad is None:  # the first gradient: its own tensor (g may be a view, or the caller's)
                t.grad = g.clone() if create_graph else Tensor(copy_of(g._data))
            else:
                t.grad = t.grad + g  # a new tensor: a gradient someone holds never changes under them

    # ---------------------------------------------------------- in-place ops
    def _check_inplace(self, op: str) -> None:
        """Refuse to change a leaf that requires grad while the graph is being recorded."""
        if self.requires_grad and self.grad_fn is None and GradMode.enabled:
            raise RuntimeError(
                f"{op}: a leaf tensor that requires grad can't be changed in place while the "
                "graph is being recorded. For a parameter update, wrap it in "
                "`with mt.no_grad():`; otherwise write `x = x ...` to make a new tensor."
            )

    def _inplace(self, op: str, update, other, alpha=1) -> "Tensor":
        """``self ← self (update) alpha · other``, in place (``update`` is ``operator.iadd``, ...): the object stays."""
        self._check_inplace(op)
        if alpha != 1:
            other = other * alpha
        if GradMode.enabled and (self.grad_fn is not None or (isinstance(other, Tensor) and other.requires_grad)):
            # In a recorded graph: compute the result out of place, then make it this tensor's own.
            result = {operator.iadd: Add, operator.isub: Sub, operator.imul: Mul, operator.itruediv: Div}[update].apply(
                self._snapshot(), other)
            return self._become(op, result)
        value = self._same_kind(op, other)
        try:
            update(self._data, value)  # the array's own in-place operator: its values change where they are
        except (ValueError, TypeError) as err:
            raise RuntimeError(
                f"{op}: can't update a tensor of shape {self.shape} and dtype {self.dtype} "
                f"in place with a value of shape {shape_of(value)}: {err}"
            ) from err
        self._version += 1
        return self

    def _same_kind(self, op: str, other):
        """``other``'s values, in this tensor's dtype and on its device, to be written into it.

        As in PyTorch, a value of a higher kind (a float into an integer tensor) is refused.
        """
        result = result_type(self, other)
        if result != self._data.dtype and _CATEGORY[_dtypes.from_native(result).np.kind] > _CATEGORY[self.dtype.np.kind]:
            raise RuntimeError(
                f"{op}: result type {_dtypes.from_native(result)} can't be cast to the desired output type {self.dtype}"
            )
        return self._as_mine(other)

    def _as_mine(self, other):
        """``other``'s values in this tensor's dtype and library, to be written into it (a number stays)."""
        value = unwrap(other)
        if isinstance(value, float) and not self.is_floating_point() and math.isfinite(value):
            value = int(value)  # into an integer tensor: truncated, as in PyTorch
        if is_array(value) and (type(value) is not type(self._data) or value.dtype != self._data.dtype):
            xp = namespace(self._data)
            value = move_to(value, xp)
            if value.dtype != self._data.dtype:
                value = xp.astype(value, self._data.dtype)
        return value

    def _snapshot(self) -> "Tensor":
        """A copy of the values, with this tensor's history: the input of an in-place op that is recorded."""
        return Tensor(copy_of(self._data), requires_grad=self.requires_grad, grad_fn=self.grad_fn)

    def _become(self, op: str, result: "Tensor") -> "Tensor":
        """Take ``result``'s values (written into this tensor's array) and its history, as PyTorch's in-place ops do.

        The version goes up, so an op that saved the old values for its backward refuses to run.
        """
        if result.shape != self.shape or _CATEGORY[result.dtype.np.kind] > _CATEGORY[self.dtype.np.kind]:
            raise RuntimeError(
                f"{op}: the result has shape {result.shape} and dtype {result.dtype}, which can't be "
                f"written into this tensor of shape {self.shape} and dtype {self.dtype}"
            )
        self._data[...] = namespace(self._data).astype(result._data, self._data.dtype)
        self.grad_fn, self._requires_grad = result.grad_fn, result.requires_grad
        self._version += 1
        return self

    def __iadd__(self, other):
        return self._inplace("+=", operator.iadd, other)

    def __isub__(self, other):
        return self._inplace("-=", operator.isub, other)

    def __imul__(self, other):
        return self._inplace("*=", operator.imul, other)

    def __itruediv__(self, other):
        return self._inplace("/=", operator.itruediv, other)

    def add_(self, other, *, alpha=1) -> "Tensor":
        """``self += alpha * other`` in place; like ``torch.Tensor.add_`` (optimizers update with it)."""
        return self._inplace("add_", operator.iadd, other, alpha)

    def sub_(self, other, *, alpha=1) -> "Tensor":
        """``self -= alpha * other`` in place; like ``torch.Tensor.sub_``."""
        return self._inplace("sub_", operator.isub, other, alpha)

    def mul_(self, other) -> "Tensor":
        """``self *= other`` in place; like ``torch.Tensor.mul_``."""
        return self._inplace("mul_", operator.imul, other)

    def div_(self, other) -> "Tensor":
        """``self /= other`` in place; like ``torch.Tensor.div_``."""
        return self._inplace("div_", operator.itruediv, other)

    def clamp_(self, min=None, max=None) -> "Tensor":
        """Limit the values to ``[min, max]`` in place; like ``torch.Tensor.clamp_``."""
        self._check_inplace("clamp_")
        if GradMode.enabled and self.grad_fn is not None:  # in a recorded graph: recorded, as PyTorch does
            return self._become("clamp_", Clamp.apply(self._snapshot(), min=min, max=max))
        self._data[...] = namespace(self._data).clip(self._data, min, max)
        self._version += 1
        return self

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator=None) -> "Tensor":
        """Fill with normal numbers in place (used to initialise weights); like ``torch.Tensor.normal_``."""
        from .random import normal

        return self.copy_(normal(mean, std, self.shape, generator=generator, dtype=self.dtype))

    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator=None) -> "Tensor":
        """Fill with uniform numbers in ``[a, b)`` in place; like ``torch.Tensor.uniform_``."""
        from .random import rand

        return self.copy_(a + (b - a) * rand(self.shape, generator=generator, dtype=self.dtype))

    def new_tensor(self, data, dtype=None, device=None, requires_grad: bool = False) -> "Tensor":
        """A new tensor from ``data``, with this tensor's dtype unless given; like ``torch.Tensor.new_tensor``."""
        from .creation import tensor

        return tensor(data, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad: bool = False) -> "Tensor":
        from .creation import zeros

        return zeros(*size, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad: bool = False) -> "Tensor":
        from .creation import ones

        return ones(*size, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad: bool = False) -> "Tensor":
        from .creation import full

        return full(size, fill_value, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad: bool = False) -> "Tensor":
        return self.new_zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)

    def zero_(self) -> "Tensor":
        """Set every element to 0 in place (used as ``w.grad.zero_()``)."""
        return self.fill_(0)

    def fill_(self, value) -> "Tensor":
        xp = namespace(self._data)
        return self.copy_(Tensor(xp.full(self.shape, value, dtype=self._data.dtype)))

    def copy_(self, src) -> "Tensor":
        """Copy ``src``'s values into this tensor in place (used by ``load_state_dict``)."""
        self._check_inplace("copy_")
        if not isinstance(src, Tensor):
            src = Tensor(to_array(src, None))
        if src.shape != self.shape:
            raise RuntimeError(f"copy_: source shape {src.shape} differs from the tensor's shape {self.shape}")
        if GradMode.enabled and (self.grad_fn is not None or src.requires_grad):
            # In a recorded graph the old values no longer matter: the tensor becomes a copy of src.
            return self._become("copy_", src.to(self.dtype).clone())
        self._data[...] = self._same_kind("copy_", src)
        self._version += 1
        return self

    def __setitem__(self, key, value) -> None:
        self._check_inplace("item assignment")
        if GradMode.enabled and (self.requires_grad or (isinstance(value, Tensor) and value.requires_grad)):
            self._become("item assignment", IndexPut.apply(self._snapshot(), value, key=_index_key(key, namespace(self._data))))
            return
        if not isinstance(value, (Tensor, bool, int, float)) and not is_array(value):
            value = to_array(value, None)  # lists, NumPy arrays, ... (and text is refused here)
        value = self._as_mine(value)
        try:
            key = _index_key(key, namespace(self._data))
            if has_index_arrays(key):  # (the standard assigns through index arrays only into a copy)
                self._data[...] = assigned(self._data, key, value)
            else:
                self._data[full_key(key, self.shape)] = value
        except IndexError as err:
            raise IndexError(f"item assignment into a tensor of shape {self.shape}: {err}") from None
        except ValueError as err:
            raise RuntimeError(f"item assignment into a tensor of shape {self.shape}: {err}") from None
        self._version += 1

    # ------------------------------------------------------------- arithmetic
    def __add__(self, other):
        return Add.apply(self, other)

    def __radd__(self, other):
        return Add.apply(other, self)

    def __sub__(self, other):
        return Sub.apply(self, other)

    def __rsub__(self, other):
        return Sub.apply(other, self)

    def __mul__(self, other):
        return Mul.apply(self, other)

    def __rmul__(self, other):
        return Mul.apply(other, self)

    def __truediv__(self, other):
        return Div.apply(self, other)

    def __rtruediv__(self, other):
        return Div.apply(other, self)

    def __pow__(self, exponent):
        return Pow.apply(self, exponent)

    def __rpow__(self, base):
        return Pow.apply(base, self)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def __neg__(self):
        return Neg.apply(self)

    def __pos__(self):
        return self

    def add(self, other, *, alpha=1):
        """``self + alpha * other``; like ``torch.add``."""
        return self + (other if alpha == 1 else other * alpha)

    def sub(self, other, *, alpha=1):
        """``self - alpha * other``; like ``torch.sub``."""
        return self - (other if alpha == 1 else other * alpha)

    mul = __mul__
    div = __truediv__
    pow = __pow__
    neg = __neg__

    def matmul(self, other):
        return matmul(self, other)

    def mm(self, other):
        if self.ndim != 2 or getattr(other, "ndim", 0) != 2:
            raise RuntimeError(
                f"mm: needs two 2-d tensors, got shapes {self.shape} and {tuple(getattr(other, 'shape', ()))}; "
                "use matmul (@) for vectors and batches"
            )
        return matmul(self, other)

    # ------------------------------------------------------------ comparisons
    # They return bool tensors and never require grad, as in PyTorch.
    def _compare(self, other, name: str):
        """A comparison (``name`` is the Array API's: ``"less"``, ...): a bool tensor, never recorded, as in PyTorch."""
        a, b = operands(self, other)
        try:
            return Tensor(as_array(getattr(namespace(a), name)(a, b)))
        except ValueError as err:
            raise RuntimeError(explain_op(name, (self, other), err)) from None

    def __eq__(self, other):
        return self._compare(other, "equal")

    def __ne__(self, other):
        return self._compare(other, "not_equal")

    def __lt__(self, other):
        return self._compare(other, "less")

    def __le__(self, other):
        return self._compare(other, "less_equal")

    def __gt__(self, other):
        return self._compare(other, "greater")

    def __ge__(self, other):
        return self._compare(other, "greater_equal")

    eq, ne, lt, le, gt, ge = __eq__, __ne__, __lt__, __le__, __gt__, __ge__

    # Logical (bool tensors) or bitwise (integers) and, or, xor, not: no gradient, as in PyTorch.
    def __and__(self, other):
        return self._compare(other, "bitwise_and")

    def __or__(self, other):
        return self._compare(other, "bitwise_or")

    def __xor__(self, other):
        return self._compare(other, "bitwise_xor")

    __rand__, __ror__, __rxor__ = __and__, __or__, __xor__

    def __invert__(self):
        return Tensor(namespace(self._data).bitwise_invert(self._data))

    def isnan(self):
        return Tensor(namespace(self._data).isnan(self._data))

    def isinf(self):
        return Tensor(namespace(self._data).isinf(self._data))

    def isfinite(self):
        return Tensor(namespace(self._data).isfinite(self._data))

    def equal(self, other) -> bool:
        """The same shape and the same values; like ``torch.equal``."""
        return isinstance(other, Tensor) and self.shape == other.shape and bool((self == other).all())
    __hash__ = object.__hash__  # tensors are hashable by identity, as in PyTorch

    # -------------------------------------------------------- elementwise math
    def exp(self):
        return Exp.apply(self)

    def log(self):
        return Log.apply(self)

    def log2(self):
        """``log₂ x = ln x / ln 2``."""
        return self.log() / math.log(2)

    def log10(self):
        """``log₁₀ x = ln x / ln 10``."""
        return self.log() / math.log(10)

    def sqrt(self):
        return Sqrt.apply(self)

    def abs(self):
        return Abs.apply(self)

    def sin(self):
        return Sin.apply(self)

    def cos(self):
        return Cos.apply(self)

    def tanh(self):
        return Tanh.apply(self)

    def sigmoid(self):
        return Sigmoid.apply(self)

    def relu(self):
        return Relu.apply(self)

    def clamp(self, min=None, max=None):
        if min is None and max is None:
            raise RuntimeError("clamp: give at least one of min and max")
        return Clamp.apply(self, min=min, max=max)

    clip = clamp
    __abs__ = abs

    # ------------------------------------------------------------- reductions
    # Every reduction also takes NumPy's names, axis= and keepdims=, as PyTorch does.
    def sum(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        return Sum.apply(self, dim=dim, keepdim=keepdim)

    def mean(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        if not self.is_floating_point():
            raise RuntimeError(f"mean: needs a floating-point tensor, got {self.dtype}; call .float() first")
        return Mean.apply(self, dim=dim, keepdim=keepdim)

    def var(self, dim=None, unbiased=None, keepdim: bool = False, *, correction=None, axis=None, keepdims=None):
        """The variance ``Σ (x - mean)² / (n - correction)``; ``correction=1`` (unbiased) by default, as PyTorch.

        ``unbiased=False`` is the older spelling of ``correction=0``.
        """
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        n = self.numel() if dim is None else prod(self.shape[d] for d in normalize_dims(dim, self.ndim, "var"))
        deviations = self - self.mean(dim, keepdim=True)
        squares = (deviations * deviations).sum(dim, keepdim=keepdim)
        if n - correction <= 0:  # no degrees of freedom left: NaN, with PyTorch's warning
            warnings.warn(f"var(): degrees of freedom is <= 0 ({n} values, correction {correction})",
                          UserWarning, stacklevel=2)
            return squares * float("nan")
        return squares / (n - correction)

    def std(self, dim=None, unbiased=None, keepdim: bool = False, *, correction=None, axis=None, keepdims=None):
        """The standard deviation, ``√var``, with ``var``'s arguments."""
        return self.var(dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims).sqrt()

    def max(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        """The largest value; with ``dim``, ``(values, indices)`` along it; with a tensor, ``maximum``.

        Without ``dim`` tied maxima share the gradient evenly; with ``dim`` it goes
        to the one index returned. Both as in PyTorch.
        """
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        if dim is None:
            return Max.apply(self)
        normalize_dim(dim, self.ndim, "max")
        return self._pick_along(self.argmax(dim, keepdim=True), dim, keepdim)

    def min(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        """The smallest value; with ``dim``, ``(values, indices)`` along it; with a tensor, ``minimum``."""
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        if dim is None:
            return -Max.apply(-self)
        normalize_dim(dim, self.ndim, "min")
        return self._pick_along(self.argmin(dim, keepdim=True), dim, keepdim)

    def maximum(self, other):
        """The larger of two numbers, elementwise; like ``torch.maximum``.

        At a tie each side gets half the gradient, as in PyTorch; a NaN on
        either side gives NaN.
        """
        _check_broadcast("maximum", self, other)
        return where(self > other, self, where(self < other, other, _tie_or_nan(self, other)))

    def minimum(self, other):
        """The smaller of two numbers, elementwise (ties share the gradient); like ``torch.minimum``."""
        _check_broadcast("minimum", self, other)
        return where(self < other, self, where(self > other, other, _tie_or_nan(self, other)))

    def _pick_along(self, indices, dim, keepdim: bool) -> ValuesIndices:
        """``(values, indices)`` of one element picked along ``dim``: the gradient goes to it."""
        if not self.ndim:  # a single number: it is its own extreme
            return ValuesIndices(self.clone(), indices)
        values = self.gather(dim, indices)
        if not keepdim:
            values, indices = values.squeeze(dim), indices.squeeze(dim)
        return ValuesIndices(values, indices)

    def argmax(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        return _arg_extremum(self, "argmax", *_numpy_names(dim, keepdim, axis, keepdims))

    def argmin(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        return _arg_extremum(self, "argmin", *_numpy_names(dim, keepdim, axis, keepdims))

    def norm(self, p="fro", dim=None, keepdim: bool = False):
        """The ``p``-norm: ``(Σ |x|^p)^(1/p)``; 2 (``"fro"``) by default, also 1 and ``inf``; like ``torch.norm``."""
        if p in ("fro", 2):
            return (self * self).sum(dim, keepdim=keepdim).sqrt()
        if p == 1:
            return self.abs().sum(dim, keepdim=keepdim)
        if p == float("inf"):
            return self.abs().max() if dim is None else self.abs().max(dim, keepdim=keepdim).values
        if isinstance(p, (int, float)) and p > 0:
            return (self.abs() ** p).sum(dim, keepdim=keepdim) ** (1 / p)
        raise ValueError(f"norm: p must be a positive number, 'fro' or inf, got {p!r}")

    def logsumexp(self, dim, keepdim: bool = False):
        """``log Σ e^x`` along ``dim``, computed without overflow; like ``torch.logsumexp``."""
        return LogSumExp.apply(self, dim=dim, keepdim=keepdim)

    def softmax(self, dim: int):
        """``e^{x_i} / Σ_j e^{x_j}`` along ``dim``: the exp of ``log_softmax``."""
        _check_softmax("softmax", self, dim)
        return self.log_softmax(dim).exp()

    def log_softmax(self, dim: int):
        """``x_i - log Σ_j e^{x_j}`` along ``dim``.

        The largest value is subtracted first: the result does not change under a
        shift (so the shift is a constant, detached), and ``x_i - max`` is exact,
        where ``x_i - logsumexp`` would lose float32's digits for large ``x``.
        """
        _check_softmax("log_softmax", self, dim)
        shifted = self - largest(self, dim)
        return shifted - shifted.logsumexp(dim, keepdim=True)

    def gather(self, dim: int, index):
        """``out[i][j] = self[index[i][j]][j]`` for ``dim=0`` (and so on); like ``torch.gather``."""
        d = normalize_dim(dim, self.ndim, "gather")
        if not isinstance(index, Tensor) or index.dtype.np.kind not in "iu":
            raise RuntimeError(f"gather: the index must be an integer tensor (int64), got {getattr(index, 'dtype', type(index).__name__)}")
        if index.numel() and (index.min().item() < -self.shape[d] or index.max().item() >= self.shape[d]):
            bad = index.max().item() if index.max().item() >= self.shape[d] else index.min().item()
            raise IndexError(f"gather: index {bad} is out of range for dim {dim} of size {self.shape[d]} "
                             f"(a tensor of shape {self.shape})")
        if not index.ndim:
            return self[index]
        xp = namespace(index._data)
        # One index array per dimension, broadcast against each other: position i along dim k is i itself...
        key = [xp.reshape(xp.arange(n), tuple(n if j == k else 1 for j in range(index.ndim)))
               for k, n in enumerate(index.shape)]
        key[d] = index._data % self.shape[d]  # ...except along dim, where it is the index (negatives counted from the end)
        return self[tuple(key)]

    def sign(self):
        """-1, 0 or 1 by the sign of each element, 0 for NaN as in PyTorch (its gradient is 0: a constant)."""
        xp = namespace(self._data)
        signs = xp.sign(self._data)
        return Tensor(xp.where(xp.isnan(signs), xp.zeros_like(signs), signs))

    # ------------------------------------------------------------------ shape
    def reshape(self, *shape):
        return Reshape.apply(self, shape=size_tuple(shape, "reshape", infer=True))

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1):
        shape = self.shape
        if not shape:
            return self.reshape(1)
        start, end = normalize_dim(start_dim, len(shape), "flatten"), normalize_dim(end_dim, len(shape), "flatten")
        if start > end:
            raise RuntimeError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} for a tensor of shape {shape}")
        merged = prod(shape[start : end + 1])
        return self.reshape(shape[:start] + (merged,) + shape[end + 1 :])

    def squeeze(self, dim=None):
        shape = self.shape
        if dim is None:
            return self.reshape(tuple(n for n in shape if n != 1))
        d = normalize_dim(dim, len(shape), "squeeze")
        if shape[d] != 1:
            return self
        return self.reshape(shape[:d] + shape[d + 1 :])

    def unsqueeze(self, dim: int):
        shape = self.shape
        d = normalize_dim(dim, len(shape) + 1, "unsqueeze")
        return self.reshape(shape[:d] + (1,) + shape[d:])

    def permute(self, *dims):
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):  # permute(1, 0) or permute((1, 0))
            dims = dims[0]
        return Permute.apply(self, dims=tuple(int(d) for d in dims))

    def transpose(self, dim0: int, dim1: int):
        order = list(range(self.ndim))
        d0, d1 = normalize_dim(dim0, self.ndim, "transpose"), normalize_dim(dim1, self.ndim, "transpose")
        order[d0], order[d1] = order[d1], order[d0]
        return Permute.apply(self, dims=tuple(order))

    def t(self):
        """The transpose of a matrix (a vector stays as it is); like ``torch.Tensor.t``."""
        if self.ndim > 2:
            raise RuntimeError(f"t(): expects a tensor with at most 2 dimensions, got shape {self.shape}; use transpose")
        return self.T

    @property
    def T(self):
        """The dimensions reversed (the transpose of a matrix)."""
        return Permute.apply(self, dims=tuple(reversed(range(self.ndim))))

    def expand(self, *sizes):
        return Expand.apply(self, shape=size_tuple(sizes, "expand", infer=True))

    def __getitem__(self, key):
        return Index.apply(self, key=_index_key(key, namespace(self._data)))

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        if not self.shape:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.shape[0]))

    # ---------------------------------------------------------- conversions
    def to(self, *args, dtype=None, device=None, copy: bool = False, non_blocking: bool = False) -> "Tensor":
        """Convert to a dtype and/or device: ``x.to(mt.float64)``, ``x.to("cuda")``, ``x.to(device, dtype)``.

        Like ``torch.Tensor.to``: returns ``self`` when nothing changes. Both
        conversions are recorded, so gradients flow back to the original
        dtype and device.
        """
        for arg in args:
            if isinstance(arg, (str, _device)):
                device = arg
            elif isinstance(arg, Tensor):
                dtype, device = arg.dtype, arg.device
            else:
                dtype = arg
        out = self
        if device is not None and not self.device.holds(_device(device)):
            out = ToDevice.apply(out, xp=check_device(device, "to"))
        if dtype is not None and _dtypes.to_numpy(dtype) != out.dtype.np:
            out = Cast.apply(out, dtype=_dtypes.from_numpy(_dtypes.to_numpy(dtype)))
        return out.clone() if copy and out is self else out

    def cpu(self) -> "Tensor":
        """This tensor on the CPU (itself if it is there already)."""
        return self.to("cpu")

    def cuda(self, device=None) -> "Tensor":
        """This tensor on the GPU (``"cuda"``, or ``"cuda:1"`` with ``device=1``); an error without one."""
        return self.to(_device("cuda", device) if isinstance(device, int) else device or "cuda")

    def type(self, dtype=None):
        """With a dtype: ``to(dtype)``; without: the type's name, as ``'minitorch.FloatTensor'``."""
        if dtype is None:
            names = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "bool": "Bool"}
            return f"minitorch.{names.get(self.dtype.name, self.dtype.name)}Tensor"
        return self.to(dtype)

    def float(self):
        return self.to(_dtypes.float32)

    def double(self):
        return self.to(_dtypes.float64)

    def long(self):
        return self.to(_dtypes.int64)

    def int(self):
        return self.to(_dtypes.int32)

    def bool(self):
        return self.to(_dtypes.bool_)

    def clone(self):
        return Clone.apply(self)

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(
                f"the truth value of a tensor with {self._data.size} elements is ambiguous; "
                "use .any() or .all()"
            )
        return bool(self.item())

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self.dtype.np.kind not in "iu" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be used as an index")
        return int(self.item())

    def any(self, dim=None, keepdim: bool = False) -> "Tensor":
        """Is any element true (non-zero)? Along ``dim``, or over everything."""
        return Tensor(namespace(self._data).any(self._data, axis=dim, keepdims=keepdim))

    def all(self, dim=None, keepdim: bool = False) -> "Tensor":
        """Is every element true (non-zero)? Along ``dim``, or over everything."""
        return Tensor(namespace(self._data).all(self._data, axis=dim, keepdims=keepdim))

    def isclose(self, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> "Tensor":
        """``|self - other| <= atol + rtol · |other|``, elementwise; like ``torch.isclose``."""
        a, b = operands(self, other)
        xp = namespace(a)
        close = abs(a - b) <= atol + rtol * abs(b)
        exact = a == b  # infinities of the same sign
        if equal_nan:
            exact = exact | (xp.isnan(a) & xp.isnan(b))
        return Tensor(close | exact)

    def allclose(self, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
        """``isclose`` everywhere, as a Python bool; like ``torch.allclose``."""
        return bool(self.isclose(other, rtol, atol, equal_nan).all())

    def __format__(self, spec: str) -> str:
        """``f"{loss:.4f}"`` formats a one-element tensor as its number, as in PyTorch."""
        if spec and self._data.size == 1:
            return format(self.item(), spec)
        return format(repr(self), spec)

    # ------------------------------------------------------------------- repr
    def __repr__(self) -> str:
        extras = []
        if self.device.type != "cpu":
            extras.append(f"device='{self.device}'")
        if self.dtype not in (_dtypes.get_default_dtype(), _dtypes.int64, _dtypes.bool_):
            extras.append(f"dtype={self.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn={self.grad_fn!r}")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        body = format_array(backend.to_numpy(self._data), indent=len("tensor("))
        return "tensor(" + ", ".join([body] + extras) + ")"


def format_array(array: np.ndarray, indent: int = 0) -> str:
    """Print values the way PyTorch does: ``1.`` for whole numbers, otherwise 4 decimals."""
    mode = "maxprec"
    if array.dtype.kind == "f":
        finite = array[np.isfinite(array)]
        if not np.array_equal(finite, np.round(finite)):
            mode = "fixed"
    return np.array2string(
        array, precision=4, floatmode=mode, separator=", ", prefix=" " * indent,
        threshold=1000, edgeitems=3, max_line_width=80,
    )


# ---------------------------------------------------------------- helpers
def to_array(data, dtype):
    """Convert user data to a fresh array of the CPU's library, with PyTorch's dtype rules.

    Python floats become the default dtype, ints ``int64``, bools ``bool``; a
    NumPy array keeps its dtype. Anything that is not numbers (text, ``None``,
    ragged lists, ints beyond ``int64``) is refused, saying what was found.
    """
    if isinstance(data, Tensor):
        data = data._data
    if hasattr(data, "__array_namespace__") and not isinstance(data, np.ndarray):  # another library's array
        data = backend.to_numpy(data)
    np_dtype = None if dtype is None else _dtypes.to_numpy(dtype)
    try:
        array = np.array(data, dtype=np_dtype)
    except (ValueError, TypeError, OverflowError) as err:
        array, problem = None, err  # explained below
    if array is None or array.dtype.kind not in "fiub" or _has_big_int_in(array, data):
        what = _first_non_number(data)
        if what == "this data" and array is None:  # numbers, but not ones the dtype can hold (nan as int64)
            raise ValueError(f"can't make a {_dtypes.from_numpy(np_dtype)} tensor from {data!r}: {problem}")
        error = ValueError if what.startswith(("ragged", "the integer")) else TypeError  # PyTorch's kinds
        raise error(f"can't make a tensor from {what}; use numbers or booleans, in (nested) lists of equal lengths")
    if dtype is None and array.dtype == np.float64 and not isinstance(data, (np.ndarray, np.generic)):
        array = array.astype(_dtypes.get_default_dtype().np)
    return backend.cpu.asarray(array)


def _first_non_number(data) -> str:
    """What in ``data`` is not a number, as a learner would name it."""
    if isinstance(data, np.ndarray):
        kind = {"U": "text (str)", "S": "bytes", "O": "Python objects"}.get(data.dtype.kind, data.dtype.name)
        return f"a NumPy array of {kind}, not numbers"
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            if len({len(x) if isinstance(x, (list, tuple)) else -1 for x in item}) > 1:
                return f"ragged nested lists (rows of different lengths: {[len(x) if isinstance(x, (list, tuple)) else 'a number' for x in item]})"
            stack.extend(reversed(item))
        elif isinstance(item, bool) or isinstance(item, (float, np.number, np.bool_)):
            continue
        elif isinstance(item, int):
            if not -(2**63) <= item < 2**63:
                return f"the integer {item}, which does not fit in int64 (-2**63 to 2**63 - 1)"
        else:
            return f"{item!r}, a {type(item).__name__}"
    return "this data"


def _has_big_int_in(array: np.ndarray, data) -> bool:
    """Did NumPy make a Python int beyond int64 into uint64 or float (PyTorch refuses it)?"""
    if isinstance(data, np.ndarray) or array.dtype.kind not in "uf" or not array.size:
        return False
    return float(np.abs(array).max()) >= 2**63 and _has_big_int(data)


def _has_big_int(data) -> bool:
    """Does ``data`` hold a Python int beyond int64 (which NumPy would turn into uint64)?"""
    if isinstance(data, (list, tuple)):
        return any(_has_big_int(x) for x in data)
    return isinstance(data, int) and not isinstance(data, bool) and not -(2**63) <= data < 2**63


def size_tuple(sizes, op: str = "size", infer: bool = False) -> tuple:
    """Sizes given as ``f(2, 3)`` or ``f((2, 3))``, checked: whole numbers, none negative.

    With ``infer`` (reshape, view, expand) a size may be -1: "work it out" (or
    "keep it", for expand).
    """
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = sizes[0]
    out = []
    for s in sizes:
        if isinstance(s, Tensor) and s.numel() == 1 and s.dtype.np.kind in "iu":
            s = s.item()
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise TypeError(
                f"{op}: sizes must be whole numbers, but got {s!r} ({type(s).__name__}) in {tuple(sizes)}"
            )
        if s < (-1 if infer else 0):
            allowed = "-1 (inferred) or a size >= 0" if infer else "sizes >= 0"
            raise RuntimeError(f"{op}: invalid size {s} in {tuple(sizes)}: use {allowed}")
        out.append(int(s))
    if prod(max(n, 0) for n in out) > 2**48:  # far beyond any memory: refuse before NumPy tries
        raise MemoryError(f"{op}: a tensor of sizes {tuple(out)} would hold {prod(out):,} numbers, far more "
                          "than any memory; check the sizes")
    return tuple(out)


def normalize_dim(dim: int, ndim: int, op: str) -> int:
    """A dimension index made non-negative, with a clear error when out of range."""
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{op}: a dimension must be a whole number, got {dim!r} ({type(dim).__name__})")
    if not -ndim <= dim < max(ndim, 1):
        raise IndexError(
            f"{op}: dim {dim} is out of range for a tensor with {ndim} dimension(s) "
            f"(valid: {-ndim} to {ndim - 1})"
        )
    return dim % ndim if ndim else 0


def _index_key(key, xp):
    """Replace tensors in an index by their arrays, lists by arrays, in the library ``xp`` of the indexed tensor."""
    if isinstance(key, tuple):
        parts = [_index_key(k, xp) for k in key]
        # A mask beside other indices: the positions it selects (the standard takes a mask only alone).
        return tuple(p for k in parts for p in (xp.nonzero(k) if is_mask(k) else (k,)))
    if isinstance(key, Tensor):
        key = key._data
    if isinstance(key, (list, range)) or (isinstance(key, np.ndarray) and not is_array(key)):
        key = to_array([k._data if isinstance(k, Tensor) else k for k in key] if isinstance(key, list) else key, None)
    return move_to(key, xp) if is_array(key) else key


def _arg_extremum(t: Tensor, name: str, dim, keepdim: bool) -> Tensor:
    """``argmax`` or ``argmin`` (``name``), over everything or along ``dim``."""
    if t.numel() == 0:
        raise IndexError(f"{name}: the tensor of shape {t.shape} is empty, so it has no largest or smallest element")
    xp = namespace(t._data)
    if dim is None:
        return Tensor(as_array(getattr(xp, name)(xp.reshape(t._data, (-1,)))))
    d = normalize_dim(dim, t.ndim, name)
    return Tensor(as_array(getattr(xp, name)(t._data, axis=d, keepdims=keepdim)))


def matmul(input, other) -> Tensor:
    """Matrix product with PyTorch's rules for vectors and (broadcast) batches; ``input @ other``."""
    return MatMul.apply(input, other)


def largest(t: Tensor, dim: int) -> Tensor:
    """The largest value along ``dim`` (kept), as a constant; 0 where there is none (an empty or all -inf row).

    (An inf or a NaN stays, so the result is NaN there, as in PyTorch.)

    ``log_softmax`` subtracts it first: the result does not change under a
    shift, and ``x - max`` keeps float32's digits where ``x - logsumexp`` would not.
    """
    x = t._data
    xp = namespace(x)
    if x.shape[dim] == 0:  # no values to take the largest of
        return Tensor(xp.zeros(tuple(1 if i == dim else n for i, n in enumerate(x.shape)), dtype=x.dtype))
    m = xp.max(x, axis=dim, keepdims=True)
    return Tensor(xp.where(m == -xp.inf, xp.zeros_like(m), m))


def _check_softmax(op: str, t: Tensor, dim) -> None:
    normalize_dim(dim, t.ndim, op)
    if not t.is_floating_point():
        raise RuntimeError(f"{op}: needs a floating-point tensor, got {t.dtype}; call .float() first")


def _tie_or_nan(a, b):
    """Where neither of ``a``, ``b`` is larger: a tie shares the gradient; a NaN gives NaN and both get it (PyTorch's rule)."""
    return where(a == b, (a + b) / 2, a + b)


def _check_broadcast(op: str, a, b) -> None:
    """Raise an error naming ``op`` and both shapes when ``a`` and ``b`` can't be broadcast together."""
    try:
        np.broadcast_shapes(shape_of(unwrap(a)), shape_of(unwrap(b)))  # (shapes only: no array math)
    except ValueError as err:
        raise RuntimeError(explain_op(op, (a, b), err)) from None


def _numpy_names(dim, keepdim, axis, keepdims) -> tuple:
    """``(dim, keepdim)`` from PyTorch's names or NumPy's (``axis=``, ``keepdims=``), which PyTorch accepts too."""
    if axis is not None:
        if dim is not None:
            raise TypeError("give the dimension once: dim= or axis=, not both")
        dim = axis
    return dim, keepdim if keepdims is None else keepdims


def unwrap(x):
    """The array inside a tensor; anything else (a Python number, None) as it is.

    Ops call it in ``forward`` to reach the numbers they compute with.
    """
    return x._data if isinstance(x, Tensor) else x


def is_array(x) -> bool:
    """Is ``x`` an array of a library a device computes with (the CPU's, CuPy's)?

    A NumPy array counts only when the CPU computes with NumPy; a NumPy scalar never.
    """
    return isinstance(x, backend.CPU_ARRAY) or (
        hasattr(x, "__array_namespace__") and not isinstance(x, (np.ndarray, np.generic)))


def is_mask(x) -> bool:
    """Is ``x`` a boolean array, used as an index?"""
    return is_array(x) and _dtypes.from_native(x.dtype) == _dtypes.bool_


def copy_of(array):
    """A copy of an array, in its own library."""
    return namespace(array).asarray(array, copy=True)


def shape_of(x) -> tuple:
    """The shape of a tensor or an array; ``()`` for a Python number."""
    return getattr(x, "shape", ())


def operands(a, b) -> tuple:
    """The arrays (or numbers) of a binary op's inputs, converted to the dtype of its result.

    PyTorch's promotion decides the dtype (``result_type``); converting first
    means the array library never has to promote two dtypes by its own rules
    (which differ from PyTorch's, or, for array-api-strict, refuse to mix kinds).
    A Python number that :func:`joins` the tensor beside it needs no converting.
    """
    if isinstance(a, Tensor):
        if isinstance(b, Tensor):
            if type(a._data) is type(b._data) and a._data.dtype == b._data.dtype:
                return a._data, b._data  # nothing to convert
            if type(a._data) is not type(b._data):
                a, b = same_library(a, b)
        elif joins(b, a):
            return a._data, b
        else:
            b = as_operand(b)
    elif isinstance(b, Tensor):
        if joins(a, b):
            return a, b._data
        a = as_operand(a)
    else:
        return a, b
    dtype = result_type(a, b)
    return promote(a, dtype), promote(b, dtype)


def joins(number, tensor: Tensor) -> bool:
    """Can a Python number meet ``tensor``'s array as it is? Yes when it is of the tensor's kind or a lower one:
    the result then has the tensor's dtype, in PyTorch and in the Array API standard alike. A bool joins only
    bools (the standard mixes bools with nothing else); NumPy's scalars and lists are converted first."""
    kind = type(number)
    if kind is float:
        return tensor.dtype.is_floating_point
    if kind is int:
        return tensor.dtype is not _dtypes.bool_
    return kind is bool and tensor.dtype is _dtypes.bool_


def as_operand(x):
    """A list, or another library's array, beside a tensor: made a tensor, with PyTorch's dtype rules.

    A NumPy scalar (``np.float64(2.0)``) counts as the Python number it holds, as in PyTorch.
    """
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, (list, tuple, np.ndarray)) and not is_array(x):
        return Tensor(to_array(x, None))
    return x


def same_library(a: Tensor, b: Tensor) -> tuple:
    """A 0-d CPU tensor beside a GPU's tensor, moved to the GPU (PyTorch lets it join as a number)."""
    if a.ndim:
        return a, Tensor(move_to(b._data, namespace(a._data)))
    return Tensor(move_to(a._data, namespace(b._data))), b


def promote(x, dtype):
    """A tensor's array in ``dtype`` (unchanged when it has it already); a number as it is."""
    if not isinstance(x, Tensor):  # a number; True counts as 1 beside numbers (the standard mixes no bools)
        return int(x) if isinstance(x, bool) and _dtypes.from_native(dtype) != _dtypes.bool_ else x
    return x._data if x._data.dtype == dtype else namespace(x._data).astype(x._data, dtype)


#: PyTorch's categories of dtypes, lowest first: bool, integer, floating point.
_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}


def result_type(a, b):
    """The dtype of ``a op b`` (in the arrays' library), by PyTorch's promotion rules (not NumPy's).

    The higher category wins (bool < integer < float); within one category the
    larger type wins. A 0-d tensor counts only if it raises the category, and a
    Python number then brings the default type of its category: ``int_tensor *
    2.5`` is ``float32``, not NumPy's ``float64``; ``float32 * float64_0d`` is ``float32``.
    """
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        da, db = a._data.dtype, b._data.dtype
        if da == db:
            return da
        ka, kb = _CATEGORY[a.dtype.np.kind], _CATEGORY[b.dtype.np.kind]
        if ka == kb and bool(a.ndim) != bool(b.ndim):  # a 0-d tensor of the same category doesn't count
            return da if a.ndim else db
        if ka != kb:
            return da if ka > kb else db
        return namespace(a._data).result_type(da, db)
    tensor, number = (a, b) if isinstance(a, Tensor) else (b, a)
    dtype = tensor._data.dtype
    category = 0 if isinstance(number, (bool, np.bool_)) else 2 if isinstance(number, (float, np.floating)) else 1
    if category <= _CATEGORY[tensor.dtype.np.kind]:
        return dtype
    return _dtypes.native(namespace(tensor._data), _dtypes.get_default_dtype() if category == 2 else _dtypes.int64)


def _initial_gradient(op: str, output: Tensor, gradient) -> Tensor:
    """The gradient backward starts from: 1 for a single number, else the one given, checked."""
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError(
                f"{op} without a gradient works only on a single number, but this "
                f"tensor has shape {output.shape}. Reduce it first (loss.sum().backward() "
                "or .mean()), or pass gradient=mt.ones_like(t)."
            )
        return Tensor(namespace(output._data).ones(output.shape, dtype=output._data.dtype))
    if not isinstance(gradient, Tensor):
        raise TypeError(f"{op}: gradient must be a Tensor, got a {type(gradient).__name__}; wrap it with mt.tensor(...)")
    if gradient.shape != output.shape:
        raise RuntimeError(
            f"{op}: gradient has shape {gradient.shape} but the tensor has "
            f"shape {output.shape}; they must match"
        )
    return gradient if gradient.dtype == output.dtype else gradient.to(output.dtype)


# The ops import Function, which imports Tensor from this module: import them last.
from .autograd.engine import run_backward  # noqa: E402
from .autograd.function import explain_op  # noqa: E402
from .ops.elementwise import where  # noqa: E402
from .ops.elementwise import (  # noqa: E402
    Abs, Add, Cast, Clamp, Clone, Cos, Div, Exp, Log, Mul, Neg, Pow, Relu, Sigmoid, Sin, Sqrt, Sub, Tanh, ToDevice,
)
from .ops.matrix import MatMul  # noqa: E402
from .ops.reduction import LogSumExp, Max, Mean, Sum, normalize_dims  # noqa: E402
from .ops.shape import Expand, Index, IndexPut, Permute, Reshape, assigned, full_key, has_index_arrays  # noqa: E402
