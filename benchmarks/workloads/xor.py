"""``xor``: a 2-8-1 MLP with tanh, MSE loss, plain SGD, the 4 points as one batch.

The model is tiny (33 parameters), so a step is almost all per-op overhead:
this is the workload where the cost of the Python graph machinery shows most.
"""

from __future__ import annotations

import time

import numpy as np

import minitorch as mt

from . import bare_graph
from .common import TrainLoop, init_linear_weights, load_weights

NAME = "xor"
TITLE = "2-8-1 MLP, tanh, MSE, SGD, 4 points full-batch"
PER_STEP = 1  # results are per step
TARGET = 2.0  # minitorch / NumPy, from issue #8
TORCH_REFERENCE = 9.9  # PyTorch / NumPy measured for the issue
LR = 0.1
CONVERGED = 1e-3  # MSE below which the four points count as learned
MAX_STEPS = 20_000


def data():
    X, y = mt.datasets.xor()
    return X.numpy().astype(np.float64), y.numpy().astype(np.float64)


def build(torch=None, seed: int = 0) -> dict:
    weights = init_linear_weights(np.random.default_rng(seed), [2, 8, 1])
    X, Y = data()
    runners = {"numpy": NumpyXor(weights, X, Y),
               "bare": bare_graph.MLP(weights, [(X, Y)], LR, bare_graph.tanh, bare_graph.mse_loss),
               "minitorch": make_lib_loop(mt, weights, X, Y)}
    if torch is not None:
        runners["torch"] = make_lib_loop(torch, weights, X, Y)
    return runners


def make_lib_loop(lib, weights, X, Y) -> TrainLoop:
    """The same code for minitorch and PyTorch."""
    nn = lib.nn
    model = nn.Sequential(nn.Linear(2, 8, dtype=lib.float64), nn.Tanh(), nn.Linear(8, 1, dtype=lib.float64))
    load_weights(lib, [model[0], model[2]], weights)
    optimizer = lib.optim.SGD(model.parameters(), lr=LR)
    return TrainLoop(model, nn.MSELoss(), optimizer, [(lib.from_numpy(X), lib.from_numpy(Y))])


class NumpyXor:
    """Forward, backward and SGD update written by hand."""

    def __init__(self, weights, X, Y) -> None:
        (self.W1, self.b1), (self.W2, self.b2) = [(W.copy(), b.copy()) for W, b in weights]
        self.X, self.Y = X, Y
        self.scale = 2.0 / Y.size  # d mean(d²) / d d

    def step(self) -> float:
        X = self.X
        h = X @ self.W1.T
        h += self.b1
        np.tanh(h, out=h)
        out = h @ self.W2.T
        out += self.b2
        diff = out - self.Y
        loss = np.vdot(diff, diff) / diff.size
        g = diff * self.scale  # dL/dout
        gW2 = g.T @ h
        gb2 = g.sum(axis=0)
        gh = g @ self.W2
        gh *= 1.0 - h * h  # tanh' = 1 - tanh²
        gW1 = gh.T @ X
        gb1 = gh.sum(axis=0)
        self.W1 -= LR * gW1
        self.b1 -= LR * gb1
        self.W2 -= LR * gW2
        self.b2 -= LR * gb2
        return float(loss)

    def state(self) -> list:
        return [a.copy() for a in (self.W1, self.b1, self.W2, self.b2)]


def convergence(torch=None, seed: int = 0) -> dict:
    """Steps and seconds until the MSE drops below ``CONVERGED``, for each framework (fresh model)."""
    out = {}
    for name, runner in build(torch, seed).items():
        t0 = time.perf_counter()
        for n in range(1, MAX_STEPS + 1):
            if runner.step() < CONVERGED:
                break
        out[name] = {"steps": n, "seconds": time.perf_counter() - t0, "converged": n < MAX_STEPS}
    return out
