"""Fused losses: mean squared error, cross-entropy and binary cross-entropy as single ops.

Each could be written with smaller ops (``log_softmax`` then a weighted sum,
``log`` then ``clamp``), but one op has two advantages: the forward pass can
use the numerically safe formula (log-sum-exp, ``log1p``), and the backward
pass is the short closed form (``softmax - target``, ``sigmoid - y``) instead
of a chain of large and cancelling terms. The backward is written with tensor
operations, like every op's, so it can be differentiated again.

Every op here takes ``reduction``: ``'none'`` returns one loss per element,
``'sum'`` adds them, ``'mean'`` divides the sum by ``denom`` (the count, or
the total weight). The arguments are checked by ``minitorch.nn.functional``,
which calls these ops; they assume valid input.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import namespace, silent_math
from ..tensor import unwrap


def reduce(losses, reduction: str, denom):
    """The array of losses, summed or averaged as ``reduction`` says."""
    if reduction == "none":
        return losses
    total = namespace(losses).sum(losses)
    if reduction == "sum":
        return total
    return total / denom if denom else total * float("nan")  # the mean of no losses is NaN, as PyTorch


def spread(grad_output, shape: tuple, reduction: str, denom):
    """The gradient of each element's loss, given the gradient of the reduced loss."""
    if reduction == "none":
        return grad_output
    if reduction == "mean":
        grad_output = grad_output / denom
    return grad_output.expand(shape)


class MeanSquaredError(Function):
    """Squared error ``(a - b)²`` of an input ``a`` against a target ``b``, reduced.

    One node instead of three (sub, mul, mean). With ``d = a - b`` and the
    upstream gradient ``g``:  d loss/da = 2 d g,  d loss/db = -2 d g, divided
    by the number of elements for ``'mean'``. PyTorch: ``F.mse_loss``.
    """

    @staticmethod
    def forward(ctx, input, target, reduction="mean"):
        ctx.save_for_backward(input, target)
        ctx.reduction = reduction
        diff = unwrap(input) - unwrap(target)
        return reduce(diff * diff, reduction, diff.size)

    @staticmethod
    def backward(ctx, grad_output):
        input, target = ctx.saved_tensors
        need_input, need_target = ctx.needs_input_grad
        scale = 2 / max(input.numel(), 1) if ctx.reduction == "mean" else 2  # d(d²)/dd = 2d, then the mean's 1/n
        grad_input = (input - target) * (grad_output * scale)  # grad_output broadcasts unless 'none'
        return (grad_input if need_input else None), (-grad_input if need_target else None)


class CrossEntropy(Function):
    """Cross-entropy of logits ``z`` (N, C) against a target distribution ``t`` (N, C), reduced.

    ``nn.functional.cross_entropy`` turns class indices into rows of ``t``
    (one-hot, times the class weight; zero for an ignored target), so one op
    serves both kinds of target::

        log p_ic = z_ic - m_i - log Σ_c' exp(z_ic' - m_i)    (m_i = max_c z_ic: log-sum-exp,
        loss_i   = -Σ_c t_ic log p_ic                          so exp never overflows)
        mean     = Σ_i loss_i / denom     (N, or the total weight of the class-index targets)

    Backward: ``∂ log p_ic / ∂ z_ic' = [c = c'] - softmax(z_i)_c'``, so::

        ∂ loss_i / ∂ z_i = softmax(z_i) Σ_c t_ic - t_i     (softmax - one_hot for a plain index)
        ∂ loss_i / ∂ t_i = -log p_i

    PyTorch: ``torch.nn.functional.cross_entropy``.
    """

    @staticmethod
    def forward(ctx, logits, target, denom, reduction="mean"):
        ctx.save_for_backward(logits, target)
        ctx.denom, ctx.reduction = denom, reduction
        z = unwrap(logits)
        xp = namespace(z)
        shifted = z - xp.max(z, axis=1, keepdims=True)
        log_probs = shifted - xp.log(xp.sum(xp.exp(shifted), axis=1, keepdims=True))
        t = unwrap(target)
        with silent_math():  # (0 · -inf is computed, then dropped)
            losses = -xp.sum(xp.where(t != 0, t * log_probs, 0.0), axis=1)  # 0 · log 0 counts as 0, as in PyTorch
        return reduce(losses, reduction, denom)  # (every target ignored: denom 0, a NaN mean, as PyTorch)

    @staticmethod
    def backward(ctx, grad_output):
        logits, target = ctx.saved_tensors
        g = grad_output.unsqueeze(1) if ctx.reduction == "none" else grad_output
        if ctx.reduction == "mean" and ctx.denom:  # (every target ignored: the gradients are 0 anyway)
            g = g / ctx.denom
        grad_logits = g * (logits.softmax(1) * target.sum(1, keepdim=True) - target)
        grad_target = -g * logits.log_softmax(1) if ctx.needs_input_grad[1] else None
        return grad_logits, grad_target


