"""``op_overhead``: a chain of 200 elementwise ops (mul, add, tanh) on a (1,)-shaped tensor, then backward.

The arithmetic is nothing, so the time is the fixed cost of one op: dispatch,
graph recording, the backward walk. Reported in microseconds per op (forward
and backward together, divided by the 200 ops).
"""

from __future__ import annotations

import numpy as np

import minitorch as mt

from . import bare_graph

NAME = "op_overhead"
TITLE = "chain of 200 ops (mul, add, tanh) on shape (1,), forward + backward"
N_OPS = 200
PER_STEP = N_OPS  # results are per op
TARGET = 3.0
TORCH_REFERENCE = 4.4
A, B = 1.5, 0.1  # y <- tanh(A * y + B), repeated; stays in (-1, 1)
START = 0.3


def build(torch=None, seed: int = 0) -> dict:
    runners = {"numpy": NumpyChain(), "bare": bare_graph.Chain(START, A, B, N_OPS), "minitorch": LibChain(mt)}
    if torch is not None:
        runners["torch"] = LibChain(torch)
    return runners


class LibChain:
    """The same code for minitorch and PyTorch."""

    def __init__(self, lib) -> None:
        self.x = lib.tensor([START], dtype=lib.float64, requires_grad=True)

    def forward(self):
        y = self.x
        for _ in range((N_OPS - 2) // 3):  # 66 x 3 ops
            y = (y * A + B).tanh()
        return y * A + B  # 2 more: 200

    def step(self) -> float:
        self.x.grad = None
        y = self.forward()
        y.backward()
        return y.item()

    def state(self) -> list:
        return [self.x.grad.numpy().copy()]


class NumpyChain:
    """The same chain on a (1,) array, with its backward written by hand."""

    def __init__(self) -> None:
        self.x = np.array([START])
        self.grad = None

    def step(self) -> float:
        y = self.x
        outs = []  # tanh outputs: the only values the backward pass needs
        for _ in range((N_OPS - 2) // 3):
            y = np.tanh(y * A + B)
            outs.append(y)
        y = y * A + B
        g = np.ones_like(y) * A  # d(A*y + B)/dy; add's gradient is the identity
        for t in reversed(outs):
            g = g * (1.0 - t * t) * A
        self.grad = g
        return float(y[0])

    def state(self) -> list:
        return [self.grad.copy()]
