"""Shape ops: move numbers around without changing them.

Each backward moves the gradient back to where the numbers came from:
a reshape is undone by the inverse reshape, a permutation by the inverse
permutation, an index by scattering into zeros (adding where an index repeats).
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import unbroadcast, xp


class Reshape(Function):
    """The same numbers in a new shape (``view``, ``flatten``, ``squeeze`` and ``unsqueeze`` too)."""

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        try:
            return a.reshape(shape)
        except ValueError:
            raise ValueError(
                f"reshape: can't reshape {a.shape} ({a.size} elements) into {shape}; the number of "
                "elements must stay the same (one size may be -1 to be inferred)"
            ) from None

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


class Permute(Function):
    """Dimensions reordered (``transpose``, ``.T``); backward applies the inverse order."""

    @staticmethod
    def forward(ctx, a, dims):
        if sorted(d % max(a.ndim, 1) for d in dims) != list(range(a.ndim)):
            raise ValueError(f"permute: {dims} is not an ordering of the {a.ndim} dimensions of a tensor of shape {a.shape}")
        ctx.dims = dims
        return a.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(xp.argsort([d % grad.ndim for d in ctx.dims]))


class Expand(Function):
    """``a`` broadcast to a larger shape (-1 keeps a size); backward sums the copies."""

    @staticmethod
    def forward(ctx, a, shape):
        ctx.save_for_backward(a)
        lead = len(shape) - a.ndim
        target = tuple(a.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
        return xp.broadcast_to(a, target)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return unbroadcast(grad, a)


def _is_fancy(key) -> bool:
    """Does the index contain an integer array (so positions may repeat)?"""
    parts = key if isinstance(key, tuple) else (key,)
    return any(getattr(k, "dtype", None) is not None and k.dtype.kind in "iu" and k.ndim > 0 for k in parts)


class Index(Function):
    """``a[key]`` with ints, slices, lists, integer arrays and boolean masks.

    Backward writes the gradient into zeros at the indexed places; with integer
    arrays a position can be picked twice, so the gradients there add up.
    """

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape, ctx.key = a.shape, key
        try:
            return a[key]
        except IndexError as err:
            raise ValueError(f"index {key!r} doesn't fit a tensor of shape {a.shape}: {err}") from None

    @staticmethod
    def backward(ctx, grad):
        out = xp.zeros(ctx.shape, dtype=grad.dtype)
        if _is_fancy(ctx.key):
            xp.add.at(out, ctx.key, grad)
        else:
            out[ctx.key] = grad
        return out


class Cat(Function):
    """Tensors joined along an existing dimension; backward splits the gradient."""

    @staticmethod
    def forward(ctx, *arrays, dim=0):
        ctx.dim = dim
        ctx.sizes = [a.shape[dim] for a in arrays]
        return xp.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        edges = xp.cumsum(ctx.sizes)[:-1]
        return tuple(xp.split(grad, edges, axis=ctx.dim))


class Stack(Function):
    """Tensors of one shape stacked along a new dimension; backward unstacks."""

    @staticmethod
    def forward(ctx, *arrays, dim=0):
        ctx.dim = dim
        return xp.stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return tuple(xp.moveaxis(grad, ctx.dim, 0))
