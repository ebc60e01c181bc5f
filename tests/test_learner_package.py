"""The learner's package ``mytorch``, graded exercise by exercise with the library's own test cases.

The exercise notebooks export what the learner writes into ``mytorch/``
(minitorch/learner.py). These tests import that package from the folder
named by the environment variable ``MYTORCH_HOME`` (default: solutions/, the
reference package, so ``make test`` proves every test passes on the
solutions) and run on it the library's own test cases: where a library test
applies as it is, it runs with the learner's class or function swapped in
for minitorch's (``library_test``); elsewhere the learner's code is compared
with minitorch's, on the library tests' case tables, by the check helpers of
minitorch.testing, so that a failure reads as in the notebooks.

A test's name starts with ``test_<chapter>_<exercise>_``: ``make grade``
(scripts/grade.py) reports one line per exercise, which passes when all of
its tests pass.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import random
import sys
from pathlib import Path

import numpy as np
import pytest

import minitorch as mt
import minitorch.nn.functional as F
from minitorch import optim
from minitorch.autograd.engine import topological_order as engine_topological_order
from minitorch.ops.broadcasting import unbroadcast
from minitorch.scalar import MLP, Value
from minitorch.testing import (
    ExerciseFailure, check_gradients, check_scalar_function, check_topological_order, check_true, check_values,
    checking,
)

ROOT = Path(__file__).resolve().parent.parent
HOME = Path(os.environ.get("MYTORCH_HOME", ROOT / "solutions")).resolve()
for folder in (str(ROOT), str(ROOT / "tests")):  # the library's test modules, as pytest imports them
    if folder not in sys.path:
        sys.path.append(folder)
from tests import test_losses, test_nn_layers, test_ops, test_optim, test_scalar  # noqa: E402
from tests.helpers import torch  # noqa: E402


def mine(module: str):
    """The learner's ``mytorch.<module>``, from MYTORCH_HOME."""
    if str(HOME) not in sys.path:
        sys.path.insert(0, str(HOME))
    package = importlib.import_module("mytorch")
    found = Path(package.__file__).resolve().parent.parent
    assert found == HOME, f"mytorch was imported from {found}, not from MYTORCH_HOME={HOME}"
    return importlib.import_module(f"mytorch.{module}")


def library_test(exercise: str, test, *args, swap=(), hint: str = "") -> None:
    """Run the library's own ``test(*args)`` with the learner's objects swapped in: ``swap`` = (owner, name, value)."""
    with pytest.MonkeyPatch.context() as patch:
        for owner, name, value in swap:
            patch.setattr(owner, name, value)
        with checking(exercise, f"the library's test {test.__name__}", hint=hint):
            test(*args)


def f64(*shape, seed=0):
    return mt.tensor(np.random.default_rng(seed).standard_normal(shape), dtype=mt.float64)


# ------------------------------------------------------------------ 1. scalars
POINTS = [-1.7, -0.3, 0.4, 2.5]  # test_scalar's points for central differences


def derivative_matches_central_differences(exercise, learner, plain, points, what, hint):
    for x in points:
        v = Value(x)
        with checking(exercise, what, tried=f"x = {x}", hint=hint):
            out = learner(v)
            out.backward()
        numeric = test_scalar.numerical_derivative(plain, x)
        check_true(exercise, abs(v.grad - numeric) < 1e-5 * max(1.0, abs(numeric)),
                   f"{what}: the derivative at x = {x} matches central differences", round(numeric, 6),
                   round(v.grad, 6), hint)


def test_1_1_mul():
    mul = mine("scalars").mul
    check_scalar_function("1.1", mul, lambda a, b: a * b, [(2.0, -3.0), (0.5, 4.0), (-1.5, 0.0), (3.0, 3.0)],
                          what="mul(a, b)", hint="a gets b.data * out.grad, b gets a.data * out.grad, with +=")
    check_scalar_function("1.1", lambda a: mul(a, a), lambda a: a * a, [(x,) for x in POINTS],
                          what="mul(a, a)", hint="add each contribution to .grad with +=")
    derivative_matches_central_differences("1.1", lambda v: mul(mul(v, v), v), lambda x: x**3, POINTS,
                                           "mul(mul(x, x), x)", "d(a*b)/da = b")


def test_1_2_power():
    power = mine("scalars").power
    for k in (3, -1, 0.5, 2.5):
        derivative_matches_central_differences("1.2", lambda v: power(v, k), lambda x: x**k, [0.4, 2.5, 3.7],
                                               f"power(x, {k})", "d(a ** k)/da = k * a.data ** (k - 1)")


def test_1_3_tanh():
    derivative_matches_central_differences("1.3", mine("scalars").tanh, math.tanh, POINTS, "tanh(x)",
                                           "d tanh(a)/da = 1 - t ** 2")


def test_1_4_topological_order():
    order = mine("scalars").my_topological_order
    a, b = Value(-2.0, name="a"), Value(3.0, name="b")
    chain = Value(1.0, name="x")
    for _ in range(3000):
        chain = chain * 1.0001
    check_topological_order("1.4", order, [
        ("f = (a*b) * (a + b): a and b used twice", (a * b) * (a + b)),
        ("a neuron", MLP(3, [1])([2.0, 3.0, -1.0]).tanh()),
        ("an MLP(3, [4, 4, 1])", MLP(3, [4, 4, 1])([1.0, -1.0, 0.5])),
        ("a chain of 3,000 multiplications", chain),
    ])


