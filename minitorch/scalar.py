"""Autograd on scalars: a ``Value`` holds one number, its gradient, and how it was made.

The whole idea of automatic differentiation in one small class, in the style
of Karpathy's micrograd (``engine.py``, ``nn.py``). Each op builds its output
and, right beneath, the closure ``out._backward``: the chain rule for that op,
adding (local derivative × ``out.grad``) to each input's ``grad``.
``backward()`` puts the graph in topological order, without recursion, and
calls every ``_backward`` in the reverse topological order. ``Neuron``,
``Layer`` and ``MLP`` build a network out of Values. PyTorch's equivalent of a
Value is a 0-d tensor with ``requires_grad=True``.
"""

from __future__ import annotations

import math
import random


class Value:
    """One number ``data``, the gradient ``grad`` of the output with respect to it, and its history.

    ``Value(3.0)`` is a leaf; ops make the other Values, with their ``parents``
    and ``op``. ``name`` only labels drawings. PyTorch: ``torch.tensor(3.0, requires_grad=True)``.
    """

    def __init__(self, data, parents=(), op="", name=""):
        if not isinstance(data, (int, float)):
            raise TypeError(f"Value needs a real number (int or float), got {type(data).__name__}: {data!r}")
        self.data = float(data)
        self.grad = 0.0  # d(output)/d(self), filled by backward()
        self.parents = tuple(parents)  # the Values this one was computed from, in order
        self.op = op  # the op that made it, such as "*" ("" for a leaf)
        self.name = name  # a label for drawings
        self._backward = lambda: None  # a leaf has no inputs to pass its gradient to

    def __add__(self, other):  # d(a + b)/da = 1, d(a + b)/db = 1
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):  # d(a * b)/da = b, d(a * b)/db = a
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):  # d(a ** k)/da = k * a ** (k - 1), for a number k
        if isinstance(k, Value):
            raise NotImplementedError(
                "Value ** Value is not supported: the exponent must be a number. "
                "For a ** b with b a Value and a > 0, write (b * a.log()).exp()")
        if self.data == 0 and k < 0:
            raise ZeroDivisionError(f"Value(0.0) ** {k} divides by zero (a / b is computed as a * b ** -1)")
        if self.data < 0 and k != int(k):
            raise ValueError(f"Value({self.data}) ** {k} is not real: a negative base needs a whole exponent")
        out = Value(self.data**k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def __rpow__(self, base):  # d(base ** a)/da = base ** a * ln(base), for a number base > 0
        if not isinstance(base, (int, float)) or base <= 0:
            raise ValueError(f"base ** Value needs a positive number as base, got {base!r}")
        out = Value(base**self.data, (self,), f"{base}**")

        def _backward():
            self.grad += out.data * math.log(base) * out.grad
        out._backward = _backward
        return out

    def exp(self):  # d(e^a)/da = e^a, the output itself
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):  # d(ln a)/da = 1 / a
        if self.data <= 0:
            raise ValueError(f"log of Value({self.data}): the logarithm is defined only for data > 0")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def relu(self):  # d relu(a)/da = 1 if a > 0 else 0
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def tanh(self):  # d tanh(a)/da = 1 - tanh(a) ** 2
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - out.data**2) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):  # d s(a)/da = s(a) * (1 - s(a)), with s(a) = 1 / (1 + e^-a)
        z = math.exp(-abs(self.data))  # never overflows
        out = Value(1 / (1 + z) if self.data >= 0 else z / (1 + z), (self,), "sigmoid")

        def _backward():
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Add d(self)/d(v) to ``v.grad`` for every Value ``v`` behind this one, by the chain rule.

        Gradients add up, as in PyTorch: reset them (``model.zero_grad()``)
        before the next backward. PyTorch: ``loss.backward()``.
        """
        self.grad = 1.0  # d(self)/d(self)
        for v in reversed(topological_order(self)):  # the reverse topological order
            v._backward()

    # Derived ops: built from the ones above, so they need no backward of their own.
    def __neg__(self):  # -a
        return self * -1

    def __radd__(self, other):  # other + a
        return self + other

    def __sub__(self, other):  # a - other
        return self + (-other)

    def __rsub__(self, other):  # other - a
        return other + (-self)

    def __rmul__(self, other):  # other * a
        return self * other

    def __truediv__(self, other):  # a / other
        return self * other**-1

    def __rtruediv__(self, other):  # other / a
        return other * self**-1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def topological_order(root: Value) -> list:
    """Every Value behind ``root``, each after all the Values it was computed from; ``root`` last.

    A depth-first search with a stack of its own instead of recursion, so a
    20,000-op chain works: a Value is appended once all its parents are.
    """
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, parents_done = stack.pop()
        if parents_done:
            order.append(v)
        elif v not in seen:
            seen.add(v)
            stack.append((v, True))  # come back to v after its parents
            stack.extend((p, False) for p in reversed(v.parents))  # first parent on top
    return order


class Module:
    """What every part of a network has: its parameters, and a way to reset their gradients."""

    def parameters(self) -> list:
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """tanh(w · x + b) of ``nin`` inputs (w · x + b with ``nonlin=False``); the bias starts at 0.

    Weights are uniform in [-1, 1] / sqrt(nin), as in ``nn.Linear`` and PyTorch, drawn from ``rng``,
    a ``random.Random``; by default a fresh ``random.Random(0)``: the same code, the same network.
    """

    def __init__(self, nin, nonlin=True, rng=None):
        rng = random.Random(0) if rng is None else rng
        self.w = [Value(rng.uniform(-1, 1) / math.sqrt(nin)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        x = [x] if isinstance(x, (Value, int, float)) else list(x)  # one number is a list of one
        if len(x) != len(self.w):
            raise ValueError(f"Neuron({len(self.w)}) needs {len(self.w)} inputs, got {len(x)}")
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):
    """``nout`` neurons that all see the same ``nin`` inputs; one neuron gives a Value, more a list."""

    def __init__(self, nin, nout, rng=None, **kwargs):
        rng = random.Random(0) if rng is None else rng
        self.neurons = [Neuron(nin, rng=rng, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):
    """Layers of ``nouts[0]``, ``nouts[1]``, ... neurons after ``nin`` inputs: tanh in all but the last.

    All weights come from ``rng`` (default ``random.Random(0)``), as in ``Neuron``.
    """

    def __init__(self, nin, nouts, rng=None):
        rng = random.Random(0) if rng is None else rng
        sizes = [nin] + list(nouts)
        self.layers = [
            Layer(sizes[i], sizes[i + 1], rng=rng, nonlin=i < len(nouts) - 1) for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
