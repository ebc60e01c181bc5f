"""minitorch.scalar: the Value engine and its Neuron/Layer/MLP, checked against calculus and PyTorch.

Random expression trees (values and every leaf's gradient against PyTorch in
float64), Python numbers on both sides of every operator, a 20,000-op chain
under a low recursion limit, gradients of reused values adding up, clear errors,
and the chapter's two training examples reaching their targets. The drawing
of a Value graph is tested in test_viz.py, with the other drawings.
"""

from __future__ import annotations

import math
import random
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import minitorch as mt
from helpers import needs_torch, torch
from minitorch.scalar import MLP, Layer, Neuron, Value, topological_order


def numerical_derivative(f, x: float, h: float = 1e-6) -> float:
    """Central difference (f(x + h) - f(x - h)) / 2h, on plain floats."""
    return (f(x + h) - f(x - h)) / (2 * h)


def grad_of(f, x: float) -> tuple[float, float]:
    """f(Value(x)) and its derivative by backward()."""
    v = Value(x)
    out = f(v)
    out.backward()
    return out.data, v.grad


# ------------------------------------------------------------ basics and errors
def test_value_holds_a_float_and_a_zero_gradient():
    v = Value(3)
    assert (v.data, v.grad, v.parents, v.op) == (3.0, 0.0, (), "")
    assert isinstance(v.data, float)
    assert repr(v) == "Value(data=3.0, grad=0.0)"
    assert mt.Value is Value and mt.scalar.Value is Value


def test_micrograd_example_by_hand():
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    L = (a * b + c).relu()
    L.backward()
    assert L.data == 4.0
    assert (a.grad, b.grad, c.grad, L.grad) == (-3.0, 2.0, 1.0, 1.0)  # b, a, 1, and dL/dL = 1


def test_bad_input_is_explained():
    with pytest.raises(TypeError, match=r"Value needs a real number .*got str"):
        Value("a")
    with pytest.raises(TypeError, match="got NoneType"):
        Value(None)
    with pytest.raises(TypeError, match="got Value"):
        Value(Value(1.0))
    with pytest.raises(TypeError, match="got str"):
        Value(1.0) + "a"
    with pytest.raises(ValueError, match=r"log of Value\(-2.0\)"):
        Value(-2.0).log()
    with pytest.raises(ValueError, match=r"log of Value\(0.0\)"):
        Value(0.0).log()
    with pytest.raises(NotImplementedError, match=r"Value \*\* Value .*\(b \* a.log\(\)\).exp\(\)"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="negative base needs a whole exponent"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ValueError, match="positive number as base, got -2"):
        (-2) ** Value(1.0)
    with pytest.raises(ZeroDivisionError, match=r"Value\(0.0\) \*\* -1 divides by zero"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ZeroDivisionError):  # a Python number is inverted by Python itself
        Value(1.0) / 0
    with pytest.raises(ValueError, match=r"Neuron\(3\) needs 3 inputs, got 2"):
        Neuron(3)([1.0, 2.0])


# ------------------------------------------------ Python numbers on both sides
V = 3.0
CASES = {  # expression of v (at v = 3) -> (value, derivative)
    "v + 2": (lambda v: v + 2, 5.0, 1.0),
    "2 + v": (lambda v: 2 + v, 5.0, 1.0),
    "v - 2": (lambda v: v - 2, 1.0, 1.0),
    "2 - v": (lambda v: 2 - v, -1.0, -1.0),
    "v * 2": (lambda v: v * 2, 6.0, 2.0),
    "2 * v": (lambda v: 2 * v, 6.0, 2.0),
    "v / 2": (lambda v: v / 2, 1.5, 0.5),
    "2 / v": (lambda v: 2 / v, 2 / 3, -2 / 9),
    "v ** 2": (lambda v: v**2, 9.0, 6.0),
    "2 ** v": (lambda v: 2**v, 8.0, 8 * math.log(2)),
    "v ** 0.5": (lambda v: v**0.5, math.sqrt(3), 0.5 / math.sqrt(3)),
    "v ** -1": (lambda v: v**-1, 1 / 3, -1 / 9),
    "-v": (lambda v: -v, -3.0, -1.0),
    "v + v": (lambda v: v + v, 6.0, 2.0),
    "v * v": (lambda v: v * v, 9.0, 6.0),
    "v / v": (lambda v: v / v, 1.0, 0.0),
    "v - v": (lambda v: v - v, 0.0, 0.0),
}


