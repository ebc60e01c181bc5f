"""Elementwise ops: each output number depends on the inputs' numbers at the same place.

The derivative of an elementwise op is elementwise too, so every backward is
``grad_output * (local derivative)``, written with tensor operations; binary
ops then sum the gradient back to each input's shape with
:func:`~minitorch.ops.broadcasting.unbroadcast`, undoing broadcasting.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..device import move_to
from ..backend import cpu, namespace, silent_math
from ..dtypes import bool_, dtype, from_native, get_default_dtype, native
from ..tensor import is_array, operands, shape_of, unwrap
from .broadcasting import unbroadcast


def dtype_of(x, y) -> dtype:
    """The dtype of a binary op's operands as ``operands`` gave them: two arrays of one dtype, or an array and
    a number."""
    return from_native((x if hasattr(x, "dtype") else y).dtype)


def as_float(x):
    """An integer or bool array in the default floating dtype; a number as a float."""
    if not is_array(x):
        return float(x)
    xp = namespace(x)
    return xp.astype(x, native(xp, get_default_dtype()))


# ------------------------------------------------------------------ arithmetic
class Add(Function):
    """``a + b``;  d/da = 1,  d/db = 1.  PyTorch: ``torch.add``."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = shape_of(a), shape_of(b)
        x, y = operands(a, b)  # in the dtype PyTorch's promotion gives
        if dtype_of(x, y) is bool_:  # PyTorch's + on bools is or
            return namespace(x if is_array(x) else y).logical_or(x, y)
        return x + y

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
        x, y = operands(a, b)  # in the dtype PyTorch's promotion gives
        return x - y

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
        x, y = operands(a, b)  # in the dtype PyTorch's promotion gives
        if dtype_of(x, y) is bool_:  # PyTorch's * on bools is and
            return namespace(x if is_array(x) else y).logical_and(x, y)
        return x * y

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
        x, y = operands(a, b)  # in the dtype PyTorch's promotion gives
        if not dtype_of(x, y).is_floating_point:  # true division: integers give the default float type
            x, y = as_float(x), as_float(y)
        return x / y

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
        x, y = operands(a, b)
        return x**y

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
        x = unwrap(a)
        return namespace(x).exp(x)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output * a.exp()


class Log(Function):
    """``ln a``;  d/da = 1/a.  PyTorch: ``torch.log``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = unwrap(a)
        with silent_math():  # log(0) = -inf, log(-1) = nan, silently as PyTorch
            return namespace(x).log(x)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output / a


class Sqrt(Function):
    """``√a``;  d/da = 1 / (2√a).  PyTorch: ``torch.sqrt``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = unwrap(a)
        return namespace(x).sqrt(x)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output / (2 * a.sqrt())


class Abs(Function):
    """``|a|``;  d/da = sign(a) (0 at 0, as in PyTorch).  PyTorch: ``torch.abs``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = unwrap(a)
        return namespace(x).abs(x)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output * a.sign()


class Sin(Function):
    """``sin a``;  d/da = cos a.  PyTorch: ``torch.sin``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = unwrap(a)
        return namespace(x).sin(x)

    @staticmethod
    def backward(ctx, grad_output):
        (a,) = ctx.saved_tensors
        return grad_output * a.cos()


class Cos(Function):
    """``cos a``;  d/da = -sin a.  PyTorch: ``torch.cos``."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = unwrap(a)
        return namespace(x).cos(x)

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
        x = unwrap(a)
        return namespace(x).tanh(x)

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
        x = unwrap(a)
        return 0.5 * (1 + namespace(x).tanh(0.5 * x))  # equals 1/(1+e^-a), without overflow for a << 0

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
        x = unwrap(a)
        return namespace(x).maximum(x, 0)

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
        return namespace(x).where(x > 0, x, x * negative_slope)

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
        x = unwrap(a)
        return namespace(x).clip(x, min, max)

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
        c, (x, y) = unwrap(condition), operands(a, b)
        arrays = [v for v in (c, x, y) if is_array(v)]
        xp = namespace(arrays[0]) if arrays else cpu
        if not is_array(x) and not is_array(y):  # two numbers (a backward's constants): as NumPy would make them
            dtype = xp.asarray(x + 0 * y).dtype  # float64 if either is a float, else int64
            x, y = xp.asarray(x, dtype=dtype), xp.asarray(y, dtype=dtype)
        return xp.where(xp.asarray(c), x, y)

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
        x = unwrap(a)
        return namespace(x).asarray(x, copy=True)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


class Cast(Function):
    """``a`` converted to another dtype; the gradient is converted back.  PyTorch: ``Tensor.to(dtype)``."""

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.dtype = a.dtype
        x = unwrap(a)
        return namespace(x).astype(x, native(namespace(x), dtype))

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.to(ctx.dtype)


class ToDevice(Function):
    """``a`` copied to another device's library ``xp``; the gradient is copied back.  PyTorch: ``Tensor.to(device)``."""

    @staticmethod
    def forward(ctx, a, xp):
        ctx.device = a.device
        return move_to(unwrap(a), xp)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.to(ctx.device)
