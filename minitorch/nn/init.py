"""Weight initialisation, in place, as ``torch.nn.init``.

Each function fills an existing tensor (usually a Parameter) with new values
and returns it; the trailing underscore says "in place", as in PyTorch. The
numbers come from the default generator (``mt.manual_seed`` makes them
reproducible) or from ``generator=``.

Why the scale matters: a layer computes sums of ``fan_in`` products, so with
weights of variance ``v`` the output's variance is about ``fan_in * v`` times
the input's. Xavier/Glorot picks ``v = 2 / (fan_in + fan_out)`` to keep both
the forward signal and the backward gradients steady; Kaiming/He picks
``v = 2 / fan_in`` for ReLU networks, which zero half of the signal.
"""

from __future__ import annotations

import math

from ..autograd.grad_mode import no_grad
from ..random import _rng
from ..tensor import Tensor


def _fill(tensor: Tensor, array) -> Tensor:
    with no_grad():
        tensor.copy_(array)
    return tensor


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator=None) -> Tensor:
    """Fill with numbers drawn uniformly from ``[a, b)``."""
    return _fill(tensor, _rng(generator).uniform(a, b, tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator=None) -> Tensor:
    """Fill with numbers drawn from the normal distribution N(mean, std²)."""
    return _fill(tensor, _rng(generator).normal(mean, std, tensor.shape))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``."""
    with no_grad():
        tensor.fill_(val)
    return tensor


def zeros_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 1.0)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The factor by which a nonlinearity shrinks the signal's standard deviation, undone by init.

    ``linear``/``sigmoid``: 1, ``tanh``: 5/3, ``relu``: √2,
    ``leaky_relu`` with slope ``a``: √(2 / (1 + a²)). As ``torch.nn.init.calculate_gain``.
    """
    if nonlinearity in ("linear", "identity", "sigmoid", "conv1d", "conv2d", "conv3d"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(
        f"calculate_gain: unsupported nonlinearity {nonlinearity!r}; use 'linear', 'sigmoid', "
        "'tanh', 'relu', 'leaky_relu' or 'selu'"
    )


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """For a weight of shape ``(out, in, *kernel)``: ``fan_in = in·k``, ``fan_out = out·k``."""
    if tensor.ndim < 2:
        raise ValueError(
            f"fan in and fan out can not be computed for a tensor with fewer than 2 dimensions "
            f"(got shape {tensor.shape}); these inits are for weight matrices of shape (out, in)"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """Glorot uniform: U(-b, b) with ``b = gain · √(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """Glorot normal: N(0, std²) with ``std = gain · √(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"kaiming init: mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    if fan == 0:
        return 0.0
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(
    tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", generator=None
) -> Tensor:
    """He uniform: U(-b, b) with ``b = gain · √(3 / fan)``; the std is ``gain / √fan``.

    ``a`` is the negative slope of the leaky ReLU that follows. ``nn.Linear``
    uses ``a=√5``, which gives ``gain = √(1/3)`` and so ``b = 1 / √fan_in``.
    """
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", generator=None
) -> Tensor:
    """He normal: N(0, std²) with ``std = gain / √fan``."""
    return normal_(tensor, 0.0, _kaiming_std(tensor, a, mode, nonlinearity), generator)
