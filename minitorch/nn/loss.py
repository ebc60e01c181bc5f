"""Loss modules: each stores its options and calls the function in :mod:`minitorch.nn.functional`.

Call a loss as ``loss_fn(input, target)``: model output first, then the
target, as in PyTorch. ``reduction`` chooses what comes back: ``'mean'`` (the
default) a single number averaged over elements, ``'sum'`` their total,
``'none'`` one loss per element (or per example, for cross-entropy). The
signatures are PyTorch's, including the old ``size_average``/``reduce`` flags
(accepted with PyTorch's deprecation warning).
"""

from __future__ import annotations

import warnings

from ..tensor import Tensor
from . import functional as F
from .module import Module


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction: str = "mean") -> None:
        super().__init__()
        if isinstance(size_average, Tensor) or isinstance(reduce, Tensor):
            raise TypeError(
                f"{type(self).__name__}: got tensors when making the loss; make it first and then call it: "
                f"loss_fn = nn.{type(self).__name__}(); loss = loss_fn(input, target)"
            )
        if size_average is not None or reduce is not None:
            reduction = legacy_reduction(type(self).__name__, size_average, reduce)
        F._check_reduction(type(self).__name__, reduction)
        self.reduction = reduction


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)  # saved in state_dict when given, as PyTorch


def legacy_reduction(loss: str, size_average, reduce) -> str:
    """PyTorch's old ``size_average``/``reduce`` flags as a ``reduction``, with PyTorch's warning."""
    size_average = True if size_average is None else size_average
    reduction = "none" if reduce is False else "mean" if size_average else "sum"
    warnings.warn(
        f"{loss}: size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.",
        UserWarning, stacklevel=3,
    )
    return reduction


class MSELoss(_Loss):
    """Mean squared error: ``mean((input - target)²)``. Shapes must match exactly."""

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """Cross-entropy of logits (N, C) against class indices (N,) (int64) or probabilities (N, C).

    Combines ``log_softmax`` and ``nll_loss`` stably: give it raw scores.
    Optional per-class ``weight`` (C,) and ``ignore_index``, as in PyTorch.
    """

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.cross_entropy(input, target, self.weight, self.ignore_index, self.reduction)


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood of log-probabilities (N, C) (e.g. from ``LogSoftmax(dim=1)``)."""

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, self.weight, self.ignore_index, self.reduction)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities in [0, 1] (logs clamped at -100, as PyTorch)."""

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, self.weight, self.reduction)


class BCEWithLogitsLoss(_WeightedLoss):
    """Sigmoid and binary cross-entropy in one stable step; give it raw scores (logits)."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean", pos_weight=None) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight, self.reduction, self.pos_weight)
