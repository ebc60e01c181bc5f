"""Matrix products: ``a @ b`` and the fused ``linear`` that layers use.

For ``C = A @ B`` with an upstream gradient ``G = dL/dC``:
``dL/dA = G @ Bᵀ`` and ``dL/dB = Aᵀ @ G``. Vectors and batches follow
PyTorch's ``matmul`` rules; their gradients are the same formulas on the
promoted shapes, summed back over broadcast batch dimensions.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import unbroadcast, xp


def check_matmul_shapes(a_shape: tuple, b_shape: tuple) -> None:
    """Raise a clear error when ``a @ b`` is undefined."""
    if not a_shape or not b_shape:
        raise ValueError(f"matmul: both operands need at least 1 dimension, got shapes {a_shape} and {b_shape}")
    inner_a = a_shape[-1]
    inner_b = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
    if inner_a != inner_b:
        raise ValueError(
            f"matmul: {a_shape} @ {b_shape} — inner dimensions {inner_a} and {inner_b} differ "
            "(the last size of the left operand must equal the "
            + ("size of the right vector)" if len(b_shape) == 1 else "second-to-last size of the right one)")
        )


class MatMul(Function):
    """``a @ b``;  dL/da = G bᵀ,  dL/db = aᵀ G."""

    @staticmethod
    def forward(ctx, a, b):
        check_matmul_shapes(a.shape, b.shape)
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # Promote vectors to matrices, as the forward pass did implicitly.
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        g2 = grad[..., None] if b.ndim == 1 else grad
        if a.ndim == 1:
            g2 = xp.expand_dims(g2, -2)
        grad_a = grad_b = None
        if need_a:
            grad_a = unbroadcast(g2 @ xp.swapaxes(b2, -1, -2), a2).reshape(a.shape)
        if need_b:
            grad_b = unbroadcast(xp.swapaxes(a2, -1, -2) @ g2, b2).reshape(b.shape)
        return grad_a, grad_b


class Linear(Function):
    """``x @ weightᵀ + bias``, one node instead of three (transpose, matmul, add).

    With ``G = dL/dy``:  dL/dx = G W,  dL/dW = Gᵀ x,  dL/db = Σ_batch G.
    ``x`` may have any number of leading batch dimensions. ``F.linear``, which
    layers call, explains a shape mismatch once NumPy has refused it.
    """

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        out = x @ weight.T
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        if grad.ndim != 2:  # fold batch dimensions into one (or add one for a vector)
            g2, x2 = grad.reshape(-1, grad.shape[-1]), x.reshape(-1, x.shape[-1])
        else:
            g2, x2 = grad, x
        grad_x = grad @ weight if need_x else None
        grad_w = g2.T @ x2 if need_w else None
        grad_b = g2.sum(axis=0) if need_b else None
        return grad_x, grad_w, grad_b
