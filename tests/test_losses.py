"""Losses (nn.functional and the loss modules): gradients, PyTorch equality, stability, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch as mt
import minitorch.nn.functional as F
from minitorch import nn
from minitorch.autograd import gradcheck
from tests.helpers import assert_close, needs_torch, torch

REDUCTIONS = ["mean", "sum", "none"]
rng = np.random.default_rng


def f64(array, requires_grad=True):
    return mt.tensor(np.asarray(array, dtype=np.float64), dtype=mt.float64, requires_grad=requires_grad)


def classes(*values):
    return mt.tensor(np.array(values, dtype=np.int64))


# Each case: (id, minitorch call, torch call, inputs). Inputs are float64 tensors
# (gradchecked when they require grad) or integer/constant tensors.
def _cases():
    r = rng(0)
    logits = r.normal(0, 2, (5, 4))
    y = np.array([0, 3, 1, 1, 2])
    probs = r.dirichlet(np.ones(4), 5)
    w = np.array([0.5, 2.0, 1.0, 3.0])
    p = r.uniform(0.05, 0.95, (3, 4))
    t01 = r.uniform(0, 1, (3, 4))
    x = r.normal(0, 3, (3, 4))
    bw = r.uniform(0.5, 2, (4,))
    pw = r.uniform(0.5, 3, (4,))
    tf = None if torch is None else torch.nn.functional
    return [
        ("mse", lambda a, b, red: F.mse_loss(a, b, reduction=red),
         lambda a, b, red: tf.mse_loss(a, b, reduction=red), [r.normal(size=(3, 4)), r.normal(size=(3, 4))]),
        ("cross_entropy", lambda a, t, red: F.cross_entropy(a, t, reduction=red),
         lambda a, t, red: tf.cross_entropy(a, t, reduction=red), [logits, y]),
        ("cross_entropy_weight_ignore",
         lambda a, t, red: F.cross_entropy(a, t, weight=f64(w, False), ignore_index=1, reduction=red),
         lambda a, t, red: tf.cross_entropy(a, t, weight=torch.tensor(w), ignore_index=1, reduction=red),
         [logits, y]),
        ("cross_entropy_probabilities", lambda a, t, red: F.cross_entropy(a, t, reduction=red),
         lambda a, t, red: tf.cross_entropy(a, t, reduction=red), [logits, probs]),
        ("cross_entropy_probabilities_weight", lambda a, t, red: F.cross_entropy(a, t, f64(w, False), reduction=red),
         lambda a, t, red: tf.cross_entropy(a, t, torch.tensor(w), reduction=red), [logits, probs]),
        ("cross_entropy_unbatched", lambda a, t, red: F.cross_entropy(a, t, reduction=red),
         lambda a, t, red: tf.cross_entropy(a, t, reduction=red), [logits[0], np.array(2)]),
        ("nll", lambda a, t, red: F.nll_loss(a, t, reduction=red),
         lambda a, t, red: tf.nll_loss(a, t, reduction=red), [logits, y]),
        ("nll_weight_ignore", lambda a, t, red: F.nll_loss(a, t, f64(w, False), ignore_index=3, reduction=red),
         lambda a, t, red: tf.nll_loss(a, t, torch.tensor(w), ignore_index=3, reduction=red), [logits, y]),
        ("bce", lambda a, b, red: F.binary_cross_entropy(a, b, reduction=red),
         lambda a, b, red: tf.binary_cross_entropy(a, b, reduction=red), [p, t01]),
        ("bce_weight", lambda a, b, red: F.binary_cross_entropy(a, b, f64(bw, False), reduction=red),
         lambda a, b, red: tf.binary_cross_entropy(a, b, torch.tensor(bw), reduction=red), [p, t01]),
        ("bce_logits", lambda a, b, red: F.binary_cross_entropy_with_logits(a, b, reduction=red),
         lambda a, b, red: tf.binary_cross_entropy_with_logits(a, b, reduction=red), [x, t01]),
        ("bce_logits_weights",
         lambda a, b, red: F.binary_cross_entropy_with_logits(a, b, f64(bw, False), red, pos_weight=f64(pw, False)),
         lambda a, b, red: tf.binary_cross_entropy_with_logits(a, b, torch.tensor(bw), reduction=red,
                                                               pos_weight=torch.tensor(pw)), [x, t01]),
    ]


CASES = _cases()
IDS = [c[0] for c in CASES]


def _inputs(arrays):
    """minitorch tensors: floats require grad (targets too: PyTorch differentiates them), ints don't."""
    return [f64(a) if a.dtype.kind == "f" else mt.tensor(a) for a in arrays]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name, fn, torch_fn, arrays", CASES, ids=IDS)