def test_1_5_fixed_add():
    add = mine("scalars").fixed_add
    check_scalar_function("1.5", lambda x: add(x, x), lambda x: x + x, [(x,) for x in POINTS], what="fixed_add(x, x)",
                          hint="a Value used twice receives two gradients: add each with +=")
    check_scalar_function("1.5", lambda x, y: add(add(x, x), x * y) * 2.0, lambda x, y: (x + x + x * y) * 2.0,
                          [(3.0, 4.0), (-0.5, 2.0)], what="fixed_add(fixed_add(x, x), x * y) * 2.0")


def test_1_6_train():
    rng = random.Random(0)
    points = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(60)]
    examples = [(x, x[0] + x[1]) for x in points]
    random.seed(1)  # MLP draws its weights from Python's random
    model = MLP(2, [16, 16, 1])
    with checking("1.6", "train(model, examples, epochs=10, learning_rate=0.05)"):
        losses = mine("scalars").train(model, examples[:40], epochs=10, learning_rate=0.05)
    test_mse = sum((model(x).data - y) ** 2 for x, y in examples[40:]) / 20
    check_true("1.6", isinstance(losses, list) and len(losses) == 10 and losses[-1] < losses[0],
               "train returns one average loss per epoch, falling", "10 numbers, falling", losses)
    check_true("1.6", test_mse < 0.01, "the test MSE is below 0.01 (test_scalar's target)", "below 0.01",
               round(test_mse, 5), "call model.zero_grad() before loss.backward()")


# ------------------------------------------------------------------ 2. tensors
def shape_pairs(count=200, seed=1):
    rng = np.random.default_rng(seed)
    pairs = [((4, 3), (3,)), ((4, 1), (1, 3)), ((), ()), ((), (2, 3)), ((8, 1, 6, 1), (7, 1, 5)), ((0,), (1,)),
             ((2, 3), (3, 2)), ((4, 3), (4,))]
    for _ in range(count):
        pairs.append(tuple(tuple(int(s) for s in rng.integers(0, 4, size=rng.integers(0, 5))) for _ in range(2)))
    return pairs


def outcome(fn, *args):
    try:
        return tuple(fn(*args))
    except NotImplementedError:
        raise
    except (ValueError, RuntimeError) as err:
        return type(err).__name__ if isinstance(err, ValueError) else "ValueError"


def test_2_1_broadcast_shape():
    check_values("2.1", lambda a, b: outcome(mine("tensors").broadcast_shape, a, b),
                 lambda a, b: outcome(lambda a, b: (mt.zeros(a) + mt.zeros(b)).shape, a, b), shape_pairs(),
                 what="broadcast_shape against minitorch's broadcasting", hint="raise ValueError for incompatible shapes")


def test_2_2_pairwise_sq_dists():
    rng = np.random.default_rng(2)
    cases = [(rng.standard_normal(a), rng.standard_normal(b)) for a, b in
             [((5, 2), (3, 2)), ((1, 3), (4, 3)), ((6, 1), (6, 1)), ((30, 8), (20, 8))]]
    check_values("2.2", lambda X, Y: mine("tensors").pairwise_sq_dists(mt.tensor(X), mt.tensor(Y)),
                 lambda X, Y: ((X[:, None, :] - Y[None, :, :]) ** 2).sum(axis=2), cases,
                 what="pairwise_sq_dists(X, Y)", hint="(X.unsqueeze(1) - Y.unsqueeze(0)) ** 2, summed over dim=2")


def test_2_3_standardize():
    rng = np.random.default_rng(3)
    cases = [(rng.standard_normal((4, 3)), 0), (rng.standard_normal((4, 3)), 1), (rng.standard_normal((3, 3)), 1),
             (rng.standard_normal((2, 3, 5)), 1), (5 + 3 * rng.standard_normal((2, 3, 5)), -1)]
    check_values("2.3", lambda a, dim: mine("tensors").standardize(mt.tensor(a), dim),
                 lambda a, dim: (a - a.mean(axis=dim, keepdims=True)) / a.std(axis=dim, keepdims=True), cases,
                 what="standardize(x, dim)", hint="use keepdim=True in both means")


def test_2_4_softmax_rows():
    rng = np.random.default_rng(4)
    cases = [mt.tensor(rng.standard_normal((3, 4))), mt.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]]),
             mt.tensor([[1000.0, 1001.0], [-1000.0, -999.0]]), mt.tensor([[5.0]])]
    check_values("2.4", mine("tensors").softmax_rows, lambda x: F.softmax(x, dim=1), [(x,) for x in cases],
                 what="softmax_rows against F.softmax(x, dim=1), with scores near ±1000",
                 hint="subtract each row's max (keepdim=True) before exp")


def test_2_5_tensor_elementwise_and_matmul():
    Tensor = mine("tensors").Tensor
    rng = np.random.default_rng(5)
    pairs = [((3,), (3,)), ((4, 3), (3,)), ((2, 1), (1, 5)), ((), (2, 3)), ((2, 3, 4), (3, 1))]
    for name, yours, numpy_op in [("a + b", lambda a, b: a + b, np.add), ("a * b", lambda a, b: a * b, np.multiply),
                                  ("a - b", lambda a, b: a - b, np.subtract), ("a / b", lambda a, b: a / b, np.divide),
                                  ("-a", lambda a, b: -a, lambda a, b: -a), ("a ** 3", lambda a, b: a**3, lambda a, b: a**3),
                                  ("2.5 * a + 1", lambda a, b: 2.5 * a + 1, lambda a, b: 2.5 * a + 1)]:
        check_values("2.5", lambda a, b: yours(Tensor(a), Tensor(b)), numpy_op,
                     [(rng.standard_normal(s), 0.5 + rng.random(t)) for s, t in pairs],
                     what=f"your Tensor: {name}, broadcasting as NumPy does")
    check_values("2.5", lambda a, b: Tensor(a) @ Tensor(b), np.matmul,
                 [(rng.standard_normal(a), rng.standard_normal(b)) for a, b in test_ops.MATMUL_SHAPES],
                 what="your Tensor: a @ b, on test_ops's matmul shapes")


