"""Layers and losses as plain functions, as ``torch.nn.functional``: ``import minitorch.nn.functional as F``.

A module such as ``nn.ReLU`` or ``nn.MSELoss`` only stores its settings and
calls the function here, so each computation exists once. The functions
check their arguments and explain a mistake in the learner's terms (which
shapes or dtypes came, and which were expected) before handing arrays to the
ops in ``minitorch.ops``.
"""

from __future__ import annotations

import numpy as np

from ..creation import arange, ones
from ..ops.elementwise import where
from ..ops.elementwise import LeakyRelu, Relu, Sigmoid, Tanh
from ..ops.loss import BinaryCrossEntropy, BinaryCrossEntropyWithLogits, CrossEntropy, MeanSquaredError
from ..ops.matrix import Affine
from ..tensor import Tensor, normalize_dim

_REDUCTIONS = ("mean", "sum", "none")


# ------------------------------------------------------------------ checks
def _check_tensor(op: str, name: str, value) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{op}: {name} must be a minitorch Tensor, got {type(value).__name__}; wrap it with mt.tensor(...)")


def _check_reduction(op: str, reduction) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{op}: reduction={reduction!r} is not valid; use 'mean', 'sum' or 'none'")


def _check_same_shape(op: str, input: Tensor, target: Tensor) -> None:
    if input.shape != target.shape:
        raise ValueError(
            f"{op}: input has shape {input.shape} but target has shape {target.shape}; they must be the same. "
            "(PyTorch would broadcast them with only a warning, which silently computes the wrong loss.) "
            "Reshape one of them, e.g. target.reshape(input.shape) or input.squeeze(1)."
        )


def _constant(op: str, name: str, value, like: Tensor):
    """An optional weight-like tensor in ``like``'s dtype, as a constant (no gradient flows to it)."""
    if value is None:
        return None
    _check_tensor(op, name, value)
    return value.detach().to(like.dtype)


# ------------------------------------------------------------------ layers
def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``: weight has shape (out_features, in_features).

    One fused op (``minitorch.ops.matrix.Affine``); ``input`` may have any
    number of leading batch dimensions. PyTorch: ``F.linear``.
    """
    _check_tensor("linear", "input", input)
    if input.ndim == 0 or input.shape[-1] != weight.shape[-1]:
        raise RuntimeError(
            f"linear: expected an input whose last dimension is in_features={weight.shape[-1]} "
            f"(the weight has shape {weight.shape} = (out_features, in_features)), "
            f"but the input has shape {input.shape}"
        )
    if bias is not None and bias.shape != weight.shape[:1]:
        raise RuntimeError(f"linear: the bias must have shape ({weight.shape[0]},), one per output, but has shape {bias.shape}")
    return Affine.apply(input, weight, bias)


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(x, 0)``. (``inplace`` is accepted for PyTorch compatibility; a new tensor is returned.)"""
    return Relu.apply(input)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``x`` for x > 0, else ``negative_slope * x``."""
    return LeakyRelu.apply(input, negative_slope=negative_slope)


def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + e^{-x})``."""
    return Sigmoid.apply(input)


def tanh(input: Tensor) -> Tensor:
    return Tanh.apply(input)


def _softmax_dim(op: str, input: Tensor, dim) -> int:
    _check_tensor(op, "input", input)
    if dim is None:
        raise TypeError(
            f"{op}: give the dimension to normalise over, e.g. {op}(x, dim=1) for logits of shape (N, C) "
            "(PyTorch guesses one with a deprecation warning; minitorch asks)"
        )
    return normalize_dim(dim, input.ndim, op)


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """``e^{x_i} / Σ_j e^{x_j}`` along ``dim``: non-negative numbers summing to 1."""
    d = _softmax_dim("softmax", input, dim)
    return (input if dtype is None else input.to(dtype)).softmax(d)


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """``x_i - log Σ_j e^{x_j}`` along ``dim``, computed stably (better than ``softmax(x).log()``)."""
    d = _softmax_dim("log_softmax", input, dim)
    return (input if dtype is None else input.to(dtype)).log_softmax(d)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices of any shape -> int64 tensor of shape ``(*shape, num_classes)`` with a 1 at each index.

    ``num_classes=-1`` means one more than the largest index. PyTorch: ``F.one_hot``.
    """
    _check_tensor("one_hot", "tensor", tensor)
    if tensor.dtype.np.kind not in "iu":
        raise RuntimeError(f"one_hot: expects integer class indices (int64), got {tensor.dtype}; use tensor.long()")
    if tensor.numel() and tensor.min().item() < 0:
        raise RuntimeError(f"one_hot: class indices must be non-negative, got {tensor.min().item()}")
    if num_classes == -1:
        if tensor.numel() == 0:
            raise RuntimeError("one_hot: can't infer num_classes from an empty tensor; pass num_classes")
        num_classes = tensor.max().item() + 1
    elif tensor.numel() and tensor.max().item() >= num_classes:
        raise RuntimeError(
            f"one_hot: class index {tensor.max().item()} is too large for num_classes={num_classes} "
            f"(indices must be 0 to {num_classes - 1})"
        )
    return (tensor.unsqueeze(-1) == arange(num_classes, device=tensor.device)).long()


# ------------------------------------------------------------------ losses
def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Mean squared error ``(input - target)²``, reduced by ``reduction``.

    Shapes must match exactly (PyTorch only warns when they broadcast).
    Gradient: ``2 (input - target) / n`` for ``'mean'``.
    """
    _check_tensor("mse_loss", "input", input)
    _check_tensor("mse_loss", "target", target)
    _check_reduction("mse_loss", reduction)
    _check_same_shape("mse_loss", input, target)
    if not input.is_floating_point():
        raise RuntimeError(f"mse_loss: the input must be floating point, got {input.dtype}; use input.float()")
    return MeanSquaredError.apply(input, target, reduction=reduction)


