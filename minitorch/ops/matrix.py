"""Matrix products: ``a @ b`` and the affine map ``x Wᵀ + b`` that linear layers use.

For ``C = A @ B`` with an upstream gradient ``G = dL/dC``:
``dL/dA = G @ Bᵀ`` and ``dL/dB = Aᵀ @ G``. Vectors and batches follow
PyTorch's ``matmul`` rules; their gradients are the same formulas on the
promoted shapes, summed back over broadcast batch dimensions.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..tensor import unwrap
from .broadcasting import unbroadcast


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
    """``a @ b``;  dL/da = G bᵀ,  dL/db = aᵀ G.  PyTorch: ``torch.matmul``.

    A vector is treated as a matrix with one row (on the left) or one column
    (on the right), as the forward pass does; batch dimensions broadcast, so
    their gradients are summed back with ``unbroadcast``.
    """

    @staticmethod
    def forward(ctx, a, b):
        check_matmul_shapes(a.shape, b.shape)
        ctx.save_for_backward(a, b)
        return unwrap(a) @ unwrap(b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        a2 = a.unsqueeze(0) if a.ndim == 1 else a
        b2 = b.unsqueeze(-1) if b.ndim == 1 else b
        g2 = grad_output.unsqueeze(-1) if b.ndim == 1 else grad_output
        g2 = g2.unsqueeze(-2) if a.ndim == 1 else g2
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = unbroadcast(g2 @ b2.transpose(-1, -2), a2.shape).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(a2.transpose(-1, -2) @ g2, b2.shape).reshape(b.shape)
        return grad_a, grad_b


class Affine(Function):
    """``x @ weightᵀ + bias``, the affine map of a linear layer, as one node instead of three.

    With ``G = dL/dy``:  dL/dx = G W,  dL/dW = Gᵀ x,  dL/db = Σ_batch G.
    ``x`` may have any number of leading batch dimensions: they are folded
    into one for the weight's and the bias's gradients. PyTorch: ``F.linear`` (its graph node
    is ``AddmmBackward``).
    """

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        out = unwrap(x) @ unwrap(weight).T
        if bias is not None:
            out += unwrap(bias)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad
        g, x2 = grad_output, x
        if grad_output.ndim != 2:  # fold batch dimensions into one (or add one to a single vector)
            g, x2 = grad_output.reshape(-1, grad_output.shape[-1]), x.reshape(-1, x.shape[-1])
        grad_x = grad_output @ weight if need_x else None
        grad_weight = g.T @ x2 if need_weight else None
        grad_bias = g.sum(0) if need_bias else None
        return grad_x, grad_weight, grad_bias
