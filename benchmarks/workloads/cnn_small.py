"""``cnn_small``: the CNN of the images chapter on the 8x8 digits, batches of 64, SGD.

conv 1->16 (3x3, padding 1), ReLU, max-pool 2, conv 16->32 (3x3, padding 1),
ReLU, max-pool 2, flatten, linear 128->10, cross-entropy. The convolutions
are im2col plus one matrix product in every framework (PyTorch's float64
CPU convolution works that way too), so the matrix products are small and
the copies that cut images into windows and add them back weigh as much.
There is no bare-graph runner: ``bare_graph.py`` has no convolution.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import minitorch as mt

from .common import TrainLoop, to_lib
from .digits_small import batches as digit_batches

NAME = "cnn_small"
TITLE = "CNN conv16-pool-conv32-pool-linear, ReLU, cross-entropy, SGD, batch 64, 1x8x8 digits"
PER_STEP = 1
TARGET = 2.0  # minitorch / PyTorch, from issue 20
TARGET_BASE = "torch"  # the target is a ratio to PyTorch's time, not to NumPy's
TORCH_REFERENCE = 0.8  # PyTorch / NumPy, measured when the workload was added
LR = 0.1
SHAPES = [(16, 1, 3, 3), (16,), (32, 16, 3, 3), (32,), (10, 128), (10,)]


def batches(seed: int) -> list:
    """The digits batches of ``digits_small`` as images (64, 1, 8, 8)."""
    return [(x.reshape(-1, 1, 8, 8), y) for x, y in digit_batches(seed)]


def init_weights(rng: np.random.Generator) -> list:
    """W1, b1, W2, b2, W3, b3 uniform in ±1/√fan_in, PyTorch's default range for conv and linear layers."""
    weights = []
    for w_shape, b_shape in zip(SHAPES[0::2], SHAPES[1::2]):
        bound = 1.0 / np.sqrt(np.prod(w_shape[1:]))
        weights += [rng.uniform(-bound, bound, w_shape), rng.uniform(-bound, bound, b_shape)]
    return weights


def build(torch=None, seed: int = 0) -> dict:
    weights, data = init_weights(np.random.default_rng(seed)), batches(seed)
    runners = {"numpy": NumpyCNN(weights, data, LR), "minitorch": cnn_loop(mt, weights, data, LR)}
    if torch is not None:
        runners["torch"] = cnn_loop(torch, weights, data, LR)
    return runners


def cnn_loop(lib, weights: list, data: list, lr: float) -> TrainLoop:
    """The same code for minitorch and PyTorch: the chapter's CNN, cross-entropy, SGD."""
    nn = lib.nn
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, dtype=lib.float64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, dtype=lib.float64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 10, dtype=lib.float64),
    )
    with lib.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(lib.from_numpy(w.copy()))
    optimizer = lib.optim.SGD(model.parameters(), lr=lr)
    return TrainLoop(model, nn.CrossEntropyLoss(), optimizer, to_lib(lib, data))


# ------------------------------------------------------------------ by hand, in NumPy
def im2col(x):
    """Images (C, H, W, N), padded by 1, as columns (C·3·3, H·W·N) of their 3x3 windows."""
    c = x.shape[0]
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    windows = sliding_window_view(padded, (3, 3), axis=(1, 2))  # (C, H, W, N, 3, 3)
    return windows.transpose(0, 4, 5, 1, 2, 3).reshape(c * 9, -1)


def col2im(cols, shape):
    """The adjoint of ``im2col``: each column added back into its window, the padding dropped."""
    c, h, w, n = shape
    blocks = cols.reshape(c, 3, 3, h, w, n)
    padded = np.zeros((c, h + 2, w + 2, n))
    for i in range(3):
        for j in range(3):
            padded[:, i:i + h, j:j + w] += blocks[:, i, j]
    return padded[:, 1:-1, 1:-1]


def pool(h):
    """2x2 max-pooling of (C, H, W, N); returns the result and a mask of each window's first maximum.

    First, as PyTorch: the digits' blank background makes ties common.
    """
    c, height, width, n = h.shape
    windows = h.reshape(c, height // 2, 2, width // 2, 2, n).transpose(0, 1, 3, 5, 2, 4)
    windows = windows.reshape(c, height // 2, width // 2, n, 4)  # the 4 numbers of a window last, in order
    out = windows.max(axis=-1)
    hit = windows == out[..., None]
    return out, hit & (hit.cumsum(axis=-1) == 1)


def unpool(g, mask):
    """The gradient of ``pool``: each window's gradient to its first maximum."""
    c, h, w, n, _ = mask.shape
    return (mask * g[..., None]).reshape(c, h, w, n, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(c, 2 * h, 2 * w, n)


class NumpyCNN:
    """Hand-written NumPy: the chapter's CNN, forward and backward by hand, images kept as (C, H, W, N)."""

    def __init__(self, weights: list, data: list, lr: float) -> None:
        self.params = [a.copy() for a in weights]  # W1, b1, W2, b2, W3, b3
        self.batches = [(np.ascontiguousarray(x.transpose(1, 2, 3, 0)), y) for x, y in data]
        self.lr, self.i = lr, 0
        self.rows = np.arange(len(data[0][1]))

    def step(self) -> float:
        x, y = self.batches[self.i]
        self.i = (self.i + 1) % len(self.batches)
        W1, b1, W2, b2, W3, b3 = self.params
        n = len(y)
        # forward
        cols1 = im2col(x)  # (9, 64·N)
        a1 = np.maximum((W1.reshape(16, -1) @ cols1).reshape(16, 8, 8, n) + b1[:, None, None, None], 0)
        p1, mask1 = pool(a1)  # (16, 4, 4, N)
        cols2 = im2col(p1)  # (144, 16·N)
        a2 = np.maximum((W2.reshape(32, -1) @ cols2).reshape(32, 4, 4, n) + b2[:, None, None, None], 0)
        p2, mask2 = pool(a2)  # (32, 2, 2, N)
        flat = p2.reshape(128, n).T  # (N, 128), in PyTorch's (channel, row, column) order
        z = flat @ W3.T + b3
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = (np.log(s).sum() - z[self.rows, y].sum()) / n
        # backward: dL/dz = (softmax - one_hot) / n
        g = e / s
        g[self.rows, y] -= 1.0
        g /= n
        grads = [None] * 6
        grads[4], grads[5] = g.T @ flat, g.sum(axis=0)
        g2 = unpool((g @ W3).T.reshape(32, 2, 2, n), mask2) * (a2 > 0)
        grads[2], grads[3] = (g2.reshape(32, -1) @ cols2.T).reshape(W2.shape), g2.sum(axis=(1, 2, 3))
        g1 = unpool(col2im(W2.reshape(32, -1).T @ g2.reshape(32, -1), p1.shape), mask1) * (a1 > 0)
        grads[0], grads[1] = (g1.reshape(16, -1) @ cols1.T).reshape(W1.shape), g1.sum(axis=(1, 2, 3))
        for p, grad in zip(self.params, grads):
            p -= self.lr * grad
        return float(loss)

    def state(self) -> list:
        return [p.copy() for p in self.params]
