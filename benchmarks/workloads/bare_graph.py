"""A bare graph: the least a Python autograd graph can cost, as a fourth runner of each workload.

A micrograd-style engine (karpathy/micrograd's ``engine.py``, on NumPy arrays):
each op returns a :class:`Node` holding its value, its parents and a closure
that is its backward, and ``backward()`` walks the nodes in reverse
topological order. Nothing else. It has none of what minitorch adds to be
PyTorch for a learner:

* no ``requires_grad`` or grad mode: every node is recorded;
* no checks: not of shapes, of a backward's gradients, or of in-place changes;
* a leaf's gradient is the array its op returned, shared or not;
* no modules, no optimizer object, no ``Function``/``Context`` split.

The gap between this runner and NumPy is what recording a graph in Python
costs at all; the gap between minitorch and this runner is the price of
minitorch's habits. It is not part of minitorch and is not for learners to copy.
"""

from __future__ import annotations

import numpy as np


class Node:
    """A value in the graph: its array, its gradient, its parents and the closure that is its backward."""

    __slots__ = ("data", "grad", "parents", "backward_fn")

    def __init__(self, data, parents=(), backward_fn=None) -> None:
        self.data, self.grad, self.parents, self.backward_fn = data, None, parents, backward_fn

    def backward(self) -> None:
        order, seen = [], set()

        def visit(node):  # recursive, as micrograd's: fine for the 200 nodes of op_overhead
            if node not in seen:
                seen.add(node)
                for parent in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):
            if node.backward_fn is not None:
                node.backward_fn(node.grad)


def _accumulate(node: Node, grad) -> None:
    node.grad = grad if node.grad is None else node.grad + grad


# ------------------------------------------------------------------ ops
def linear(x: Node, W: Node, b: Node) -> Node:
    def backward(g):
        _accumulate(W, g.T @ x.data)
        _accumulate(b, g.sum(axis=0))
        if x.parents:  # not the input batch
            _accumulate(x, g @ W.data)

    out = x.data @ W.data.T
    out += b.data
    return Node(out, (x, W, b), backward)


def tanh(x: Node) -> Node:
    t = np.tanh(x.data)
    return Node(t, (x,), lambda g: _accumulate(x, g * (1.0 - t * t)))


def relu(x: Node) -> Node:
    out = np.maximum(x.data, 0.0)
    return Node(out, (x,), lambda g: _accumulate(x, g * (out > 0)))


def mul(x: Node, c: float) -> Node:
    return Node(x.data * c, (x,), lambda g: _accumulate(x, g * c))


def add(x: Node, c: float) -> Node:
    return Node(x.data + c, (x,), lambda g: _accumulate(x, g))


def mse_loss(pred: Node, target) -> Node:
    diff = pred.data - target
    scale = 2.0 / diff.size  # d mean(d²) / d d
    return Node(np.vdot(diff, diff) / diff.size, (pred,), lambda g: _accumulate(pred, diff * (scale * g)))


def cross_entropy(logits: Node, labels) -> Node:
    rows = np.arange(len(labels))
    z = logits.data - logits.data.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    n = len(labels)

    def backward(g):
        p = e / s
        p[rows, labels] -= 1.0
        _accumulate(logits, p * (g / n))

    return Node((np.log(s).sum() - z[rows, labels].sum()) / n, (logits,), backward)


# ------------------------------------------------------------------ runners
class MLP:
    """Linear layers with ``activation`` between them, ``loss``, and plain SGD; one batch per step."""

    def __init__(self, weights: list, batches: list, lr: float, activation, loss) -> None:
        self.params = [Node(a.copy()) for layer in weights for a in layer]  # W1, b1, W2, b2, ...
        self.batches, self.lr, self.activation, self.loss, self.i = batches, lr, activation, loss, 0

    def step(self) -> float:
        x, y = self.batches[self.i]
        self.i = (self.i + 1) % len(self.batches)
        for p in self.params:
            p.grad = None
        h = Node(x)
        last = len(self.params) - 2
        for k in range(0, last + 1, 2):
            h = linear(h, self.params[k], self.params[k + 1])
            if k < last:
                h = self.activation(h)
        loss = self.loss(h, y)
        loss.backward()
        for p in self.params:
            p.data -= self.lr * p.grad
        return float(loss.data)

    def state(self) -> list:
        return [p.data.copy() for p in self.params]


class Chain:
    """``op_overhead``'s chain, ``y <- tanh(a * y + b)``, forward and backward."""

    def __init__(self, start: float, a: float, b: float, n_ops: int) -> None:
        self.x, self.a, self.b, self.n_ops = Node(np.array([start])), a, b, n_ops

    def step(self) -> float:
        self.x.grad = None
        y = self.x
        for _ in range((self.n_ops - 2) // 3):
            y = tanh(add(mul(y, self.a), self.b))
        y = add(mul(y, self.a), self.b)
        y.backward()
        return float(y.data[0])

    def state(self) -> list:
        return [self.x.grad.copy()]