class BinaryCrossEntropy(Function):
    """``-w [y log x + (1 - y) log(1 - x)]`` for probabilities ``x`` in [0, 1].

    Each log is clamped at -100, as in PyTorch, so ``x = 0`` or ``1`` gives a
    large finite loss instead of ``inf``. Backward::

        ∂/∂x = w (x - y) / (x (1 - x))     (denominator kept ≥ 1e-12, as PyTorch)
        ∂/∂y = w (log(1 - x) - log x)

    PyTorch: ``torch.nn.functional.binary_cross_entropy``.
    """

    @staticmethod
    def forward(ctx, x, y, weight=None, reduction="mean"):
        ctx.save_for_backward(x, y, weight)
        ctx.reduction = reduction
        xp = namespace(unwrap(x))
        with silent_math():
            log_x = xp.maximum(xp.log(unwrap(x)), -100.0)
            log_1mx = xp.maximum(xp.log1p(-unwrap(x)), -100.0)
        losses = -(unwrap(y) * log_x + (1 - unwrap(y)) * log_1mx)
        if weight is not None:
            losses = losses * unwrap(weight)
        return reduce(losses, reduction, losses.size)

    @staticmethod
    def backward(ctx, grad_output):
        x, y, weight = ctx.saved_tensors
        g = spread(grad_output, x.shape, ctx.reduction, x.numel())
        if weight is not None:
            g = g * weight
        grad_x = g * (x - y) / (x * (1 - x)).clamp(min=1e-12)
        grad_y = None
        if ctx.needs_input_grad[1]:
            grad_y = g * ((1 - x).log().clamp(min=-100) - x.log().clamp(min=-100))
        return grad_x, grad_y


class BinaryCrossEntropyWithLogits(Function):
    """Binary cross-entropy of ``sigmoid(x)`` against ``y``, from the logit ``x``, stably.

    ``-[y log σ(x) + (1 - y) log(1 - σ(x))]`` simplifies to
    ``(1 - y) x + softplus(-x)`` with ``softplus(-x) = log(1 + e^{-x}) =
    log(1 + e^{-|x|}) + max(-x, 0)``: no exp of a large positive number, and
    no log of 0. With ``pos_weight`` p (weighting the positive term) it is
    ``(1 - y) x + (1 + (p - 1) y) softplus(-x)``. Backward::

        ∂/∂x = w (σ(x) - y)      (with p: w ((1 + (p - 1) y) σ(x) - p y))
        ∂/∂y = w (-x + (p - 1) softplus(-x))

    PyTorch: ``torch.nn.functional.binary_cross_entropy_with_logits``.
    """

    @staticmethod
    def forward(ctx, x, y, weight=None, pos_weight=None, reduction="mean"):
        ctx.save_for_backward(x, y, weight, pos_weight)
        ctx.reduction = reduction
        a, b = unwrap(x), unwrap(y)
        xp = namespace(a)
        softplus_neg = xp.log1p(xp.exp(-xp.abs(a))) + xp.maximum(-a, 0.0)
        if pos_weight is None:
            losses = (1 - b) * a + softplus_neg
        else:
            losses = (1 - b) * a + (1 + (unwrap(pos_weight) - 1) * b) * softplus_neg
        if weight is not None:
            losses = losses * unwrap(weight)
        return reduce(losses, reduction, losses.size)

    @staticmethod
    def backward(ctx, grad_output):
        x, y, weight, pos_weight = ctx.saved_tensors
        g = spread(grad_output, x.shape, ctx.reduction, x.numel())
        if weight is not None:
            g = g * weight
        need_y = ctx.needs_input_grad[1]
        if pos_weight is None:
            grad_x = g * (x.sigmoid() - y)
            grad_y = g * -x if need_y else None
        else:
            grad_x = g * ((1 + (pos_weight - 1) * y) * x.sigmoid() - pos_weight * y)
            softplus_neg = (1 + (-x.abs()).exp()).log() + (-x).relu()
            grad_y = g * (-x + (pos_weight - 1) * softplus_neg) if need_y else None
        return grad_x, grad_y
