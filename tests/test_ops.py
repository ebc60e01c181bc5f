"""Every op, proven: float64 central differences over every element (gradcheck) on
Hypothesis-generated shapes, broadcasting and 0-d tensors included, and forward
values and gradients equal to PyTorch's when torch is installed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

import minitorch as mt
from helpers import assert_close, needs_torch, to_torch, torch

FEW = settings(max_examples=12, deadline=None)


# ---------------------------------------------------------------- input makers
def values(shape, rng, kind: str) -> np.ndarray:
    """Random float64 values suited to an op's domain, away from its kinks."""
    u = rng.standard_normal(shape)
    if kind == "positive":  # log, sqrt, pow base
        return 0.2 + np.abs(u)
    if kind == "away0":  # abs, relu, div denominators: keep |x| >= 0.2
        return np.where(u >= 0, 1, -1) * (0.2 + np.abs(u))
    if kind == "clamp":  # keep clear of the clamp bounds ±0.5
        return np.where(np.abs(u - 0.5) < 0.05, u + 0.2, np.where(np.abs(u + 0.5) < 0.05, u - 0.2, u))
    return u


def leaf(array: np.ndarray) -> mt.Tensor:
    return mt.tensor(array, dtype=mt.float64, requires_grad=True)


@dataclass
class Op:
    name: str
    mt_fn: Callable
    torch_fn: Callable
    kind: str = "any"
    min_dims: int = 0