def _check_class_targets(op: str, input: Tensor, target: Tensor, ignore_index: int) -> None:
    """Logits/log-probs (N, C) with integer class targets (N,), every index in 0..C-1."""
    n, c = input.shape
    if target.dtype.np.kind not in "iu":
        raise RuntimeError(
            f"{op}: class-index targets must be integers (int64, i.e. minitorch.long), but the target is "
            f"{target.dtype} with shape {target.shape}. Convert it with target.long()"
            + (
                f", or give class probabilities of the input's shape {input.shape}."
                if op == "cross_entropy" else "."
            )
        )
    if target.shape != (n,):
        hint = " (drop the extra dimension with target.squeeze(1))" if target.shape == (n, 1) else ""
        raise ValueError(
            f"{op}: expected one class index per row of the input, i.e. a target of shape ({n},) "
            f"for input of shape {input.shape}, but the target has shape {target.shape}{hint}. "
            f"(Expected input batch_size ({n}) to match target batch_size "
            f"({target.shape[0] if target.ndim else 'none'}).)"
        )
    t = target
    if not t.numel() or (t.min().item() >= 0 and t.max().item() < c):
        return  # the common case, in two quick reductions
    bad = ((t < 0) | (t >= c)) & (t != ignore_index)
    if bad.any():
        i = bad.long().argmax().item()
        raise IndexError(
            f"{op}: target class {t[i].item()} (at position {i}) is out of range: the input has C={c} "
            f"classes, so class indices must be 0 to {c - 1}"
        )


def _check_logits(op: str, input: Tensor, target: Tensor, reduction) -> None:
    _check_tensor(op, "input", input)
    _check_tensor(op, "target", target)
    _check_reduction(op, reduction)
    if not input.is_floating_point():
        raise RuntimeError(f"{op}: the input must be floating point (scores per class), got {input.dtype}")


def cross_entropy(
    input: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean"
) -> Tensor:
    """Cross-entropy between logits ``input`` (N, C) and class indices ``target`` (N,), int64.

    ``loss_i = -log softmax(input_i)[target_i]``, averaged over the batch for
    ``'mean'``: ``log_softmax`` and the pick fused in one stable op whose
    gradient is ``(softmax - one_hot) / N`` (see :class:`minitorch.ops.loss.CrossEntropy`,
    which takes the targets as a distribution: class indices become one-hot rows).
    The input holds raw scores (logits): don't apply softmax first.

    Args:
        input: logits of shape (N, C), or (C,) for a single example.
        target: class indices of shape (N,) (or a 0-d index), or class
            probabilities of the same shape as ``input``.
        weight: optional per-class weights, shape (C,) (treated as constants).
        ignore_index: targets equal to it contribute nothing (and don't count for ``'mean'``).
        reduction: ``'mean'`` (default), ``'sum'`` or ``'none'`` (one loss per example).
    """
    op = "cross_entropy"
    _check_logits(op, input, target, reduction)
    if input.ndim == 1:  # one example: add the batch dimension, and remove it again
        if target.shape not in ((), input.shape):
            raise ValueError(
                f"{op}: for one example, logits of shape {input.shape}, the target must be one class "
                f"index (a 0-d tensor) or class probabilities of shape {input.shape}, but it has shape "
                f"{target.shape}. For a batch, give logits of shape (N, C) and targets of shape (N,)."
            )
        target = target.reshape(1, -1) if target.shape == input.shape else target.reshape(1)
        loss = cross_entropy(input.reshape(1, -1), target, weight, ignore_index, reduction)
        return loss.reshape(()) if reduction == "none" else loss
    if input.ndim != 2:
        raise ValueError(
            f"{op}: expected logits of shape (N, C) (a batch of N rows of C class scores), or (C,), "
            f"but the input has shape {input.shape}; flatten it first"
        )
    probabilities = target.is_floating_point() and target.shape == input.shape
    if not probabilities:
        _check_class_targets(op, input, target, ignore_index)
    w = _constant(op, "weight", weight, input)
    if w is not None and w.shape != (input.shape[1],):
        raise ValueError(f"{op}: weight must have one entry per class, shape ({input.shape[1]},), got {w.shape}")
    if probabilities:
        distribution, denom = (target if w is None else target * w), input.shape[0]
    else:
        distribution = _class_distribution(target, input, w, ignore_index)
        denom = distribution.sum().item()  # the number of examples (their total weight, with weights)
    return CrossEntropy.apply(input, distribution, denom=denom, reduction=reduction)


