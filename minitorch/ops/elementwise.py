"""Elementwise ops: each output number depends on the inputs' numbers at the same place.

The derivative of an elementwise op is elementwise too, so every backward is
``grad_output * (local derivative)``, written with tensor operations; binary
ops then sum the gradient back to each input's shape with
:func:`~minitorch.ops.broadcasting.unbroadcast`, undoing broadcasting.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import xp
from ..dtypes import get_default_dtype
from ..tensor import Tensor, result_type, unwrap
from .broadcasting import unbroadcast


def promoted(values, dtype):
    """``values`` in the dtype PyTorch's promotion gives (NumPy's sometimes differs)."""
    return values if values.dtype == dtype else values.astype(dtype)


def shape_of(x) -> tuple:
    """A tensor's shape; ``()`` for a Python number."""
    return x.shape if isinstance(x, Tensor) else ()


# ------------------------------------------------------------------ arithmetic
class Add(Function):
    """``a + b``;  d/da = 1,  d/db = 1.  PyTorch: ``torch.add``."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = shape_of(a), shape_of(b)
        return promoted(unwrap(a) + unwrap(b), result_type(a, b))

    @staticmethod
    def backward(ctx, grad_output):
        shape_a, shape_b = ctx.shapes
        grad_a = unbroadcast(grad_output, shape_a) if ctx.needs_input_grad[0] else None
        grad_b = unbroadcast(grad_output, shape_b) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class Sub(Function):
    """``a - b``;  d/da = 1,  d/db = -1.  PyTorch: ``torch.sub``."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = shape_of(a), shape_of(b)
        return promoted(unwrap(a) - unwrap(b), result_type(a, b))

    @staticmethod
    def backward(ctx, grad_output):
        shape_a, shape_b = ctx.shapes
        grad_a = unbroadcast(grad_output, shape_a) if ctx.needs_input_grad[0] else None
        grad_b = unbroadcast(-grad_output, shape_b) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class Mul(Function):
    """``a * b``;  d/da = b,  d/db = a.  PyTorch: ``torch.mul``."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return promoted(unwrap(a) * unwrap(b), result_type(a, b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        grad_a = unbroadcast(grad_output * b, a.shape) if ctx.needs_input_grad[0] else None
        grad_b = unbroadcast(grad_output * a, b.shape) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class Div(Function):
    """``a / b``;  d/da = 1/b,  d/db = -a/b².  PyTorch: ``torch.div``."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        dtype = result_type(a, b)  # true division: integers give the default float type
        return promoted(unwrap(a) / unwrap(b), dtype if dtype.kind == "f" else get_default_dtype().np)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        grad_a = unbroadcast(grad_output / b, a.shape) if ctx.needs_input_grad[0] else None
        grad_b = unbroadcast(-grad_output * a / (b * b), b.shape) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class Neg(Function):
    """``-a``;  d/da = -1.  PyTorch: ``torch.neg``."""

    @staticmethod
    def forward(ctx, a):
        return -unwrap(a)

    @staticmethod
    def backward(ctx, grad_output):
        return -grad_output