@pytest.mark.parametrize("name", CASES)
def test_numbers_on_either_side_of_every_operator(name):
    f, value, derivative = CASES[name]
    got_value, got_grad = grad_of(f, V)
    assert got_value == pytest.approx(value, rel=1e-12)
    assert got_grad == pytest.approx(derivative, rel=1e-12, abs=1e-15)


UNARY = {
    "exp": lambda v: v.exp(),
    "log": lambda v: v.log(),
    "relu": lambda v: v.relu(),
    "tanh": lambda v: v.tanh(),
    "sigmoid": lambda v: v.sigmoid(),
    "cube": lambda v: v**3,
    "rpow": lambda v: 0.5**v,
}
PLAIN = {  # the same functions on floats, for central differences
    "exp": math.exp, "log": math.log, "relu": lambda x: max(x, 0.0), "tanh": math.tanh,
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)), "cube": lambda x: x**3, "rpow": lambda x: 0.5**x,
}


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("x", [-1.7, -0.3, 0.4, 2.5])
def test_each_local_derivative_matches_central_differences(name, x):
    if name == "log" and x <= 0:
        x = -x
    value, grad = grad_of(UNARY[name], x)
    assert value == pytest.approx(PLAIN[name](x), rel=1e-12)
    assert grad == pytest.approx(numerical_derivative(PLAIN[name], x), rel=1e-6, abs=1e-9)


def test_relu_derivative_at_zero_is_zero_as_in_pytorch():
    assert grad_of(lambda v: v.relu(), 0.0) == (0.0, 0.0)


def test_sigmoid_never_overflows():
    assert grad_of(lambda v: v.sigmoid(), -1000.0) == (0.0, 0.0)
    assert grad_of(lambda v: v.sigmoid(), 1000.0) == (1.0, 0.0)


# --------------------------------------------- random expression trees vs PyTorch
def positive(a):
    """a² + 0.5: keeps log, fractional powers and division away from zero and negatives."""
    return a * a + 0.5


BINARY = {
    "a + b": lambda a, b: a + b, "a - b": lambda a, b: a - b,
    "a * b": lambda a, b: a * b, "a / (b² + 0.5)": lambda a, b: a / positive(b),
}
WITH_NUMBER = {
    "c + a": lambda c, a: c + a, "a + c": lambda c, a: a + c,
    "c - a": lambda c, a: c - a, "a - c": lambda c, a: a - c,
    "c * a": lambda c, a: c * a, "a * c": lambda c, a: a * c,
    "c / (a² + 0.5)": lambda c, a: c / positive(a), "a / c": lambda c, a: a / c,
    "|c| ** a": lambda c, a: abs(c) ** a,
}
ONE = {
    "-a": lambda a: -a, "exp": lambda a: a.exp(), "log(a² + 0.5)": lambda a: positive(a).log(),
    "relu": lambda a: a.relu(), "tanh": lambda a: a.tanh(), "sigmoid": lambda a: a.sigmoid(),
    "a ** 2": lambda a: a**2, "a ** 3": lambda a: a**3,
    "(a² + 0.5) ** 0.5": lambda a: positive(a) ** 0.5, "(a² + 0.5) ** -1.5": lambda a: positive(a) ** -1.5,
}
N_LEAVES = 3


def expressions():
    """Trees of ops over N_LEAVES leaves (by index), with Python numbers on either side."""
    leaf = st.integers(0, N_LEAVES - 1)
    number = st.sampled_from([-2.5, -1.0, -0.5, 0.5, 1.5, 3.0])

    def extend(children):
        return st.one_of(
            st.tuples(st.sampled_from(sorted(BINARY)), children, children),
            st.tuples(st.sampled_from(sorted(WITH_NUMBER)), number, children),
            st.tuples(st.sampled_from(sorted(ONE)), children),
        )

    return st.recursive(leaf, extend, max_leaves=8)


