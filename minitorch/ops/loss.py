"""Fused losses: cross-entropy and binary cross-entropy as single ops.

Each could be written with smaller ops (``log_softmax`` then picking, ``log``
then ``clamp``), but one op has two advantages: the forward pass can use the
numerically safe formula (log-sum-exp, ``log1p``), and the backward pass is
the short closed form (``softmax - one_hot``, ``sigmoid - y``) instead of a
chain of large and cancelling terms.

Every op here takes ``reduction``: ``'none'`` returns one loss per element,
``'sum'`` adds them, ``'mean'`` divides the sum by ``denom`` (the count, or
the total weight). The arguments are checked by ``minitorch.nn.functional``,
which calls these ops; they assume valid input.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import xp


def _reduce(losses, reduction: str, denom):
    if reduction == "none":
        return losses
    total = losses.sum()
    return total / denom if reduction == "mean" else total


def _spread(grad, shape, reduction: str, denom):
    """The gradient of each element's loss, given the gradient of the reduced loss."""
    if reduction == "none":
        return grad
    if reduction == "mean":
        grad = grad / denom
    return xp.broadcast_to(grad, shape)


class MeanSquaredError(Function):
    """Squared error ``(a - b)²`` of an input ``a`` against a target ``b``, reduced.

    One node instead of three (sub, mul, mean). With ``d = a - b`` and the
    upstream gradient ``g``:  d loss/da = 2 d g,  d loss/db = -2 d g, divided
    by the number of elements for ``'mean'``. PyTorch: ``F.mse_loss``.
    """

    @staticmethod
    def forward(ctx, input, target, reduction="mean"):
        diff = input - target
        ctx.save_for_backward(diff)
        ctx.reduction = reduction
        if reduction == "none":
            return diff * diff
        total = xp.vdot(diff, diff)  # Σ d², without a temporary array
        return total / diff.size if reduction == "mean" else total

    @staticmethod
    def backward(ctx, grad):
        (diff,) = ctx.saved_tensors
        need_input, need_target = ctx.needs_input_grad
        scale = 2.0 / diff.size if ctx.reduction == "mean" else 2.0
        grad_input = diff * (grad * scale)
        return (grad_input if need_input else None), (-grad_input if need_target else None)


class CrossEntropy(Function):
    """Cross-entropy of logits ``z`` (N, C) against class indices ``y`` (N,) or probabilities (N, C).

    Forward, with class indices (and optional class weights ``w``)::

        log p_ic = z_ic - m_i - log Σ_c' exp(z_ic' - m_i)     (m_i = max_c z_ic: log-sum-exp,
        loss_i  = -w_{y_i} log p_{i, y_i}                       so exp never overflows)
        mean    = Σ_i loss_i / Σ_i w_{y_i}     (= / N without weights)

    Backward: ``log p_ic = z_ic - log Σ_c' e^{z_ic'}``, so
    ``∂ log p_{i,y} / ∂ z_ic = [c = y] - softmax(z_i)_c``, and therefore::

        ∂ loss_i / ∂ z_i = w_{y_i} (softmax(z_i) - one_hot(y_i))

    divided by N (or Σ w) for ``'mean'``. Targets equal to ``ignore_index``
    get weight 0. With probability targets ``t`` (each row summing to 1),
    ``loss_i = -Σ_c w_c t_ic log p_ic``, the gradient is
    ``softmax(z_i) Σ_c w_c t_ic - w ⊙ t_i`` (``softmax - t`` without weights),
    and ``'mean'`` divides by N. PyTorch: ``torch.nn.functional.cross_entropy``.
    """

    @staticmethod
    def forward(ctx, logits, target, weight=None, ignore_index=-100, reduction="mean"):
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = xp.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        n = logits.shape[0]
        ctx.reduction, ctx.probabilities = reduction, target.dtype.kind == "f"
        if ctx.probabilities:
            log_probs = shifted - xp.log(sum_exp)
            wt = target if weight is None else target * weight  # (N, C): w_c t_ic
            losses = -(log_probs * wt).sum(axis=1)
            denom = n
            ctx.save_for_backward(exp, sum_exp, log_probs, wt, weight)
        else:
            classes, w = _class_weights(target, weight, ignore_index, logits.dtype)
            # -log p_{i,y_i}: only the N picked entries, not the whole (N, C) log_probs
            losses = xp.log(sum_exp[:, 0]) - shifted[xp.arange(n), classes]
            if w is None:  # the usual case: every example counts once
                denom = n
            else:
                losses *= w
                denom = w.sum()
            ctx.save_for_backward(exp, sum_exp, classes, w)
        ctx.denom = denom
        # Every target ignored: the mean is 0/0, which PyTorch reports as NaN; dividing
        # by NaN instead of 0 gives it without NumPy's divide-by-zero warning.
        return _reduce(losses, reduction, denom or xp.nan)

    @staticmethod
    def backward(ctx, grad):
        exp, sum_exp = ctx.saved_tensors[:2]
        n = exp.shape[0]
        # d loss / d loss_i (every target ignored: all weights are 0, so are the gradients)
        g = grad / ctx.denom if ctx.reduction == "mean" and ctx.denom else grad
        if g.ndim:  # reduction 'none': one factor per row
            g = g[:, None]
        softmax = exp / sum_exp
        if ctx.probabilities:
            log_probs, wt, weight = ctx.saved_tensors[2:]
            grad_logits = g * (softmax * wt.sum(axis=1, keepdims=True) - wt)
            grad_target = None
            if ctx.needs_input_grad[1]:
                grad_target = -g * (log_probs if weight is None else log_probs * weight)
            return grad_logits, grad_target
        classes, w = ctx.saved_tensors[2:]
        softmax[xp.arange(n), classes] -= 1  # softmax - one_hot
        softmax *= g if w is None else g * w[:, None]
        return softmax, None