def _class_distribution(target: Tensor, input: Tensor, weight: Tensor | None, ignore_index: int) -> Tensor:
    """Class indices as a target distribution (N, C): a one-hot row per example, times its
    class's weight, and a row of zeros for an ignored target."""
    valid = target != ignore_index
    classes = where(valid, target, 0)
    rows = (classes.unsqueeze(1) == arange(input.shape[1], device=input.device)) & valid.unsqueeze(1)
    distribution = rows.to(input.dtype)
    return distribution if weight is None else distribution * weight


def nll_loss(
    input: Tensor, target: Tensor, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean"
) -> Tensor:
    """Negative log-likelihood: ``-input[i, target_i]`` for log-probabilities ``input`` (N, C).

    ``nll_loss(log_softmax(z, dim=1), y)`` equals ``cross_entropy(z, y)``.
    With ``weight``, each example counts ``weight[target_i]`` times and
    ``'mean'`` divides by the sum of those weights, as in PyTorch.
    """
    op = "nll_loss"
    _check_logits(op, input, target, reduction)
    if input.ndim == 1 and target.ndim == 0:  # one example: add the batch dimension, and remove it again
        loss = nll_loss(input.reshape(1, -1), target.reshape(1), weight, ignore_index, reduction)
        return loss.reshape(()) if reduction == "none" else loss
    if input.ndim != 2:
        raise ValueError(f"{op}: expected log-probabilities of shape (N, C) or (C,), but the input has shape {input.shape}")
    _check_class_targets(op, input, target, ignore_index)
    valid = target != ignore_index
    classes = where(valid, target, 0)
    w = _constant(op, "weight", weight, input)
    w = (ones(len(target), dtype=input.dtype, device=input.device) if w is None else w[classes]) * valid
    rows = arange(len(target), device=input.device)
    picked = input[rows, classes]  # differentiable: the gradient goes back to the picked entries
    losses = -picked * w
    if reduction == "none":
        return losses
    return losses.sum() / w.sum().item() if reduction == "mean" else losses.sum()


def _check_binary(op: str, input: Tensor, target: Tensor, reduction) -> None:
    _check_logits(op, input, target, reduction)
    if not target.is_floating_point():
        raise RuntimeError(
            f"{op}: the target must be floating point (0.0 / 1.0, or probabilities), got {target.dtype}; "
            "use target.float() (or .to(input.dtype))"
        )
    _check_same_shape(op, input, target)


def _check_broadcasts_to(op: str, name: str, array, shape: tuple) -> None:
    if array is not None:
        try:
            ok = np.broadcast_shapes(array.shape, shape) == shape  # (shapes only: no array math)
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(f"{op}: {name} of shape {array.shape} can't be broadcast to the input's shape {shape}")


def binary_cross_entropy(
    input: Tensor, target: Tensor, weight: Tensor | None = None, reduction: str = "mean"
) -> Tensor:
    """``-[y log x + (1 - y) log(1 - x)]`` for probabilities ``x`` (e.g. after sigmoid) and targets ``y``.

    The logs are clamped at -100 as in PyTorch. Prefer
    :func:`binary_cross_entropy_with_logits` on the raw scores: it is stable.
    """
    op = "binary_cross_entropy"
    _check_binary(op, input, target, reduction)
    inside = (input >= 0) & (input <= 1)
    if not inside.all():
        bad = input[~inside].reshape(-1)[0].item()
        raise RuntimeError(
            f"{op}: all elements of input should be between 0 and 1 (probabilities), but found {bad}; "
            "apply sigmoid first, or use binary_cross_entropy_with_logits on the raw scores"
        )
    w = _constant(op, "weight", weight, input)
    _check_broadcasts_to(op, "weight", w, input.shape)
    return BinaryCrossEntropy.apply(input, target, weight=w, reduction=reduction)


def binary_cross_entropy_with_logits(
    input: Tensor, target: Tensor, weight: Tensor | None = None, reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits.

    ``max(x, 0) - x y + log(1 + e^{-|x|})``; gradient ``σ(x) - y``.
    ``pos_weight`` (broadcast along the last dimension) weights the positive examples.
    """
    op = "binary_cross_entropy_with_logits"
    _check_binary(op, input, target, reduction)
    w = _constant(op, "weight", weight, input)
    pw = _constant(op, "pos_weight", pos_weight, input)
    _check_broadcasts_to(op, "weight", w, input.shape)
    _check_broadcasts_to(op, "pos_weight", pw, input.shape)
    return BinaryCrossEntropyWithLogits.apply(input, target, weight=w, pos_weight=pw, reduction=reduction)


from .embedding import embedding  # noqa: E402  (embedding.py defines the layer beside its function)
from .functional_images import (  # noqa: E402  (the image layers' functions, chapter 9)
    adaptive_avg_pool2d, avg_pool2d, batch_norm, conv2d, dropout, max_pool2d,
)