def evaluate(tree, leaves):
    """The expression on ``leaves``: Values or torch tensors, the same operators on both."""
    if isinstance(tree, int):
        return leaves[tree]
    op, *args = tree
    if op in BINARY:
        return BINARY[op](evaluate(args[0], leaves), evaluate(args[1], leaves))
    if op in WITH_NUMBER:
        return WITH_NUMBER[op](args[0], evaluate(args[1], leaves))
    return ONE[op](evaluate(args[0], leaves))


def small(x: float) -> bool:
    return math.isfinite(x) and abs(x) < 1e6


@needs_torch
@settings(max_examples=150, deadline=None)
@given(tree=expressions(), xs=st.lists(st.floats(-2.0, 2.0), min_size=N_LEAVES, max_size=N_LEAVES))
def test_random_expressions_match_pytorch_values_and_every_leaf_gradient(tree, xs):
    ours = [Value(x) for x in xs]
    try:
        out = evaluate(tree, ours)
        out.backward()
    except (OverflowError, ZeroDivisionError):  # exp of a large number, or 0 ** -1
        assume(False)
    assume(small(out.data) and all(small(v.grad) for v in ours))
    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    expected = evaluate(tree, theirs)
    expected.backward()
    assert out.data == pytest.approx(expected.item(), rel=1e-9, abs=1e-9), tree
    for i, (v, t) in enumerate(zip(ours, theirs)):
        want = 0.0 if t.grad is None else t.grad.item()  # PyTorch leaves unused leaves at None
        assert v.grad == pytest.approx(want, rel=1e-7, abs=1e-9), (tree, f"leaf {i}")


# ------------------------------------------------------- graph order and reuse
def test_twenty_thousand_op_chain_needs_no_recursion():
    x = Value(1.0)
    y = x
    for _ in range(20_000):
        y = y * 1.0001
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the graph's depth
    try:
        y.backward()
        n_values = len(topological_order(y))
    finally:
        sys.setrecursionlimit(old)
    assert n_values == 40_001  # 20,001 links of the chain and 20,000 constants 1.0001
    assert x.grad == pytest.approx(1.0001**20_000, rel=1e-9)  # about e²


def test_topological_order_puts_every_value_after_its_parents_once():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = (d * c).tanh()
    order = topological_order(e)
    assert len(order) == len(set(map(id, order))) == 6  # a, b, c, d, d * c, e: each once
    position = {id(v): i for i, v in enumerate(order)}
    assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)
    assert order == [a, b, c, d, e.parents[0], e]  # depth first, first parents first, root last
    assert topological_order(e) == order  # the same on every call


def test_parents_are_an_ordered_tuple():
    a, b = Value(1.0), Value(2.0)
    assert (a - b).parents[0] is a and (b * a).parents == (b, a)
    assert (a * a).parents == (a, a)  # a value used twice is listed twice


@pytest.mark.parametrize(
    "f, derivative",
    [
        (lambda x: x + x, lambda x: 2.0),
        (lambda x: x * x, lambda x: 2 * x),
        (lambda x: x * x * x + x, lambda x: 3 * x * x + 1),
        (lambda x: (lambda a: a * a + a)(x * 2), lambda x: (2 * (2 * x) + 1) * 2),  # a = 2x used twice
        (
            lambda x: (lambda h: h * h + h.exp())(x.tanh()),  # h = tanh x used twice
            lambda x: (2 * math.tanh(x) + math.exp(math.tanh(x))) * (1 - math.tanh(x) ** 2),
        ),
    ],
    ids=["x+x", "x*x", "x^3+x", "a=2x; a*a+a", "h=tanh x; h*h+exp h"],
)
def test_gradients_of_reused_values_add_up(f, derivative):
    x = Value(0.7)
    f(x).backward()
    assert x.grad == pytest.approx(derivative(0.7), rel=1e-12)


def test_backward_accumulates_into_leaves_until_zeroed():
    n = Neuron(2, nonlin=False)
    n([1.0, 2.0]).backward()
    first = [p.grad for p in n.parameters()]
    assert first == [1.0, 2.0, 1.0]  # d(w·x + b)/dw = x, d/db = 1
    n([1.0, 2.0]).backward()
    assert [p.grad for p in n.parameters()] == [2 * g for g in first]
    n.zero_grad()
    assert [p.grad for p in n.parameters()] == [0.0, 0.0, 0.0]


