"""``mlp_large``: a 784-512-512-10 MLP with ReLU, cross-entropy, SGD, batch 256, synthetic data.

About 1 GFLOP per step in matrix products: compute-bound, so every framework
should approach the NumPy time; what is left is extra copies and passes over memory.
"""

from __future__ import annotations

import numpy as np

import minitorch as mt

from .common import NumpyReluMLP, TrainLoop, init_linear_weights, load_weights, to_lib

NAME = "mlp_large"
TITLE = "784-512-512-10 MLP, ReLU, cross-entropy, SGD, batch 256, synthetic"
PER_STEP = 1
TARGET = 1.05
TORCH_REFERENCE = 0.97
LR = 0.01
BATCH = 256
SIZES = [784, 512, 512, 10]
N_BATCHES = 4


def batches(seed: int) -> list:
    """Gaussian inputs and uniform random labels (float64 x, int64 y)."""
    rng = np.random.default_rng(seed + 1)
    return [(rng.standard_normal((BATCH, SIZES[0])), rng.integers(0, SIZES[-1], BATCH)) for _ in range(N_BATCHES)]


def build(torch=None, seed: int = 0) -> dict:
    weights = init_linear_weights(np.random.default_rng(seed), SIZES)
    data = batches(seed)
    runners = {"numpy": NumpyReluMLP(weights, data, LR), "minitorch": make_lib_loop(mt, weights, data)}
    if torch is not None:
        runners["torch"] = make_lib_loop(torch, weights, data)
    return runners


def make_lib_loop(lib, weights, data) -> TrainLoop:
    """The same code for minitorch and PyTorch."""
    nn = lib.nn
    f64 = lib.float64
    model = nn.Sequential(
        nn.Linear(784, 512, dtype=f64), nn.ReLU(),
        nn.Linear(512, 512, dtype=f64), nn.ReLU(),
        nn.Linear(512, 10, dtype=f64),
    )
    load_weights(lib, [model[0], model[2], model[4]], weights)
    optimizer = lib.optim.SGD(model.parameters(), lr=LR)
    return TrainLoop(model, nn.CrossEntropyLoss(), optimizer, to_lib(lib, data))