# Unary ops: f(x).
UNARY = [
    Op("neg", lambda x: -x, lambda x: -x),
    Op("exp", lambda x: x.exp(), lambda x: x.exp()),
    Op("log", lambda x: x.log(), lambda x: x.log(), "positive"),
    Op("sqrt", lambda x: x.sqrt(), lambda x: x.sqrt(), "positive"),
    Op("abs", lambda x: x.abs(), lambda x: x.abs(), "away0"),
    Op("sin", lambda x: mt.sin(x), lambda x: torch.sin(x)),
    Op("cos", lambda x: mt.cos(x), lambda x: torch.cos(x)),
    Op("tanh", lambda x: x.tanh(), lambda x: x.tanh()),
    Op("sigmoid", lambda x: x.sigmoid(), lambda x: x.sigmoid()),
    Op("relu", lambda x: x.relu(), lambda x: x.relu(), "away0"),
    Op("clamp", lambda x: x.clamp(-0.5, 0.5), lambda x: x.clamp(-0.5, 0.5), "clamp"),
    Op("clamp_min", lambda x: x.clamp(min=-0.5), lambda x: x.clamp(min=-0.5), "clamp"),
    Op("pow_scalar", lambda x: x**3, lambda x: x**3),
    Op("pow_fraction", lambda x: x**1.5, lambda x: x**1.5, "positive"),
    Op("rpow", lambda x: 2.0**x, lambda x: 2.0**x),
    Op("scalar_arith", lambda x: (3 - x) * 2 / 4 + 1, lambda x: (3 - x) * 2 / 4 + 1),
    Op("rdiv", lambda x: 1 / x, lambda x: 1 / x, "away0"),
    Op("clone", lambda x: x.clone(), lambda x: x.clone()),
    Op("sum", lambda x: x.sum(), lambda x: x.sum()),
    Op("mean", lambda x: x.mean(), lambda x: x.mean()),
    Op("max", lambda x: x.max(), lambda x: x.max()),
    Op("min", lambda x: x.min(), lambda x: x.min()),
    Op("sum_dim", lambda x: x.sum(-1), lambda x: x.sum(-1), min_dims=1),
    Op("sum_keepdim", lambda x: x.sum(0, keepdim=True), lambda x: x.sum(0, keepdim=True), min_dims=1),
    Op("sum_dims", lambda x: x.sum((0, -1)), lambda x: x.sum((0, -1)), min_dims=2),
    Op("mean_dim", lambda x: x.mean(0), lambda x: x.mean(0), min_dims=1),
    Op("mean_keepdim", lambda x: x.mean(-1, keepdim=True), lambda x: x.mean(-1, keepdim=True), min_dims=1),
    Op("max_dim", lambda x: x.max(-1).values, lambda x: x.max(-1).values, min_dims=1),
    Op("min_dim_keep", lambda x: x.min(0, keepdim=True).values, lambda x: x.min(0, keepdim=True).values, min_dims=1),
    Op("softmax", lambda x: x.softmax(-1), lambda x: x.softmax(-1), min_dims=1),
    Op("softmax0", lambda x: mt.softmax(x, 0), lambda x: torch.softmax(x, 0), min_dims=1),
    Op("log_softmax", lambda x: x.log_softmax(-1), lambda x: x.log_softmax(-1), min_dims=1),
    Op("reshape", lambda x: x.reshape(-1), lambda x: x.reshape(-1)),
    Op("flatten", lambda x: x.flatten(), lambda x: x.flatten()),
    Op("unsqueeze", lambda x: x.unsqueeze(0), lambda x: x.unsqueeze(0)),
    Op("squeeze", lambda x: x.unsqueeze(-1).squeeze(), lambda x: x.unsqueeze(-1).squeeze()),
    Op("transpose", lambda x: x.transpose(0, -1), lambda x: x.transpose(0, -1), min_dims=1),
    Op("T", lambda x: x.T, lambda x: x.permute(tuple(reversed(range(x.ndim))))),
    Op("permute", lambda x: x.permute(tuple(reversed(range(x.ndim)))), lambda x: x.permute(tuple(reversed(range(x.ndim))))),
    Op("expand", lambda x: x.unsqueeze(0).expand(3, *x.shape), lambda x: x.unsqueeze(0).expand(3, *x.shape)),
    Op("index_int", lambda x: x[0], lambda x: x[0], min_dims=1),
    Op("index_slice", lambda x: x[1:], lambda x: x[1:], min_dims=1),
    Op("index_step", lambda x: x[..., ::2], lambda x: x[..., ::2], min_dims=1),
    Op("index_list_repeats", lambda x: x[[0, 0, -1, 0]], lambda x: x[[0, 0, -1, 0]], min_dims=1),
    Op("index_mask", lambda x: x[x > 0], lambda x: x[x > 0]),
    Op("index_tensor", lambda x: x[mt.tensor([0, 0])], lambda x: x[torch.tensor([0, 0])], min_dims=1),
    Op("iterate", lambda x: mt.stack(list(x)), lambda x: torch.stack(list(x)), min_dims=1),
    Op("cat_self", lambda x: mt.cat([x, x * 2], dim=0), lambda x: torch.cat([x, x * 2], dim=0), min_dims=1),
    Op("stack_self", lambda x: mt.stack([x, x.exp()], dim=-1), lambda x: torch.stack([x, x.exp()], dim=-1)),
    Op("where", lambda x: mt.where(x > 0, x, x * x), lambda x: torch.where(x > 0, x, x * x), "away0"),
    Op("float32_roundtrip", lambda x: x.float().double() * 1.0, lambda x: x.float().double() * 1.0),
]


def unary_inputs(op: Op):
    return st.tuples(array_shapes(min_dims=op.min_dims, max_dims=3, min_side=1, max_side=4), st.integers(0, 2**32 - 1))


@pytest.mark.parametrize("op", UNARY, ids=lambda op: op.name)
def test_unary_gradcheck(op: Op):
    @FEW
    @given(unary_inputs(op))
    def check(args):
        shape, seed = args
        if op.name == "float32_roundtrip":
            return  # float32 rounding is the point of this op; compared with torch below
        x = leaf(values(shape, np.random.default_rng(seed), op.kind))
        assert mt.autograd.gradcheck(op.mt_fn, [x])

    check()


