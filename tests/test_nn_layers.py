"""Layers, activations, nn.functional (non-loss part) and nn.init."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch as mt
import minitorch.nn.functional as F
from minitorch import nn
from minitorch.autograd import gradcheck
from tests.helpers import assert_close, needs_torch, to_torch, torch


def f64(*shape, seed=0, low=-2.0, high=2.0):
    rng = np.random.default_rng(seed)
    return mt.tensor(rng.uniform(low, high, shape), dtype=mt.float64, requires_grad=True)


# ------------------------------------------------------------------ Linear
def test_linear_shapes_and_default_init_bounds():
    mt.manual_seed(0)
    layer = nn.Linear(50, 400)
    assert layer.weight.shape == (400, 50) and layer.bias.shape == (400,)
    assert isinstance(layer.weight, nn.Parameter) and layer.weight.dtype == mt.float32
    bound = 1 / math.sqrt(50)
    for p in (layer.weight, layer.bias):
        assert np.abs(p.detach().numpy()).max() <= bound
        assert np.abs(p.detach().numpy()).max() > 0.9 * bound  # uses the whole range, not a narrower one
    # uniform on [-b, b] has standard deviation b/√3
    assert abs(layer.weight.detach().numpy().std() - bound / math.sqrt(3)) < 0.05 * bound
    assert nn.Linear(3, 2, bias=False).bias is None
    assert [n for n, _ in nn.Linear(3, 2, bias=False).named_parameters()] == ["weight"]


def test_linear_init_is_reproducible_with_manual_seed():
    mt.manual_seed(7)
    a = nn.Linear(4, 3)
    mt.manual_seed(7)
    b = nn.Linear(4, 3)
    np.testing.assert_array_equal(a.weight.detach().numpy(), b.weight.detach().numpy())
    np.testing.assert_array_equal(a.bias.detach().numpy(), b.bias.detach().numpy())
    c = nn.Linear(4, 3)
    assert not np.array_equal(a.weight.detach().numpy(), c.weight.detach().numpy())


def test_linear_dtype_argument():
    assert nn.Linear(2, 3, dtype=mt.float64).weight.dtype == mt.float64


def test_linear_forward_is_x_wT_plus_b_for_any_batch_dims():
    layer = nn.Linear(3, 2).double()
    x = mt.randn(4, 5, 3, dtype=mt.float64)
    expected = x.detach().numpy() @ layer.weight.detach().numpy().T + layer.bias.detach().numpy()
    np.testing.assert_allclose(layer(x).detach().numpy(), expected, rtol=1e-12)
    assert layer(mt.randn(3, dtype=mt.float64)).shape == (2,)
    assert layer(x).grad_fn.name() == "AffineBackward"  # one fused op, not transpose+matmul+add


def test_linear_gradcheck():
    layer = nn.Linear(3, 2).double()
    x = f64(4, 3)
    assert gradcheck(lambda x, w, b: F.linear(x, w, b), (x, layer.weight, layer.bias))
    assert gradcheck(lambda x, w: F.linear(x, w), (x, layer.weight))


@pytest.mark.parametrize("shape", [(4, 3), (3,), (), (5, 4, 3)])
def test_linear_wrong_feature_count_names_in_features_and_shape(shape):
    # F.linear explains only after NumPy has refused the shapes: every kind of mismatch must reach it
    layer = nn.Linear(2, 8)
    with pytest.raises(RuntimeError) as info:
        layer(mt.randn(*shape))
    msg = str(info.value)
    assert "in_features=2" in msg and f"shape {shape}" in msg and "(8, 2)" in msg
    assert info.value.__cause__ is None  # NumPy's own complaint is not chained below ours


def test_linear_names_a_bias_of_the_wrong_size():
    layer = nn.Linear(2, 3)
    with pytest.raises(RuntimeError, match=r"linear: the bias must have shape \(3,\), one per output, but has shape \(2,\)"):
        F.linear(mt.randn(4, 2), layer.weight, mt.zeros(2))


def test_linear_bad_sizes():
    with pytest.raises(TypeError, match="in_features must be a non-negative int, got 2.5"):
        nn.Linear(2.5, 3)


@needs_torch
@settings(max_examples=15, deadline=None)
@given(batch=st.lists(st.integers(1, 4), min_size=0, max_size=2), n_in=st.integers(1, 5), n_out=st.integers(1, 5),
       bias=st.booleans())
def test_linear_matches_torch_given_the_same_weights(batch, n_in, n_out, bias):
    layer = nn.Linear(n_in, n_out, bias=bias).double()
    t = torch.nn.Linear(n_in, n_out, bias=bias)
    with torch.no_grad():
        t.weight.copy_(torch.tensor(layer.weight.detach().numpy()))
        if bias:
            t.bias.copy_(torch.tensor(layer.bias.detach().numpy()))
    x = mt.randn(*batch, n_in, dtype=mt.float64, requires_grad=True)
    xt = to_torch(x)
    out, out_t = layer(x), t(xt)
    assert_close(out, out_t, what="forward")
    seed = np.random.default_rng(0).standard_normal(out.shape)
    out.backward(mt.tensor(seed))
    out_t.backward(torch.tensor(seed))
    assert_close(x.grad, xt.grad, what="grad x")
    assert_close(layer.weight.grad, t.weight.grad, what="grad weight")
    if bias:
        assert_close(layer.bias.grad, t.bias.grad, what="grad bias")


# ------------------------------------------------------------- activations
ACTIVATIONS = [
    ("relu", lambda x: F.relu(x), nn.ReLU(), "relu", {}),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), nn.LeakyReLU(0.2), "leaky_relu", {"negative_slope": 0.2}),
    ("sigmoid", F.sigmoid, nn.Sigmoid(), "sigmoid", {}),
    ("tanh", F.tanh, nn.Tanh(), "tanh", {}),
    ("softmax", lambda x: F.softmax(x, dim=1), nn.Softmax(dim=1), "softmax", {"dim": 1}),
    ("log_softmax", lambda x: F.log_softmax(x, dim=-1), nn.LogSoftmax(dim=-1), "log_softmax", {"dim": -1}),
]


@pytest.mark.parametrize("name, fn, module, torch_name, kwargs", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_gradcheck_and_module_equals_function(name, fn, module, torch_name, kwargs):
    x = f64(3, 4, seed=1)
    x.detach().numpy()[np.abs(x.detach().numpy()) < 1e-3] = 0.5  # keep away from the kink of relu
    assert gradcheck(fn, (x,))
    np.testing.assert_array_equal(module(x).detach().numpy(), fn(x).detach().numpy())


@needs_torch
@pytest.mark.parametrize("name, fn, module, torch_name, kwargs", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_matches_torch(name, fn, module, torch_name, kwargs):
    x = f64(3, 4, seed=2, low=-30, high=30)
    xt = to_torch(x)
    out = fn(x)
    out_t = getattr(torch.nn.functional, torch_name)(xt, **kwargs)
    assert_close(out, out_t, what=name)
    seed = np.random.default_rng(3).standard_normal(out.shape)
    out.backward(mt.tensor(seed))
    out_t.backward(torch.tensor(seed))
    assert_close(x.grad, xt.grad, what=f"{name} grad")


def test_softmax_needs_a_dim_and_checks_it():
    x = mt.randn(2, 3)
    with pytest.raises(TypeError, match=r"softmax\(x, dim=1\)"):
        F.softmax(x)
    with pytest.raises(TypeError, match="dim"):
        nn.LogSoftmax()(x)
    with pytest.raises(IndexError, match="dim 2 is out of range"):
        F.softmax(x, dim=2)
    np.testing.assert_allclose(F.softmax(x, dim=0).detach().numpy().sum(axis=0), np.ones(3), rtol=1e-6)


def test_flatten_and_identity():
    x = mt.randn(2, 3, 4, 5)
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    assert nn.Identity(54, unused="x")(x) is x
    x = f64(2, 3, 2)
    assert gradcheck(nn.Flatten(), (x,))


def test_one_hot():
    out = F.one_hot(mt.tensor([[0, 2], [1, 0]]), 3)
    assert out.dtype == mt.int64 and out.shape == (2, 2, 3)
    np.testing.assert_array_equal(out.detach().numpy()[0], [[1, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(out.detach().numpy().argmax(-1), [[0, 2], [1, 0]])
    assert F.one_hot(mt.tensor([3, 1])).shape == (2, 4)
    with pytest.raises(RuntimeError, match="integer class indices.*float32"):
        F.one_hot(mt.tensor([1.0]), 3)
    with pytest.raises(RuntimeError, match="class index 3 is too large for num_classes=3"):
        F.one_hot(mt.tensor([0, 3]), 3)
    with pytest.raises(RuntimeError, match="non-negative"):
        F.one_hot(mt.tensor([-1, 0]), 3)


@needs_torch
def test_one_hot_matches_torch():
    idx = np.array([[0, 4], [2, 2]])
    np.testing.assert_array_equal(
        F.one_hot(mt.tensor(idx), 5).detach().numpy(), torch.nn.functional.one_hot(torch.tensor(idx), 5).numpy()
    )


# --------------------------------------------------------------------- init
def test_init_functions_fill_in_place_and_return_the_tensor():
    p = nn.Parameter(mt.zeros(200, 300))
    data = p.detach().numpy()
    for fn, args in [
        (nn.init.uniform_, (-0.5, 0.5)), (nn.init.normal_, (1.0, 0.1)), (nn.init.xavier_uniform_, ()),
        (nn.init.xavier_normal_, ()), (nn.init.kaiming_uniform_, ()), (nn.init.kaiming_normal_, ()),
        (nn.init.constant_, (3.0,)), (nn.init.ones_, ()), (nn.init.zeros_, ()),
    ]:
        assert fn(p, *args) is p and p.detach().numpy() is data and p.requires_grad and p.is_leaf


def test_init_distributions():
    mt.manual_seed(0)
    w = mt.zeros(200, 300)
    fan_in, fan_out = 300, 200

    nn.init.uniform_(w, -0.5, 0.25)
    assert w.detach().numpy().min() >= -0.5 and w.detach().numpy().max() < 0.25 and abs(w.detach().numpy().mean() + 0.125) < 0.01

    nn.init.normal_(w, 1.0, 0.1)
    assert abs(w.detach().numpy().mean() - 1.0) < 0.01 and abs(w.detach().numpy().std() - 0.1) < 0.01

    nn.init.xavier_uniform_(w, gain=2.0)
    bound = 2.0 * math.sqrt(6 / (fan_in + fan_out))
    assert np.abs(w.detach().numpy()).max() <= bound and np.abs(w.detach().numpy()).max() > 0.99 * bound

    nn.init.xavier_normal_(w)
    assert abs(w.detach().numpy().std() - math.sqrt(2 / (fan_in + fan_out))) < 0.02 * math.sqrt(2 / (fan_in + fan_out))

    nn.init.kaiming_uniform_(w, nonlinearity="relu")
    bound = math.sqrt(2) * math.sqrt(3 / fan_in)
    assert np.abs(w.detach().numpy()).max() <= bound and np.abs(w.detach().numpy()).max() > 0.99 * bound

    nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    assert abs(w.detach().numpy().std() - math.sqrt(2 / fan_out)) < 0.02 * math.sqrt(2 / fan_out)

    nn.init.constant_(w, 0.3)
    assert np.all(w.detach().numpy() == np.float32(0.3))
    nn.init.ones_(w)
    assert np.all(w.detach().numpy() == 1)
    nn.init.zeros_(w)
    assert not w.detach().numpy().any()


def test_init_uses_the_given_generator():
    a, b = mt.zeros(4, 5), mt.zeros(4, 5)
    nn.init.kaiming_uniform_(a, generator=mt.Generator(3))
    mt.manual_seed(123)  # the default generator must not matter
    nn.init.kaiming_uniform_(b, generator=mt.Generator(3))
    np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    nn.init.normal_(b, generator=mt.Generator(4))
    assert not np.array_equal(a.detach().numpy(), b.detach().numpy())


def test_init_errors():
    with pytest.raises(ValueError, match=r"fewer than 2 dimensions \(got shape \(3,\)\)"):
        nn.init.xavier_uniform_(mt.zeros(3))
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out'"):
        nn.init.kaiming_uniform_(mt.zeros(3, 3), mode="fan")
    with pytest.raises(ValueError, match="unsupported nonlinearity 'swish'"):
        nn.init.calculate_gain("swish")


@needs_torch
def test_calculate_gain_matches_torch():
    for name, param in [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None),
                        ("leaky_relu", None), ("leaky_relu", math.sqrt(5)), ("selu", None)]:
        assert nn.init.calculate_gain(name, param) == pytest.approx(torch.nn.init.calculate_gain(name, param))
