"""Shape ops: move numbers around without changing them.

Each backward moves the gradient back to where the numbers came from: a
reshape is undone by the inverse reshape, a permutation by the inverse
permutation, an index by adding into zeros at the indexed places (``AddAt``,
whose own backward is indexing again).
"""

from __future__ import annotations

from ..autograd.function import Function
from math import prod

from ..backend import namespace
from ..tensor import Tensor, is_array, normalize_dim, unwrap
from .broadcasting import unbroadcast


class Reshape(Function):
    """The same numbers in a new shape (``view``, ``flatten``, ``squeeze`` and ``unsqueeze`` too).

    d/da: the gradient reshaped back to ``a``'s shape. PyTorch: ``torch.reshape``.
    """

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        try:
            x = unwrap(a)
            return namespace(x).reshape(x, shape)
        except ValueError:
            raise ValueError(
                f"reshape: can't reshape {a.shape} ({a.numel()} elements) into {shape}; the number of "
                "elements must stay the same (one size may be -1 to be inferred)"
            ) from None

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.reshape(ctx.shape)


class Permute(Function):
    """Dimensions reordered (``transpose``, ``.T``); backward applies the inverse order.  PyTorch: ``torch.permute``."""

    @staticmethod
    def forward(ctx, a, dims):
        axes = tuple(d % max(a.ndim, 1) for d in dims)  # negative dims count from the end
        if sorted(axes) != list(range(a.ndim)):
            raise ValueError(f"permute: {dims} is not an ordering of the {a.ndim} dimensions of a tensor of shape {a.shape}")
        ctx.dims = dims
        x = unwrap(a)
        return namespace(x).permute_dims(x, axes)

    @staticmethod
    def backward(ctx, grad_output):
        n = grad_output.ndim
        inverse = tuple(sorted(range(n), key=lambda i: ctx.dims[i] % n))  # where each dimension went
        return grad_output.permute(inverse)