@needs_torch
@pytest.mark.parametrize("op", UNARY, ids=lambda op: op.name)
def test_unary_matches_torch(op: Op):
    @FEW
    @given(unary_inputs(op))
    def check(args):
        shape, seed = args
        data = values(shape, np.random.default_rng(seed), op.kind)
        x, tx = leaf(data), torch.tensor(data, requires_grad=True)
        out, tout = op.mt_fn(x), op.torch_fn(tx)
        assert_close(out, tout, what=f"{op.name} forward")
        seed_grad = np.random.default_rng(seed + 1).standard_normal(tout.shape)
        out.backward(mt.tensor(seed_grad))
        tout.backward(torch.tensor(seed_grad))
        assert_close(x.grad, tx.grad, what=f"{op.name} gradient")

    check()


# Binary ops: f(a, b) on broadcastable shapes.
BINARY = [
    Op("add", lambda a, b: a + b, lambda a, b: a + b),
    Op("sub", lambda a, b: a - b, lambda a, b: a - b),
    Op("mul", lambda a, b: a * b, lambda a, b: a * b),
    Op("div", lambda a, b: a / b, lambda a, b: a / b, "away0"),
    Op("pow", lambda a, b: a**b, lambda a, b: a**b, "positive"),
    Op("where_both", lambda a, b: mt.where(a > b, a, b), lambda a, b: torch.where(a > b, a, b)),
]


def binary_inputs():
    return st.tuples(
        mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=4),
        st.integers(0, 2**32 - 1),
    )


@pytest.mark.parametrize("op", BINARY, ids=lambda op: op.name)
def test_binary_gradcheck(op: Op):
    @FEW
    @given(binary_inputs())
    def check(args):
        (shapes, _), seed = args
        rng = np.random.default_rng(seed)
        a, b = leaf(values(shapes[0], rng, op.kind)), leaf(values(shapes[1], rng, op.kind))
        assert mt.autograd.gradcheck(op.mt_fn, [a, b])

    check()


@needs_torch
@pytest.mark.parametrize("op", BINARY, ids=lambda op: op.name)
def test_binary_matches_torch(op: Op):
    @FEW
    @given(binary_inputs())
    def check(args):
        (shapes, result_shape), seed = args
        rng = np.random.default_rng(seed)
        da, db = values(shapes[0], rng, op.kind), values(shapes[1], rng, op.kind)
        a, b = leaf(da), leaf(db)
        ta, tb = torch.tensor(da, requires_grad=True), torch.tensor(db, requires_grad=True)
        out, tout = op.mt_fn(a, b), op.torch_fn(ta, tb)
        assert out.shape == tuple(result_shape)
        assert_close(out, tout, what=f"{op.name} forward")
        g = rng.standard_normal(tout.shape)
        out.backward(mt.tensor(g))
        tout.backward(torch.tensor(g))
        assert_close(a.grad, ta.grad, what=f"{op.name} grad a")
        assert_close(b.grad, tb.grad, what=f"{op.name} grad b")

    check()