def test_loss_gradcheck(name, fn, torch_fn, arrays, reduction):
    inputs = _inputs(arrays)
    assert gradcheck(lambda *xs: fn(*xs, reduction), inputs)


@needs_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name, fn, torch_fn, arrays", CASES, ids=IDS)
def test_loss_matches_torch(name, fn, torch_fn, arrays, reduction):
    inputs = _inputs(arrays)
    tinputs = [torch.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    out = fn(*inputs, reduction)
    out_t = torch_fn(*tinputs, reduction)
    assert_close(out, out_t, rtol=1e-10, what=f"{name} value")
    seed = rng(1).standard_normal(out.shape)
    out.backward(mt.tensor(seed))
    out_t.backward(torch.tensor(seed))
    for i, (x, xt) in enumerate(zip(inputs, tinputs)):
        if xt.requires_grad:
            assert_close(x.grad, xt.grad, rtol=1e-9, what=f"{name} grad of input {i}")


@needs_torch
@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 6), c=st.integers(1, 6), scale=st.sampled_from([0.1, 1.0, 50.0]), seed=st.integers(0, 99))
def test_cross_entropy_matches_torch_for_varied_shapes(n, c, scale, seed):
    r = rng(seed)
    logits = r.normal(0, scale, (n, c))
    y = r.integers(0, c, n)
    x = f64(logits)
    loss = F.cross_entropy(x, mt.tensor(y))
    xt = torch.tensor(logits, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(xt, torch.tensor(y))
    assert_close(loss, loss_t, rtol=1e-10, what="value")
    loss.backward()
    loss_t.backward()
    assert_close(x.grad, xt.grad, rtol=1e-9, atol=1e-12, what="grad")


def test_loss_modules_call_the_functions():
    r = rng(2)
    logits, y = f64(r.normal(size=(4, 3))), classes(0, 2, 1, 2)
    a, b = f64(r.uniform(0.1, 0.9, (4, 3))), f64(r.uniform(0, 1, (4, 3)))
    w = f64([1.0, 2.0, 0.5], False)
    pairs = [
        (nn.MSELoss(reduction="sum")(a, b), F.mse_loss(a, b, "sum")),
        (nn.CrossEntropyLoss(w, ignore_index=2)(logits, y), F.cross_entropy(logits, y, w, 2)),
        (nn.NLLLoss(reduction="none")(logits, y), F.nll_loss(logits, y, reduction="none")),
        (nn.BCELoss()(a, b), F.binary_cross_entropy(a, b)),
        (nn.BCEWithLogitsLoss(pos_weight=w)(logits, b), F.binary_cross_entropy_with_logits(logits, b, pos_weight=w)),
    ]
    for module_out, fn_out in pairs:
        np.testing.assert_array_equal(module_out.detach().numpy(), fn_out.detach().numpy())
    assert list(nn.CrossEntropyLoss(w).state_dict()) == ["weight"]
    assert list(nn.CrossEntropyLoss().state_dict()) == []


# -------------------------------------------------------------- stability
def test_cross_entropy_stable_for_huge_logits():
    # Closed forms: with gaps of 1e4, softmax is one-hot on the largest logit (to 1e-4000).
    logits = f64([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4], [0.0, 1e4, 1e4]])
    y = classes(0, 1, 1)
    loss = F.cross_entropy(logits, y, reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [0.0, 1e4, np.log(2)], rtol=1e-12, atol=1e-12)
    mean = F.cross_entropy(logits, y)
    assert np.isfinite(mean.item())
    mean.backward()
    softmax = np.array([[1, 0, 0], [1, 0, 0], [0, 0.5, 0.5]])
    one_hot = np.eye(3)[[0, 1, 1]]
    np.testing.assert_allclose(logits.grad.detach().numpy(), (softmax - one_hot) / 3, atol=1e-12)


