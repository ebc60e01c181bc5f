"""``digits_small``: a 64-128-10 MLP with ReLU, cross-entropy, SGD, batches of 64 of the 8x8 digits.

Small matrices (64x64 @ 64x128): per-op overhead and the BLAS work are of the
same order, the typical regime of a course exercise.
"""

from __future__ import annotations

import numpy as np

import minitorch as mt

from .common import relu_mlp_runners

NAME = "digits_small"
TITLE = "64-128-10 MLP, ReLU, cross-entropy, SGD, batch 64, 8x8 digits"
PER_STEP = 1
TARGET = 1.3
TORCH_REFERENCE = 2.9
LR = 0.1
BATCH = 64


def batches(seed: int) -> list:
    """The digits scaled to [0, 1], shuffled once, cut into full batches (float64 x, int64 y)."""
    X, y = mt.datasets.load_digits(return_X_y=True)
    X = X.numpy().astype(np.float64) / 16.0
    y = y.numpy().astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    chunks = [order[k:k + BATCH] for k in range(0, len(y) - BATCH + 1, BATCH)]
    return [(X[idx], y[idx]) for idx in chunks]


def build(torch=None, seed: int = 0) -> dict:
    return relu_mlp_runners([64, 128, 10], batches(seed), LR, torch, seed)
