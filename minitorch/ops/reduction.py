"""Reductions: ops that combine numbers along dimensions (``sum``, ``mean``, ``max``, ...).

Their backward spreads the output gradient back over the numbers that were
combined. ``dim`` may be an int, a tuple, or ``None`` (all dimensions), and
negative dims count from the end, as in PyTorch.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import xp


def normalize_dims(dim, ndim: int) -> tuple:
    """``dim`` as a sorted tuple of non-negative axes (``None`` means all)."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    out = []
    for d in dims:
        if not -max(ndim, 1) <= d < max(ndim, 1):
            raise ValueError(
                f"dim {d} is out of range for a tensor with {ndim} dimension(s) "
                f"(valid: {-ndim} to {ndim - 1})"
            )
        out.append(d % ndim if ndim else 0)
    return tuple(sorted(set(out))) if ndim else ()


def expand_back(grad, shape, dims, keepdim: bool):
    """Broadcast a reduced gradient back to the input's ``shape`` (a read-only view)."""
    if not keepdim:
        grad = grad.reshape([1 if i in dims else n for i, n in enumerate(shape)])
    return xp.broadcast_to(grad, shape)


class Sum(Function):
    """``sum`` over ``dim``;  each input number contributed with weight 1."""

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        dims = normalize_dims(dim, a.ndim)
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        return a.sum(axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        return expand_back(grad, ctx.shape, ctx.dims, ctx.keepdim)


class Mean(Function):
    """``mean`` over ``dim``;  each of the n input numbers has weight 1/n."""

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        dims = normalize_dims(dim, a.ndim)
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        ctx.count = 1
        for d in dims:
            ctx.count *= a.shape[d]
        return a.mean(axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        return expand_back(grad / ctx.count, ctx.shape, ctx.dims, ctx.keepdim)


class Max(Function):
    """The largest number; the gradient goes to it (split evenly between ties, as in PyTorch)."""

    _reduce = staticmethod(xp.max)

    @classmethod
    def forward(cls, ctx, a):
        out = cls._reduce(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        winners = a == out
        return winners * (grad / winners.sum())


class Min(Max):
    """The smallest number; the gradient goes to it (split evenly between ties)."""

    _reduce = staticmethod(xp.min)


class MaxAlong(Function):
    """The largest number along ``dim``; the gradient goes to the chosen index."""

    _pick = staticmethod(xp.argmax)

    @classmethod
    def forward(cls, ctx, a, dim, keepdim=False):
        (d,) = normalize_dims(dim, a.ndim) or (0,)
        index = cls._pick(a, axis=d, keepdims=True) if a.ndim else xp.zeros((), dtype=int)
        ctx.shape, ctx.dim, ctx.keepdim, ctx.index = a.shape, d, keepdim, index
        if not a.ndim:
            return a.copy()
        values = xp.take_along_axis(a, index, axis=d)
        return values if keepdim else values.squeeze(d)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.shape:
            return grad
        if not ctx.keepdim:
            grad = xp.expand_dims(grad, ctx.dim)
        out = xp.zeros(ctx.shape, dtype=grad.dtype)
        xp.put_along_axis(out, ctx.index, grad, axis=ctx.dim)
        return out


class MinAlong(MaxAlong):
    """The smallest number along ``dim``; the gradient goes to the chosen index."""

    _pick = staticmethod(xp.argmin)


class Softmax(Function):
    """``softmax(a)_i = e^{a_i} / Σ_j e^{a_j}`` along ``dim``.

    Forward subtracts the maximum first (the result is the same, and ``exp``
    can't overflow). Backward: ``s * (g - Σ_j g_j s_j)``, the Jacobian
    ``diag(s) - s sᵀ`` applied to ``g`` without building it.
    """

    @staticmethod
    def forward(ctx, a, dim):
        e = xp.exp(a - a.max(axis=dim, keepdims=True))
        out = e / e.sum(axis=dim, keepdims=True)
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (s,) = ctx.saved_tensors
        return s * (grad - (grad * s).sum(axis=ctx.dim, keepdims=True))


class LogSoftmax(Function):
    """``log_softmax(a)_i = a_i - log Σ_j e^{a_j}`` along ``dim``, computed stably.

    Uses the log-sum-exp trick: ``log Σ e^{a_j} = m + log Σ e^{a_j - m}`` with
    ``m = max a``. Backward: ``g - softmax(a) Σ_j g_j``.
    """

    @staticmethod
    def forward(ctx, a, dim):
        shifted = a - a.max(axis=dim, keepdims=True)
        out = shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - xp.exp(out) * grad.sum(axis=ctx.dim, keepdims=True)
