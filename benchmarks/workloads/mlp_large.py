"""``mlp_large``: a 784-512-512-10 MLP with ReLU, cross-entropy, SGD, batch 256, synthetic data.

About 1 GFLOP per step in matrix products: compute-bound, so every framework
should approach the NumPy time; what is left is extra copies and passes over memory.
"""

from __future__ import annotations

import numpy as np


from .common import relu_mlp_runners

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
    return relu_mlp_runners(SIZES, batches(seed), LR, torch, seed)
