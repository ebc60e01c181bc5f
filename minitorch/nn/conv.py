"""``Conv2d``: the convolutional layer, a bank of small kernels slid over images."""

from __future__ import annotations

import math

from .. import dtypes as _dtypes
from ..creation import empty
from ..device import check_device
from . import init
from .functional_images import conv2d, pair
from .module import Module
from .parameter import Parameter


class Conv2d(Module):
    """2-d convolution: ``out_channels`` kernels of ``in_channels/groups × kh × kw``, as ``torch.nn.Conv2d``.

    Args:
        in_channels: channels of the input images (N, C, H, W).
        out_channels: number of kernels, so channels of the output.
        kernel_size: ``k`` or ``(kh, kw)``.
        stride, padding, dilation: as in :func:`~minitorch.nn.functional_images.conv2d`;
            ``padding`` may also be ``"same"`` or ``"valid"``.
        groups: split the channels into this many groups, each with its own kernels.
        bias: whether to add a learned bias per output channel (default ``True``).
        padding_mode: only ``"zeros"``, the default.
        device: ``None`` or the CPU; dtype: of the parameters (default: the default dtype).

    Attributes:
        weight: Parameter of shape ``(out_channels, in_channels/groups, kh, kw)``.
        bias: Parameter of shape ``(out_channels,)``, or ``None``.

    Both start uniform in ``±1/√fan_in`` with ``fan_in = in_channels/groups · kh · kw``:
    PyTorch's ``kaiming_uniform_(weight, a=√5)``, as for ``Linear``.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None, dtype=None) -> None:
        super().__init__()
        for name, value in (("in_channels", in_channels), ("out_channels", out_channels), ("groups", groups)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise TypeError(f"Conv2d: {name} must be a positive int, got {value!r}")
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"Conv2d: in_channels={in_channels} and out_channels={out_channels} "
                             f"must both be divisible by groups={groups}")
        check_device(device, "Conv2d")
        if padding_mode != "zeros":
            raise NotImplementedError(f"Conv2d: padding_mode={padding_mode!r} is not supported; minitorch pads with zeros")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = pair("Conv2d", "kernel_size", kernel_size, 1)
        self.stride = pair("Conv2d", "stride", stride, 1)
        self.padding = padding if isinstance(padding, str) else pair("Conv2d", "padding", padding, 0)
        self.dilation = pair("Conv2d", "dilation", dilation, 1)
        np_dtype = _dtypes.to_numpy(dtype) if dtype is not None else _dtypes.get_default_dtype().np
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(empty(shape, dtype=np_dtype, device=device))
        if bias:
            self.bias = Parameter(empty((out_channels,), dtype=np_dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh initial values (from the default generator), as PyTorch does."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * self.kernel_size[0] * self.kernel_size[1]
            bound = 1 / math.sqrt(fan_in)
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text
