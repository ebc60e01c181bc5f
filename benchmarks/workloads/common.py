"""What the workloads share: initial weights, copying them in, the training step.

Every workload draws its initial weights once, in NumPy, and copies them into
the bare graph's, minitorch's and PyTorch's models, so all of them start from
the same numbers and see the same batches: their losses must then agree to rounding.
"""

from __future__ import annotations

import numpy as np

import minitorch as mt

from . import bare_graph


def init_linear_weights(rng: np.random.Generator, sizes: list) -> list:
    """``[(W, b), ...]`` for layers ``sizes[i] -> sizes[i+1]``, float64, PyTorch's default range.

    ``W`` has shape (out, in), as ``nn.Linear.weight``; both are uniform in
    ``±1/√in``.
    """
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / np.sqrt(n_in)
        layers.append((rng.uniform(-bound, bound, (n_out, n_in)), rng.uniform(-bound, bound, n_out)))
    return layers


def load_weights(lib, linears: list, weights: list) -> None:
    """Copy ``weights`` into the ``nn.Linear`` layers; ``lib`` is minitorch or torch (same API)."""
    with lib.no_grad():
        for layer, (W, b) in zip(linears, weights):
            layer.weight.copy_(lib.from_numpy(W.copy()))
            layer.bias.copy_(lib.from_numpy(b.copy()))


class TrainLoop:
    """One optimisation step on the next batch, written as a learner would (minitorch or torch).

    The code is the same for both libraries: that is the point of minitorch.
    """

    def __init__(self, model, loss_fn, optimizer, batches: list) -> None:
        self.model, self.loss_fn, self.optimizer, self.batches = model, loss_fn, optimizer, batches
        self.i = 0

    def step(self) -> float:
        x, y = self.batches[self.i]
        self.i = (self.i + 1) % len(self.batches)
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def state(self) -> list:
        """The parameters as NumPy arrays (copies), in the order W1, b1, W2, ..."""
        return [p.detach().numpy().copy() for p in self.model.parameters()]


def to_lib(lib, batches: list) -> list:
    """The NumPy batches as ``lib`` tensors (sharing memory)."""
    return [(lib.from_numpy(x), lib.from_numpy(y)) for x, y in batches]


class NumpyReluMLP:
    """Hand-written NumPy: ReLU MLP + cross-entropy + SGD, forward and backward by hand.

    Written to be fast (in-place where it saves a pass over memory): this is
    the floor the autograd versions are measured against.
    """

    def __init__(self, weights: list, batches: list, lr: float) -> None:
        self.params = [a.copy() for layer in weights for a in layer]  # W1, b1, W2, b2, ...
        self.batches, self.lr, self.i = batches, lr, 0
        self.rows = np.arange(len(batches[0][1]))

    def step(self) -> float:
        x, y = self.batches[self.i]
        self.i = (self.i + 1) % len(self.batches)
        Ws, bs = self.params[0::2], self.params[1::2]
        # forward: keep each layer's input for the backward pass
        acts = [x]
        h = x
        for W, b in zip(Ws[:-1], bs[:-1]):
            h = h @ W.T
            h += b
            np.maximum(h, 0.0, out=h)
            acts.append(h)
        z = h @ Ws[-1].T
        z += bs[-1]
        # cross-entropy, log-sum-exp stabilised
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        n = len(y)
        loss = (np.log(s).sum() - z[self.rows, y].sum()) / n
        # backward: dL/dz = (softmax - one_hot) / n
        g = e
        g /= s
        g[self.rows, y] -= 1.0
        g /= n
        grads = []
        for k in range(len(Ws) - 1, -1, -1):
            a = acts[k]
            grads.append((g.T @ a, g.sum(axis=0)))
            if k:
                g = g @ Ws[k]
                g *= a > 0  # ReLU'
        for (gW, gb), W, b in zip(reversed(grads), Ws, bs):
            W -= self.lr * gW
            b -= self.lr * gb
        return float(loss)

    def state(self) -> list:
        return [p.copy() for p in self.params]


def relu_mlp_runners(sizes: list, data: list, lr: float, torch=None, seed: int = 0) -> dict:
    """A ReLU MLP with cross-entropy and SGD: by hand in NumPy, on the bare graph, in minitorch and (if given) PyTorch."""
    weights = init_linear_weights(np.random.default_rng(seed), sizes)
    runners = {"numpy": NumpyReluMLP(weights, data, lr),
               "bare": bare_graph.MLP(weights, data, lr, bare_graph.relu, bare_graph.cross_entropy),
               "minitorch": relu_mlp_loop(mt, weights, data, lr)}
    if torch is not None:
        runners["torch"] = relu_mlp_loop(torch, weights, data, lr)
    return runners


def relu_mlp_loop(lib, weights: list, data: list, lr: float) -> TrainLoop:
    """The same code for minitorch and PyTorch: Linear, ReLU, ..., Linear; cross-entropy; SGD."""
    nn = lib.nn
    layers = []
    for W, _ in weights:
        layers += [nn.Linear(W.shape[1], W.shape[0], dtype=lib.float64), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])  # no ReLU after the last layer
    load_weights(lib, list(model)[::2], weights)
    optimizer = lib.optim.SGD(model.parameters(), lr=lr)
    return TrainLoop(model, nn.CrossEntropyLoss(), optimizer, to_lib(lib, data))