def test_2_6_tensor_sum_and_mean():
    Tensor = mine("tensors").Tensor
    rng = np.random.default_rng(6)
    cases = [(rng.standard_normal(shape), dim, keepdim) for shape, dim in [((4, 3), None), ((4, 3), 0), ((4, 3), 1),
             ((2, 3, 5), -1), ((2, 3, 5), (0, 2)), ((), None)] for keepdim in (False, True)]
    for name in ("sum", "mean"):
        check_values("2.6", lambda a, dim, keepdim: getattr(Tensor(a), name)(dim=dim, keepdim=keepdim),
                     lambda a, dim, keepdim: getattr(mt.tensor(a), name)(dim=dim, keepdim=keepdim), cases,
                     what=f"your Tensor.{name}(dim, keepdim) against minitorch's", hint="NumPy's names: axis, keepdims")


def test_2_7_unbroadcast():
    my_unbroadcast = mine("tensors").unbroadcast
    rng = np.random.default_rng(0)
    cases = []
    for a, b in shape_pairs(120, seed=5):
        if 0 in a or 0 in b:
            continue
        try:
            out = np.broadcast_shapes(a, b)
        except ValueError:
            continue
        grad = rng.standard_normal(out)
        cases += [(grad, a), (grad, b)]
    check_values("2.7", my_unbroadcast, lambda grad, shape: unbroadcast(mt.tensor(grad), shape), cases,
                 what="unbroadcast(grad, shape) against minitorch's unbroadcast",
                 hint="sum the leading extra dims, then keepdims=True where shape has a 1")


# ------------------------------------------------------------------ 3. the graph
def graphs():
    """Test graphs: a reused value, a diamond, constants, a chain of 5,000 ops, a leaf alone."""
    def leaf(value, name):
        t = mt.tensor(value, requires_grad=True)
        t.name = name
        return t

    a, b, c = leaf(2.0, "a"), leaf(-3.0, "b"), leaf(10.0, "c")
    e = a * b
    p = leaf(1.5, "p")
    t = leaf(1.0, "v")
    for _ in range(5000):
        t = t * 1.0
    k, m = leaf([1.0, 2.0], "k"), mt.tensor([3.0, 4.0])
    return {"relu(a*b + c)": (a * b + c).relu(), "e*e + e": e * e + e, "diamond": (p * 2.0) * (p + 1.0),
            "chain of 5,000 ops": t, "with constants": (k * m).sum() * m.sum(), "a leaf": leaf(3.0, "lonely")}


def test_3_1_square():
    square = mine("graph").Square
    library_test("3.1", test_ops.test_unary_gradcheck, test_ops.Op("square", square.apply, None))
    check_gradients("3.1", square.apply, lambda t: t * t, [((3,),), ((2, 4),), ((),)], what="Square.apply")


def test_3_2_count_nodes_and_leaves():
    graph = mine("graph")

    def reference(t):
        nodes = engine_topological_order(t.grad_fn) if t.grad_fn is not None else []
        found = {x.name for n in nodes for x in n.inputs if isinstance(x, mt.Tensor) and x.grad_fn is None
                 and x.requires_grad}
        return len(nodes), sorted(found | ({t.name} if t.grad_fn is None and t.requires_grad else set()))

    check_values("3.2", lambda t: (graph.count_nodes(t), sorted(x.name for x in graph.leaves(t))), reference,
                 [(t,) for t in graphs().values()], what="(count_nodes(t), sorted leaf names)",
                 hint="keep a set of visited nodes, walk with a stack")


def test_3_3_topological_order():
    order_of = mine("graph").topological_order
    for name, t in graphs().items():
        with checking("3.3", "topological_order(t)", tried=name):
            order = list(order_of(t))
        expected = engine_topological_order(t.grad_fn) if t.grad_fn is not None else []
        position = {id(n): i for i, n in enumerate(order)}
        check_true("3.3", len(order) == len(position) == len(expected) and set(position) == {id(n) for n in expected},
                   f"topological_order on {name!r} lists every node once", len(expected), len(order))
        late = [(n, x.grad_fn) for n in order for x in n.inputs
                if isinstance(x, mt.Tensor) and x.grad_fn is not None and position[id(x.grad_fn)] > position[id(n)]]
        check_true("3.3", not late and (not order or order[-1] is t.grad_fn),
                   f"topological_order on {name!r}: each node after the nodes of its inputs, t.grad_fn last",
                   "a valid order", late[:1] or order[-1:],
                   "append a node only after everything behind its inputs (a stack of (node, expanded) pairs)")


def test_3_4_scalar_neuron():
    neuron = mine("graph").scalar_neuron
    rng = np.random.default_rng(3)
    for count in (1, 3):
        xs = [mt.tensor(float(v), requires_grad=True) for v in rng.standard_normal(count)]
        ws = [mt.tensor(float(v), requires_grad=True) for v in rng.standard_normal(count)]
        b = mt.tensor(float(rng.standard_normal()), requires_grad=True)
        for i, (x, w) in enumerate(zip(xs, ws), 1):
            x.name, w.name = f"x{i}", f"w{i}"
        b.name = "b"
        with checking("3.4", "scalar_neuron(xs, ws, b)"):
            o = neuron(xs, ws, b)
        expected = math.tanh(sum(x.item() * w.item() for x, w in zip(xs, ws)) + b.item())
        check_true("3.4", abs(o.item() - expected) < 1e-6 and o.name == "o",
                   f"scalar_neuron with {count} inputs: tanh(sum x_i w_i + b), named 'o'", round(expected, 6),
                   (round(o.item(), 6), o.name))


