"""Elementwise ops: each output number depends on the inputs' numbers at the same place.

The derivative of an elementwise op is elementwise too, so every backward is
``grad * (local derivative)``; binary ops then sum the gradient back to each
input's shape with :func:`~minitorch.backend.unbroadcast`, undoing broadcasting.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import unbroadcast, xp


# ------------------------------------------------------------------ arithmetic
class Add(Function):
    """``a + b``;  d/da = 1,  d/db = 1."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a + b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = unbroadcast(grad, a) if need_a else None
        grad_b = unbroadcast(grad, b) if need_b else None
        return grad_a, grad_b


class Sub(Function):
    """``a - b``;  d/da = 1,  d/db = -1."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a - b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = unbroadcast(grad, a) if need_a else None
        grad_b = unbroadcast(-grad, b) if need_b else None
        return grad_a, grad_b


class Mul(Function):
    """``a * b``;  d/da = b,  d/db = a."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad  # False for a constant: no product to compute
        grad_a = unbroadcast(grad * b, a) if need_a else None
        grad_b = unbroadcast(grad * a, b) if need_b else None
        return grad_a, grad_b


class Div(Function):
    """``a / b``;  d/da = 1/b,  d/db = -a/b²."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        g_over_b = grad / b
        grad_a = unbroadcast(g_over_b, a) if need_a else None
        grad_b = unbroadcast(-g_over_b * a / b, b) if need_b else None
        return grad_a, grad_b


class Neg(Function):
    """``-a``;  d/da = -1."""

    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Pow(Function):
    """``a ** b``;  d/da = b a^(b-1),  d/db = a^b ln a."""

    @staticmethod
    def forward(ctx, a, b):
        out = a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        grad_a = grad_b = None
        if hasattr(a, "shape"):
            grad_a = unbroadcast(grad * b * a ** (b - 1), a)
        if hasattr(b, "shape"):
            with xp.errstate(divide="ignore", invalid="ignore"):
                # a = 0 contributes nothing (0^b is flat in b for b > 0), as in PyTorch
                grad_b = unbroadcast(xp.where(a == 0, 0.0, grad * out * xp.log(a)), b)
        return grad_a, grad_b


# ------------------------------------------------------------------------ math
class Exp(Function):
    """``e^a``;  d/da = e^a, the output itself."""

    @staticmethod
    def forward(ctx, a):
        out = xp.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Log(Function):
    """``ln a``;  d/da = 1/a."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.log(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(Function):
    """``√a``;  d/da = 1 / (2√a)."""

    @staticmethod
    def forward(ctx, a):
        out = xp.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)


class Abs(Function):
    """``|a|``;  d/da = sign(a) (0 at 0, as in PyTorch)."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.abs(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * xp.sign(a)


class Sin(Function):
    """``sin a``;  d/da = cos a."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * xp.cos(a)


class Cos(Function):
    """``cos a``;  d/da = -sin a."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.cos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * xp.sin(a)


# ----------------------------------------------------------------- activations
class Tanh(Function):
    """``tanh a``;  d/da = 1 - tanh² a."""

    @staticmethod
    def forward(ctx, a):
        out = xp.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 - out * out)


class Sigmoid(Function):
    """``σ(a) = 1 / (1 + e^-a)``;  d/da = σ(a) (1 - σ(a))."""

    @staticmethod
    def forward(ctx, a):
        out = 0.5 * (1 + xp.tanh(0.5 * a))  # equals 1/(1+e^-a), without overflow for a << 0
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * (1 - out)


class ReLU(Function):
    """``max(a, 0)``;  d/da = 1 where a > 0, else 0."""

    @staticmethod
    def forward(ctx, a):
        out = xp.maximum(a, 0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        # grad * (out > 0), with the mask made floats first: NumPy multiplies
        # two float arrays faster than a float array by a bool one.
        slope = (out > 0).astype(grad.dtype)
        slope *= grad
        return slope


class LeakyReLU(Function):
    """``a`` where a > 0, else ``slope * a``;  d/da = 1 or ``slope``."""

    @staticmethod
    def forward(ctx, a, negative_slope=0.01):
        ctx.save_for_backward(a)
        ctx.negative_slope = negative_slope
        return xp.where(a > 0, a, a * negative_slope)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return xp.where(a > 0, grad, grad * ctx.negative_slope)


class Clamp(Function):
    """``a`` limited to ``[min, max]``;  d/da = 1 inside the range, 0 where clipped."""

    @staticmethod
    def forward(ctx, a, min=None, max=None):
        ctx.save_for_backward(a)
        ctx.bounds = (min, max)
        return xp.clip(a, min, max)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        low, high = ctx.bounds
        inside = xp.ones(a.shape, dtype=bool)
        if low is not None:
            inside &= a >= low
        if high is not None:
            inside &= a <= high
        return grad * inside


class Where(Function):
    """``a`` where ``condition`` holds, else ``b``; the gradient goes to the chosen side."""

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.save_for_backward(condition, a, b)
        return xp.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        condition, a, b = ctx.saved_tensors
        zero = xp.zeros((), dtype=grad.dtype)
        return None, unbroadcast(xp.where(condition, grad, zero), a), unbroadcast(xp.where(condition, zero, grad), b)


# ------------------------------------------------------------- copies and casts
class Clone(Function):
    """A copy of ``a``;  d/da = 1."""

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class Cast(Function):
    """``a`` converted to another dtype; the gradient converts back (the engine does that)."""

    @staticmethod
    def forward(ctx, a, dtype):
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad
