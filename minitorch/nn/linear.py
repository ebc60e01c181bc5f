"""``Linear``, the fully connected layer ``y = x Wᵀ + b``, and ``Identity``."""

from __future__ import annotations

import math

from .. import dtypes as _dtypes
from ..autograd.grad_mode import no_grad
from ..creation import empty
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class Identity(Module):
    """Returns its input unchanged (a placeholder layer); accepts and ignores any arguments."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """Fully connected layer: ``y = x @ weight.T + bias``, as ``torch.nn.Linear``.

    Args:
        in_features: size of each input's last dimension.
        out_features: size of each output's last dimension.
        bias: whether to add a learned bias (default ``True``).
        device: where the parameters live (default: the default device, the CPU).
        dtype: dtype of the parameters (default: the default dtype).

    Attributes:
        weight: Parameter of shape ``(out_features, in_features)``; row ``j``
            holds the input weights of output ``j``.
        bias: Parameter of shape ``(out_features,)``, or ``None``.

    Both start uniform in ``[-1/√in_features, 1/√in_features]``: PyTorch's
    default, ``kaiming_uniform_(weight, a=√5)`` and a bias with the same bound.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__()
        for name, value in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise TypeError(f"Linear: {name} must be a non-negative int, got {value!r}")
        self.in_features = in_features
        self.out_features = out_features
        np_dtype = _dtypes.to_numpy(dtype) if dtype is not None else _dtypes.get_default_dtype().np
        self.weight = Parameter(empty((out_features, in_features), dtype=np_dtype, device=device))
        if bias:
            self.bias = Parameter(empty((out_features,), dtype=np_dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh initial values (from the default generator), as PyTorch does."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class LazyLinear(Linear):
    """A ``Linear`` layer whose ``in_features`` is read from the first input it sees; as ``torch.nn.LazyLinear``.

    Until then the weight has shape ``(out_features, 0)``. The first call
    fills the same Parameter objects in place, so an optimizer built before it
    still updates them (PyTorch recommends one forward pass first all the same).
    """

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__(0, out_features, bias, device, dtype)

    def forward(self, input):
        if self.in_features == 0 and input.ndim:
            self.in_features = input.shape[-1]
            with no_grad():
                self.weight.data = empty((self.out_features, self.in_features), dtype=self.weight.dtype, device=self.weight.device)
                self.reset_parameters()
        return super().forward(input)
