"""minitorch.utils.data: Dataset, TensorDataset, Subset, random_split, DataLoader."""

from __future__ import annotations

import numpy as np
import pytest

import minitorch as mt
from minitorch.utils.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split


def indexed(n: int) -> TensorDataset:
    """Sample i is (row [i, -i] as float32, label i): the values reveal which samples came."""
    idx = np.arange(n)
    X = mt.from_numpy(np.stack([idx, -idx], axis=1).astype(np.float32))
    return TensorDataset(X, mt.from_numpy(idx.astype(np.int64)))


class PlainDataset(Dataset):
    """A generic Dataset (not a TensorDataset), so the DataLoader must collate samples."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def __getitem__(self, i):
        self.calls += 1
        return mt.tensor([float(i), float(-i)]), i

    def __len__(self) -> int:
        return self.n


def seen(loader) -> np.ndarray:
    """The sample indices of one epoch, in the order the loader gave them."""
    return np.concatenate([yb.numpy() for _, yb in loader])


# ------------------------------------------------------------------ coverage
@pytest.mark.parametrize("make", [indexed, PlainDataset], ids=["TensorDataset", "generic"])
@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("n,batch_size", [(10, 1), (10, 3), (10, 10), (10, 32), (150, 32), (7, 7)])
def test_every_index_exactly_once_per_epoch(make, shuffle, n, batch_size):
    loader = DataLoader(make(n), batch_size=batch_size, shuffle=shuffle, seed=0)
    for _ in range(3):  # every epoch, not only the first
        order = seen(loader)
        assert sorted(order.tolist()) == list(range(n))


@pytest.mark.parametrize("make", [indexed, PlainDataset], ids=["TensorDataset", "generic"])
def test_batches_pair_features_with_their_labels(make):
    for xb, yb in DataLoader(make(23), batch_size=5, shuffle=True, seed=1):
        np.testing.assert_array_equal(xb.numpy()[:, 0], yb.numpy().astype(np.float32))
        np.testing.assert_array_equal(xb.numpy()[:, 1], -yb.numpy().astype(np.float32))


@pytest.mark.parametrize("make", [indexed, PlainDataset], ids=["TensorDataset", "generic"])
def test_without_shuffle_the_order_is_the_dataset_order(make):
    assert seen(DataLoader(make(11), batch_size=4)).tolist() == list(range(11))


def test_batches_are_tuples_of_stacked_tensors_with_the_datasets_dtypes():
    xb, yb = next(iter(DataLoader(indexed(10), batch_size=4)))
    batch = next(iter(DataLoader(indexed(10), batch_size=4)))
    assert isinstance(batch, tuple) and len(batch) == 2
    assert isinstance(xb, mt.Tensor) and isinstance(yb, mt.Tensor)
    assert xb.shape == (4, 2) and xb.dtype == mt.float32
    assert yb.shape == (4,) and yb.dtype == mt.int64
    assert not xb.requires_grad


def test_generic_dataset_collates_like_pytorch():
    xb, yb = next(iter(DataLoader(PlainDataset(10), batch_size=4)))
    assert xb.shape == (4, 2) and xb.dtype == mt.float32
    assert yb.dtype == mt.int64 and yb.tolist() == [0, 1, 2, 3]  # Python ints -> int64 tensor


def test_default_collate_handles_dicts_floats_arrays_and_strings():
    batch = default_collate([
        {"x": np.array([1, 2]), "w": 0.5, "ok": True, "name": "a"},
        {"x": np.array([3, 4]), "w": 1.5, "ok": False, "name": "b"},
    ])
    assert batch["x"].shape == (2, 2) and batch["x"].tolist() == [[1, 2], [3, 4]]
    assert batch["w"].dtype == mt.float64  # PyTorch makes Python floats float64 too
    assert batch["ok"].dtype == mt.bool and batch["ok"].tolist() == [True, False]
    assert batch["name"] == ["a", "b"]
    with pytest.raises(TypeError, match="don't know how to batch"):
        default_collate([object(), object()])


def test_collate_fn_is_used():
    loader = DataLoader(indexed(6), batch_size=4, collate_fn=lambda samples: len(samples))
    assert list(loader) == [4, 2]


def test_tensor_dataset_batches_come_from_one_fancy_index(monkeypatch):
    """The fast path never indexes single samples: Tensor.__getitem__ is not called at all."""
    def per_sample(self, key):
        raise AssertionError("DataLoader indexed a TensorDataset sample by sample")

    ds = indexed(100)
    train, _ = random_split(ds, [80, 20], generator=mt.Generator(0))
    monkeypatch.setattr(mt.Tensor, "__getitem__", per_sample)
    assert sorted(seen(DataLoader(ds, batch_size=16, shuffle=True)).tolist()) == list(range(100))
    assert len(seen(DataLoader(train, batch_size=16, shuffle=True))) == 80  # Subsets too


def test_fast_and_generic_paths_give_the_same_batches():
    fast = list(DataLoader(indexed(37), batch_size=8, shuffle=True, seed=5))
    slow = list(DataLoader(PlainDataset(37), batch_size=8, shuffle=True, seed=5))
    assert len(fast) == len(slow)
    for (xf, yf), (xs, ys) in zip(fast, slow):
        np.testing.assert_array_equal(xf.numpy(), xs.numpy())
        np.testing.assert_array_equal(yf.numpy(), ys.numpy())


# ------------------------------------------------- batch sizes, drop_last, len
@pytest.mark.parametrize("n,batch_size,drop_last,sizes", [
    (10, 3, False, [3, 3, 3, 1]),
    (10, 3, True, [3, 3, 3]),
    (9, 3, True, [3, 3, 3]),
    (9, 3, False, [3, 3, 3]),
    (5, 8, False, [5]),
    (5, 8, True, []),
])
def test_batch_sizes_and_drop_last(n, batch_size, drop_last, sizes):
    loader = DataLoader(indexed(n), batch_size=batch_size, drop_last=drop_last, shuffle=True, seed=0)
    assert [len(yb) for _, yb in loader] == sizes
    assert len(loader) == len(sizes)


@pytest.mark.parametrize("n", [1, 9, 10, 150])
@pytest.mark.parametrize("batch_size", [1, 4, 10, 200])
@pytest.mark.parametrize("drop_last", [False, True])
def test_len_is_the_number_of_batches(n, batch_size, drop_last):
    loader = DataLoader(PlainDataset(n), batch_size=batch_size, drop_last=drop_last)
    assert len(loader) == sum(1 for _ in loader)


def test_drop_last_with_shuffle_drops_different_samples_but_never_repeats():
    order = seen(DataLoader(indexed(10), batch_size=3, drop_last=True, shuffle=True, seed=0))
    assert len(order) == 9 and len(set(order.tolist())) == 9


# ---------------------------------------------------------- reproducibility
def test_same_seed_same_shuffles_different_seed_different():
    a = DataLoader(indexed(50), batch_size=7, shuffle=True, seed=3)
    b = DataLoader(indexed(50), batch_size=7, shuffle=True, seed=3)
    c = DataLoader(indexed(50), batch_size=7, shuffle=True, seed=4)
    epochs_a = [seen(a) for _ in range(3)]
    epochs_b = [seen(b) for _ in range(3)]
    for ea, eb in zip(epochs_a, epochs_b):
        np.testing.assert_array_equal(ea, eb)
    assert not np.array_equal(epochs_a[0], seen(c))
    # Each epoch draws a new order, and it is a real shuffle.
    assert not np.array_equal(epochs_a[0], epochs_a[1])
    assert not np.array_equal(epochs_a[0], np.arange(50))


def test_same_generator_seed_same_shuffles():
    a = DataLoader(indexed(40), batch_size=8, shuffle=True, generator=mt.Generator(11))
    b = DataLoader(indexed(40), batch_size=8, shuffle=True, generator=mt.Generator(11))
    c = DataLoader(indexed(40), batch_size=8, shuffle=True, generator=mt.Generator(12))
    first_a, first_b = seen(a), seen(b)
    np.testing.assert_array_equal(first_a, first_b)
    np.testing.assert_array_equal(seen(a), seen(b))
    assert not np.array_equal(first_a, seen(c))


def test_generator_is_shared_state():
    """Two loaders on one generator interleave its draws, as in PyTorch."""
    g = mt.Generator(0)
    a = DataLoader(indexed(30), batch_size=30, shuffle=True, generator=g)
    first = seen(a)
    g.manual_seed(0)
    np.testing.assert_array_equal(seen(a), first)


def test_without_generator_manual_seed_controls_the_shuffle():
    loader = DataLoader(indexed(40), batch_size=8, shuffle=True)
    mt.manual_seed(123)
    first = seen(loader)
    mt.manual_seed(123)
    np.testing.assert_array_equal(seen(loader), first)
    mt.manual_seed(124)
    assert not np.array_equal(seen(loader), first)


# ------------------------------------------------------------------- errors
def test_tensor_dataset_size_mismatch_names_the_sizes():
    with pytest.raises(ValueError, match="size mismatch") as info:
        TensorDataset(mt.zeros(150, 4), mt.zeros(149))
    assert "150" in str(info.value) and "149" in str(info.value)


def test_tensor_dataset_rejects_non_tensors_and_nothing():
    with pytest.raises(TypeError, match="not a Tensor"):
        TensorDataset(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="at least one tensor"):
        TensorDataset()
    with pytest.raises(ValueError, match="0-d"):
        TensorDataset(mt.tensor(1.0))


def test_tensor_dataset_indexing_and_len():
    ds = indexed(5)
    assert len(ds) == 5
    x, y = ds[3]
    assert x.tolist() == [3.0, -3.0] and y.item() == 3


def test_abstract_dataset_says_what_to_define():
    class Empty(Dataset):
        pass

    with pytest.raises(NotImplementedError, match="__getitem__"):
        Empty()[0]
    with pytest.raises(NotImplementedError, match="__len__"):
        len(Empty())


@pytest.mark.parametrize("bad", [0, -1, 2.5, None, True])
def test_bad_batch_size(bad):
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(indexed(4), batch_size=bad)


def test_generator_and_seed_together_is_an_error():
    with pytest.raises(ValueError, match="not both"):
        DataLoader(indexed(4), shuffle=True, generator=mt.Generator(0), seed=0)
    with pytest.raises(TypeError, match="Generator"):
        DataLoader(indexed(4), shuffle=True, generator=np.random.default_rng(0))


# ------------------------------------------------------- Subset, random_split
def test_subset_reads_through_its_indices():
    sub = Subset(indexed(10), [7, 2, 5])
    assert len(sub) == 3
    assert sub[0][1].item() == 7 and sub[2][1].item() == 5
    assert seen(DataLoader(sub, batch_size=2)).tolist() == [7, 2, 5]
    nested = Subset(sub, [2, 0])
    assert seen(DataLoader(nested, batch_size=5)).tolist() == [5, 7]


@pytest.mark.parametrize("lengths,expected", [
    ([70, 30], [70, 30]),
    ([0.7, 0.3], [70, 30]),
    ([0.5, 0.25, 0.25], [50, 25, 25]),
    ([1 / 3, 1 / 3, 1 / 3], [34, 33, 33]),  # the leftover goes round-robin, as in PyTorch
])
def test_random_split_partitions_the_dataset(lengths, expected):
    parts = random_split(indexed(100), lengths, generator=mt.Generator(0))
    assert [len(p) for p in parts] == expected
    everything = np.concatenate([seen(DataLoader(p, batch_size=64)) for p in parts])
    assert sorted(everything.tolist()) == list(range(100))


def test_random_split_is_reproducible_and_random():
    a = random_split(indexed(50), [40, 10], generator=mt.Generator(1))
    b = random_split(indexed(50), [40, 10], generator=mt.Generator(1))
    c = random_split(indexed(50), [40, 10], generator=mt.Generator(2))
    assert a[1].indices == b[1].indices
    assert a[1].indices != c[1].indices
    assert a[0].indices != list(range(40))


def test_random_split_with_wrong_lengths():
    with pytest.raises(ValueError, match="sum to 90"):
        random_split(indexed(100), [60, 30])
    with pytest.raises(ValueError, match="negative"):
        random_split(indexed(100), [110, -10])
