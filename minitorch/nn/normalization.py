"""Batch normalisation: ``BatchNorm1d`` and ``BatchNorm2d`` keep each channel's activations at mean 0, variance 1.

In training, each channel is normalised with the statistics of the current
batch, and running estimates of the mean and variance are kept as buffers
(saved in ``state_dict``, never trained). In evaluation, those running
estimates are used instead, so a prediction does not depend on the other
examples in its batch. ``model.train()`` and ``model.eval()`` switch.
"""

from __future__ import annotations

from .. import dtypes as _dtypes
from ..creation import ones, tensor, zeros
from ..device import check_device
from ..tensor import Tensor
from . import init
from .functional_images import batch_norm
from .module import Module
from .parameter import Parameter


class _BatchNorm(Module):
    """What ``BatchNorm1d`` and ``BatchNorm2d`` share; they differ only in the input shapes they accept.

    Args:
        num_features: C, the number of channels (dimension 1 of the input).
        eps: added to the variance before the square root.
        momentum: how far the running estimates move towards each batch's
            statistics; ``None`` makes them the plain average over all batches.
        affine: learn a scale ``weight`` (starting at 1) and a shift ``bias`` (at 0) per channel.
        track_running_stats: keep the running estimates; without them the
            batch statistics are used in evaluation too.
        device: ``None`` or the CPU; dtype: of the parameters and running estimates.
        bias: with ``affine``, whether to learn the shift too (keyword only, as in PyTorch).

    Buffers: ``running_mean`` (zeros), ``running_var`` (ones) and
    ``num_batches_tracked``, as in PyTorch.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None, *, bias: bool = True) -> None:
        super().__init__()
        if isinstance(num_features, bool) or not isinstance(num_features, int) or num_features < 1:
            raise TypeError(f"{type(self).__name__}: num_features must be a positive int, got {num_features!r}")
        check_device(device, type(self).__name__)
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        np_dtype = _dtypes.to_numpy(dtype) if dtype is not None else _dtypes.get_default_dtype().np
        if affine:
            self.weight = Parameter(ones(num_features, dtype=np_dtype, device=device))
            if bias:
                self.bias = Parameter(zeros(num_features, dtype=np_dtype, device=device))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, dtype=np_dtype, device=device))
            self.register_buffer("running_var", ones(num_features, dtype=np_dtype, device=device))
            self.register_buffer("num_batches_tracked", tensor(0, device=device))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input):
        self.check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # the running estimates are the average over every batch so far
                factor = 1.0 / self.num_batches_tracked.item()
        use_batch_stats = self.training or self.running_mean is None
        keep_stats = not self.training or self.track_running_stats  # in training: update them only if tracked
        return batch_norm(input, self.running_mean if keep_stats else None, self.running_var if keep_stats else None,
                          self.weight, self.bias, use_batch_stats, factor, self.eps)

    def check_input_dim(self, input) -> None:
        raise NotImplementedError

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of features (N, C) or sequences (N, C, L), per channel C, as ``torch.nn.BatchNorm1d``."""

    def check_input_dim(self, input) -> None:
        if getattr(input, "ndim", None) not in (2, 3):
            raise ValueError(f"BatchNorm1d: expected 2D or 3D input (N, C) or (N, C, L), got shape "
                             f"{getattr(input, 'shape', type(input).__name__)}")


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of images (N, C, H, W), per channel C, as ``torch.nn.BatchNorm2d``."""

    def check_input_dim(self, input) -> None:
        if getattr(input, "ndim", None) != 4:
            raise ValueError(f"BatchNorm2d: expected 4D input (N, C, H, W), got shape "
                             f"{getattr(input, 'shape', type(input).__name__)}")