class Pow(Function):
    """``a ** b``;  d/da = b a^(b-1),  d/db = a^b ln a.  PyTorch: ``torch.pow``.

    Where ``a = 0`` the derivative in ``b`` is taken as 0 (``0^b`` is flat in
    ``b`` for ``b > 0``), as in PyTorch.
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return promoted(unwrap(a) ** unwrap(b), result_type(a, b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            # a ** (b - 1) with the exponent raised to 0 where b = 0: the term is 0 there
            # (b times anything), and 0 ** -1 = inf would turn it into nan.
            grad_a = unbroadcast(grad_output * b * a ** (b - 1 + (b == 0)), a.shape)
        if ctx.needs_input_grad[1]:
            log_a = where(a == 0, 1.0, a).log()  # ln a, with 0 where a = 0 (and no log(0) warning)
            grad_b = unbroadcast(grad_output * a**b * log_a, b.shape)
        return grad_a, grad_b


# ------------------------------------------------------------------------ math
class Exp(Function):
    """``e^a``;  d/da = e^a.  PyTorch: ``torch.exp``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.exp(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output * a.exp()


class Log(Function):
    """``ln a``;  d/da = 1/a.  PyTorch: ``torch.log``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with xp.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf, log(-1) = nan, silently as PyTorch
            return xp.log(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output / a


class Sqrt(Function):
    """``√a``;  d/da = 1 / (2√a).  PyTorch: ``torch.sqrt``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.sqrt(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output / (2 * a.sqrt())


class Abs(Function):
    """``|a|``;  d/da = sign(a) (0 at 0, as in PyTorch).  PyTorch: ``torch.abs``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.abs(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output * a.sign()


class Sin(Function):
    """``sin a``;  d/da = cos a.  PyTorch: ``torch.sin``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.sin(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output * a.cos()


class Cos(Function):
    """``cos a``;  d/da = -sin a.  PyTorch: ``torch.cos``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.cos(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return -grad_output * a.sin()


# ----------------------------------------------------------------- activations
class Tanh(Function):
    """``tanh a``;  d/da = 1 - tanh² a.  PyTorch: ``torch.tanh``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.tanh(unwrap(a))

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        t = a.tanh()
        return grad_output * (1 - t * t)


class Sigmoid(Function):
    """``σ(a) = 1 / (1 + e^-a)``;  d/da = σ(a) (1 - σ(a)).  PyTorch: ``torch.sigmoid``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return 0.5 * (1 + xp.tanh(0.5 * unwrap(a)))  # equals 1/(1+e^-a), without overflow for a << 0

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        s = a.sigmoid()
        return grad_output * s * (1 - s)


class Relu(Function):
    """``max(a, 0)``;  d/da = 1 where a > 0, else 0.  PyTorch: ``torch.relu``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return xp.maximum(unwrap(a), 0)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return where(a <= 0, 0.0, grad_output)  # (a NaN input passes its gradient on, as in PyTorch)


class LeakyRelu(Function):
    """``a`` where a > 0, else ``slope * a``;  d/da = 1 or ``slope``.  PyTorch: ``F.leaky_relu``."""

    @staticmethod
    def forward(ctx, a, negative_slope=0.01):
        ctx.save_for_backward(a)
        ctx.negative_slope = negative_slope
        x = unwrap(a)
        return xp.where(x > 0, x, x * negative_slope)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return where(a > 0, grad_output, grad_output * ctx.negative_slope)


class Clamp(Function):
    """``a`` limited to ``[min, max]``;  d/da = 1 inside the range, 0 where clipped.  PyTorch: ``torch.clamp``."""

    @staticmethod
    def forward(ctx, a, min=None, max=None):
        ctx.save_for_backward(a)
        ctx.bounds = (min, max)
        return xp.clip(unwrap(a), min, max)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        low, high = ctx.bounds
        if low is not None:
            grad_output = grad_output * (a >= low)
        if high is not None:
            grad_output = grad_output * (a <= high)
        return grad_output


class Where(Function):
    """``a`` where ``condition`` holds, else ``b``; the gradient goes to the chosen side.  PyTorch: ``torch.where``."""

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.save_for_backward(condition)
        ctx.shapes = shape_of(a), shape_of(b)
        return xp.where(unwrap(condition), unwrap(a), unwrap(b))

    @staticmethod
    def backward(ctx, grad_output):
        (condition,) = ctx.saved_tensors
        shape_a, shape_b = ctx.shapes
        grad_a = unbroadcast(where(condition, grad_output, 0.0), shape_a) if ctx.needs_input_grad[1] else None
        grad_b = unbroadcast(where(condition, 0.0, grad_output), shape_b) if ctx.needs_input_grad[2] else None
        return None, grad_a, grad_b


def where(condition, a, b):
    """``a`` where ``condition`` (a bool tensor) holds, else ``b``; like ``torch.where``."""
    return Where.apply(condition, a, b)


# ------------------------------------------------------------- copies and casts
class Clone(Function):
    """A copy of ``a``;  d/da = 1.  PyTorch: ``torch.clone``."""

    @staticmethod
    def forward(ctx, a):
        return unwrap(a).copy()

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


class Cast(Function):
    """``a`` converted to another dtype; the gradient is converted back.  PyTorch: ``Tensor.to(dtype)``."""

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.dtype = a.dtype
        return unwrap(a).astype(dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.to(ctx.dtype)
