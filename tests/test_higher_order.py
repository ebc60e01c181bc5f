"""Gradients of gradients (issue 15): gradgradcheck for every op; second derivatives,
Hessian-vector products and Newton's method against PyTorch; custom Functions written
on tensors, as in PyTorch's tutorials; ``autograd.grad`` purity; version counters; a
backward without ``create_graph`` that records and keeps nothing; very long chains."""

from __future__ import annotations

import gc
import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

import minitorch as mt
import minitorch.nn.functional as F
from helpers import assert_close, needs_torch, torch

# Few, deterministic examples: gradgradcheck costs O(elements²) per example.
FEW = settings(max_examples=6, deadline=None, derandomize=True, database=None)
SEEDS = st.integers(0, 2**32 - 1)


# ---------------------------------------------------------------- input makers
def leaf(array) -> mt.Tensor:
    return mt.tensor(np.asarray(array, dtype=np.float64), dtype=mt.float64, requires_grad=True)


def const(array) -> mt.Tensor:
    return mt.tensor(np.asarray(array, dtype=np.float64), dtype=mt.float64)


def away_from(kinks, rng, shape, scale: float = 1.5) -> np.ndarray:
    """Uniform values in (-scale, scale), each moved at least 0.1 away from every kink,
    so the finite differences of gradcheck never straddle one."""
    u = rng.uniform(-scale, scale, shape)
    for k in kinks:
        near = np.abs(u - k) < 0.1
        u = np.where(near, u + np.where(u >= k, 0.1, -0.1), u)
    return u