def test_3_5_function_apply():
    graph, Tensor = mine("graph"), mine("tensors").Tensor

    class Twice(graph.Function):
        @staticmethod
        def forward(ctx, a, scale=2.0):
            ctx.save_for_backward(a)
            return scale * a

        @staticmethod
        def backward(ctx, grad_output):
            return 2.0 * grad_output

    x, c = Tensor([1.0, -2.0], requires_grad=True), Tensor([3.0, 4.0])
    with checking("3.5", "Twice.apply(x) on your Tensor"):
        y, z, k, three = Twice.apply(x), Twice.apply(c), Twice.apply(x, scale=3.0), Twice.apply(1.5)
    node = y.grad_fn
    check_true("3.5", isinstance(y, Tensor) and np.array_equal(y.data, [2.0, -4.0]) and np.array_equal(k.data, [3, -6]),
               "apply returns your Tensor of forward's array, options going to forward", "[2, -4] and [3, -6]", (y, k))
    check_true("3.5", y.requires_grad and node is not None and node.fn is Twice and tuple(node.inputs) == (x,)
               and tuple(node.needs_input_grad) == (True,) and len(node.saved_tensors) == 1,
               "the result records its node: fn, inputs, needs_input_grad, saved_tensors", "a node of Twice", node)
    check_true("3.5", not z.requires_grad and z.grad_fn is None, "a result of constants records nothing",
               (False, None), (z.requires_grad, z.grad_fn))
    check_true("3.5", isinstance(three, Tensor) and three.item() == 3.0, "a number becomes a constant Tensor", 3.0,
               three)


# ------------------------------------------------------------------ 4. backprop
def learner_tensor():
    return mine("tensors").Tensor


def test_4_1_mul():
    MyMul = mine("backprop").MyMul
    check_gradients("4.1", MyMul.apply, lambda a, b: a * b,
                    [((), ()), ((2, 3), (2, 3)), ((4, 3), (3,)), ((2, 1), (1, 5)), ((), (2, 2)), ((2, 3, 4), (3, 1))],
                    what="MyMul.apply", tensor=learner_tensor())


def test_4_2_tanh_and_exp():
    backprop = mine("backprop")
    for op, reference in ((backprop.MyTanh, lambda a: a.tanh()), (backprop.MyExp, lambda a: a.exp())):
        check_gradients("4.2", op.apply, reference, [((),), ((5,),), ((3, 4),)], what=f"{op.__name__}.apply",
                        tensor=learner_tensor())


def test_4_3_add():
    MyAdd = mine("backprop").MyAdd
    check_gradients("4.3", MyAdd.apply, lambda a, b: a + b,
                    [((3,), (3,)), ((4, 3), (3,)), ((2, 1), (1, 5)), ((), (2, 3)), ((2, 4, 3), (4, 1))],
                    what="MyAdd.apply", hint="sum each gradient back to its input's shape with unbroadcast",
                    tensor=learner_tensor())


def test_4_4_backward_engine():
    backprop, Tensor = mine("backprop"), learner_tensor()
    for name, loss_of, shapes in [("(a * b + a).sum()", lambda a, b: (a * b + a).sum(), ((4, 3), (3,))),
                                  ("((x * w).sum(dim=1).tanh() ** 2 + x.sum()).mean()",
                                   lambda x, w: ((x * w).sum(dim=1).tanh() ** 2 + x.sum()).mean(), ((3, 2), (2,))),
                                  ("(a.exp() * a).sum() * b.sum()", lambda a, b: (a.exp() * a).sum() * b.sum(),
                                   ((2, 2), (1,)))]:
        arrays = [np.random.default_rng(i).standard_normal(s) for i, s in enumerate(shapes)]
        leaves = [mt.tensor(a, requires_grad=True) for a in arrays]
        expected = mt.autograd.grad(loss_of(*leaves), leaves)
        yours = [Tensor(a, requires_grad=True) for a in arrays]
        with checking("4.4", "my_backward(loss)", tried=name):
            got = backprop.my_backward(loss_of(*yours))
        check_values("4.4", lambda i: got.get(yours[i], np.nan), lambda i: expected[i], [(0,), (1,)],
                     what=f"my_backward on {name}", hint="add, do not assign, when a gradient arrives twice")
        with checking("4.4", "backward(loss)", tried=name):
            backprop.backward(loss_of(*yours))
        check_values("4.4", lambda i: yours[i].grad, lambda i: expected[i], [(0,), (1,)],
                     what=f"backward(loss) fills .grad on {name}")


def test_4_5_matmul():
    MyMatMul = mine("backprop").MyMatMul
    shapes = [s for s in test_ops.MATMUL_SHAPES if len(s[0]) == len(s[1]) == 2] + [((1, 5), (5, 1)), ((4, 4), (4, 4))]
    check_gradients("4.5", MyMatMul.apply, lambda a, b: a @ b, shapes, what="MyMatMul.apply",
                    hint="grad_a = grad_output @ b.T, grad_b = a.T @ grad_output", tensor=learner_tensor())


# ------------------------------------------------------------------ 5. networks
def linear_with(layer):
    def run(x, weight, bias=None):
        layer.weight, layer.bias = weight, bias
        return layer(x)
    return run


