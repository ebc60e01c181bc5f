"""Shape ops: move numbers around without changing them.

Each backward moves the gradient back to where the numbers came from: a
reshape is undone by the inverse reshape, a permutation by the inverse
permutation, an index by adding into zeros at the indexed places (``AddAt``,
whose own backward is indexing again).
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import xp
from ..tensor import Tensor, normalize_dim, unwrap
from .broadcasting import unbroadcast


class Reshape(Function):
    """The same numbers in a new shape (``view``, ``flatten``, ``squeeze`` and ``unsqueeze`` too).

    d/da: the gradient reshaped back to ``a``'s shape. PyTorch: ``torch.reshape``.
    """

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        try:
            return unwrap(a).reshape(shape)
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
        if sorted(d % max(a.ndim, 1) for d in dims) != list(range(a.ndim)):
            raise ValueError(f"permute: {dims} is not an ordering of the {a.ndim} dimensions of a tensor of shape {a.shape}")
        ctx.dims = dims
        return unwrap(a).transpose(dims)

    @staticmethod
    def backward(ctx, grad_output):
        inverse = tuple(int(i) for i in xp.argsort([d % grad_output.ndim for d in ctx.dims]))
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
        return xp.broadcast_to(unwrap(a), target)

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
            return unwrap(a)[key]
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
        out = xp.zeros(shape, dtype=values.dtype.np)
        xp.add.at(out, key, unwrap(values))
        return out

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
        out = unwrap(a).copy()
        out[key] = unwrap(values)
        kept = xp.ones(a.shape, dtype=bool)
        kept[key] = False
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
        return xp.concatenate([unwrap(t) for t in tensors], axis=dim)

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
        return xp.stack([unwrap(t) for t in tensors], axis=dim)

    @staticmethod
    def backward(ctx, grad_output):
        before = (slice(None),) * (ctx.dim % grad_output.ndim)
        return tuple(grad_output[before + (i,)] for i in range(ctx.count))