class Expand(Function):
    """``a`` broadcast to a larger shape (-1 keeps a size); backward sums the copies.  PyTorch: ``Tensor.expand``."""

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        lead = len(shape) - a.ndim
        if -1 in shape[:max(lead, 0)]:
            raise ValueError(f"expand: -1 (keep the size) isn't allowed in a new leading dimension, got {shape} "
                             f"for a tensor of shape {a.shape}")
        target = tuple(a.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
        if lead < 0 or any(n not in (m, 1) for n, m in zip(a.shape, target[lead:])):
            raise ValueError(
                f"expand: can't expand a tensor of shape {a.shape} to {shape}: lined up from the right, "
                "each size must stay the same or be 1 (new sizes may be added on the left)"
            )
        x = unwrap(a)
        return namespace(x).broadcast_to(x, target)

    @staticmethod
    def backward(ctx, grad_output):
        return unbroadcast(grad_output, ctx.shape)


class Index(Function):
    """``a[key]`` with ints, slices, lists, integer arrays and boolean masks.

    Backward adds the gradient into zeros at the indexed places; with integer
    arrays a position can be picked twice, and its gradients add up.
    PyTorch: ``Tensor.__getitem__`` (its graph node is ``IndexBackward``).
    """

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape = a.shape
        ctx.save_for_backward(key)  # the key may hold index arrays: freed after backward, as tensors are
        try:
            return pick(unwrap(a), key)
        except IndexError as err:
            raise IndexError(f"index {key!r} doesn't fit a tensor of shape {a.shape}: {err}") from None

    @staticmethod
    def backward(ctx, grad_output):
        (key,) = ctx.saved_tensors
        return AddAt.apply(grad_output, shape=ctx.shape, key=key)


class AddAt(Function):
    """Zeros of ``shape`` with ``values`` added at ``key`` (NumPy's ``add.at``): indexing's backward.

    Its own backward is indexing: the gradient of each added value is the
    gradient at the place it was added to. PyTorch: ``Tensor.index_put_(..., accumulate=True)``
    on zeros.
    """

    @staticmethod
    def forward(ctx, values, shape, key):
        ctx.save_for_backward(key)
        x = unwrap(values)
        xp = namespace(x)
        if not has_index_arrays(key):  # slices, ints, a mask: each place is picked at most once
            out = xp.zeros(shape, dtype=x.dtype)
            out[full_key(key, shape)] = x
            return out
        # Index arrays may pick a place twice, and the standard has no scatter-add: sort the values by
        # the place they go to, and sum each place's run of values as a difference of running sums.
        places = xp.reshape(pick(xp.reshape(xp.arange(prod(shape)), shape), key), (-1,))
        order = xp.argsort(places)
        places = xp.take(places, order)
        sorted_values = xp.take(xp.reshape(x, (-1,)), order)
        running = xp.cumulative_sum(xp.astype(sorted_values, xp.float64), include_initial=True)  # (float64: exact enough)
        every_place = xp.arange(prod(shape), dtype=places.dtype)
        starts = xp.searchsorted(places, every_place, side="left")
        ends = xp.searchsorted(places, every_place, side="right")
        totals = xp.take(running, ends) - xp.take(running, starts)
        return xp.reshape(xp.astype(totals, x.dtype), shape)

    @staticmethod
    def backward(ctx, grad_output):
        (key,) = ctx.saved_tensors
        return grad_output[key]


class IndexPut(Function):
    """``a`` with ``a[key] = values`` (item assignment, recorded): the op behind an in-place write.

    d/da: the gradient, with zeros where ``a`` was overwritten; d/dvalues: the
    gradient at the places each value went to, summed back over broadcasting.
    PyTorch: ``Tensor.__setitem__`` (its graph node is ``IndexPutBackward``).
    """

    @staticmethod
    def forward(ctx, a, values, key):
        x = unwrap(a)
        xp = namespace(x)
        v = unwrap(values)
        out = assigned(x, key, xp.astype(v, x.dtype) if is_array(v) else v)
        kept = assigned(xp.ones(a.shape, dtype=xp.bool), key, False)
        ctx.save_for_backward(Tensor(kept), key)
        ctx.values_shape = values.shape if isinstance(values, Tensor) else ()
        return out

    @staticmethod
    def backward(ctx, grad_output):
        kept, key = ctx.saved_tensors
        grad_a = grad_output * kept if ctx.needs_input_grad[0] else None
        grad_values = unbroadcast(grad_output[key], ctx.values_shape) if ctx.needs_input_grad[1] else None
        return grad_a, grad_values


class Cat(Function):
    """Tensors joined along an existing dimension; backward slices the gradient apart.  PyTorch: ``torch.cat``."""

    @staticmethod
    def forward(ctx, *tensors, dim=0):
        ctx.dim = dim = normalize_dim(dim, tensors[0].ndim, "cat")
        ctx.sizes = [t.shape[dim] for t in tensors]
        arrays = [unwrap(t) for t in tensors]
        return namespace(arrays[0]).concat(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad_output):
        grads, start = [], 0
        for size in ctx.sizes:
            grads.append(grad_output[(slice(None),) * (ctx.dim % grad_output.ndim) + (slice(start, start + size),)])
            start += size
        return tuple(grads)


class Stack(Function):
    """Tensors of one shape stacked along a new dimension; backward takes them apart again.  PyTorch: ``torch.stack``."""

    @staticmethod
    def forward(ctx, *tensors, dim=0):
        ctx.dim, ctx.count = dim, len(tensors)
        arrays = [unwrap(t) for t in tensors]
        return namespace(arrays[0]).stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad_output):
        before = (slice(None),) * (ctx.dim % grad_output.ndim)
        return tuple(grad_output[before + (i,)] for i in range(ctx.count))


def has_index_arrays(key) -> bool:
    """Does an index hold integer arrays (which may pick one place twice)?"""
    parts = key if isinstance(key, tuple) else (key,)
    return any(is_index_array(k) for k in parts)