def test_5_1_module_and_linear():
    networks, tensors = mine("networks"), mine("tensors")
    layer = networks.MyLinear(3, 2)
    names = [n for n, _ in layer.named_parameters()]
    check_true("5.1", names == ["weight", "bias"] and layer.weight.shape == (2, 3) and layer.bias.shape == (2,)
               and all(isinstance(p, networks.Parameter) for p in layer.parameters()),
               "MyLinear(3, 2) has the Parameters weight (2, 3), then bias (2,)", ["weight", "bias"], names)
    model = networks.Module()
    model.layers, model.head = [networks.MyLinear(2, 3), networks.MyLinear(3, 3, bias=False)], networks.MyLinear(3, 1)
    names = [n for n, _ in model.named_parameters()]
    expected = ["layers.0.weight", "layers.0.bias", "layers.1.weight", "head.weight", "head.bias"]
    check_true("5.1", names == expected, "named_parameters of a module with a list of layers and a layer", expected,
               names, "recurse into modules and lists of modules, prefixing names")
    for bias in (True, False):
        shapes = [((5, 3), (2, 3), (2,)), ((1, 3), (2, 3), (2,))]
        check_gradients("5.1", linear_with(networks.MyLinear(3, 2, bias=bias)), F.linear,
                        [s if bias else s[:2] for s in shapes], what=f"MyLinear(3, 2, bias={bias}) against F.linear",
                        tensor=tensors.Tensor)
    tensors.manual_seed(0)
    w = networks.MyLinear(400, 300).weight.data
    bound = 1 / math.sqrt(400)
    check_true("5.1", np.abs(w).max() <= bound and abs(w.std() - bound / math.sqrt(3)) < 0.05 * bound / math.sqrt(3),
               "the initial weights are uniform on [-1/sqrt(in), 1/sqrt(in)] (test_nn_layers's bounds)",
               f"|w| <= {bound}, std {bound / math.sqrt(3):.4f}", f"max {np.abs(w).max():.4f}, std {w.std():.4f}")
    tensors.manual_seed(3)
    first = networks.MyLinear(4, 2).weight.data.copy()
    tensors.manual_seed(3)
    check_true("5.1", np.array_equal(first, networks.MyLinear(4, 2).weight.data),
               "the initialisation is reproducible with manual_seed", "the same weights", "other weights")


def test_5_2_relu():
    networks = mine("networks")
    check_true("5.2", list(networks.MyReLU().parameters()) == [], "MyReLU has no parameters", [],
               list(networks.MyReLU().parameters()))
    check_gradients("5.2", lambda x: networks.MyReLU()(x), lambda x: x.relu(), [((7,),), ((3, 4),)], what="MyReLU",
                    tensor=learner_tensor())


def test_5_3_mse_loss():
    MyMSELoss, Tensor = mine("networks").MyMSELoss, learner_tensor()
    for reduction in test_losses.REDUCTIONS:
        check_gradients("5.3", lambda a, b: MyMSELoss(reduction)(a, b),
                        lambda a, b: F.mse_loss(a, b, reduction=reduction), [((4, 1), (4, 1)), ((2, 3), (2, 3))],
                        what=f"MyMSELoss(reduction={reduction!r})", tensor=Tensor)
    try:
        MyMSELoss()(Tensor(np.zeros((4, 1))), Tensor(np.zeros(4)))
        message = "no error"
    except ValueError as err:  # as test_losses.test_mse_shape_mismatch_names_both_shapes asks of F.mse_loss
        message = str(err)
    check_true("5.3", "(4, 1)" in message and "(4,)" in message, "a shape mismatch raises a ValueError naming "
               "both shapes", "ValueError naming (4, 1) and (4,)", message)


def test_5_4_sequential():
    networks, Tensor = mine("networks"), learner_tensor()
    layers = [networks.MyLinear(3, 4), networks.MyReLU(), networks.MyLinear(4, 2)]
    with checking("5.4", "MySequential(MyLinear(3, 4), MyReLU(), MyLinear(4, 2))"):
        model = networks.MySequential(*layers)
        params, out, second = model.parameters(), model(Tensor(np.ones((5, 3)))), model[2]
    expected = layers[2](layers[1](layers[0](Tensor(np.ones((5, 3))))))
    own = [p for layer in layers for p in layer.parameters()]
    check_true("5.4", len(params) == len(own) and all(a is b for a, b in zip(params, own)),
               "MySequential's parameters are its layers' own, in order", len(own), len(params))
    check_true("5.4", second is layers[2] and np.allclose(out.data, expected.data),
               "MySequential applies its layers in order, and model[i] is layer i", expected, out)


def test_5_5_mlp():
    networks, Tensor = mine("networks"), learner_tensor()
    for args in ((4, [8, 8, 3]), (3, [2])):
        with checking("5.5", f"mlp{args}"):
            model = networks.mlp(*args)
        reference = mt.nn.MLP(*args).double()
        shapes = [tuple(p.shape) for p in model.parameters()]
        expected = [tuple(p.shape) for p in reference.parameters()]
        check_true("5.5", shapes == expected, f"the parameter shapes of mlp{args}", expected, shapes)
        for p, q in zip(model.parameters(), reference.parameters()):
            p.data = q.detach().numpy().copy()
        x = np.random.default_rng(0).standard_normal((5, args[0]))
        check_true("5.5", np.allclose(model(Tensor(x)).data, reference(mt.tensor(x)).detach().numpy()),
                   f"mlp{args} computes what mt.nn.MLP does", reference(mt.tensor(x)), model(Tensor(x)))


