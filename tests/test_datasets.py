"""minitorch.datasets: the shipped Iris and digits data, toy generators, splitting, scaling."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

import minitorch as mt
from minitorch import datasets


# ------------------------------------------------------------------- Iris
def test_iris_shapes_dtypes_and_names():
    iris = datasets.load_iris()
    assert iris.data.shape == (150, 4) and iris.data.dtype == mt.float32
    assert iris.target.shape == (150,) and iris.target.dtype == mt.int64
    assert iris.target_names == ["setosa", "versicolor", "virginica"]
    assert len(iris.feature_names) == 4 and "petal width (cm)" in iris.feature_names
    assert "Fisher" in iris.description and "CC BY 4.0" in iris.description
    assert not iris.data.requires_grad


def test_iris_matches_its_published_summary_statistics():
    """Min, max and mean per feature as printed in the Iris documentation (Fisher's data)."""
    X = datasets.load_iris().data.numpy().astype(np.float64)
    np.testing.assert_allclose(X.min(0), [4.3, 2.0, 1.0, 0.1], atol=1e-6)
    np.testing.assert_allclose(X.max(0), [7.9, 4.4, 6.9, 2.5], atol=1e-6)
    np.testing.assert_allclose(X.mean(0), [5.84, 3.05, 3.76, 1.20], atol=0.01)  # printed to 2 decimals
    np.testing.assert_allclose(X.std(0, ddof=1), [0.83, 0.43, 1.76, 0.76], atol=0.01)


def test_iris_has_50_of_each_class_in_order():
    y = datasets.load_iris().target.numpy()
    assert np.bincount(y).tolist() == [50, 50, 50]
    np.testing.assert_array_equal(y, np.repeat([0, 1, 2], 50))
    # Setosa has the smallest petals: linearly separable from the rest.
    X = datasets.load_iris().data.numpy()
    assert X[y == 0, 2].max() < X[y != 0, 2].min()


def test_return_X_y_and_fresh_copies():
    X, y = datasets.load_iris(return_X_y=True)
    assert X.shape == (150, 4) and y.shape == (150,)
    X[0, 0] = 100.0  # changing one result must not change the next load
    assert datasets.load_iris().data[0, 0].item() != 100.0


# ------------------------------------------------------------------- digits
def test_digits_shapes_values_and_labels():
    digits = datasets.load_digits()
    assert digits.data.shape == (1797, 64) and digits.data.dtype == mt.float32
    assert digits.target.shape == (1797,) and digits.target.dtype == mt.int64
    assert digits.images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(digits.images.numpy().reshape(1797, 64), digits.data.numpy())
    values = digits.data.numpy()
    assert values.min() == 0 and values.max() == 16
    np.testing.assert_array_equal(values, np.round(values))  # counts of "on" pixels: whole numbers
    counts = np.bincount(digits.target.numpy())
    assert counts.tolist() and len(counts) == 10 and counts.sum() == 1797
    assert counts.min() >= 170 and counts.max() <= 185  # roughly balanced
    assert digits.target_names == [str(d) for d in range(10)]
    assert len(digits.feature_names) == 64 and "Alpaydin" in digits.description


def test_digits_look_like_digits():
    """A zero has an empty centre and a ring of ink around it; a one is ink in the middle columns."""
    digits = datasets.load_digits()
    images, y = digits.images.numpy(), digits.target.numpy()
    zero, one = images[y == 0].mean(0), images[y == 1].mean(0)
    assert zero[3:5, 3:5].mean() < zero[[1, 6], 2:6].mean()
    assert one[:, 3:5].mean() > one[:, [0, 7]].mean() + 5


def test_data_files_ship_in_the_package_with_a_readme():
    folder = resources.files("minitorch.datasets").joinpath("data")
    names = {p.name for p in folder.iterdir()}
    assert {"iris.csv", "digits.csv.gz", "README.md"} <= names
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    for needed in ("Fisher", "UCI", "CC BY 4.0", "Alpaydin", "Kaynak", "scikit-learn"):
        assert needed in readme


# ------------------------------------------------------------------- toy data
def test_xor():
    X, y = datasets.xor()
    assert X.dtype == mt.float32 and y.dtype == mt.float32
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == [[0], [1], [1], [0]]


GENERATORS = {
    "moons": lambda seed, n=101: datasets.make_moons(n, noise=0.1, seed=seed),
    "circles": lambda seed, n=101: datasets.make_circles(n, noise=0.1, factor=0.5, seed=seed),
    "spirals": lambda seed, n=101: datasets.make_spirals(n, n_classes=3, noise=0.2, seed=seed),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_generators_shapes_dtypes_and_labels(name):
    X, y = GENERATORS[name](0)
    assert X.shape == (101, 2) and X.dtype == mt.float32
    assert y.shape == (101,) and y.dtype == mt.int64
    k = 3 if name == "spirals" else 2
    counts = np.bincount(y.numpy(), minlength=k)
    assert len(counts) == k and counts.max() - counts.min() <= 1  # shared out evenly
    assert np.isfinite(X.numpy()).all()


@pytest.mark.parametrize("name", GENERATORS)
def test_generators_are_deterministic_under_a_seed(name):
    X1, y1 = GENERATORS[name](7)
    X2, y2 = GENERATORS[name](7)
    X3, _ = GENERATORS[name](8)
    np.testing.assert_array_equal(X1.numpy(), X2.numpy())
    np.testing.assert_array_equal(y1.numpy(), y2.numpy())
    assert not np.array_equal(X1.numpy(), X3.numpy())


@pytest.mark.parametrize("name", GENERATORS)
def test_seed_none_follows_manual_seed(name):
    mt.manual_seed(5)
    X1, _ = GENERATORS[name](None)
    mt.manual_seed(5)
    X2, _ = GENERATORS[name](None)
    np.testing.assert_array_equal(X1.numpy(), X2.numpy())


def test_generators_shuffle_by_default_and_not_when_asked():
    _, y = datasets.make_moons(50, seed=0)
    assert not np.array_equal(y.numpy(), np.sort(y.numpy()))
    _, y = datasets.make_moons(50, seed=0, shuffle=False)
    np.testing.assert_array_equal(y.numpy(), np.repeat([0, 1], 25))


def test_noiseless_geometry():
    X, y = datasets.make_circles(200, noise=0.0, factor=0.3, seed=0)
    radius = np.linalg.norm(X.numpy(), axis=1)
    np.testing.assert_allclose(radius[y.numpy() == 0], 1.0, atol=1e-6)
    np.testing.assert_allclose(radius[y.numpy() == 1], 0.3, atol=1e-6)

    X, y = datasets.make_moons(200, noise=0.0, seed=0)
    upper, lower = X.numpy()[y.numpy() == 0], X.numpy()[y.numpy() == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0, atol=1e-6)
    assert (upper[:, 1] >= -1e-6).all() and (lower[:, 1] <= 0.5 + 1e-6).all()

    X, y = datasets.make_spirals(300, n_classes=3, noise=0.0, seed=0)
    r = np.linalg.norm(X.numpy(), axis=1)
    assert r.min() < 1e-6 and abs(r.max() - 1) < 1e-6  # from the centre to radius 1


def test_noise_spreads_the_points():
    X0, _ = datasets.make_circles(400, noise=0.0, seed=0, shuffle=False)
    X1, _ = datasets.make_circles(400, noise=0.2, seed=0, shuffle=False)
    spread = (X1.numpy() - X0.numpy()).std()
    assert 0.15 < spread < 0.25


def test_regression_sum():
    X, y = datasets.make_regression_sum(500, seed=3)
    assert X.shape == (500, 2) and y.shape == (500, 1)
    assert X.dtype == mt.float32 and y.dtype == mt.float32
    assert X.numpy().min() >= -1 and X.numpy().max() <= 1
    np.testing.assert_allclose(y.numpy()[:, 0], X.numpy()[:, 0] + X.numpy()[:, 1], atol=1e-6)
    np.testing.assert_array_equal(X.numpy(), datasets.make_regression_sum(500, seed=3)[0].numpy())
    assert not np.array_equal(X.numpy(), datasets.make_regression_sum(500, seed=4)[0].numpy())


@pytest.mark.parametrize("call, match", [
    (lambda: datasets.make_moons(0), "n_samples"),
    (lambda: datasets.make_moons(10, noise=-1), "noise"),
    (lambda: datasets.make_circles(10, factor=1.5), "factor"),
    (lambda: datasets.make_spirals(10, n_classes=0), "n_classes"),
])
def test_generator_argument_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ------------------------------------------------------- split and scale
def rows(n: int):
    """X whose first column is the sample index, labels 0..2 in blocks."""
    X = np.stack([np.arange(n), np.zeros(n)], axis=1).astype(np.float32)
    return mt.from_numpy(X), mt.from_numpy(np.arange(n) * 3 // n)


@pytest.mark.parametrize("test_size, n_test", [(0.2, 30), (0.25, 38), (30, 30), (1, 1)])
def test_split_is_a_partition(test_size, n_test):
    X, y = rows(150)
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == len(y_test) == n_test and len(X_train) == len(y_train) == 150 - n_test
    ids = np.concatenate([X_train.numpy()[:, 0], X_test.numpy()[:, 0]]).astype(int)
    assert sorted(ids.tolist()) == list(range(150))
    # Rows stay paired with their labels.
    np.testing.assert_array_equal(y_test.numpy(), X_test.numpy()[:, 0].astype(int) * 3 // 150)
    assert isinstance(X_train, mt.Tensor) and X_train.dtype == mt.float32 and y_train.dtype == mt.int64


def test_split_is_shuffled_and_deterministic():
    X, y = rows(150)
    a = datasets.train_test_split(X, y, seed=1)
    b = datasets.train_test_split(X, y, seed=1)
    c = datasets.train_test_split(X, y, seed=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u.numpy(), v.numpy())
    assert not np.array_equal(a[1].numpy(), c[1].numpy())
    assert not np.array_equal(np.sort(a[1].numpy()[:, 0]), np.arange(120, 150))


@pytest.mark.parametrize("seed", range(5))
def test_stratified_split_keeps_class_shares(seed):
    iris = datasets.load_iris()
    _, X_test, y_train, y_test = datasets.train_test_split(
        iris.data, iris.target, test_size=0.2, seed=seed, stratify=True
    )
    assert np.bincount(y_test.numpy()).tolist() == [10, 10, 10]
    assert np.bincount(y_train.numpy()).tolist() == [40, 40, 40]


def test_stratified_split_with_uneven_classes():
    y = mt.from_numpy(np.repeat([0, 1, 2], [60, 30, 10]))
    X = mt.from_numpy(np.arange(100, dtype=np.float32)[:, None])
    X_train, X_test, _, y_test = datasets.train_test_split(X, y, test_size=0.3, seed=0, stratify=True)
    assert np.bincount(y_test.numpy()).tolist() == [18, 9, 3]
    ids = np.concatenate([X_train.numpy()[:, 0], X_test.numpy()[:, 0]]).astype(int)
    assert sorted(ids.tolist()) == list(range(100))


def test_split_errors():
    X, y = rows(10)
    with pytest.raises(ValueError, match="10 samples .* but y has 9"):
        datasets.train_test_split(X, y[:9])
    for bad in (0.0, 1.0, 0, 10, -3, True):
        with pytest.raises(ValueError, match="test_size"):
            datasets.train_test_split(X, y, test_size=bad)


def test_standardize_uses_the_training_statistics():
    X = datasets.load_iris().data
    X_train, X_test = X[:100], X[100:]
    S_train, S_test = datasets.standardize(X_train, X_test)
    np.testing.assert_allclose(S_train.numpy().mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(S_train.numpy().std(0), 1, atol=1e-5)
    mean, std = X_train.numpy().mean(0), X_train.numpy().std(0)
    np.testing.assert_allclose(S_test.numpy(), (X_test.numpy() - mean) / std, rtol=1e-5, atol=1e-6)
    assert S_train.dtype == mt.float32 and isinstance(S_test, mt.Tensor)


def test_standardize_a_single_set_and_constant_columns():
    X = mt.tensor([[1.0, 5.0], [3.0, 5.0]])
    S = datasets.standardize(X)
    assert isinstance(S, mt.Tensor)
    assert S.tolist() == [[-1.0, 0.0], [1.0, 0.0]]  # the constant column is centred, not divided by 0
    S = datasets.standardize(mt.tensor([[0, 2], [4, 2]]))  # integers become float32
    assert S.dtype == mt.float32 and S.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
