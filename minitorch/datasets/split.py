"""Preparing data for training: hold out a test set, and put features on one scale."""

from __future__ import annotations

import math

import numpy as np

from ..tensor import Tensor
from .synthetic import _rng


def _array(x, name: str) -> np.ndarray:
    if isinstance(x, Tensor):
        return x.detach().numpy()
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"{name} must be a Tensor or a NumPy array, got {type(x).__name__}")


def train_test_split(X, y, test_size: float = 0.2, seed=0, stratify: bool = False):
    """Shuffle the samples and hold some out for testing; like ``sklearn.model_selection.train_test_split``.

    Args:
        X, y: features and targets, one sample per row (Tensors or arrays).
        test_size: the fraction of samples held out (``0.2``), or their number (``30``).
            A fraction is rounded up, as in scikit-learn.
        seed: the same seed gives the same split (``None``: minitorch's global generator).
        stratify: keep each class's share of the samples equal in both parts, so
            a 120/30 split of Iris has exactly 10 of each species in the test set.
            Classes are the distinct values (rows) of ``y``.

    Returns:
        ``X_train, X_test, y_train, y_test`` as Tensors, both parts in random order.
    """
    Xa, ya = _array(X, "X"), _array(y, "y")
    n = len(Xa)
    if len(ya) != n:
        raise ValueError(
            f"train_test_split: X has {n} samples (rows) but y has {len(ya)}; they must match"
        )
    if isinstance(test_size, float) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n)
    elif isinstance(test_size, (int, np.integer)) and not isinstance(test_size, bool) and 0 < test_size < n:
        n_test = int(test_size)
    else:
        raise ValueError(
            f"train_test_split: test_size must be a fraction in (0, 1) or a count in [1, {n - 1}], "
            f"got {test_size!r}"
        )
    if n_test >= n:
        raise ValueError(f"train_test_split: test_size={test_size} would leave no training samples")
    rng = _rng(seed)
    perm = rng.permutation(n)
    if not stratify:
        test, train = perm[:n_test], perm[n_test:]
    else:
        test, train = _stratified(ya, perm, n_test)
    wrap = lambda a: Tensor(a)  # noqa: E731
    return wrap(Xa[train]), wrap(Xa[test]), wrap(ya[train]), wrap(ya[test])


def _stratified(y: np.ndarray, perm: np.ndarray, n_test: int) -> tuple[np.ndarray, np.ndarray]:
    """Split ``perm`` so that each class gives its share of ``n_test``, rounded fairly."""
    n = len(y)
    _, labels, counts = np.unique(y.reshape(n, -1), axis=0, return_inverse=True, return_counts=True)
    labels = labels.reshape(n)
    # Largest remainders: round every class's exact share down, then give the
    # leftover test places to the classes that lost the most by rounding.
    exact = n_test * counts / n
    quota = np.floor(exact).astype(np.int64)
    leftover = n_test - quota.sum()
    quota[np.argsort(-(exact - quota), kind="stable")[:leftover]] += 1
    # Within each class, the first `quota` samples in random order go to the test set.
    shuffled = labels[perm]
    by_class = np.argsort(shuffled, kind="stable")  # grouped by class, random order inside
    rank = np.empty(n, dtype=np.int64)
    rank[by_class] = np.arange(n) - (np.cumsum(counts) - counts)[shuffled[by_class]]
    is_test = rank < quota[shuffled]
    return perm[is_test], perm[~is_test]


def standardize(train, *others):
    """Scale every feature (column) to mean 0 and standard deviation 1, using ``train``'s statistics.

    ``x' = (x - mean) / std`` with ``mean`` and ``std`` of the training set
    only, applied to the other sets too, so no information leaks from the
    test set. Constant features (``std == 0``) are only centred.

    Returns:
        the scaled ``train``, or a tuple ``(train, *others)`` scaled, as Tensors
        (of ``train``'s dtype if it is a float, else ``float32``).
    """
    data = _array(train, "train")
    dtype = data.dtype if data.dtype.kind == "f" else np.float32  # integer pixels become floats
    mean = data.mean(axis=0)
    std = data.std(axis=0)
    std = np.where(std > 0, std, 1)
    scaled = tuple(Tensor(((_array(x, "each set") - mean) / std).astype(dtype)) for x in (train, *others))
    return scaled[0] if not others else scaled