# ------------------------------------------------------------------ 6. training
def twin_models(seed):
    """The learner's MLP(3, [5, 2]) and test_optim's model, with the same weights, in float64."""
    networks = mine("networks")
    reference = test_optim.model(seed)
    learner_model = networks.MySequential(networks.MyLinear(3, 5), networks.MyReLU(), networks.MyLinear(5, 2))
    for p, q in zip(learner_model.parameters(), reference.parameters()):
        p.data = q.detach().numpy().copy()
    return learner_model, reference


def test_6_1_sgd():
    MySGD, backprop, Tensor = mine("training").MySGD, mine("backprop"), learner_tensor()
    x, y = test_optim.data()
    m, reference = twin_models(0)
    opt, ref_opt = MySGD(m.parameters(), lr=0.1), optim.SGD(reference.parameters(), lr=0.1)
    params = m.parameters()
    for step in range(1, 6):
        with checking("6.1", "a training step with MySGD", tried=f"step {step}"):
            loss = ((m(Tensor(x)) - Tensor(y)) ** 2).mean()
            opt.zero_grad()
            backprop.backward(loss)
            opt.step()
        test_optim.train_step(reference, ref_opt, x, y)
        check_values("6.1", lambda i: params[i], lambda i: list(reference.parameters())[i],
                     [(i,) for i in range(len(params))], what=f"the parameters after step {step}, against optim.SGD",
                     hint="p.data -= lr * p.grad.data; zero_grad sets p.grad = None")
    check_true("6.1", all(a is b for a, b in zip(m.parameters(), params)), "the model keeps its parameter objects",
               "the same objects", "new objects", "update in place with -=")
    unused = mine("networks").Parameter(np.ones(3))
    MySGD([unused], lr=0.5).step()
    check_true("6.1", np.allclose(unused.data, 1), "a parameter without a gradient is left alone", [1, 1, 1], unused)


def test_6_2_train_step():
    training, networks, Tensor = mine("training"), mine("networks"), learner_tensor()
    x, y = test_optim.data()
    m, reference = twin_models(1)

    class PlainSGD:  # the optimizer of the check, so that 6.2 is graded apart from 6.1
        def __init__(self, params, lr):
            self.params, self.lr = list(params), lr

        def zero_grad(self):
            for p in self.params:
                p.grad = None

        def step(self):
            for p in self.params:
                p.data -= self.lr * p.grad.data

    opt, ref_opt = PlainSGD(m.parameters(), lr=0.1), optim.SGD(reference.parameters(), lr=0.1)
    for step in range(1, 11):
        with checking("6.2", "train_step(model, loss_fn, optimizer, x, y)", tried=f"step {step}"):
            got = training.train_step(m, networks.MyMSELoss(), opt, Tensor(x), Tensor(y))
        expected = test_optim.train_step(reference, ref_opt, x, y)
        check_true("6.2", isinstance(got, float) and abs(got - expected) < 1e-9, f"the loss returned by step {step}",
                   expected, got, "zero the gradients before backward, and return loss.item() of this step")


def test_6_3_xor_milestone():
    training = mine("training")
    results = []
    for seed in range(10):
        with checking("6.3", "train_xor(seed)", tried=f"seed {seed}"):
            model, losses = training.train_xor(seed)
            results.append((losses[-1], training.xor_accuracy(model)))
    converged = [loss < 0.01 and accuracy == 1.0 for loss, accuracy in results]
    check_true("6.3", sum(converged) >= 9, "XOR learned by your package for at least 9 of 10 seeds "
               "(loss < 0.01, 100% accuracy; the library's milestone asks 19 of 20)", "9 or 10 seeds",
               f"{sum(converged)} seeds; final losses {[round(r[0], 4) for r in results]}",
               "re-run the checks of chapters 2 to 5 and of Exercises 6.1 and 6.2")
    with checking("6.3", "train_xor(0, steps=5)"):
        _, few = training.train_xor(0, steps=5)
    check_true("6.3", few[-1] > 0.05, "without enough steps the loss is far from 0 (no vacuous pass)", "> 0.05", few[-1])


# ------------------------------------------------------------------ 7. classification
def test_7_1_cross_entropy():
    cross_entropy, Tensor = mine("classification").cross_entropy, learner_tensor()
    _, _, _, arrays = test_losses.CASES[test_losses.IDS.index("cross_entropy")]
    logits, targets = arrays
    check_gradients("7.1", lambda z: cross_entropy(z, Tensor(targets)),
                    lambda z: F.cross_entropy(z, mt.tensor(targets)), [(np.shape(logits),)],
                    what="cross_entropy(logits, targets) against F.cross_entropy", tensor=Tensor)
    z = mt.tensor(np.random.default_rng(0).standard_normal((5, 4)), requires_grad=True)
    t = mt.tensor([0, 3, 1, 1, 2])
    expected = (F.softmax(z, dim=1) - F.one_hot(t, 4).double()).detach().numpy() / 5  # as test_losses asks
    mine_z = Tensor(z.detach().numpy(), requires_grad=True)
    with checking("7.1", "cross_entropy(z, t).backward()"):
        cross_entropy(mine_z, Tensor(t.numpy())).backward()
    check_values("7.1", lambda: mine_z.grad, lambda: expected, [()],
                 what="the gradient of cross_entropy is (softmax - one_hot) / N")
    huge = Tensor([[1e4, 0.0, -1e4], [0.0, 1e4, 1e4]], requires_grad=True)
    with checking("7.1", "cross_entropy on logits of ±1e4"):
        value = cross_entropy(huge, Tensor(np.array([0, 1]))).item()
    check_true("7.1", abs(value - math.log(2) / 2) < 1e-9, "cross_entropy is stable for logits of ±1e4",
               math.log(2) / 2, value, "subtract each row's max before exp (log-sum-exp)")