# matmul: vectors, matrices, batches, broadcast batches.
MATMUL_SHAPES = [
    ((3,), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)),
    ((5, 1, 2, 3), (4, 3, 2)),
    ((3,), (2, 3, 4)),
    ((2, 2, 3), (3,)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_gradcheck(shapes):
    rng = np.random.default_rng(0)
    a, b = leaf(rng.standard_normal(shapes[0])), leaf(rng.standard_normal(shapes[1]))
    assert mt.autograd.gradcheck(lambda a, b: a @ b, [a, b])


@needs_torch
@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_matches_torch(shapes):
    rng = np.random.default_rng(1)
    a, b = leaf(rng.standard_normal(shapes[0])), leaf(rng.standard_normal(shapes[1]))
    ta, tb = to_torch(a), to_torch(b)
    out, tout = mt.matmul(a, b), torch.matmul(ta, tb)
    assert_close(out, tout, what="matmul forward")
    g = rng.standard_normal(tout.shape)
    out.backward(mt.tensor(g))
    tout.backward(torch.tensor(g))
    assert_close(a.grad, ta.grad, what="matmul grad a")
    assert_close(b.grad, tb.grad, what="matmul grad b")


@pytest.mark.parametrize("x_shape", [(4,), (5, 4), (2, 5, 4)], ids=str)
@pytest.mark.parametrize("bias", [True, False])
def test_fused_linear_gradcheck_and_torch(x_shape, bias):
    rng = np.random.default_rng(2)
    x, w = leaf(rng.standard_normal(x_shape)), leaf(rng.standard_normal((3, 4)))
    b = leaf(rng.standard_normal(3)) if bias else None
    fn = lambda x, w, b=None: mt.ops.matrix.Affine.apply(x, w, b)  # noqa: E731
    args = [x, w] + ([b] if bias else [])
    assert mt.autograd.gradcheck(fn, args)
    if torch is not None:
        expected = torch.nn.functional.linear(to_torch(x), to_torch(w), to_torch(b) if bias else None)
        assert_close(fn(*args), expected, what="linear forward")


def test_mm_and_matmul_function_agree():
    a, b = mt.randn(2, 3, dtype=mt.float64), mt.randn(3, 4, dtype=mt.float64)
    np.testing.assert_allclose(a.mm(b).detach().numpy(), a.detach().numpy() @ b.detach().numpy())
    np.testing.assert_allclose(mt.matmul(a, b).detach().numpy(), (a @ b).detach().numpy())


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cat_and_stack_of_different_tensors(dim):
    rng = np.random.default_rng(3)
    a, b = leaf(rng.standard_normal((2, 3))), leaf(rng.standard_normal((2, 3)))
    assert mt.autograd.gradcheck(lambda a, b: mt.cat([a, b * b], dim=dim), [a, b])
    assert mt.autograd.gradcheck(lambda a, b: mt.stack([a, b.exp()], dim=dim), [a, b])
    if torch is not None:
        assert_close(mt.cat([a, b], dim=dim), torch.cat([to_torch(a), to_torch(b)], dim=dim))
        assert_close(mt.stack([a, b], dim=dim), torch.stack([to_torch(a), to_torch(b)], dim=dim))


def test_max_and_min_along_dim_match_torch_indices():
    data = np.random.default_rng(4).standard_normal((4, 5))
    x = mt.tensor(data)
    values, indices = x.max(1)
    assert indices.dtype == mt.int64
    np.testing.assert_array_equal(indices.detach().numpy(), data.argmax(1))
    np.testing.assert_allclose(values.detach().numpy(), data.max(1))
    values, indices = x.min(dim=0, keepdim=True)
    assert values.shape == (1, 5) and indices.shape == (1, 5)
    np.testing.assert_array_equal(indices.detach().numpy(), data.argmin(0, keepdims=True))
    np.testing.assert_array_equal(x.argmax().detach().numpy(), data.argmax())
    np.testing.assert_array_equal(mt.argmax(x, dim=-1).detach().numpy(), data.argmax(-1))


def test_full_max_splits_gradient_between_ties_like_torch():
    x = mt.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [0, 0.5, 0.5, 0])


def test_softmax_and_log_softmax_are_stable_for_huge_logits():
    x = mt.tensor([[1e4, 0.0, -1e4]], dtype=mt.float64, requires_grad=True)
    s = x.softmax(-1)
    ls = x.log_softmax(-1)
    assert np.isfinite(s.detach().numpy()).all() and np.isfinite(ls.detach().numpy()).all()
    np.testing.assert_allclose(s.detach().numpy(), [[1.0, 0.0, 0.0]])
    np.testing.assert_allclose(ls.detach().numpy(), [[0.0, -1e4, -2e4]])
    ls[0, 0].backward()
    assert np.isfinite(x.grad.detach().numpy()).all()


def test_comparisons_return_bool_tensors_without_grad():
    x = mt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for result in (x > 2, x >= 2, x < 2, x <= 2, x == 2, x != 2, x > mt.tensor([0.0, 5.0, 1.0])):
        assert result.dtype == mt.bool
        assert not result.requires_grad and result.grad_fn is None
    np.testing.assert_array_equal((x > 1.5).detach().numpy(), [False, True, True])
    np.testing.assert_array_equal((x == mt.tensor([1.0, 0.0, 3.0])).detach().numpy(), [True, False, True])