def test_cross_entropy_gradient_is_softmax_minus_one_hot_over_n():
    r = rng(3)
    z = r.normal(0, 1, (6, 5))
    y = r.integers(0, 5, 6)
    x = f64(z)
    F.cross_entropy(x, mt.tensor(y)).backward()
    e = np.exp(z)
    expected = (e / e.sum(1, keepdims=True) - np.eye(5)[y]) / 6
    np.testing.assert_allclose(x.grad.detach().numpy(), expected, rtol=1e-10, atol=1e-14)


def test_bce_with_logits_stable_for_huge_logits():
    x = f64([1e4, -1e4, 1e4, -1e4, 0.0])
    y = f64([1.0, 0.0, 0.0, 1.0, 1.0], False)
    loss = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [0.0, 0.0, 1e4, 1e4, np.log(2)], rtol=1e-12, atol=1e-12)
    loss.sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [0.0, 0.0, 1.0, -1.0, -0.5], atol=1e-12)  # σ(x) - y


def test_bce_clamps_log_at_minus_100():
    p = f64([0.0, 1.0, 0.0, 1.0])
    y = f64([1.0, 0.0, 0.0, 1.0], False)
    loss = F.binary_cross_entropy(p, y, reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [100.0, 100.0, 0.0, 0.0])
    loss.sum().backward()
    assert np.all(np.isfinite(p.grad.detach().numpy()))


@needs_torch
def test_bce_at_the_edges_matches_torch():
    values, targets = np.array([0.0, 1.0, 0.0, 1.0, 1e-300]), np.array([1.0, 0.0, 0.0, 1.0, 0.3])
    p = f64(values)
    pt = torch.tensor(values, requires_grad=True)
    loss = F.binary_cross_entropy(p, f64(targets, False), reduction="sum")
    loss_t = torch.nn.functional.binary_cross_entropy(pt, torch.tensor(targets), reduction="sum")
    assert_close(loss, loss_t, what="value")
    loss.backward()
    loss_t.backward()
    assert_close(p.grad, pt.grad, what="grad")


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("make", [
    lambda red: nn.MSELoss(reduction=red), lambda red: nn.CrossEntropyLoss(reduction=red),
    lambda red: nn.BCELoss(reduction=red), lambda red: nn.BCEWithLogitsLoss(reduction=red),
    lambda red: nn.NLLLoss(reduction=red),
])
def test_bad_reduction_in_modules(make):
    with pytest.raises(ValueError, match="reduction='avg' is not valid; use 'mean', 'sum' or 'none'"):
        make("avg")


@pytest.mark.parametrize("fn, args", [
    (F.mse_loss, (mt.zeros(2), mt.zeros(2))),
    (F.cross_entropy, (mt.zeros(2, 3), classes(0, 1))),
    (F.nll_loss, (mt.zeros(2, 3), classes(0, 1))),
    (F.binary_cross_entropy, (mt.zeros(2), mt.zeros(2))),
    (F.binary_cross_entropy_with_logits, (mt.zeros(2), mt.zeros(2))),
], ids=["mse", "ce", "nll", "bce", "bce_logits"])
def test_bad_reduction_in_functions(fn, args):
    with pytest.raises(ValueError, match=f"{fn.__name__}: reduction='elementwise' is not valid"):
        fn(*args, reduction="elementwise")


def test_mse_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError) as info:
        F.mse_loss(mt.zeros(4, 1), mt.zeros(4))
    msg = str(info.value)
    assert "mse_loss" in msg and "(4, 1)" in msg and "(4,)" in msg


def test_cross_entropy_float_class_targets_are_refused():
    with pytest.raises(RuntimeError) as info:
        F.cross_entropy(mt.zeros(3, 4), mt.tensor([0.0, 1.0, 2.0]))
    msg = str(info.value)
    assert "int64" in msg and "float32" in msg and "(3,)" in msg and "target.long()" in msg


