"""Data for the client scripts, read or generated offline with NumPy only.

The scripts get the same arrays whichever library answers ``import torch``;
they turn them into tensors themselves, as the originals do.
"""

import gzip
import io
from pathlib import Path

import numpy as np

CLIENTS = Path(__file__).resolve().parents[1]
REPO = CLIENTS.parents[1]
NAMES = CLIENTS / "data" / "names.txt"


def load_digits_arrays(n_train=1500):
    """minitorch's 8x8 digits (UCI, 1797 images) as MNIST-like arrays, in file order.

    Returns ``((x_train, y_train), (x_valid, y_valid))``: pixels scaled to
    [0, 1] as ``float32`` rows of 64, labels ``int64``; the layout of the
    ``mnist.pkl.gz`` that PyTorch's nn_tutorial unpickles (rows of 784 there).
    """
    text = gzip.decompress((REPO / "minitorch" / "datasets" / "data" / "digits.csv.gz").read_bytes())
    table = np.loadtxt(io.StringIO(text.decode("ascii")), delimiter=",", dtype=np.int64)
    x, y = (table[:, :-1] / 16.0).astype(np.float32), table[:, -1]
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