# ------------------------------------------------------------- Neuron, Layer, MLP
def test_modules_have_their_parameters_and_are_deterministic():
    assert len(Neuron(3).parameters()) == 4
    assert len(Layer(3, 4).parameters()) == 16
    model = MLP(2, [16, 16, 1])
    assert len(model.parameters()) == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
    assert all(isinstance(p, Value) for p in model.parameters())
    again = MLP(2, [16, 16, 1])
    assert [p.data for p in again.parameters()] == [p.data for p in model.parameters()]
    other = MLP(2, [16, 16, 1], rng=random.Random(1))
    assert [p.data for p in other.parameters()] != [p.data for p in model.parameters()]
    weights = [p.data for p in Neuron(16).w]
    assert all(abs(w) <= 1 / 4 for w in weights) and len(set(weights)) == 16  # uniform in ±1/sqrt(16)


def test_calling_on_numbers_or_values():
    model = MLP(3, [4, 4, 1])
    out = model([2.0, 3.0, -1.0])
    assert isinstance(out, Value)  # one output: a Value, not a list
    assert model([Value(2.0), Value(3.0), Value(-1.0)]).data == out.data
    layer = Layer(3, 4)([2.0, 3.0, -1.0])
    assert isinstance(layer, list) and len(layer) == 4
    assert isinstance(MLP(2, [1, 3, 1])([0.5, -0.5]), Value)  # a one-neuron hidden layer feeds on
    assert Neuron(1)(2.0).data == Neuron(1)([2.0]).data
    xs = [Value(0.5), Value(-1.0)]
    MLP(2, [3, 1])(xs).backward()  # gradients reach the inputs too
    assert all(x.grad != 0.0 for x in xs)


def test_nonlin_false_is_linear_and_the_last_layer_of_an_mlp_is_linear():
    n = Neuron(2, nonlin=False)
    assert n([1.0, 1.0]).op == "+"
    assert Neuron(2)([1.0, 1.0]).op == "tanh"
    model = MLP(2, [3, 1])
    assert [n.nonlin for layer in model.layers for n in layer.neurons] == [True] * 3 + [False]


@needs_torch
def test_mlp_gradients_match_pytorch():
    model = MLP(3, [4, 4, 1])
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5]]
    loss = sum((model(x) - 1.0) ** 2 for x in xs)
    loss.backward()
    params = [torch.tensor(p.data, dtype=torch.float64, requires_grad=True) for p in model.parameters()]
    it = iter(params)
    layers = [[([next(it) for _ in n.w], next(it)) for n in layer.neurons] for layer in model.layers]

    def forward(x):
        for k, layer in enumerate(layers):
            x = [sum((w * xi for w, xi in zip(ws, x)), b) for ws, b in layer]
            x = [a.tanh() for a in x] if k < len(layers) - 1 else x
        return x[0]

    expected = sum((forward(x) - 1.0) ** 2 for x in xs)
    expected.backward()
    assert loss.data == pytest.approx(expected.item(), rel=1e-12)
    for p, t in zip(model.parameters(), params):
        assert p.grad == pytest.approx(t.grad.item(), rel=1e-9, abs=1e-12)


# ------------------------------------------------- the chapter's training examples
def sgd_step(model, lr: float) -> None:
    for p in model.parameters():
        p.data -= lr * p.grad


@pytest.mark.slow  # about 4 s of CPU: 400 training steps of 1,000 Values each
def test_mlp_learns_x1_plus_x2_with_held_out_mse_below_001():
    rng = random.Random(0)
    points = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(60)]
    targets = [x1 + x2 for x1, x2 in points]
    train, test = list(zip(points, targets))[:40], list(zip(points, targets))[40:]
    model = MLP(2, [16, 16, 1])
    for _ in range(10):  # epochs of stochastic gradient descent, one example at a time
        for x, y in train:
            loss = (model(x) - y) ** 2
            model.zero_grad()
            loss.backward()
            sgd_step(model, 0.05)
    test_mse = sum((model(x).data - y) ** 2 for x, y in test) / len(test)
    assert test_mse < 0.01


def test_mlp_classifies_micrograds_four_points():
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1])
    for _ in range(50):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
        model.zero_grad()
        loss.backward()
        sgd_step(model, 0.05)
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
    assert loss.data < 0.01
    assert [math.copysign(1.0, model(x).data) for x in xs] == ys