def full_key(key, shape: tuple):
    """``key`` in the standard's terms, for an array of ``shape``.

    The standard wants every dimension named (a trailing ``...`` does it) and
    slices that stay inside the array (Python's clip silently: so do we).
    """
    parts = key if isinstance(key, tuple) else (key,)
    named = sum(1 if not is_array(k) else k.ndim for k in parts if k is not None and k is not Ellipsis)
    if not any(k is Ellipsis or k is None for k in parts):  # part i indexes dimension i: clip its slices
        parts = tuple(inside(k, n) if isinstance(k, slice) else k for k, n in zip(parts, shape)) + parts[len(shape):]
    if any(k is Ellipsis for k in parts) or named >= len(shape):
        return parts if isinstance(key, tuple) else parts[0]
    return parts + (Ellipsis,)


def inside(s: slice, n: int) -> slice:
    """A slice of a dimension of size ``n`` with its bounds clipped to the dimension, as Python clips them."""
    if s.step is not None and s.step < 0:
        return s
    start = None if s.start is None else max(min(s.start, n), -n)
    stop = None if s.stop is None else max(min(s.stop, n), -n)
    return slice(start, stop, s.step)


def assigned(x, key, values):
    """A copy of ``x`` with ``x[key] = values``.

    The standard assigns through slices, integers and a mask, not through
    index arrays: for those, every place looks up the last value written to
    it, with a sort and a search.
    """
    xp = namespace(x)
    if not has_index_arrays(key):
        out = xp.asarray(x, copy=True)
        out[full_key(key, x.shape)] = values
        return out
    n = prod(x.shape)
    picked = pick(xp.reshape(xp.arange(n), x.shape), key)  # the flat place of each element key picks
    places = xp.reshape(picked, (-1,))
    if places.shape[0] == 0:
        return xp.asarray(x, copy=True)
    values = xp.reshape(xp.broadcast_to(xp.asarray(values, dtype=x.dtype), picked.shape), (-1,))
    order = xp.argsort(places, stable=True)
    places, values = xp.take(places, order), xp.take(values, order)
    every = xp.arange(n)
    last = xp.clip(xp.searchsorted(places, every, side="right") - 1, 0, None)  # the last write to each place
    written = xp.take(places, last) == every
    return xp.reshape(xp.where(written, xp.take(values, last), xp.reshape(x, (-1,))), x.shape)


def pick(x, key):
    """``x[key]``, in the standard's terms where it has them.

    The standard indexes with integers, slices, ``None``, ``...``, one boolean
    mask, or integer arrays for every dimension. One integer array among
    whole slices (``x[idx]``, ``x[:, idx]``: PyTorch's and NumPy's habit) is a
    ``take`` along its dimension.
    """
    key = full_key(key, x.shape)
    parts = key if isinstance(key, tuple) else (key,)
    arrays = [i for i, k in enumerate(parts) if is_index_array(k)]
    slices = [k is Ellipsis or isinstance(k, slice) for i, k in enumerate(parts) if i not in arrays]
    if len(arrays) != 1 or not all(slices):
        return x[key]
    (i,) = arrays
    axis = i if not any(k is Ellipsis for k in parts[:i]) else x.ndim - (len(parts) - i)
    xp = namespace(x)
    index = xp.where(parts[i] < 0, parts[i] + x.shape[axis], parts[i])  # negative indices count from the end
    picked = xp.take(x, xp.reshape(index, (-1,)), axis=axis)
    picked = xp.reshape(picked, x.shape[:axis] + tuple(index.shape) + x.shape[axis + 1:])
    rest = parts[:i] + (slice(None),) * index.ndim + parts[i + 1:]  # then the slices of the other dimensions
    return picked if all(k is Ellipsis or k == slice(None) for k in rest) else picked[full_key(rest, picked.shape)]


def is_index_array(k) -> bool:
    return is_array(k) and namespace(k).isdtype(k.dtype, "integral")
