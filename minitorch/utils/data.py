"""Feeding data to a model in mini-batches: ``Dataset``, ``TensorDataset``, ``DataLoader``.

The names and behaviour follow ``torch.utils.data``::

    ds = TensorDataset(X, y)                     # sample i is (X[i], y[i])
    loader = DataLoader(ds, batch_size=32, shuffle=True, seed=0)
    for xb, yb in loader:                        # one epoch, every sample once
        ...

A ``DataLoader`` over a :class:`TensorDataset` (or a :class:`Subset` of one)
takes each batch's rows of every tensor at once, with the array library's
``take``, instead of fetching samples one by one and stacking them.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from ..backend import namespace
from ..random import Generator, default_generator
from ..tensor import Tensor, unwrap

__all__ = [
    "Dataset", "TensorDataset", "Subset", "DataLoader", "random_split", "default_collate",
]


class Dataset:
    """A collection of samples, read by index; like ``torch.utils.data.Dataset``.

    Subclass it and define ``__getitem__(index)`` (one sample, e.g. a tuple
    ``(x, y)``) and ``__len__()`` (the number of samples).
    """

    def __getitem__(self, index):
        raise NotImplementedError(
            f"{type(self).__name__} must define __getitem__(self, index) returning one sample"
        )

    def __len__(self) -> int:
        raise NotImplementedError(
            f"{type(self).__name__} must define __len__(self) returning the number of samples"
        )


class TensorDataset(Dataset):
    """Samples taken along the first dimension of tensors; like ``torch.utils.data.TensorDataset``.

    ``TensorDataset(X, y)[i]`` is ``(X[i], y[i])``. All tensors must have the
    same size in dimension 0 (one row per sample).
    """

    def __init__(self, *tensors: Tensor) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor, e.g. TensorDataset(X, y)")
        for i, t in enumerate(tensors):
            if not isinstance(t, Tensor):
                raise TypeError(
                    f"TensorDataset: argument {i} is a {type(t).__name__}, not a Tensor; "
                    "convert it first with minitorch.tensor(...) or minitorch.from_numpy(...)"
                )
            if t.ndim == 0:
                raise ValueError(
                    f"TensorDataset: argument {i} is a 0-d tensor; each tensor needs a first "
                    "dimension that indexes the samples"
                )
        sizes = [t.shape[0] for t in tensors]
        if len(set(sizes)) > 1:
            shapes = ", ".join(str(tuple(t.shape)) for t in tensors)
            raise ValueError(
                f"TensorDataset: size mismatch between tensors: their first dimensions are "
                f"{sizes} (shapes {shapes}); every tensor needs one row per sample, so these "
                "sizes must be equal"
            )
        self.tensors = tuple(tensors)

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order; like ``torch.utils.data.Subset``."""

    def __init__(self, dataset: Dataset, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index):
        if isinstance(index, (list, np.ndarray)):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(dataset: Dataset, lengths: Sequence[float], generator: Generator | None = None) -> list[Subset]:
    """Split ``dataset`` at random into non-overlapping subsets; like ``torch.utils.data.random_split``.

    Args:
        dataset: what to split.
        lengths: the subset sizes, summing to ``len(dataset)``, or fractions
            summing to 1 (``[0.8, 0.2]``); from fractions the sizes are rounded
            down and the samples left over are handed out one by one, as PyTorch does.
        generator: where the permutation comes from (default: the global one,
            so ``minitorch.manual_seed`` makes the split reproducible).
    """
    n = len(dataset)
    lengths = list(lengths)
    if any(length < 0 for length in lengths):
        raise ValueError(f"random_split: lengths must not be negative, got {lengths}")
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:  # fractions, as PyTorch reads them
        sizes = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if any(int(length) != length for length in lengths):
        raise ValueError(
            f"random_split: lengths {lengths} must be whole numbers summing to "
            f"len(dataset) = {n}, or fractions summing to 1"
        )
    lengths = [int(length) for length in lengths]
    if sum(lengths) != n:
        raise ValueError(
            f"random_split: the lengths {lengths} sum to {sum(lengths)}, but the dataset has "
            f"{n} samples; they must match (or give fractions summing to 1, like [0.8, 0.2])"
        )
    perm = (generator or default_generator).numpy.permutation(n)
    offsets = np.cumsum([0] + lengths)
    return [Subset(dataset, perm[start:stop].tolist()) for start, stop in zip(offsets[:-1], offsets[1:])]


