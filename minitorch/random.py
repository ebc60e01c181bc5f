"""Random numbers, reproducible: ``manual_seed``, ``rand``, ``randn``, ``randint``, ``randperm``, ``normal``, ``multinomial``.

Numbers are drawn on the CPU with NumPy's generator, whatever the device, and
then moved there: the same seed gives the same numbers on every device (the
Array API standard has no random numbers). All of them draw from one default
:class:`Generator` unless given another, so
``mt.manual_seed(0)`` at the top of a notebook makes every run the same. Even
without it the default seed is fixed (as in PyTorch), so notebooks are stable.
"""

from __future__ import annotations

import numpy as np

from . import dtypes as _dtypes
from .creation import _float_or, _make
from .backend import to_numpy
from .tensor import Tensor, size_tuple, unwrap

DEFAULT_SEED = 67280421310721  # PyTorch's default seed, for fun


class Generator:
    """A source of random numbers with its own seed; like ``torch.Generator``."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.manual_seed(seed)

    def manual_seed(self, seed: int) -> "Generator":
        self._seed = int(seed)
        self.numpy = np.random.default_rng(self._seed)
        return self

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict:
        return self.numpy.bit_generator.state

    def set_state(self, state: dict) -> None:
        self.numpy.bit_generator.state = state


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Reseed the default generator: every later random call is reproducible."""
    return default_generator.manual_seed(seed)


def initial_seed() -> int:
    return default_generator.initial_seed()


def _rng(generator) -> np.random.Generator:
    return (generator or default_generator).numpy


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Uniform numbers in [0, 1)."""
    return _make(_rng(generator).random(size_tuple(size, "rand")).astype(_float_or(dtype).np), requires_grad, device, "rand")


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Standard normal numbers (mean 0, variance 1)."""
    return _make(_rng(generator).standard_normal(size_tuple(size, "randn")).astype(_float_or(dtype).np), requires_grad, device, "randn")


def rand_like(t: Tensor, dtype=None, device=None, requires_grad: bool = False, generator=None) -> Tensor:
    return rand(t.shape, generator=generator, dtype=dtype or t.dtype, device=device or t.device, requires_grad=requires_grad)


def randn_like(t: Tensor, dtype=None, device=None, requires_grad: bool = False, generator=None) -> Tensor:
    return randn(t.shape, generator=generator, dtype=dtype or t.dtype, device=device or t.device, requires_grad=requires_grad)


def randint(low, high=None, size=(), generator=None, dtype=None, device=None) -> Tensor:
    """Integers in ``[low, high)`` (``randint(high, size)`` means ``low=0``)."""
    if high is None:
        low, high = 0, low
    if not low < high:
        raise RuntimeError(f"randint: the range [low, high) = [{low}, {high}) is empty; high must be greater than low")
    array = _rng(generator).integers(low, high, size=size_tuple((size,), "randint"))
    return _make(array.astype(_dtypes.to_numpy(dtype) if dtype is not None else np.int64), False, device, "randint")


def randperm(n: int, generator=None, dtype=None, device=None) -> Tensor:
    """The numbers ``0 .. n-1`` in random order."""
    (n,) = size_tuple((n,), "randperm")
    array = _rng(generator).permutation(n).astype(_dtypes.to_numpy(dtype) if dtype is not None else np.int64)
    return _make(array, False, device, "randperm")


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad: bool = False) -> Tensor:
    """Normal numbers with ``mean`` and ``std``: numbers with ``size``, or tensors (one draw per element).

    ``normal(0, 1, size=(2, 3))`` or ``normal(mean_tensor, std_tensor)``; like ``torch.normal``.
    """
    mean_array, std_array = to_numpy(unwrap(mean)), to_numpy(unwrap(std))
    shape = size_tuple((size,), "normal") if size is not None else np.broadcast_shapes(mean_array.shape, std_array.shape)
    tensors = [x for x in (mean, std) if isinstance(x, Tensor)]
    if len({str(t.device) for t in tensors}) > 1:
        raise RuntimeError(
            f"normal: expected mean and std on the same device, but found {mean.device} and {std.device}; "
            "move one with .to(device)"
        )
    if tensors:  # the draws take the dtype and the device of the tensors given, as in PyTorch
        dtype = tensors[0].dtype if dtype is None else dtype
        device = tensors[0].device if device is None else device
    values = mean_array + std_array * _rng(generator).standard_normal(shape)
    return _make(values.astype(_float_or(dtype).np), requires_grad, device, "normal")


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator=None) -> Tensor:
    """Draw ``num_samples`` category indices per row, with probabilities proportional to ``input``.

    ``input`` holds non-negative weights, one row per distribution (or a
    single 1-d row). Like ``torch.multinomial``.
    """
    weights = to_numpy(unwrap(input)).astype(np.float64)
    rows = weights.reshape(-1, weights.shape[-1]) if weights.ndim else weights.reshape(1, 1)
    if (rows < 0).any() or not np.isfinite(rows).all() or (rows.sum(axis=1) <= 0).any():
        raise RuntimeError("multinomial: each row of probabilities must be finite, non-negative and not all zero")
    if not replacement and num_samples > (rows > 0).sum(axis=1).min():
        raise RuntimeError(
            f"multinomial: can't draw {num_samples} samples without replacement from a row with "
            f"{(rows > 0).sum(axis=1).min()} possible categories; pass replacement=True"
        )
    rng = _rng(generator)
    picks = [rng.choice(rows.shape[1], size=num_samples, replace=replacement, p=row / row.sum()) for row in rows]
    out = np.stack(picks).astype(np.int64)
    out = out.reshape(weights.shape[:-1] + (num_samples,)) if weights.ndim > 1 else out[0]
    return _make(out, False, input.device, "multinomial")
