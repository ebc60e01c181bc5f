"""Reductions: ops that combine numbers along dimensions (``sum``, ``mean``, ``max``, ...).

Their backward spreads the output gradient back over the numbers that were
combined. ``dim`` may be an int, a tuple, or ``None`` (all dimensions), and
negative dims count from the end, as in PyTorch.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import namespace, silent_math
from ..dtypes import from_native
from ..tensor import Tensor, normalize_dim, unwrap


def normalize_dims(dim, ndim: int, op: str) -> tuple:
    """``dim`` (an int, a tuple, or ``None`` for all) as a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    dims = tuple(dim) if isinstance(dim, (tuple, list)) else (dim,)
    return tuple(sorted({normalize_dim(d, ndim, op) for d in dims})) if ndim else ()


def expand_back(grad, shape: tuple, dims: tuple, keepdim: bool):
    """A reduced gradient tensor broadcast back to the input's ``shape``."""
    if not keepdim:
        grad = grad.reshape(tuple(1 if i in dims else n for i, n in enumerate(shape)))
    return grad.expand(shape)


class Sum(Function):
    """``sum`` over ``dim``;  each input number contributed with weight 1.  PyTorch: ``torch.sum``."""

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        ctx.dims = normalize_dims(dim, a.ndim, "sum")
        ctx.shape, ctx.keepdim = a.shape, keepdim
        x = unwrap(a)
        xp = namespace(x)
        if not from_native(x.dtype).is_floating_point:  # bools and integers add up as int64, as in PyTorch
            x = xp.astype(x, xp.int64)
        return xp.sum(x, axis=ctx.dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad_output):
        return expand_back(grad_output, ctx.shape, ctx.dims, ctx.keepdim)


class Mean(Function):
    """``mean`` over ``dim``;  each of the n input numbers has weight 1/n.  PyTorch: ``torch.mean``."""

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        ctx.dims = normalize_dims(dim, a.ndim, "mean")
        ctx.shape, ctx.keepdim = a.shape, keepdim
        ctx.count = 1
        for d in ctx.dims:
            ctx.count *= a.shape[d]
        x = unwrap(a)
        total = namespace(x).sum(x, axis=ctx.dims, keepdims=keepdim)
        return total / ctx.count if ctx.count else total * float("nan")  # the mean of nothing is NaN

    @staticmethod
    def backward(ctx, grad_output):
        return expand_back(grad_output / ctx.count, ctx.shape, ctx.dims, ctx.keepdim)


class Max(Function):
    """The largest number; the gradient goes to it, split evenly between ties (as PyTorch).

    A NaN counts as the largest (the result is NaN, and so is its gradient's
    target). ``min()`` is ``-max(-a)``; ``max(dim)`` is not this op: it picks
    one element per row with ``gather``. PyTorch: ``torch.max``.
    """

    @staticmethod
    def forward(ctx, a):
        x = unwrap(a)
        xp = namespace(x)
        m = xp.max(x)
        share_dtype = x.dtype if from_native(x.dtype).is_floating_point else xp.float64  # (ints have no gradient)
        winners = xp.astype((x == m) | (xp.isnan(x) & xp.isnan(m)), share_dtype)
        ctx.save_for_backward(Tensor(winners / xp.sum(winners)))
        return m

    @staticmethod
    def backward(ctx, grad_output):
        (share,) = ctx.saved_tensors  # 1/k at each of the k largest numbers, 0 elsewhere
        return grad_output * share


class LogSumExp(Function):
    """``log Σ_j e^{a_j}`` along ``dim``;  d/da_i = e^{a_i} / Σ_j e^{a_j} = softmax(a)_i.

    Forward subtracts the maximum ``m`` first: ``log Σ e^{a_j} = m + log Σ
    e^{a_j - m}``, so ``exp`` can't overflow. ``softmax`` and ``log_softmax``
    are built on it. PyTorch: ``torch.logsumexp``.
    """

    @staticmethod
    def forward(ctx, a, dim, keepdim=False):
        ctx.save_for_backward(a)
        ctx.dims, ctx.keepdim = normalize_dims(dim, a.ndim, "logsumexp"), keepdim
        x = unwrap(a)
        xp = namespace(x)
        kept_shape = tuple(1 if i in ctx.dims else n for i, n in enumerate(x.shape))
        m = xp.max(x, axis=ctx.dims, keepdims=True) if x.size else xp.zeros(kept_shape, dtype=x.dtype)
        m = xp.where(xp.isfinite(m), m, xp.zeros_like(m))  # an empty or all -inf row: no shift (-inf, not nan)
        with silent_math():  # log 0 = -inf, silently, as PyTorch
            out = m + xp.log(xp.sum(xp.exp(x - m), axis=ctx.dims, keepdims=True))
        return out if keepdim else xp.reshape(out, tuple(n for i, n in enumerate(x.shape) if i not in ctx.dims))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        softmax = (a - a.logsumexp(ctx.dims, keepdim=True)).exp()
        return expand_back(grad_output, a.shape, ctx.dims, ctx.keepdim) * softmax