def _class_weights(target, weight, ignore_index: int, dtype):
    """``(classes, w)``: targets made safe to index with, and each example's weight (``None``: all 1)."""
    valid = target != ignore_index
    if weight is None and valid.all():
        return target, None
    classes = xp.where(valid, target, 0)
    w = xp.ones(len(target), dtype=dtype) if weight is None else weight[classes].astype(dtype)
    return classes, w * valid


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
        with xp.errstate(divide="ignore"):
            log_x = xp.maximum(xp.log(x), -100)
            log_1mx = xp.maximum(xp.log1p(-x), -100)
        losses = -(y * log_x + (1 - y) * log_1mx)
        if weight is not None:
            losses = losses * weight
        ctx.save_for_backward(x, y, weight, log_x, log_1mx)
        ctx.reduction, ctx.denom = reduction, losses.size
        return _reduce(losses, reduction, losses.size)

    @staticmethod
    def backward(ctx, grad):
        x, y, weight, log_x, log_1mx = ctx.saved_tensors
        g = _spread(grad, x.shape, ctx.reduction, ctx.denom)
        if weight is not None:
            g = g * weight
        grad_x = g * (x - y) / xp.maximum(x * (1 - x), 1e-12)
        grad_y = g * (log_1mx - log_x) if ctx.needs_input_grad[1] else None
        return grad_x, grad_y


class BinaryCrossEntropyWithLogits(Function):
    """Binary cross-entropy of ``sigmoid(x)`` against ``y``, from the logit ``x``, stably.

    ``-[y log σ(x) + (1 - y) log(1 - σ(x))]`` simplifies to
    ``max(x, 0) - x y + log(1 + e^{-|x|})``: no exp of a large positive
    number, and no log of 0. With ``pos_weight`` p (weighting the positive
    term) it is ``(1 - y) x + (1 + (p - 1) y) softplus(-x)``. Backward::

        ∂/∂x = w (σ(x) - y)      (with p: w ((1 + (p - 1) y) σ(x) - p y))
        ∂/∂y = w (-x + (p - 1) softplus(-x))

    PyTorch: ``torch.nn.functional.binary_cross_entropy_with_logits``.
    """

    @staticmethod
    def forward(ctx, x, y, weight=None, pos_weight=None, reduction="mean"):
        softplus_neg = xp.log1p(xp.exp(-xp.abs(x))) + xp.maximum(-x, 0)  # log(1 + e^{-x})
        if pos_weight is None:
            losses = (1 - y) * x + softplus_neg
        else:
            losses = (1 - y) * x + (1 + (pos_weight - 1) * y) * softplus_neg
        if weight is not None:
            losses = losses * weight
        ctx.save_for_backward(x, y, weight, pos_weight, softplus_neg)
        ctx.reduction, ctx.denom = reduction, losses.size
        return _reduce(losses, reduction, losses.size)

    @staticmethod
    def backward(ctx, grad):
        x, y, weight, pos_weight, softplus_neg = ctx.saved_tensors
        g = _spread(grad, x.shape, ctx.reduction, ctx.denom)
        if weight is not None:
            g = g * weight
        sig = 0.5 * (1 + xp.tanh(0.5 * x))  # σ(x) without overflow
        if pos_weight is None:
            grad_x = g * (sig - y)
            grad_y = g * -x if ctx.needs_input_grad[1] else None
        else:
            grad_x = g * ((1 + (pos_weight - 1) * y) * sig - pos_weight * y)
            grad_y = g * (-x + (pos_weight - 1) * softplus_neg) if ctx.needs_input_grad[1] else None
        return grad_x, grad_y
