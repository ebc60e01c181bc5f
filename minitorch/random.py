"""Random numbers, reproducible: ``manual_seed``, ``rand``, ``randn``, ``randint``, ``randperm``.

All of them draw from one default :class:`Generator` unless given another, so
``mt.manual_seed(0)`` at the top of a notebook makes every run the same. Even
without it the default seed is fixed (as in PyTorch), so notebooks are stable.
"""

from __future__ import annotations

import numpy as np

from . import dtypes as _dtypes
from .creation import _float_or, _make
from .tensor import Tensor, size_tuple

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


def rand(*size, generator=None, dtype=None, requires_grad: bool = False) -> Tensor:
    """Uniform numbers in [0, 1)."""
    return _make(_rng(generator).random(size_tuple(size)).astype(_float_or(dtype)), requires_grad)


def randn(*size, generator=None, dtype=None, requires_grad: bool = False) -> Tensor:
    """Standard normal numbers (mean 0, variance 1)."""
    return _make(_rng(generator).standard_normal(size_tuple(size)).astype(_float_or(dtype)), requires_grad)


def randint(low, high=None, size=(), generator=None, dtype=None) -> Tensor:
    """Integers in ``[low, high)`` (``randint(high, size)`` means ``low=0``)."""
    if high is None:
        low, high = 0, low
    array = _rng(generator).integers(low, high, size=size_tuple((size,)))
    return Tensor(array.astype(_dtypes.to_numpy(dtype) if dtype is not None else np.int64))


def randperm(n: int, generator=None) -> Tensor:
    """The numbers ``0 .. n-1`` in random order."""
    return Tensor(_rng(generator).permutation(n).astype(np.int64))


def normal(mean: float, std: float, size, generator=None, dtype=None) -> Tensor:
    return _make((mean + std * _rng(generator).standard_normal(size_tuple((size,)))).astype(_float_or(dtype)), False)
