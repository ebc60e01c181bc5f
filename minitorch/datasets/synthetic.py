"""Toy data sets made on the fly, small enough to plot and to learn in seconds.

Each returns ``(X, y)``: ``X`` a ``float32`` tensor of 2-D points (one per
row), ``y`` the ``int64`` class of each point (or, for :func:`xor` and
:func:`make_regression_sum`, ``float32`` targets shaped ``(n, 1)``, ready for
``MSELoss``). The random ones take ``seed``: the same seed gives the same
data; ``seed=None`` draws from minitorch's global generator instead, so
``minitorch.manual_seed`` controls it.
"""

from __future__ import annotations

import numpy as np

from ..random import Generator, default_generator
from ..tensor import Tensor


def _rng(seed) -> np.random.Generator:
    if seed is None:
        return default_generator.numpy
    if isinstance(seed, Generator):
        return seed.numpy
    return np.random.default_rng(seed)


def _finish(X: np.ndarray, y: np.ndarray, rng: np.random.Generator, shuffle: bool):
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    return Tensor(X.astype(np.float32)), Tensor(y)


def _check(n_samples: int, noise: float, name: str) -> None:
    if int(n_samples) != n_samples or n_samples < 1:
        raise ValueError(f"{name}: n_samples must be a positive integer, got {n_samples!r}")
    if noise < 0:
        raise ValueError(f"{name}: noise is a standard deviation and can't be negative, got {noise}")


def xor():
    """The four corners of the unit square, labelled by exclusive or.

    No straight line separates the two classes, so a model needs a hidden
    layer: the classic first test of a multi-layer perceptron.

    Returns:
        ``X`` of shape ``(4, 2)``: ``[[0, 0], [0, 1], [1, 0], [1, 1]]`` and
        ``y`` of shape ``(4, 1)``: ``[[0], [1], [1], [0]]``, both ``float32``.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.logical_xor(X[:, :1], X[:, 1:]).astype(np.float32)
    return Tensor(X), Tensor(y)


def make_moons(n_samples: int = 100, noise: float = 0.0, seed=0, shuffle: bool = True):
    """Two interleaving half circles; like ``sklearn.datasets.make_moons``.

    Class 0 is the upper arc ``(cos t, sin t)``, class 1 the lower arc
    ``(1 - cos t, 1/2 - sin t)``, for ``t`` evenly spaced in ``[0, pi]``; then
    Gaussian noise of standard deviation ``noise`` is added to every coordinate.
    """
    _check(n_samples, noise, "make_moons")
    rng = _rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.concatenate([
        np.stack([np.cos(t_out), np.sin(t_out)], axis=1),
        np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1),
    ])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_out, n_in])
    X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, rng, shuffle)


def make_circles(n_samples: int = 100, noise: float = 0.0, factor: float = 0.8, seed=0, shuffle: bool = True):
    """A small circle inside a large one; like ``sklearn.datasets.make_circles``.

    Class 0 lies on the unit circle, class 1 on a circle of radius ``factor``
    (``0 <= factor < 1``), both evenly spaced in angle; then Gaussian noise of
    standard deviation ``noise`` is added.
    """
    _check(n_samples, noise, "make_circles")
    if not 0 <= factor < 1:
        raise ValueError(f"make_circles: factor is the inner radius and must be in [0, 1), got {factor}")
    rng = _rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.concatenate([
        np.stack([np.cos(t_out), np.sin(t_out)], axis=1),
        factor * np.stack([np.cos(t_in), np.sin(t_in)], axis=1),
    ])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_out, n_in])
    X = X + noise * rng.standard_normal(X.shape)
    return _finish(X, y, rng, shuffle)


def make_spirals(n_samples: int = 300, n_classes: int = 3, noise: float = 0.2, seed=0, shuffle: bool = True):
    """Interleaved spiral arms, one per class (the CS231n spiral data).

    Class ``k`` runs from the centre out to radius 1 while its angle turns from
    ``4k`` to ``4(k + 1)`` radians; ``noise`` (a standard deviation) jitters
    the angle. Points are shared out as evenly as possible between classes.
    No linear model separates them; a small MLP does.
    """
    _check(n_samples, noise, "make_spirals")
    if int(n_classes) != n_classes or n_classes < 1:
        raise ValueError(f"make_spirals: n_classes must be a positive integer, got {n_classes!r}")
    rng = _rng(seed)
    counts = np.full(n_classes, n_samples // n_classes)
    counts[: n_samples % n_classes] += 1
    y = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    # Position of each point along its own arm, from 0 (centre) to 1 (tip).
    step = np.arange(n_samples) - starts[y]
    frac = step / np.maximum(counts[y] - 1, 1)
    r = frac
    t = 4.0 * (y + frac) + noise * rng.standard_normal(n_samples)
    X = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
    return _finish(X, y, rng, shuffle)


def make_regression_sum(n_samples: int = 100, seed=0, noise: float = 0.0):
    """Points ``(x1, x2)`` uniform in ``[-1, 1]^2`` with target ``y = x1 + x2``.

    The smallest regression problem: one ``Linear(2, 1)`` layer can learn it
    exactly (weights 1, 1 and bias 0). ``noise`` adds Gaussian noise to ``y``.

    Returns:
        ``X`` of shape ``(n, 2)`` and ``y`` of shape ``(n, 1)``, both ``float32``.
    """
    _check(n_samples, noise, "make_regression_sum")
    rng = _rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = X.sum(axis=1, keepdims=True) + noise * rng.standard_normal((n_samples, 1))
    return Tensor(X.astype(np.float32)), Tensor(y.astype(np.float32))