def test_7_2_data_loader():
    DataLoader, Tensor = mine("classification").DataLoader, learner_tensor()
    from tests import test_data

    for n, batch_size, drop_last in [(10, 1, False), (10, 3, False), (10, 10, False), (10, 32, False),
                                     (150, 32, False), (7, 7, False), (10, 3, True), (150, 32, True)]:
        X, y = np.arange(n, dtype=np.float64).reshape(n, 1), np.arange(n)
        for shuffle in (False, True):
            setting = f"n={n}, batch_size={batch_size}, shuffle={shuffle}, drop_last={drop_last}"
            with checking("7.2", "DataLoader(X, y, batch_size, shuffle, drop_last, generator)", tried=setting):
                loader = DataLoader(Tensor(X), Tensor(y), batch_size, shuffle=shuffle, drop_last=drop_last,
                                    generator=np.random.default_rng(0))
                got, length = list(loader), len(loader)
            reference = mt.utils.data.DataLoader(test_data.TensorDataset(mt.tensor(X), mt.tensor(y)),
                                                 batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                                                 generator=mt.Generator(0))
            expected = [yb.numpy().tolist() for _, yb in reference]
            check_true("7.2", [yb.numpy().tolist() for _, yb in got] == expected and length == len(reference),
                       f"the batches and len of minitorch's DataLoader ({setting})", expected,
                       [yb.numpy().tolist() for _, yb in got])
            check_true("7.2", all(np.array_equal(xb.numpy()[:, 0], yb.numpy()) for xb, yb in got),
                       "each batch pairs rows of X with the same rows of y", "xb[i] with yb[i]", "mixed rows")


def test_7_3_accuracy():
    classification, networks, Tensor = mine("classification"), mine("networks"), learner_tensor()
    mine("tensors").manual_seed(0)
    model = networks.MyLinear(4, 3)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((50, 4)), rng.integers(0, 3, 50)
    expected = float((model(Tensor(X)).data.argmax(axis=1) == y).mean())
    with checking("7.3", "accuracy(model, X, y)"):
        got = classification.accuracy(model, Tensor(X), Tensor(y))
    check_true("7.3", isinstance(got, float) and abs(got - expected) < 1e-9, "accuracy of a random linear model",
               expected, got, "compare model(X).data.argmax(axis=1) with y.data; return a float")


def iris_split():
    """Chapter 7's Iris split, as NumPy arrays."""
    iris = mt.datasets.load_iris()
    X_train, X_test, y_train, y_test = mt.datasets.train_test_split(iris.data, iris.target, test_size=0.2, seed=7,
                                                                    stratify=True)
    X_train, X_test = mt.datasets.standardize(X_train, X_test)
    return [t.numpy() for t in (X_train, X_test, y_train, y_test)]


def test_7_4_iris():
    classification, Tensor = mine("classification"), learner_tensor()
    X_train, X_test, y_train, y_test = iris_split()
    with checking("7.4", "train_iris(X_train, y_train)"):
        model = classification.train_iris(Tensor(X_train), Tensor(y_train))
    correct = int((model(Tensor(X_test)).data.argmax(axis=1) == y_test).sum())
    check_true("7.4", correct >= 29, "the Iris classifier trained by your package (the library's milestone: 29 of 30)",
               "at least 29 of 30", f"{correct} of 30")


# ------------------------------------------------------------------ 8. optimizers
def optimizer_configs(name, learner_class):
    """test_optim's CONFIGS for ``name`` that use only the options the learner's class takes."""
    accepted = set(inspect.signature(learner_class.__init__).parameters)
    return [kw for n, kw in test_optim.CONFIGS if n == name and set(kw) <= accepted]


def same_trajectory(exercise, learner_class, name, hint):
    """test_optim's cases for ``name``: the learner's optimizer on their MLP against minitorch's on test_optim's."""
    configs = optimizer_configs(name, learner_class)
    check_true(exercise, len(configs) >= 2, f"test_optim has cases for your {name}", ">= 2", len(configs))
    backprop, networks, Tensor = mine("backprop"), mine("networks"), learner_tensor()
    x, y = test_optim.data()
    for kwargs in configs:
        m, reference = twin_models(0)
        opt, ref_opt = learner_class(m.parameters(), **kwargs), getattr(optim, name)(reference.parameters(), **kwargs)
        for step in range(1, 6):
            with checking(exercise, f"a step of your {name}", tried=f"{kwargs}, step {step}"):
                loss = networks.MyMSELoss()(m(Tensor(x)), Tensor(y))
                opt.zero_grad()
                backprop.backward(loss)
                opt.step()
            test_optim.train_step(reference, ref_opt, x, y)
            params, expected = m.parameters(), list(reference.parameters())
            check_values(exercise, lambda i: params[i], lambda i: expected[i], [(i,) for i in range(len(params))],
                         what=f"the parameters after step {step} with {kwargs}", hint=hint, rtol=1e-9, atol=1e-12)


def test_8_1_sgd_momentum():
    same_trajectory("8.1", mine("optimizers").MySGD, "SGD", "b = g at the first step, then b = momentum * b + g")