def default_collate(samples: list) -> Any:
    """Combine a list of samples into one batch, as ``torch.utils.data.default_collate`` does.

    Tensors and NumPy arrays are stacked along a new first dimension; Python
    ints and bools become an ``int64``/``bool`` tensor, Python floats a
    ``float64`` tensor (as in PyTorch); tuples and lists are collated field by
    field into a tuple, dicts key by key; strings stay a list.
    """
    first = samples[0]
    if isinstance(first, Tensor):
        return _stack(samples)
    if isinstance(first, (np.ndarray, np.generic)):
        return Tensor(np.stack([np.asarray(s) for s in samples]))
    if isinstance(first, (bool, int, float)):  # numbers: one dtype for the batch, float64 if any is a float
        kind = bool if all(isinstance(s, bool) for s in samples) else (
            np.float64 if any(isinstance(s, float) for s in samples) else np.int64)
        return Tensor(np.asarray(samples, dtype=kind))
    if isinstance(first, str):
        return list(samples)
    if isinstance(first, dict):
        return {key: default_collate([s[key] for s in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(s) != len(first) for s in samples):
            raise RuntimeError("default_collate: every sample in a batch must have the same number of fields")
        return tuple(default_collate(list(field)) for field in zip(*samples))
    raise TypeError(
        f"default_collate: don't know how to batch samples of type {type(first).__name__}; "
        "return tensors, arrays, numbers, strings, or tuples/lists/dicts of these from "
        "__getitem__, or pass collate_fn= to the DataLoader"
    )


def _stack(tensors: list[Tensor]) -> Tensor:
    from ..creation import stack

    if any(t.requires_grad for t in tensors):
        return stack(tensors)  # keeps the graph
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        raise RuntimeError(
            f"default_collate: samples in one batch have different shapes {sorted(shapes)}; "
            "they must match to be stacked into a batch"
        )
    arrays = [unwrap(t) for t in tensors]
    return Tensor(namespace(arrays[0]).stack(arrays))


def rows(t: Tensor, indices: np.ndarray) -> Tensor:
    """The rows ``indices`` of a tensor, in its own library (and on its device)."""
    xp = namespace(unwrap(t))
    return Tensor(xp.take(unwrap(t), xp.asarray(indices), axis=0))


def _tensor_source(dataset) -> tuple[tuple[Tensor, ...], np.ndarray | None] | None:
    """For a TensorDataset, or Subsets of one, its tensors and the index map (None = identity)."""
    index_map = None
    while isinstance(dataset, Subset) and type(dataset).__getitem__ is Subset.__getitem__:
        indices = np.asarray(dataset.indices, dtype=np.int64)
        index_map = indices if index_map is None else indices[index_map]
        dataset = dataset.dataset
    if (
        isinstance(dataset, TensorDataset)
        and type(dataset).__getitem__ is TensorDataset.__getitem__
        and not any(t.requires_grad for t in dataset.tensors)  # the slow path keeps the graph
    ):
        return dataset.tensors, index_map
    return None


class DataLoader:
    """Iterate over a dataset in mini-batches; like ``torch.utils.data.DataLoader``.

    Each pass (``for batch in loader``) is one epoch: every sample appears
    exactly once, in order, or in a fresh random order when ``shuffle=True``.
    A batch is a tuple of tensors whose first dimension is the batch, e.g.
    ``(xb, yb)`` for a ``TensorDataset(X, y)``.

    Args:
        dataset: a :class:`Dataset` (anything with ``__getitem__`` and ``__len__``).
        batch_size: samples per batch; the last batch may be smaller.
        shuffle: draw a new random order at the start of every epoch.
        drop_last: skip the last batch when it is smaller than ``batch_size``.
        generator: the :class:`minitorch.Generator` the orders are drawn from.
        seed: shorthand for ``generator=minitorch.Generator(seed)``: two loaders
            with the same seed give the same sequence of epochs.
        collate_fn: how to combine a list of samples into a batch (default:
            :func:`default_collate`, which stacks).
        num_workers: PyTorch's number of loading processes. Accepted so PyTorch
            code runs, with ``pin_memory``, ``timeout``, ``worker_init_fn``,
            ``persistent_workers`` and ``prefetch_factor``; the batches are the
            same, because minitorch loads in this process, on the CPU.

    Without ``generator`` or ``seed``, shuffling draws from the global
    generator, so ``minitorch.manual_seed`` makes it reproducible.
    """

    def __init__(
        self,
        dataset: Dataset,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        generator: Generator | None = None,
        seed: int | None = None,
        collate_fn=None,
        num_workers: int = 0,
        pin_memory: bool = False,
        timeout: float = 0,
        worker_init_fn=None,
        *,
        persistent_workers: bool = False,
        prefetch_factor: int | None = None,
    ) -> None:
        if isinstance(num_workers, bool) or not isinstance(num_workers, int) or num_workers < 0:
            raise ValueError(f"DataLoader: num_workers must be a whole number >= 0, got {num_workers!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer, got {batch_size!r}")
        if generator is not None and seed is not None:
            raise ValueError("DataLoader: give either generator= or seed=, not both")
        if generator is not None and not isinstance(generator, Generator):
            raise TypeError(
                f"DataLoader: generator must be a minitorch.Generator, got {type(generator).__name__}"
            )
        if not hasattr(dataset, "__getitem__") or not hasattr(dataset, "__len__"):
            raise TypeError(
                f"DataLoader: the dataset ({type(dataset).__name__}) needs __getitem__ and __len__"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.generator = Generator(seed) if seed is not None else generator
        self.collate_fn = collate_fn

    def __len__(self) -> int:
        """The number of batches in one epoch."""
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def _order(self) -> np.ndarray:
        n = len(self.dataset)
        if self.shuffle:
            return (self.generator or default_generator).numpy.permutation(n)
        return np.arange(n)

    def __iter__(self):
        if self.shuffle and len(self.dataset) == 0:
            raise ValueError("DataLoader: can't shuffle an empty dataset (num_samples=0); check how it was built")
        order = self._order()  # drawn as each epoch starts, so every epoch gets a fresh one
        n_batches = len(self)
        source = _tensor_source(self.dataset) if self.collate_fn is None else None
        if source is not None:
            tensors, index_map = source
            if index_map is not None:
                order = index_map[order]
        for b in range(n_batches):
            batch = order[b * self.batch_size:(b + 1) * self.batch_size]
            if source is not None:
                # One take per tensor gathers the whole batch: no Python loop.
                yield tuple(rows(t, batch) for t in tensors)
            else:
                samples = [self.dataset[int(i)] for i in batch]
                yield (self.collate_fn or default_collate)(samples)

    def __repr__(self) -> str:
        return (
            f"DataLoader(dataset={type(self.dataset).__name__} of {len(self.dataset)}, "
            f"batch_size={self.batch_size}, shuffle={self.shuffle}, drop_last={self.drop_last})"
        )