def test_cross_entropy_out_of_range_class_names_it():
    with pytest.raises(IndexError) as info:
        F.cross_entropy(mt.zeros(3, 4), classes(0, 4, 1))
    msg = str(info.value)
    assert "target class 4" in msg and "C=4" in msg and "0 to 3" in msg
    with pytest.raises(IndexError, match="target class -1"):
        F.cross_entropy(mt.zeros(2, 4), classes(-1, 0))


def test_cross_entropy_batch_size_mismatch_names_both():
    with pytest.raises(ValueError) as info:
        F.cross_entropy(mt.zeros(3, 4), classes(0, 1))
    msg = str(info.value)
    assert "(3,)" in msg and "(3, 4)" in msg and "(2,)" in msg and "batch_size (3)" in msg
    with pytest.raises(ValueError, match=r"squeeze\(1\)"):
        F.cross_entropy(mt.zeros(3, 4), mt.tensor([[0], [1], [2]]))


def test_cross_entropy_other_bad_inputs():
    with pytest.raises(ValueError, match=r"shape \(N, C\).*\(2, 3, 4\)"):
        F.cross_entropy(mt.zeros(2, 3, 4), classes(0, 1))
    with pytest.raises(RuntimeError, match="floating point.*int64"):
        F.cross_entropy(mt.tensor([[1, 2]]), classes(0))
    with pytest.raises(TypeError, match="target must be a minitorch Tensor, got list"):
        F.cross_entropy(mt.zeros(2, 3), [0, 1])
    with pytest.raises(ValueError, match=r"weight must have one entry per class, shape \(3,\)"):
        F.cross_entropy(mt.zeros(2, 3), classes(0, 1), weight=mt.ones(2))


def test_bce_errors():
    with pytest.raises(RuntimeError, match="between 0 and 1.*1.5.*sigmoid"):
        F.binary_cross_entropy(mt.tensor([0.5, 1.5]), mt.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"\(2, 1\).*\(2,\)"):
        F.binary_cross_entropy(mt.tensor([[0.5], [0.2]]), mt.tensor([0.0, 1.0]))
    with pytest.raises(RuntimeError, match="target must be floating point.*int64"):
        F.binary_cross_entropy_with_logits(mt.tensor([0.5, 1.5]), mt.tensor([0, 1]))
    with pytest.raises(ValueError, match=r"pos_weight of shape \(3,\) can't be broadcast"):
        F.binary_cross_entropy_with_logits(mt.zeros(2, 2), mt.zeros(2, 2), pos_weight=mt.ones(3))


def test_cross_entropy_with_every_target_ignored_is_nan_with_zero_gradients_and_no_warning():
    import warnings

    z = np.random.default_rng(3).standard_normal((3, 4))
    logits = mt.tensor(z, dtype=mt.float64, requires_grad=True)
    y = mt.tensor([1, 1, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy divide-by-zero warning either
        loss = F.cross_entropy(logits, y, ignore_index=1)
        loss.backward()
    assert np.isnan(loss.item())
    np.testing.assert_array_equal(logits.grad.detach().numpy(), np.zeros((3, 4)))
    if torch is not None:  # PyTorch: NaN loss, zero gradients
        t = torch.tensor(z, requires_grad=True)
        tl = torch.nn.functional.cross_entropy(t, torch.tensor([1, 1, 1]), ignore_index=1)
        tl.backward()
        assert np.isnan(tl.item())
        np.testing.assert_array_equal(t.grad.numpy(), logits.grad.detach().numpy())


def test_cross_entropy_usual_case_returns_a_fresh_gradient_and_keeps_saved_values():
    # The backward pass edits its softmax array in place: it must be a new array, so
    # a second backward with retain_graph gives the same gradient.
    logits = mt.randn(5, 3, dtype=mt.float64, requires_grad=True)
    y = mt.tensor([0, 2, 1, 1, 0])
    loss = F.cross_entropy(logits, y)
    loss.backward(retain_graph=True)
    first = logits.grad.detach().numpy().copy()
    logits.grad = None
    loss.backward()
    np.testing.assert_array_equal(logits.grad.detach().numpy(), first)