def test_8_2_adam():
    MyAdam, Parameter = mine("optimizers").MyAdam, mine("networks").Parameter
    same_trajectory("8.2", MyAdam, "Adam", "bias-correct both averages with 1 - beta ** t")
    # test_optim.test_adam_first_step_moves_by_lr_times_sign: after bias correction the first step is lr * sign(g).
    p = Parameter(np.ones(3))
    p.grad = learner_tensor()(np.array([3.0, -0.01, 100.0]))
    with checking("8.2", "MyAdam([p], lr=0.1, eps=0).step()"):
        MyAdam([p], lr=0.1, eps=0).step()
    check_values("8.2", lambda: p, lambda: np.array([0.9, 1.1, 0.9]), [()],
                 what="Adam's first step moves each parameter by lr * sign(g) (test_optim's case)")


def test_8_3_rmsprop():
    same_trajectory("8.3", mine("optimizers").MyRMSprop, "RMSprop", "v = alpha * v + (1 - alpha) * g ** 2")


def test_8_4_step_lr():
    StepLR = mine("optimizers").StepLR
    for base_lrs, step_size, gamma in (([0.1, 0.01], 3, 0.5), ([1.0, 0.3], 1, 0.9), ([0.05, 0.5], 4, 0.1)):
        groups = [{"params": [mt.nn.Parameter(mt.ones(1))], "lr": lr} for lr in base_lrs]
        optimizer = optim.SGD(groups, lr=1.0)
        got = []
        with checking("8.4", "StepLR", tried=f"base lrs {base_lrs}, step_size={step_size}, gamma={gamma}"):
            scheduler = StepLR(optimizer, step_size=step_size, gamma=gamma)
            for _ in range(10):
                optimizer.step()
                scheduler.step()
                got.append(list(scheduler.get_last_lr()) + [g["lr"] for g in optimizer.param_groups])
        expected = [[lr * gamma ** (epoch // step_size) for lr in base_lrs] * 2 for epoch in range(1, 11)]
        check_values("8.4", lambda: got, lambda: expected, [()], rtol=1e-12, atol=1e-15,
                     what=f"the rates of every group after each epoch (step_size={step_size}, gamma={gamma}), "
                     "as PyTorch's StepLR: base_lr * gamma ** (epoch // step_size)")


# ------------------------------------------------------------------ 9. images
def test_9_1_conv2d():
    my_conv2d = mine("images").my_conv2d
    rng = np.random.default_rng(0)
    cases = [(rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4), 1, 1),
             (rng.standard_normal((2, 2, 7, 7)), rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3), 2, 1),
             (rng.standard_normal((1, 2, 8, 6)), rng.standard_normal((2, 2, 2, 3)), None, 3, 2)]
    check_values("9.1", my_conv2d, lambda x, w, b, s, p: F.conv2d(mt.tensor(x), mt.tensor(w),
                 None if b is None else mt.tensor(b), stride=s, padding=p), cases, what="my_conv2d against F.conv2d")


def test_9_2_im2col():
    images = mine("images")
    rng = np.random.default_rng(1)
    cases = [(rng.standard_normal((2, 3, 5, 6)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4), 1),
             (rng.standard_normal((4, 3, 8, 8)), rng.standard_normal((5, 3, 3, 3)), rng.standard_normal(5), 2)]
    check_values("9.2", images.my_conv2d_im2col,
                 lambda x, w, b, s: F.conv2d(mt.tensor(x), mt.tensor(w), mt.tensor(b), stride=s), cases,
                 what="my_conv2d_im2col against F.conv2d")


def test_9_3_max_pool():
    check_gradients("9.3", mine("images").MyMaxPool2x2.apply, lambda x: F.max_pool2d(x, 2),
                    [((1, 1, 2, 2),), ((2, 3, 4, 4),), ((1, 2, 6, 8),)], what="MyMaxPool2x2 against F.max_pool2d",
                    tensor=learner_tensor())


def test_9_4_dropout():
    images, Tensor = mine("images"), learner_tensor()
    mine("tensors").manual_seed(0)
    x = Tensor(np.random.default_rng(0).random((200, 500)) + 0.5)
    for p in (0.2, 0.5, 0.8):
        with checking("9.4", f"my_dropout(x, {p})"):
            out = images.my_dropout(x, p).data
        kept = out != 0
        check_true("9.4", abs(1 - kept.mean() - p) < 0.01 and np.allclose(out[kept], x.data[kept] / (1 - p)),
                   f"my_dropout with p = {p}: about p zeros, the rest scaled by 1 / (1 - p)", f"{p} zeros",
                   round(1 - kept.mean(), 3))
    w = Tensor(np.ones((3, 4)), requires_grad=True)
    with checking("9.4", "my_dropout(w, 0.5).sum().backward()"):
        out = images.my_dropout(w, 0.5)
        out.sum().backward()
    check_values("9.4", lambda: w.grad, lambda: (out.data != 0) / 0.5, [()],
                 what="the gradient of dropout: 1 / (1 - p) where kept, 0 where dropped")
    layer = images.MyDropout(0.5)
    layer.eval()
    check_true("9.4", np.array_equal(layer(x).data, x.data), "MyDropout in eval() returns x", "x", "something else")


def test_every_exercise_of_the_solutions_is_graded():
    """One test at least per exercise of solutions/, and none for an exercise that does not exist."""
    import json
    import re

    exercises = set()
    for path in (ROOT / "solutions").glob("*.ipynb"):
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        exercises |= set(re.findall(r"### BEGIN SOLUTION\s+Exercise (\d+\.\d+)", text))
    graded = {f"{m[1]}.{m[2]}" for m in (re.match(r"test_(\d+)_(\d+)_", n) for n in globals()) if m}
    assert graded == exercises, (sorted(exercises - graded), sorted(graded - exercises))
    assert len(graded) >= 30
    assert ExerciseFailure  # the failures these tests raise
