"""Two classic real data sets, read from CSV files shipped in ``minitorch/datasets/data/``.

See ``data/README.md`` there for their sources and licences (both CC BY 4.0,
from the UCI Machine Learning Repository, copied from scikit-learn).
"""

from __future__ import annotations

import functools
import gzip
import io
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from ..tensor import Tensor


@dataclass(frozen=True)
class Bunch:
    """A data set: features, labels and their names; like scikit-learn's ``Bunch``.

    Attributes:
        data: the features, a ``float32`` tensor of shape ``(n_samples, n_features)``.
        target: the class of each sample, an ``int64`` tensor of shape ``(n_samples,)``.
        feature_names: one name per column of ``data``.
        target_names: ``target_names[k]`` names class ``k``.
        description: where the data comes from and what it measures.
        images: for image data, ``data`` as images (``(n, height, width)``), else ``None``.
    """

    data: Tensor
    target: Tensor
    feature_names: list[str]
    target_names: list[str]
    description: str
    images: Tensor | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return (
            f"Bunch(data: {tuple(self.data.shape)} {self.data.dtype}, target: "
            f"{tuple(self.target.shape)} {self.target.dtype}, classes {self.target_names})"
        )


def _read(name: str) -> bytes:
    return resources.files(__package__).joinpath("data", name).read_bytes()


@functools.lru_cache(maxsize=None)
def _iris_arrays() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    lines = _read("iris.csv").decode("ascii").splitlines()
    n_samples, n_features, *names = lines[0].split(",")
    table = np.loadtxt(io.StringIO("\n".join(lines[1:])), delimiter=",")
    if table.shape != (int(n_samples), int(n_features) + 1):
        raise RuntimeError(f"minitorch/datasets/data/iris.csv is damaged: table of shape {table.shape}")
    return table[:, :-1].astype(np.float32), table[:, -1].astype(np.int64), tuple(names)


@functools.lru_cache(maxsize=None)
def _digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    text = gzip.decompress(_read("digits.csv.gz")).decode("ascii")
    table = np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.int64)
    if table.shape != (1797, 65):
        raise RuntimeError(f"minitorch/datasets/data/digits.csv.gz is damaged: table of shape {table.shape}")
    return table[:, :-1].astype(np.float32), table[:, -1]


def load_iris(return_X_y: bool = False):
    """Fisher's Iris flowers: 150 samples, 4 features (cm), 3 classes of 50; like ``sklearn.datasets.load_iris``.

    Features: sepal length, sepal width, petal length, petal width. Classes:
    0 setosa, 1 versicolor, 2 virginica. Setosa is linearly separable from the
    other two; versicolor and virginica overlap a little.

    Returns:
        a :class:`Bunch`, or ``(data, target)`` with ``return_X_y=True``.
    """
    X, y, names = _iris_arrays()
    data, target = Tensor(X.copy()), Tensor(y.copy())
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        feature_names=["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
        target_names=list(names),
        description=(
            "Iris plants (R. A. Fisher, 1936): 150 flowers, 50 of each of three species, "
            "measured in cm. Source: UCI Machine Learning Repository (CC BY 4.0), "
            "the copy shipped with scikit-learn."
        ),
    )


def load_digits(return_X_y: bool = False):
    """Handwritten digits: 1797 images of 8x8 pixels (values 0..16), 10 classes; like ``sklearn.datasets.load_digits``.

    ``data`` has the 64 pixels of each image in a row (row by row), as
    ``float32``; ``images`` the same values shaped ``(1797, 8, 8)``. Divide by
    16 (or :func:`standardize`) before training.

    Returns:
        a :class:`Bunch`, or ``(data, target)`` with ``return_X_y=True``.
    """
    X, y = _digits_arrays()
    data, target = Tensor(X.copy()), Tensor(y.copy())
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        feature_names=[f"pixel_{r}_{c}" for r in range(8) for c in range(8)],
        target_names=[str(d) for d in range(10)],
        description=(
            "Optical recognition of handwritten digits (E. Alpaydin, C. Kaynak, 1998): the "
            "1797 test images of the UCI data set, 32x32 bitmaps reduced to 8x8 counts of "
            "'on' pixels (0..16). Source: UCI Machine Learning Repository (CC BY 4.0), the "
            "copy shipped with scikit-learn."
        ),
        images=Tensor(X.reshape(-1, 8, 8).copy()),
    )