def distinct(rng, shape) -> np.ndarray:
    """Values at least 0.2 apart (no ties, nor near-ties, for max and min)."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.3 + rng.uniform(0, 0.1, n)).reshape(shape) - 0.15 * n


def normal(rng, shape) -> np.ndarray:
    return rng.standard_normal(shape)


def positive(rng, shape) -> np.ndarray:
    return rng.uniform(0.5, 2.0, shape)


def probabilities(rng, shape) -> np.ndarray:
    return rng.uniform(0.05, 0.95, shape)


def classes(*values) -> mt.Tensor:
    return mt.tensor(np.array(values, dtype=np.int64))


def ggc(fn, *inputs) -> None:
    assert mt.autograd.gradgradcheck(fn, list(inputs)) is True


# ======================================================= 1. gradgradcheck, every op
# Elementwise unary ops on Hypothesis shapes: (name, fn, how to draw its input).
ELEMENTWISE = [
    ("neg", lambda x: -x, normal),
    ("exp", lambda x: x.exp(), normal),
    ("log", lambda x: x.log(), positive),
    ("sqrt", lambda x: x.sqrt(), positive),
    ("abs", lambda x: x.abs(), lambda rng, s: away_from([0.0], rng, s)),
    ("sin", lambda x: mt.sin(x), normal),
    ("cos", lambda x: mt.cos(x), normal),
    ("tanh", lambda x: x.tanh(), normal),
    ("sigmoid", lambda x: x.sigmoid(), normal),
    ("relu", lambda x: x.relu(), lambda rng, s: away_from([0.0], rng, s)),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), lambda rng, s: away_from([0.0], rng, s)),
    ("clamp_min", lambda x: x.clamp(min=-0.5), lambda rng, s: away_from([-0.5], rng, s)),
    ("clamp_max", lambda x: x.clamp(max=0.5), lambda rng, s: away_from([0.5], rng, s)),
    ("clamp_both", lambda x: x.clamp(-0.5, 0.5), lambda rng, s: away_from([-0.5, 0.5], rng, s)),
    ("clone", lambda x: x.clone(), normal),
    ("cast_float64", lambda x: mt.ops.elementwise.Cast.apply(x, dtype=np.float64), normal),
    ("pow_int", lambda x: x**3, normal),
    ("pow_fraction", lambda x: x**2.5, positive),
    ("pow_negative", lambda x: x**-1.5, positive),
    ("rpow", lambda x: 2.0**x, normal),
    ("add_number", lambda x: x + 2.0, normal),
    ("radd_number", lambda x: 2.0 + x, normal),
    ("sub_number", lambda x: x - 2.0, normal),
    ("rsub_number", lambda x: 2.0 - x, normal),
    ("mul_number", lambda x: x * 3.0, normal),
    ("rmul_number", lambda x: 3.0 * x, normal),
    ("div_number", lambda x: x / 3.0, normal),
    ("rdiv_number", lambda x: 3.0 / x, lambda rng, s: away_from([0.0], rng, s)),
    ("where_self", lambda x: mt.where(x > 0, x.exp(), x * x), lambda rng, s: away_from([0.0], rng, s)),
]


@pytest.mark.parametrize("name, fn, draw", ELEMENTWISE, ids=[e[0] for e in ELEMENTWISE])
@FEW
@given(shape=array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3), seed=SEEDS)
def test_elementwise_gradgradcheck(name, fn, draw, shape, seed):
    ggc(fn, leaf(draw(np.random.default_rng(seed), shape)))


# Binary ops on broadcasting shape pairs, both inputs requiring grad.
BINARY = [
    ("add", lambda a, b: a + b, normal, normal),
    ("sub", lambda a, b: a - b, normal, normal),
    ("mul", lambda a, b: a * b, normal, normal),
    ("div", lambda a, b: a / b, normal, lambda rng, s: away_from([0.0], rng, s)),
    ("pow", lambda a, b: a**b, positive, normal),
]


@pytest.mark.parametrize("name, fn, draw_a, draw_b", BINARY, ids=[b[0] for b in BINARY])
@FEW
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=2), seed=SEEDS)
def test_binary_broadcasting_gradgradcheck(name, fn, draw_a, draw_b, shapes, seed):
    rng = np.random.default_rng(seed)
    (shape_a, shape_b), _ = shapes
    ggc(fn, leaf(draw_a(rng, shape_a)), leaf(draw_b(rng, shape_b)))


@FEW
@given(shapes=mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=2, max_side=3), seed=SEEDS)
def test_where_broadcasting_gradgradcheck(shapes, seed):
    rng = np.random.default_rng(seed)
    (shape_c, shape_a, shape_b), _ = shapes
    condition = mt.tensor(rng.uniform(size=shape_c) > 0.5)
    ggc(lambda a, b: mt.where(condition, a * a, b.sin()), leaf(rng.standard_normal(shape_a)),
        leaf(rng.standard_normal(shape_b)))


# Reductions on Hypothesis shapes of 2 dimensions (so every dim argument applies).
REDUCTIONS = [
    ("sum", lambda x: x.sum()),
    ("sum_dim", lambda x: x.sum(1)),
    ("sum_negative_dim_keepdim", lambda x: x.sum(-2, keepdim=True)),
    ("sum_tuple", lambda x: x.sum((0, 1))),
    ("sum_tuple_keepdim", lambda x: x.sum((1, 0), keepdim=True)),
    ("mean", lambda x: x.mean()),
    ("mean_dim", lambda x: x.mean(0)),
    ("mean_dim_keepdim", lambda x: x.mean(1, keepdim=True)),
    ("mean_tuple", lambda x: x.mean((0, 1))),
    ("mean_tuple_keepdim", lambda x: x.mean((0, -1), keepdim=True)),
    ("max", lambda x: x.max()),
    ("min", lambda x: x.min()),
    ("max_dim", lambda x: x.max(1).values),
    ("max_dim_keepdim", lambda x: x.max(0, keepdim=True).values),
    ("min_dim", lambda x: x.min(-1).values),
    ("min_dim_keepdim", lambda x: x.min(dim=0, keepdim=True).values),
    ("logsumexp", lambda x: x.logsumexp(1)),
    ("logsumexp_keepdim", lambda x: x.logsumexp(0, keepdim=True)),
    ("logsumexp_tuple", lambda x: x.logsumexp((0, 1))),
    ("softmax", lambda x: x.softmax(-1)),
    ("softmax_dim0", lambda x: F.softmax(x, dim=0)),
    ("log_softmax", lambda x: x.log_softmax(1)),
    ("log_softmax_dim0", lambda x: F.log_softmax(x, dim=0)),
]


@pytest.mark.parametrize("name, fn", REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
@FEW
@given(shape=array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=3), seed=SEEDS)
def test_reduction_gradgradcheck(name, fn, shape, seed):
    # distinct values: no ties (nor near-ties) for max and min
    ggc(fn, leaf(distinct(np.random.default_rng(seed), shape)))


# Everything else on fixed small shapes: (id, fn, inputs).
def _fixed_cases():
    r = np.random.default_rng(0)
    x23, x234 = r.standard_normal((2, 3)), r.standard_normal((2, 3, 4))
    index = mt.tensor(np.array([[0, 0, 2], [1, 1, 1]]))
    mask = np.array([[True, False, True], [False, True, True]])
    logits, target = r.standard_normal((4, 3)), classes(0, 2, 1, 2)
    weight = const([0.5, 2.0, 1.5])
    p, t01 = probabilities(r, (2, 3)), r.uniform(0, 1, (2, 3))
    cases = [
        # matmul: vector @ matrix, matrix @ vector, vector @ vector, batches (broadcast)
        ("matmul_vec_mat", lambda a, b: a @ b, [leaf(r.standard_normal(3)), leaf(r.standard_normal((3, 2)))]),
        ("matmul_mat_vec", lambda a, b: a @ b, [leaf(x23), leaf(r.standard_normal(3))]),
        ("matmul_vec_vec", lambda a, b: a @ b, [leaf(r.standard_normal(3)), leaf(r.standard_normal(3))]),
        ("matmul_mat_mat", lambda a, b: mt.matmul(a, b), [leaf(x23), leaf(r.standard_normal((3, 2)))]),
        ("matmul_batch_broadcast", lambda a, b: a @ b,
         [leaf(r.standard_normal((2, 1, 2, 3))), leaf(r.standard_normal((2, 3, 2)))]),
        ("matmul_vec_batch", lambda a, b: a @ b, [leaf(r.standard_normal(3)), leaf(r.standard_normal((2, 3, 2)))]),
        ("matmul_batch_vec", lambda a, b: a @ b, [leaf(x234), leaf(r.standard_normal(4))]),
        ("matmul_twice", lambda a, b: (a @ b).tanh() @ b.T, [leaf(x23), leaf(r.standard_normal((3, 3)))]),
        # shape ops
        ("reshape", lambda x: x.reshape(3, 2) * x.reshape(-1, 2), [leaf(x23)]),
        ("view", lambda x: x.view(6).exp(), [leaf(x23)]),
        ("flatten", lambda x: x.flatten(1).sin(), [leaf(x234)]),
        ("squeeze", lambda x: x.squeeze(1) ** 2, [leaf(r.standard_normal((2, 1, 3)))]),
        ("squeeze_all", lambda x: x.squeeze() ** 2, [leaf(r.standard_normal((1, 3, 1)))]),
        ("unsqueeze", lambda x: x.unsqueeze(1) * x.unsqueeze(0), [leaf(r.standard_normal(3))]),
        ("permute", lambda x: x.permute(2, 0, 1) ** 2, [leaf(x234)]),
        ("transpose", lambda x: x.transpose(0, 2) ** 2, [leaf(x234)]),
        ("T", lambda x: x.T @ x, [leaf(x23)]),
        ("expand", lambda x: x.expand(2, 3, 3) ** 2, [leaf(r.standard_normal((3, 1)))]),
        ("expand_keep", lambda x: x.expand(4, -1).sin(), [leaf(r.standard_normal(3))]),
        # indexing
        ("index_int", lambda x: x[1] ** 2, [leaf(x23)]),
        ("index_ints", lambda x: x[1, -1] ** 3, [leaf(x23)]),
        ("index_slice", lambda x: x[:, 1:] ** 2, [leaf(x23)]),
        ("index_step_negative", lambda x: x[..., ::-2] ** 2, [leaf(x234)]),
        ("index_list_repeats", lambda x: x[[0, 0, 1, 0]] ** 2, [leaf(x23)]),
        ("index_array_pairs_repeats", lambda x: x[np.array([0, 1, 0, 0]), np.array([2, 0, 2, 2])] ** 2, [leaf(x23)]),
        ("index_tensor_repeats", lambda x: x[:, mt.tensor([2, 2, 0])] ** 2, [leaf(x23)]),
        ("index_bool_mask", lambda x: x[mt.tensor(mask)] ** 2, [leaf(x23)]),
        ("index_bool_rows", lambda x: x[np.array([True, False, True]), 1:] ** 2, [leaf(r.standard_normal((3, 3)))]),
        ("gather", lambda x: x.gather(1, index) ** 2, [leaf(x23)]),
        ("gather_dim0", lambda x: x.gather(0, mt.tensor(np.array([[1, 0, 1]]))) ** 2, [leaf(x23)]),
        # joining
        ("cat", lambda a, b: mt.cat([a, b * b], dim=0) ** 2, [leaf(x23), leaf(r.standard_normal((1, 3)))]),
        ("cat_dim1", lambda a, b: mt.cat([a, b, a], dim=-1).exp(), [leaf(x23), leaf(r.standard_normal((2, 2)))]),
        ("stack", lambda a, b: mt.stack([a, b.exp()], dim=1) ** 2, [leaf(x23), leaf(r.standard_normal((2, 3)))]),
        ("stack_last", lambda a, b: mt.stack([a * b, b], dim=-1) ** 2,
         [leaf(r.standard_normal(3)), leaf(r.standard_normal(3))]),
        # losses
        ("cross_entropy", lambda z: F.cross_entropy(z, target), [leaf(logits)]),
        ("cross_entropy_sum", lambda z: F.cross_entropy(z, target, reduction="sum"), [leaf(logits)]),
        ("cross_entropy_none", lambda z: F.cross_entropy(z, target, reduction="none"), [leaf(logits)]),
        ("cross_entropy_weight", lambda z: F.cross_entropy(z, target, weight=weight), [leaf(logits)]),
        ("cross_entropy_ignore_index", lambda z: F.cross_entropy(z, target, ignore_index=2), [leaf(logits)]),
        ("cross_entropy_weight_ignore_none",
         lambda z: F.cross_entropy(z, target, weight=weight, ignore_index=0, reduction="none"), [leaf(logits)]),
        ("cross_entropy_probabilities", lambda z, t: F.cross_entropy(z, t),
         [leaf(logits), leaf(r.dirichlet(np.ones(3), 4))]),
        ("cross_entropy_probabilities_weight_none", lambda z, t: F.cross_entropy(z, t, weight, reduction="none"),
         [leaf(logits), leaf(r.dirichlet(np.ones(3), 4))]),
        ("cross_entropy_unbatched", lambda z: F.cross_entropy(z, classes(1)[0]), [leaf(logits[0])]),
        ("nll_loss", lambda z: F.nll_loss(z.log_softmax(1), target), [leaf(logits)]),
        ("nll_loss_weight_ignore_sum",
         lambda z: F.nll_loss(z.log_softmax(1), target, weight, ignore_index=1, reduction="sum"), [leaf(logits)]),
        ("nll_loss_direct_none", lambda z: F.nll_loss(z, target, reduction="none") ** 2, [leaf(logits)]),
    ]
    for reduction in ("mean", "sum", "none"):
        cases += [
            (f"mse_loss_{reduction}", lambda a, b, red=reduction: F.mse_loss(a, b, reduction=red),
             [leaf(x23), leaf(r.standard_normal((2, 3)))]),
            (f"binary_cross_entropy_{reduction}",
             lambda x, y, red=reduction: F.binary_cross_entropy(x, y, reduction=red), [leaf(p), leaf(t01)]),
            (f"binary_cross_entropy_weight_{reduction}",
             lambda x, y, red=reduction: F.binary_cross_entropy(x, y, const([0.5, 1.0, 2.0]), reduction=red),
             [leaf(p), leaf(t01)]),
            (f"bce_with_logits_{reduction}",
             lambda x, y, red=reduction: F.binary_cross_entropy_with_logits(x, y, reduction=red),
             [leaf(x23), leaf(t01)]),
            (f"bce_with_logits_weight_{reduction}",
             lambda x, y, red=reduction: F.binary_cross_entropy_with_logits(x, y, const([[0.5], [2.0]]), reduction=red),
             [leaf(x23), leaf(t01)]),
            (f"bce_with_logits_pos_weight_{reduction}",
             lambda x, y, red=reduction: F.binary_cross_entropy_with_logits(
                 x, y, reduction=red, pos_weight=const([0.5, 1.0, 3.0])),
             [leaf(x23), leaf(t01)]),
        ]
    # F.linear and the Affine op behind it: 1-d, 2-d, 3-d inputs, with and without bias
    for x_shape in [(3,), (2, 3), (2, 2, 3)]:
        for bias in (True, False):
            inputs = [leaf(r.standard_normal(x_shape)), leaf(r.standard_normal((2, 3)))]
            inputs += [leaf(r.standard_normal(2))] if bias else []
            cases += [
                (f"linear_{len(x_shape)}d_{'bias' if bias else 'nobias'}", lambda *a: F.linear(*a).tanh(), inputs),
                (f"affine_{len(x_shape)}d_{'bias' if bias else 'nobias'}",
                 lambda x, w, b=None: mt.ops.matrix.Affine.apply(x, w, b) ** 2, inputs),
            ]
    return cases


FIXED = _fixed_cases()


@pytest.mark.parametrize("name, fn, inputs", FIXED, ids=[c[0] for c in FIXED])
def test_op_gradgradcheck(name, fn, inputs):
    ggc(fn, *inputs)


def test_gradgradcheck_catches_a_wrong_second_derivative():
    class SquareWithConstantSlope(mt.autograd.Function):
        """x², whose backward uses x.detach(): right first derivative, second derivative lost."""

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 2 * x.detach()

    x = leaf([0.5, -1.0])
    assert mt.autograd.gradcheck(SquareWithConstantSlope.apply, [x])
    with pytest.raises(mt.autograd.GradcheckError):
        mt.autograd.gradgradcheck(SquareWithConstantSlope.apply, [x])


# ================================== 2. second derivatives against PyTorch (create_graph)
def lib_tensor(lib, array, requires_grad=False):
    array = np.asarray(array)
    dtype = lib.float64 if array.dtype.kind == "f" else lib.int64
    return lib.tensor(array, dtype=dtype, requires_grad=requires_grad)


def mlp_loss(lib, w1, b1, w2):
    """Cross-entropy of a 2-layer tanh network on 6 fixed examples."""
    r = np.random.default_rng(10)
    x, y = lib_tensor(lib, r.standard_normal((6, 3))), lib_tensor(lib, r.integers(0, 2, 6))
    hidden = lib.nn.functional.linear(x, w1, b1).tanh()
    return lib.nn.functional.cross_entropy(hidden @ w2.T, y)


def _second_order_cases():
    r = np.random.default_rng(11)
    return [
        ("tanh_exp", lambda lib, x: (x.tanh() * x.exp()).sum(), [r.standard_normal(5)]),
        ("mlp_loss", mlp_loss, [r.standard_normal((4, 3)), r.standard_normal(4), r.standard_normal((2, 4))]),
        ("softmax_cross_entropy", lambda lib, z: lib.nn.functional.cross_entropy(
            z, lib_tensor(lib, [2, 0, 1, 1])), [r.standard_normal((4, 3))]),
        ("cross_entropy_probabilities", lambda lib, z, t: lib.nn.functional.cross_entropy(z, t.softmax(1)),
         [r.standard_normal((4, 3)), r.standard_normal((4, 3))]),
        ("logsumexp", lambda lib, x: (x.logsumexp(1) ** 2).sum() + x.logsumexp((0, 1)), [r.standard_normal((3, 4))]),
        ("log_softmax", lambda lib, x: (x.log_softmax(0) * x).sum(), [r.standard_normal((3, 4))]),
        ("pow", lambda lib, a, b: (a**b).sum() + (a**3).sum() + (2.0**b).sum(),
         [positive(r, (2, 3)), r.standard_normal((2, 3))]),
        ("max_min_gather", lambda lib, x: (x.max(1).values ** 2).sum() * x.min().exp()
         + (x.gather(0, lib_tensor(lib, [[2, 0, 2, 1]])) ** 3).sum(), [distinct(r, (3, 4))]),
        ("matmul_sigmoid", lambda lib, a, b: ((a @ b).sigmoid() ** 2).sum() + (a.sum(0) @ b).sin().sum(),
         [r.standard_normal((2, 3)), r.standard_normal((3, 2))]),
        ("bce_with_logits", lambda lib, x, y: lib.nn.functional.binary_cross_entropy_with_logits(
            x, y.sigmoid(), pos_weight=lib_tensor(lib, [2.0, 0.5, 1.0])),
         [r.standard_normal((2, 3)), r.standard_normal((2, 3))]),
        ("indexing_cat", lambda lib, x: (lib.cat([x[[0, 0, 1]], x[x > 0].reshape(1, -1).expand(3, -1)[:, :1]], 1)
                                         .sin() ** 2).sum(), [away_from([0.0], r, (2, 3))]),
    ]


SECOND_ORDER = _second_order_cases()


def first_and_second(lib, fn, arrays, weights):
    """Gradients of ``fn`` (with create_graph=True), then the gradient of their weighted sum:
    each input's row of the Hessian contracted with ``weights``."""
    inputs = [lib_tensor(lib, a, requires_grad=True) for a in arrays]
    firsts = lib.autograd.grad(fn(lib, *inputs), inputs, create_graph=True)
    total = sum((g * lib_tensor(lib, w)).sum() for g, w in zip(firsts, weights))
    return firsts, lib.autograd.grad(total, inputs)


@needs_torch
@pytest.mark.parametrize("name, fn, arrays", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_derivatives_match_torch(name, fn, arrays):
    rng = np.random.default_rng(12)
    weights = [rng.standard_normal(np.shape(a)) for a in arrays]
    ours, our_seconds = first_and_second(mt, fn, arrays, weights)
    theirs, their_seconds = first_and_second(torch, fn, arrays, weights)
    for i, (g, tg) in enumerate(zip(ours, theirs)):
        assert g.requires_grad and g.grad_fn is not None, "create_graph=True gives gradients with a graph"
        assert_close(g, tg, rtol=1e-10, atol=1e-12, what=f"{name}: first derivative {i}")
    for i, (h, th) in enumerate(zip(our_seconds, their_seconds)):
        assert_close(h, th, rtol=1e-10, atol=1e-12, what=f"{name}: second derivative {i}")


@needs_torch
@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")  # torch's note on its .grad cycle
def test_backward_create_graph_makes_dot_grad_differentiable_like_torch():
    r = np.random.default_rng(13)
    arrays = [r.standard_normal((4, 3)), r.standard_normal(4), r.standard_normal((2, 4))]

    def run(lib):
        params = [lib_tensor(lib, a, requires_grad=True) for a in arrays]
        mlp_loss(lib, *params).backward(create_graph=True)
        firsts = [p.grad for p in params]
        assert all(g.requires_grad and g.grad_fn is not None for g in firsts)
        # a gradient penalty, backpropagated into the same .grad (accumulates: g + d|g|²/dp)
        snapshot = [g.detach().clone() for g in firsts]  # torch adds the next gradient in place
        sum((g * g).sum() for g in firsts).backward()
        return snapshot, [p.grad for p in params]

    (ours, our_totals), (theirs, their_totals) = run(mt), run(torch)
    for i in range(3):
        assert_close(ours[i], theirs[i], rtol=1e-10, atol=1e-12, what=f"first .grad {i}")
        assert_close(our_totals[i], their_totals[i], rtol=1e-10, atol=1e-12, what=f"accumulated .grad {i}")


def test_create_graph_leaf_grads_are_separate_tensors():
    # Both leaves of a + b get the same gradient; with create_graph=True they still must
    # be two tensors (PyTorch clones them), so zeroing one leaves the other alone.
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    seed = const([1.0, 1.0])
    (a + b).backward(seed, create_graph=True)
    assert a.grad is not b.grad and a.grad is not seed
    a.grad.zero_()
    assert b.grad.tolist() == [1.0, 1.0] and seed.tolist() == [1.0, 1.0]


def test_derivatives_of_tanh_to_third_order_are_analytic():
    x = leaf([-1.2, 0.3, 2.0])
    (d1,) = mt.autograd.grad(x.tanh().sum(), x, create_graph=True)
    (d2,) = mt.autograd.grad(d1.sum(), x, create_graph=True)
    (d3,) = mt.autograd.grad(d2.sum(), x)
    t = np.tanh(x.detach().numpy())
    # tanh' = 1 - t², tanh'' = -2t(1 - t²), tanh''' = -2(1 - t²)(1 - 3t²)  (t = tanh x)
    np.testing.assert_allclose(d1.detach().numpy(), 1 - t**2, rtol=1e-12)
    np.testing.assert_allclose(d2.detach().numpy(), -2 * t * (1 - t**2), rtol=1e-12)
    np.testing.assert_allclose(d3.detach().numpy(), -2 * (1 - t**2) * (1 - 3 * t**2), rtol=1e-12)


@needs_torch
def test_second_derivative_through_a_float32_to_float64_cast_matches_torch():
    data = np.array([0.5, -1.5, 2.0], dtype=np.float32)

    def run(lib):
        x = lib.tensor(data, requires_grad=True)
        (g,) = lib.autograd.grad((x.double() ** 3).sum(), x, create_graph=True)
        (h,) = lib.autograd.grad((g * g).sum(), x)
        return g, h

    (g, h), (tg, th) = run(mt), run(torch)
    assert g.dtype == mt.float32 and h.dtype == mt.float32  # gradients keep the input's dtype
    assert_close(g, tg, rtol=1e-6, what="3x²")
    assert_close(h, th, rtol=1e-6, what="d(9x⁴)/dx = 36x³")


# ========================= 3. Hessian-vector products; Newton's method on a 1-D function
def hessian_vector_product(lib, arrays, vectors):
    params = [lib_tensor(lib, a, requires_grad=True) for a in arrays]
    grads = lib.autograd.grad(mlp_loss(lib, *params), params, create_graph=True)
    dot = sum((g * lib_tensor(lib, v)).sum() for g, v in zip(grads, vectors))
    return lib.autograd.grad(dot, params)


def test_hessian_vector_products_are_symmetric():
    # u·(Hv) = v·(Hu): the Hessian of a twice-differentiable loss is symmetric
    r = np.random.default_rng(14)
    arrays = [r.standard_normal((4, 3)), r.standard_normal(4), r.standard_normal((2, 4))]
    u = [r.standard_normal(a.shape) for a in arrays]
    v = [r.standard_normal(a.shape) for a in arrays]
    hv, hu = hessian_vector_product(mt, arrays, v), hessian_vector_product(mt, arrays, u)
    u_hv = sum(float((a * h.detach().numpy()).sum()) for a, h in zip(u, hv))
    v_hu = sum(float((a * h.detach().numpy()).sum()) for a, h in zip(v, hu))
    assert abs(u_hv) > 1e-3
    assert u_hv == pytest.approx(v_hu, rel=1e-10)


@needs_torch
def test_hessian_vector_product_matches_torch():
    r = np.random.default_rng(15)
    arrays = [r.standard_normal((4, 3)), r.standard_normal(4), r.standard_normal((2, 4))]
    v = [r.standard_normal(a.shape) for a in arrays]
    ours, theirs = hessian_vector_product(mt, arrays, v), hessian_vector_product(torch, arrays, v)
    for i, (h, th) in enumerate(zip(ours, theirs)):
        assert_close(h, th, rtol=1e-10, atol=1e-12, what=f"Hv, parameter {i}")
    # and torch's own hvp, which computes it another way (the double-vjp trick)
    _, reference = torch.autograd.functional.hvp(
        lambda *params: mlp_loss(torch, *params), tuple(torch.tensor(a) for a in arrays),
        tuple(torch.tensor(a) for a in v),
    )
    for i, (h, th) in enumerate(zip(ours, reference)):
        assert_close(h, th, rtol=1e-9, atol=1e-12, what=f"Hv vs torch.autograd.functional.hvp, parameter {i}")


def test_newtons_method_finds_a_minimum_with_minitorch_derivatives():
    def f(x):
        return x**4 - 3 * x**2 + x

    x = leaf(2.0)
    for step in range(20):
        (d1,) = mt.autograd.grad(f(x), x, create_graph=True)
        (d2,) = mt.autograd.grad(d1, x)
        v = x.item()
        # f' = 4x³ - 6x + 1 and f'' = 12x² - 6, by hand
        assert d1.item() == pytest.approx(4 * v**3 - 6 * v + 1, rel=1e-12, abs=1e-12)
        assert d2.item() == pytest.approx(12 * v**2 - 6, rel=1e-12)
        if abs(d1.item()) < 1e-12:
            break
        x = leaf(v - d1.item() / d2.item())
    assert step <= 7, "Newton's method converges quadratically"
    v = x.item()
    assert abs(4 * v**3 - 6 * v + 1) < 1e-10 and 12 * v**2 - 6 > 0  # a stationary point, and a minimum
    assert 1.1 < v < 1.2  # the root of f' near 1.13 (f'(1.1) < 0 < f'(1.2))


# ============================== 4. custom Functions written on tensors, as PyTorch's tutorials
def tutorial_functions(lib):
    """PyTorch's tutorial Functions, word for word, subclassing ``lib.autograd.Function``
    (the same class bodies serve minitorch and torch)."""

    class MyReLU(lib.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return input.clamp(min=0)

        @staticmethod
        def backward(ctx, grad_output):
            input, = ctx.saved_tensors
            grad_input = grad_output.clone()
            grad_input[input < 0] = 0
            return grad_input

    class LegendrePolynomial3(lib.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return 0.5 * (5 * input ** 3 - 3 * input)

        @staticmethod
        def backward(ctx, grad_output):
            input, = ctx.saved_tensors
            return grad_output * 1.5 * (5 * input ** 2 - 1)

    return MyReLU, LegendrePolynomial3


def fit_legendre(lib, steps=60):
    """The tutorial's fit of sin(x) by a + b P3(c + d x); the gradients of every step."""
    _, LegendrePolynomial3 = tutorial_functions(lib)
    x = lib.linspace(-math.pi, math.pi, 200, dtype=lib.float64)
    y = lib.sin(x)
    params = [lib.full((), v, dtype=lib.float64, requires_grad=True) for v in (0.0, -1.0, 0.0, 0.3)]
    history, learning_rate = [], 2e-4
    for _ in range(steps):
        a, b, c, d = params
        y_pred = a + b * LegendrePolynomial3.apply(c + d * x)
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        history.append((loss.item(), [p.grad.item() for p in params]))
        with lib.no_grad():
            for p in params:
                p -= learning_rate * p.grad
                p.grad = None
    return history, [p.item() for p in params]


def fit_two_layer_relu(lib, steps=20):
    """The tutorial's two-layer network with MyReLU, trained by hand; the gradients of every step."""
    MyReLU, _ = tutorial_functions(lib)
    r = np.random.default_rng(16)
    x, y = lib_tensor(lib, r.standard_normal((8, 5))), lib_tensor(lib, r.standard_normal((8, 2)))
    w1 = lib_tensor(lib, r.standard_normal((5, 6)), requires_grad=True)
    w2 = lib_tensor(lib, r.standard_normal((6, 2)), requires_grad=True)
    history = []
    for _ in range(steps):
        y_pred = MyReLU.apply(x.mm(w1)).mm(w2)
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        history.append((loss.item(), w1.grad.detach().numpy().copy(), w2.grad.detach().numpy().copy()))
        with lib.no_grad():
            w1 -= 1e-3 * w1.grad
            w2 -= 1e-3 * w2.grad
            w1.grad = None
            w2.grad = None
    return history


def test_tutorial_legendre_fit_trains():
    history, _ = fit_legendre(mt)
    losses = [loss for loss, _ in history]
    assert losses[-1] < 0.5 * losses[0]


@needs_torch
def test_tutorial_legendre_fit_matches_torch_step_by_step():
    (ours, our_params), (theirs, their_params) = fit_legendre(mt), fit_legendre(torch)
    for step, ((loss, grads), (tloss, tgrads)) in enumerate(zip(ours, theirs)):
        assert loss == pytest.approx(tloss, rel=1e-10), f"loss at step {step}"
        # (a's and c's gradients are 0 by symmetry, up to rounding: hence atol)
        np.testing.assert_allclose(grads, tgrads, rtol=1e-9, atol=1e-10, err_msg=f"gradients at step {step}")
    np.testing.assert_allclose(our_params, their_params, rtol=1e-10, atol=1e-12)


@needs_torch
def test_tutorial_relu_network_matches_torch_step_by_step():
    ours, theirs = fit_two_layer_relu(mt), fit_two_layer_relu(torch)
    assert ours[-1][0] < ours[0][0]
    for step, ((loss, g1, g2), (tloss, tg1, tg2)) in enumerate(zip(ours, theirs)):
        assert loss == pytest.approx(tloss, rel=1e-10), f"loss at step {step}"
        np.testing.assert_allclose(g1, tg1, rtol=1e-9, atol=1e-12, err_msg=f"w1 gradient at step {step}")
        np.testing.assert_allclose(g2, tg2, rtol=1e-9, atol=1e-12, err_msg=f"w2 gradient at step {step}")


def test_tutorial_relu_backward_masks_the_negative_inputs():
    MyReLU, _ = tutorial_functions(mt)
    x = leaf([-2.0, 1.0, -0.5, 3.0])
    y = MyReLU.apply(x)
    assert y.tolist() == [0.0, 1.0, 0.0, 3.0] and repr(y.grad_fn) == "<MyReLUBackward>"
    y.backward(const([10.0, 20.0, 30.0, 40.0]))
    assert x.grad.tolist() == [0.0, 20.0, 0.0, 40.0]  # the upstream gradient where x ≥ 0, else 0


@pytest.mark.parametrize("which", [0, 1], ids=["MyReLU", "LegendrePolynomial3"])
def test_tutorial_functions_pass_gradgradcheck(which):
    # The backward of MyReLU masks a clone in place: the gradient with respect to
    # grad_output is that mask (the masking is recorded, as in PyTorch), not the clone's ones.
    fn = tutorial_functions(mt)[which]
    ggc(fn.apply, leaf([-1.5, 0.7, -0.2, 1.3]))


@needs_torch
def test_tutorial_relu_double_backward_matches_torch():
    data, seed, weights = np.array([-1.5, 0.7, -0.2, 1.3]), np.array([1.0, 2.0, 3.0, 4.0]), np.arange(1.0, 5.0)

    def run(lib):
        MyReLU, _ = tutorial_functions(lib)
        x, v = lib_tensor(lib, data, requires_grad=True), lib_tensor(lib, seed, requires_grad=True)
        (g,) = lib.autograd.grad(MyReLU.apply(x), x, v, create_graph=True)  # g = v · relu'(x)
        return g, lib.autograd.grad((g * lib_tensor(lib, weights)).sum(), v)[0]

    (g, dv), (tg, tdv) = run(mt), run(torch)
    assert_close(g, tg, what="first derivative")
    assert_close(dv, tdv, what="d/dv of w · v · relu'(x) = w · relu'(x)")


# ============================================================ 5. autograd.grad purity
def test_autograd_grad_leaves_every_dot_grad_alone():
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    y = a * b
    (ga,) = mt.autograd.grad(y.sum(), a)
    assert ga.tolist() == [3.0, 4.0]  # d(a·b)/da = b
    assert a.grad is None and b.grad is None


@pytest.mark.parametrize("create_graph", [False, True])
def test_autograd_grad_leaves_existing_dot_grad_untouched(create_graph):
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    old_a, old_b = const([7.0, 8.0]), const([9.0, 10.0])
    a.grad, b.grad = old_a, old_b
    ga, gb = mt.autograd.grad((a * b * a).sum(), [a, b], create_graph=create_graph)
    np.testing.assert_allclose(ga.detach().numpy(), 2 * a.detach().numpy() * b.detach().numpy())  # d(a²b)/da = 2ab
    np.testing.assert_allclose(gb.detach().numpy(), a.detach().numpy()**2)
    assert a.grad is old_a and b.grad is old_b
    assert a.grad.tolist() == [7.0, 8.0] and b.grad.tolist() == [9.0, 10.0]
    assert (ga.grad_fn is not None) == create_graph


def test_autograd_grad_allow_unused():
    a, b, unused = leaf([1.0, 2.0]), leaf([3.0, 4.0]), leaf([5.0])
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        mt.autograd.grad((a * b).sum(), [a, unused])
    ga, gu = mt.autograd.grad((a * b).sum(), [a, unused], allow_unused=True)
    assert ga.tolist() == [3.0, 4.0] and gu is None
    assert unused.grad is None and a.grad is None and b.grad is None


@needs_torch
def test_autograd_grad_with_respect_to_intermediate_tensors_matches_torch():
    r = np.random.default_rng(17)
    da, db = r.standard_normal((2, 3)), r.standard_normal(3)

    def run(lib):
        a, b = lib_tensor(lib, da, requires_grad=True), lib_tensor(lib, db, requires_grad=True)
        h = a * b  # a non-leaf
        k = h.tanh() @ b
        out = (k.exp() + h.sum(1)).sum()
        return lib.autograd.grad(out, [h, a, k])

    for i, (g, tg) in enumerate(zip(run(mt), run(torch))):
        assert_close(g, tg, rtol=1e-12, atol=1e-14, what=f"gradient {i}")


@needs_torch
def test_autograd_grad_of_several_outputs_with_grad_outputs_matches_torch():
    r = np.random.default_rng(18)
    da, db, v1, v2 = r.standard_normal(3), r.standard_normal(3), r.standard_normal(3), r.standard_normal(())

    def run(lib, create_graph):
        a, b = lib_tensor(lib, da, requires_grad=True), lib_tensor(lib, db, requires_grad=True)
        outputs = [a.sin() * b, (a * b).sum()]
        weights = [lib_tensor(lib, v1), lib_tensor(lib, v2)]
        grads = lib.autograd.grad(outputs, [a, b], grad_outputs=weights, create_graph=create_graph)
        if create_graph:  # and differentiate once more
            grads = lib.autograd.grad(sum((g**2).sum() for g in grads), [a, b])
        assert a.grad is None and b.grad is None
        return grads

    for create_graph in (False, True):
        for i, (g, tg) in enumerate(zip(run(mt, create_graph), run(torch, create_graph))):
            assert_close(g, tg, rtol=1e-12, atol=1e-14, what=f"create_graph={create_graph}, input {i}")


# ================================================================ 6. version counters
def grads_of(*tensors):
    return [None if t.grad is None else t.grad.tolist() for t in tensors]


def test_saved_tensor_changed_after_use_raises_naming_the_op_and_changes_no_grad():
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    c = const([5.0, 6.0])
    (a * b).sum().backward()  # every leaf has a .grad already
    before = grads_of(a, b)
    y = (b * (a.exp() * c)).sum()  # the inner Mul saves c
    c += 1.0
    assert c._version == 1
    with pytest.raises(RuntimeError, match="MulBackward.*modified in place"):
        y.backward()
    assert grads_of(a, b) == before  # b's gradient was found (by the outer Mul) before the failure: not added


def test_tensor_changed_before_its_use_is_no_false_alarm():
    x = leaf([1.0, 2.0])
    c = const([3.0, 4.0])
    c += 1.0  # changed before any op saved it
    h = x * 2.0
    with mt.no_grad():
        h += 1.0
    (h * h * c).sum().backward()
    # d/dx (2x + 1)² c = 4 (2x + 1) c
    assert x.grad.tolist() == [4 * 3 * 4.0, 4 * 5 * 5.0]


# (name, op, d(op(h, c).sum())/dh: worked out by hand)
NOTHING_SAVED = [
    ("add", lambda h, c: h + c, [1.0, 1.0]),
    ("sub", lambda h, c: c - h, [-1.0, -1.0]),
    ("neg", lambda h, c: -h, [-1.0, -1.0]),
    ("sum", lambda h, c: h.sum(), [1.0, 1.0]),
    ("reshape", lambda h, c: h.reshape(2, 1), [1.0, 1.0]),
    ("clone", lambda h, c: h.clone(), [1.0, 1.0]),
    ("transpose", lambda h, c: h.unsqueeze(0).T, [1.0, 1.0]),
    ("expand", lambda h, c: h.expand(3, 2), [3.0, 3.0]),
    ("slice", lambda h, c: h[1:], [0.0, 1.0]),
]


# Each of these runs on minitorch, and on PyTorch to show the expectation is PyTorch's.
LIBRARIES = [pytest.param(mt, id="minitorch"), pytest.param(torch, id="torch", marks=needs_torch)]


@pytest.mark.parametrize("lib", LIBRARIES)
@pytest.mark.parametrize("name, op, expected", NOTHING_SAVED, ids=[n for n, _, _ in NOTHING_SAVED])
def test_ops_that_save_nothing_allow_later_in_place_changes(name, op, expected, lib):
    x, c = lib_tensor(lib, [1.0, 2.0], requires_grad=True), lib_tensor(lib, [3.0, 4.0])
    h = x * 1.0  # a non-leaf, changed in place after the op used it
    y = op(h, c)
    with lib.no_grad():
        h += 1.0
    c += 1.0
    y.sum().backward()
    assert x.grad.tolist() == expected


# Graphs whose backward uses saved tensors (freed by the first backward).
SAVES_TENSORS = [
    ("mul", lambda lib, x, z: (x * x).sum() + z.sum()),
    ("exp", lambda lib, x, z: (x.exp() + z).sum()),
    ("matmul", lambda lib, x, z: (x @ z.unsqueeze(1)).sum()),
    ("logsumexp", lambda lib, x, z: x.logsumexp(0) + z.sum()),
    ("max_dim", lambda lib, x, z: x.reshape(2, 2).max(1).values.sum() + z.sum()),
    ("index_tensor", lambda lib, x, z: x[lib_tensor(lib, [0, 0, 3])].sum() + z.sum()),
]


def leaves_for_second_backward(lib):
    return lib_tensor(lib, [0.1, 2.0, -0.3, 0.4], requires_grad=True), lib_tensor(lib, [1.0, 2.0, 3.0, 4.0], True)


@pytest.mark.parametrize("lib", LIBRARIES)
@pytest.mark.parametrize("name, fn", SAVES_TENSORS, ids=[n for n, _ in SAVES_TENSORS])
def test_second_backward_through_a_freed_graph_raises_and_changes_no_grad(name, fn, lib):
    x, z = leaves_for_second_backward(lib)
    y = fn(lib, x, z)
    y.backward()
    before = grads_of(x, z)
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        y.backward()
    if lib is mt:  # z's gradient is found before the failing node: minitorch adds nothing
        assert grads_of(x, z) == before  # (PyTorch has added it to z.grad by then)


@pytest.mark.parametrize("name, fn", SAVES_TENSORS, ids=[n for n, _ in SAVES_TENSORS])
def test_retain_graph_allows_a_second_backward(name, fn):
    x, z = leaves_for_second_backward(mt)
    y = fn(mt, x, z)
    y.backward(retain_graph=True)
    once = grads_of(x, z)
    y.backward()
    assert grads_of(x, z) == [[2 * g for g in grads] for grads in once]


# ================================= 7. create_graph=False records nothing, keeps nothing
def small_network_loss(params, x, y):
    w1, b1, w2 = params
    hidden = F.linear(x, w1, b1).relu()
    logits = mt.cat([hidden @ w2.T, hidden[:, :1] * 0.5], dim=1)
    return F.cross_entropy(logits, y) + (w1**2).sum() * 1e-3 + logits.logsumexp(1).mean() * 0.1


def test_backward_without_create_graph_records_nothing():
    r = np.random.default_rng(19)
    params = [leaf(r.standard_normal((4, 3))), leaf(r.standard_normal(4)), leaf(r.standard_normal((2, 4)))]
    x, y = const(r.standard_normal((5, 3))), classes(0, 1, 2, 1, 0)
    small_network_loss(params, x, y).backward()
    small_network_loss(params, x, y).backward()  # accumulates too
    for p in params:
        assert p.grad is not None and p.grad.grad_fn is None and not p.grad.requires_grad
    for g in mt.autograd.grad(small_network_loss(params, x, y), params):
        assert g.grad_fn is None and not g.requires_grad
    # not even when the seed gradient itself requires grad (as in PyTorch)
    seed = leaf([1.0, -1.0])
    (g,) = mt.autograd.grad(params[1][:2].exp(), params[1], seed)
    params[1].grad = None
    params[1][:2].exp().backward(seed)
    for g in (g, params[1].grad):
        assert g.grad_fn is None and not g.requires_grad


@pytest.mark.slow  # about 6 s of CPU: 10,000 training steps under tracemalloc
def test_memory_stays_flat_over_ten_thousand_training_steps():
    r = np.random.default_rng(20)
    w, b = leaf(r.standard_normal((1, 2)) * 0.1), leaf(np.zeros(1))
    x, y = const(r.standard_normal((4, 2))), const(r.standard_normal((4, 1)))

    def step():
        loss = F.mse_loss(F.linear(x, w, b).tanh(), y)
        loss.backward()
        with mt.no_grad():
            for p in (w, b):
                p -= 0.01 * p.grad
                p.grad = None

    for _ in range(200):  # warm up
        step()
    tracemalloc.start()
    try:
        for _ in range(1_000):
            step()
        current_1k, peak_1k = tracemalloc.get_traced_memory()
        objects_1k = len(gc.get_objects())
        tracemalloc.reset_peak()  # (the list of objects just made is not the steps' peak)
        for _ in range(9_000):
            step()
        current_10k, peak_10k = tracemalloc.get_traced_memory()
        objects_10k = len(gc.get_objects())
    finally:
        tracemalloc.stop()
    assert abs(objects_10k - objects_1k) < 50, "objects kept alive from step to step"
    # Python's free lists fill up during the first few thousand traced steps (about 150 kB,
    # then flat); a leak of one small tensor a step would add more than 1 MB over 9,000 steps.
    assert current_10k - current_1k < 256_000, (current_1k, current_10k)
    assert peak_10k - peak_1k < 256_000, (peak_1k, peak_10k)
    assert w.grad is None and b.grad is None and abs(w.detach().numpy()).max() < 10  # the steps ran and set .grad to None


# ======================================================================= 8. long chains
def test_twenty_thousand_op_chain_backpropagates():
    x = leaf(0.5)
    y = mt.tensor(0.0, dtype=mt.float64)
    for _ in range(10_000):  # 20,000 ops (a mul and an add each): y_{k+1} = 0.9999 y_k + x
        y = y * 0.9999 + x
    y.backward()
    # y_n = x Σ_{k<n} 0.9999^k, so dy/dx = (1 - 0.9999^n) / (1 - 0.9999)
    assert x.grad.item() == pytest.approx((1 - 0.9999**10_000) / (1 - 0.9999), rel=1e-10)


def test_two_thousand_op_chain_with_create_graph():
    x = leaf(0.001)
    e = x.exp()
    y = x
    for _ in range(2_000):  # y = x e^{Nx} with N = 2,000
        y = y * e
    y.backward(create_graph=True)
    g = x.grad
    assert g.grad_fn is not None
    (second,) = mt.autograd.grad(g, x)
    n, v = 2_000, 0.001
    # y' = e^{Nx}(1 + Nx),  y'' = e^{Nx}(2N + N²x)
    assert g.item() == pytest.approx(math.exp(n * v) * (1 + n * v), rel=1e-10)
    assert second.item() == pytest.approx(math.exp(n * v) * (2 * n + n * n * v), rel=1e-10)
