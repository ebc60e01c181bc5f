"""Image layers (issue 20): convolution, pooling, batch normalisation, dropout.

* gradcheck (float64, every element) of every function over many shapes, strides,
  paddings, dilations and groups (Hypothesis), and gradgradcheck of convolution and pooling;
* agreement with PyTorch given the same weights: outputs and gradients, BatchNorm's running
  statistics after several steps and its eval outputs, Dropout's scaling and eval identity;
* Im2Col and Col2Im: PyTorch's unfold, and each the adjoint of the other;
* the modules: PyTorch's init, repr and state_dict keys; train()/eval(); saving a CNN keeps its buffers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import minitorch as mt
from minitorch import nn
from minitorch.autograd import gradcheck, gradgradcheck
from minitorch.nn import functional_images as FI
from minitorch.ops.convolution import Col2Im, Im2Col
from tests.helpers import assert_close, needs_torch, torch

MANY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
SOME = settings(max_examples=15, deadline=None, derandomize=True, database=None)

if torch is not None:
    import torch.nn.functional as TF


def leaf(array) -> mt.Tensor:
    return mt.tensor(np.asarray(array, dtype=np.float64), dtype=mt.float64, requires_grad=True)


def distinct(rng, shape) -> np.ndarray:
    """Values at least 0.1 apart in random order: no ties, nor near-ties, for max-pooling."""
    n = math.prod(shape)
    return (rng.permutation(n) * 0.1 + rng.uniform(0, 0.01, n)).reshape(shape) - 0.05 * n


def torch_agrees(mt_fn, torch_fn, arrays, rtol=1e-7, atol=1e-10) -> None:
    """Same inputs through both: the outputs, and the gradients of a random weighted sum, must match."""
    mine = [leaf(a) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = mt_fn(*mine), torch_fn(*theirs)
    assert_close(out, expected, rtol, atol, "forward")
    weights = np.random.default_rng(1).standard_normal(expected.shape)
    (out * mt.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for i, (a, b) in enumerate(zip(mine, theirs)):
        assert_close(a.grad, b.grad, rtol, atol, f"gradient of input {i}")


# ---------------------------------------------------------------- convolution configurations
@st.composite
def conv_cases(draw, max_size=5):
    """(x, weight, bias, options): small images and kernels with every option varied."""
    groups = draw(st.integers(1, 2))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = draw(st.sampled_from([0, 1, (0, 2), (2, 1), "same", "valid"]))
    stride = (1, 1) if padding == "same" else (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    size = (draw(st.integers(2, max_size)), draw(st.integers(2, max_size)))
    pads = FI.padding_pairs("test", padding, kernel, stride, dilation)
    assume(all(n + sum(p) >= d * (k - 1) + 1 for n, p, k, d in zip(size, pads, kernel, dilation)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((draw(st.integers(1, 2)), c_in, *size))
    weight = rng.standard_normal((c_out, c_in // groups, *kernel))
    bias = rng.standard_normal(c_out) if draw(st.booleans()) else None
    return x, weight, bias, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@MANY
@given(conv_cases())
def test_conv2d_gradcheck(case):
    x, weight, bias, options = case
    inputs = [leaf(x), leaf(weight)] + ([leaf(bias)] if bias is not None else [])
    assert gradcheck(lambda x, w, *b: FI.conv2d(x, w, b[0] if b else None, **options), inputs)


@needs_torch
@pytest.mark.filterwarnings("ignore:Using padding='same'")
@MANY
@given(conv_cases(max_size=7))
def test_conv2d_agrees_with_pytorch(case):
    x, weight, bias, options = case
    arrays = [x, weight] + ([bias] if bias is not None else [])
    torch_agrees(lambda x, w, *b: FI.conv2d(x, w, b[0] if b else None, **options),
                 lambda x, w, *b: TF.conv2d(x, w, b[0] if b else None, **options), arrays)


def test_conv2d_second_derivatives():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 2, 4, 4)), rng.standard_normal((2, 1, 2, 3)), rng.standard_normal(2)
    assert gradgradcheck(lambda x, w, b: FI.conv2d(x, w, b, stride=(1, 2), padding=1, dilation=(2, 1), groups=2),
                         [leaf(x), leaf(w), leaf(b)])
    assert gradgradcheck(lambda x, w: FI.conv2d(x, w, padding="same"), [leaf(x[:1]), leaf(rng.standard_normal((1, 2, 2, 2)))])


def test_conv2d_takes_one_unbatched_image_and_keeps_float32():
    x, w = mt.randn(3, 5, 5), mt.randn(4, 3, 3, 3)
    assert FI.conv2d(x, w).shape == (4, 3, 3)
    np.testing.assert_allclose(FI.conv2d(x, w).detach().numpy(), FI.conv2d(x.unsqueeze(0), w)[0].detach().numpy())
    assert FI.conv2d(x, w).dtype == mt.float32
    exact = FI.conv2d(x.double().unsqueeze(0), w.double())
    np.testing.assert_allclose(FI.conv2d(x.unsqueeze(0), w).detach().numpy(), exact.detach().numpy(), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("layer", [
    lambda: nn.Conv2d(3, 4, 3, padding=1), lambda: nn.MaxPool2d(2, padding=1),
    lambda: nn.AvgPool2d(3, 1, 1, count_include_pad=False), lambda: nn.AdaptiveAvgPool2d((2, 3)),
    lambda: nn.BatchNorm2d(3), lambda: nn.Dropout(0.3),
], ids=["conv", "max_pool", "avg_pool", "adaptive", "batch_norm", "dropout"])
def test_every_layer_keeps_float32_and_float64(layer):
    for dtype in (mt.float32, mt.float64):
        module = layer().to(dtype)
        x = mt.randn(2, 3, 5, 5, dtype=dtype, requires_grad=True)
        out = module(x)
        out.sum().backward()
        assert out.dtype == dtype and x.grad.dtype == dtype
        assert all(p.grad.dtype == dtype for p in module.parameters())


@pytest.mark.parametrize("call, message", [
    (lambda: FI.conv2d(mt.randn(1, 3, 5, 5), mt.randn(4, 2, 3, 3)), "expects 2 x 1 group"),
    (lambda: FI.conv2d(mt.randn(1, 1, 2, 2), mt.randn(4, 1, 3, 3)), "does not fit"),
    (lambda: FI.conv2d(mt.randn(1, 4, 5, 5), mt.randn(3, 2, 3, 3), groups=2), "divides out_channels"),
    (lambda: FI.conv2d(mt.randn(1, 1, 5, 5), mt.randn(2, 1, 3, 3), stride=2, padding="same"), "strided"),
    (lambda: FI.conv2d(mt.randn(5, 5), mt.randn(2, 1, 3, 3)), "(N, C, H, W)"),
    (lambda: FI.conv2d(mt.randn(1, 1, 5, 5), mt.randn(2, 1, 3, 3, dtype=mt.float64)), "float32 but the weight"),
    (lambda: FI.conv2d(mt.randn(1, 1, 5, 5), mt.randn(2, 1, 3, 3), stride=0), "stride must be"),
    (lambda: FI.max_pool2d(mt.randn(1, 1, 5, 5), 2, padding=2), "at most half"),
])
def test_mistakes_are_explained(call, message):
    with pytest.raises((ValueError, TypeError)) as err:
        call()
    assert message in str(err.value)


# ---------------------------------------------------------------- im2col and col2im
@st.composite
def window_cases(draw):
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    size = tuple(draw(st.integers(d * (k - 1) + 1, 7)) for k, d in zip(kernel, dilation))
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 3)), *size)
    return shape, dict(kernel_size=kernel, stride=stride, dilation=dilation)


@needs_torch
@MANY
@given(window_cases())
def test_im2col_is_pytorchs_unfold_with_the_images_side_by_side(case):
    shape, options = case
    x = np.random.default_rng(0).standard_normal(shape)
    cols = Im2Col.apply(mt.tensor(x), **options)
    unfolded = TF.unfold(torch.tensor(x), **options)  # (N, C·kh·kw, OH·OW)
    assert_close(cols, unfolded.permute(1, 2, 0).reshape(cols.shape), what="im2col")


@MANY
@given(window_cases())
def test_col2im_is_the_adjoint_of_im2col(case):
    """<Im2Col(x), y> = <x, Col2Im(y)> for every x and y: the backward of one is the other."""
    shape, options = case
    rng = np.random.default_rng(0)
    x = mt.tensor(rng.standard_normal(shape))
    cols = Im2Col.apply(x, **options)
    y = mt.tensor(rng.standard_normal(cols.shape))
    back = Col2Im.apply(y, image_size=shape[2:], **options)
    assert back.shape == shape
    assert np.isclose((cols * y).sum().item(), (x * back).sum().item(), rtol=1e-12)
    assert gradcheck(lambda y: Col2Im.apply(y, image_size=shape[2:], **options), [leaf(y.detach().numpy())])


# ---------------------------------------------------------------- pooling
@st.composite
def pool_cases(draw, max_size=6):
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = draw(st.sampled_from([None, 1, 2, (1, 2)]))
    padding = (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2)))
    size = tuple(draw(st.integers(max(1, k - 2 * p), max_size)) for k, p in zip(kernel, padding))
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2)), *size)
    x = distinct(np.random.default_rng(draw(st.integers(0, 2**32 - 1))), shape)
    return x, dict(kernel_size=kernel, stride=stride, padding=padding)


@MANY
@given(pool_cases(), st.sampled_from([1, 2]))
def test_max_pool2d_gradcheck(case, dilation):
    x, options = case
    k = options["kernel_size"]
    assume(all(n + 2 * p >= dilation * (kk - 1) + 1 for n, p, kk in zip(x.shape[2:], options["padding"], k)))
    pooled = FI.max_pool2d(mt.tensor(x), dilation=dilation, **options)
    assume(np.isfinite(pooled.numpy()).all())  # no window made of padding only
    assert gradcheck(lambda x: FI.max_pool2d(x, dilation=dilation, **options), [leaf(x)])


@MANY
@given(pool_cases(), st.sampled_from([(True, None), (False, None), (True, 3)]))
def test_avg_pool2d_gradcheck(case, variant):
    x, options = case
    include, divisor = variant
    assert gradcheck(lambda x: FI.avg_pool2d(x, count_include_pad=include, divisor_override=divisor, **options),
                     [leaf(x)])


@needs_torch
@MANY
@given(pool_cases(max_size=8), st.sampled_from([(True, None), (False, None), (True, 3)]))
def test_pooling_agrees_with_pytorch(case, variant):
    x, options = case
    include, divisor = variant
    torch_agrees(lambda x: FI.max_pool2d(x, **options), lambda x: TF.max_pool2d(x, **options), [x])
    torch_agrees(lambda x: FI.avg_pool2d(x, count_include_pad=include, divisor_override=divisor, **options),
                 lambda x: TF.avg_pool2d(x, count_include_pad=include, divisor_override=divisor, **options), [x])


@SOME
@given(st.integers(1, 7), st.integers(1, 7), st.integers(1, 4), st.sampled_from([None, 1, 2, 3]))
def test_adaptive_avg_pool2d_gradcheck(h, w, out_h, out_w):
    x = np.random.default_rng(h * 10 + w).standard_normal((2, 2, h, w))
    assert gradcheck(lambda x: FI.adaptive_avg_pool2d(x, (out_h, out_w)), [leaf(x)])
    if torch is not None:
        torch_agrees(lambda x: FI.adaptive_avg_pool2d(x, (out_h, out_w)),
                     lambda x: TF.adaptive_avg_pool2d(x, (out_h, out_w)), [x])


def test_pooling_second_derivatives():
    x = distinct(np.random.default_rng(0), (2, 2, 5, 5))
    assert gradgradcheck(lambda x: FI.max_pool2d(x, 3, stride=2, padding=1), [leaf(x)])
    assert gradgradcheck(lambda x: FI.avg_pool2d(x, 2, stride=1, padding=1, count_include_pad=False), [leaf(x)])
    assert gradgradcheck(lambda x: FI.adaptive_avg_pool2d(x, (2, 3)), [leaf(x)])


def test_max_pool_gives_the_gradient_to_the_first_of_tied_maxima_as_pytorch():
    x = mt.tensor([[[[1.0, 3.0], [3.0, 0.0]]]], requires_grad=True)
    FI.max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad.detach().numpy(), [[[[0, 1], [0, 0]]]])


# ---------------------------------------------------------------- modules: conv and pooling
def test_conv2d_module_init_is_kaiming_uniform_with_a_sqrt5():
    mt.manual_seed(0)
    conv = nn.Conv2d(8, 64, (3, 2), groups=2)
    bound = 1 / math.sqrt(4 * 3 * 2)  # fan_in = in_channels/groups · kh · kw
    assert conv.weight.shape == (64, 4, 3, 2) and conv.bias.shape == (64,)
    for p in (conv.weight, conv.bias):
        assert np.abs(p.detach().numpy()).max() <= bound and np.abs(p.detach().numpy()).max() > 0.9 * bound
    assert abs(conv.weight.detach().numpy().std() - bound / math.sqrt(3)) < 0.1 * bound
    assert nn.Conv2d(1, 2, 3, bias=False).bias is None
    assert nn.Conv2d(1, 2, 3, dtype=mt.float64).weight.dtype == mt.float64


@needs_torch
@pytest.mark.parametrize("make", [
    lambda nn: nn.Conv2d(3, 6, 3, stride=2, padding=1, dilation=2, groups=3),
    lambda nn: nn.Conv2d(3, 4, (2, 3), padding="same", bias=False),
    lambda nn: nn.MaxPool2d(3, stride=2, padding=1),
    lambda nn: nn.AvgPool2d(2),
    lambda nn: nn.AdaptiveAvgPool2d((1, 1)),
    lambda nn: nn.BatchNorm2d(3, momentum=None),
    lambda nn: nn.BatchNorm1d(3, affine=False, track_running_stats=False),
    lambda nn: nn.BatchNorm1d(3, bias=False),
    lambda nn: nn.Dropout(0.25),
    lambda nn: nn.Unflatten(1, (2, 4)),
], ids=["conv", "conv_same", "max_pool", "avg_pool", "adaptive", "bn2d", "bn1d", "bn_no_bias", "dropout", "unflatten"])
def test_modules_print_and_save_as_pytorchs(make):
    mine, theirs = make(nn), make(torch.nn)
    assert repr(mine) == repr(theirs)
    assert list(mine.state_dict()) == list(theirs.state_dict())


@needs_torch
def test_conv2d_module_agrees_with_pytorch_given_the_same_weights():
    theirs = torch.nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
    mine = nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2, dtype=mt.float64)
    mine.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((3, 4, 7, 6))
    torch_agrees(lambda x: mine(x), lambda x: theirs(x), [x])
    assert_close(mine.weight.grad, theirs.weight.grad, what="weight gradient")
    assert_close(mine.bias.grad, theirs.bias.grad, what="bias gradient")


# ---------------------------------------------------------------- batch norm
@SOME
@given(st.sampled_from([(4, 3), (3, 2, 4), (2, 3, 3, 2)]), st.booleans(), st.integers(0, 100))
def test_batch_norm_gradcheck_in_training_and_in_evaluation(shape, affine, seed):
    rng = np.random.default_rng(seed)
    x, c = rng.standard_normal(shape), shape[1]
    params = [leaf(rng.uniform(0.5, 1.5, c)), leaf(rng.standard_normal(c))] if affine else []
    running_mean, running_var = mt.tensor(rng.standard_normal(c)), mt.tensor(rng.uniform(0.5, 2, c))

    def train(x, *wb):
        return FI.batch_norm(x, None, None, *wb, training=True)

    def evaluate(x, *wb):
        return FI.batch_norm(x, running_mean, running_var, *wb, training=False)

    assert gradcheck(train, [leaf(x)] + params)
    assert gradcheck(evaluate, [leaf(x)] + params)


def test_batch_norm_second_derivatives():
    x = np.random.default_rng(0).standard_normal((3, 2, 2, 2))
    assert gradgradcheck(lambda x, w: FI.batch_norm(x, None, None, w, training=True), [leaf(x), leaf([1.0, 2.0])])


@needs_torch
@pytest.mark.parametrize("kind, shape, options", [
    ("BatchNorm2d", (8, 3, 4, 5), {}),
    ("BatchNorm2d", (4, 2, 3, 3), {"momentum": None, "eps": 1e-3}),
    ("BatchNorm1d", (16, 5), {"momentum": 0.3}),
    ("BatchNorm1d", (6, 4, 7), {"affine": False}),
    ("BatchNorm1d", (6, 4), {"track_running_stats": False}),
])
def test_batch_norm_agrees_with_pytorch_over_several_steps_and_in_eval(kind, shape, options):
    """Train mode for 5 batches (outputs, gradients, running statistics), then eval mode."""
    rng = np.random.default_rng(0)
    mine = getattr(nn, kind)(shape[1], dtype=mt.float64, **options)
    theirs = getattr(torch.nn, kind)(shape[1], **options)
    if mine.affine:
        w, b = rng.uniform(0.5, 1.5, shape[1]), rng.standard_normal(shape[1])
        with mt.no_grad(), torch.no_grad():
            mine.weight.copy_(w), mine.bias.copy_(b), theirs.weight.copy_(torch.tensor(w)), theirs.bias.copy_(torch.tensor(b))
    for step in range(5):
        x = rng.normal(step, 1 + step, shape)  # batches whose statistics drift
        torch_agrees(mine, theirs, [x])
        if mine.affine:
            assert_close(mine.weight.grad, theirs.weight.grad, what="weight gradient")
            assert_close(mine.bias.grad, theirs.bias.grad, what="bias gradient")
            mine.zero_grad()
            theirs.zero_grad()
        for name, buffer in theirs.named_buffers():
            assert_close(getattr(mine, name), buffer, rtol=1e-10, what=name)
    mine.eval()
    theirs.eval()
    torch_agrees(mine, theirs, [rng.normal(2, 3, shape)])
    if mine.track_running_stats:  # a batch of one is fine in eval, with running statistics
        torch_agrees(mine, theirs, [rng.normal(2, 3, (1,) + shape[1:])])


def test_batch_norm_in_training_wants_more_than_one_value_per_channel():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(mt.randn(1, 3))
    assert nn.BatchNorm1d(3).eval()(mt.randn(1, 3)).shape == (1, 3)
    with pytest.raises(ValueError, match="expected 4D input"):
        nn.BatchNorm2d(3)(mt.randn(4, 3))


def test_batch_norm_normalises_each_channel_in_training_and_not_in_eval():
    bn = nn.BatchNorm2d(2, dtype=mt.float64)
    x = mt.tensor(np.random.default_rng(0).normal(5, 3, (16, 2, 3, 3)))
    y = bn(x).detach().numpy()
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1, rtol=1e-3)
    bn.eval()  # running statistics moved only one step (momentum 0.1) from (0, 1): not yet normalised
    assert np.abs(bn(x).detach().numpy().mean()) > 3


# ---------------------------------------------------------------- dropout
def test_dropout_zeros_a_fraction_p_and_scales_the_rest():
    mt.manual_seed(0)
    x = mt.randn(200, 500, dtype=mt.float64, requires_grad=True)
    y = nn.Dropout(0.3)(x)
    kept = y.detach().numpy() != 0
    assert abs(1 - kept.mean() - 0.3) < 0.01
    np.testing.assert_allclose(y.detach().numpy()[kept], x.detach().numpy()[kept] / 0.7)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), kept / 0.7)  # the gradient flows through the kept elements only

    def same_mask_every_time(x):
        mt.manual_seed(1)
        return FI.dropout(x, 0.5)

    assert gradcheck(same_mask_every_time, [leaf(np.ones((3, 4)))])


def test_dropout_is_the_identity_in_eval_and_for_p_0_and_reproducible_with_manual_seed():
    x = mt.randn(10, 10)
    layer = nn.Sequential(nn.Linear(10, 10), nn.Sequential(nn.Dropout(0.5)))
    layer.eval()
    assert not layer[1][0].training  # eval() reaches every child, and their children
    assert FI.dropout(x, 0.5, training=False) is x and FI.dropout(x, 0.0) is x
    np.testing.assert_array_equal(layer[1](x).detach().numpy(), x.detach().numpy())
    np.testing.assert_array_equal(FI.dropout(x, 1.0).detach().numpy(), 0)
    mt.manual_seed(3)
    first = FI.dropout(x, 0.5).detach().numpy()
    mt.manual_seed(3)
    np.testing.assert_array_equal(FI.dropout(x, 0.5).detach().numpy(), first)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(1.5)


@needs_torch
def test_dropout_scales_as_pytorchs_and_both_are_the_identity_in_eval():
    x = np.random.default_rng(0).uniform(1, 2, (100, 100))  # no zeros: a zero in the output was dropped
    for p in (0.1, 0.5, 0.9):
        mine, theirs = FI.dropout(mt.tensor(x), p).detach().numpy(), TF.dropout(torch.tensor(x), p).numpy()
        for out in (mine, theirs):
            kept = out != 0
            np.testing.assert_allclose(out[kept], x[kept] / (1 - p))
            assert abs(kept.mean() - (1 - p)) < 0.03
        np.testing.assert_array_equal(FI.dropout(mt.tensor(x), p, training=False).detach().numpy(),
                                      TF.dropout(torch.tensor(x), p, training=False).numpy())


# ---------------------------------------------------------------- a whole CNN
def small_cnn(lib, dtype):
    nn_ = lib.nn
    return nn_.Sequential(
        nn_.Unflatten(1, (1, 8, 8)),
        nn_.Conv2d(1, 4, 3, padding=1, dtype=dtype), nn_.BatchNorm2d(4, dtype=dtype), nn_.ReLU(), nn_.MaxPool2d(2),
        nn_.Conv2d(4, 8, 3, padding="same", dtype=dtype), nn_.ReLU(), nn_.AdaptiveAvgPool2d((1, 1)),
        nn_.Flatten(), nn_.Dropout(0.2), nn_.Linear(8, 10, dtype=dtype),
    )


@needs_torch
def test_a_cnn_trains_as_pytorchs_given_the_same_weights():
    mine, theirs = small_cnn(mt, mt.float64), small_cnn(torch, torch.float64)
    mine.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    mine[9].p = theirs[9].p = 0.0  # dropout draws different masks in each library
    opt_mine, opt_theirs = mt.optim.SGD(mine.parameters(), lr=0.1), torch.optim.SGD(theirs.parameters(), lr=0.1)
    rng = np.random.default_rng(0)
    for _ in range(3):
        x, y = rng.uniform(0, 1, (16, 64)), rng.integers(0, 10, 16)
        for model, opt, lib in ((mine, opt_mine, mt), (theirs, opt_theirs, torch)):
            opt.zero_grad()
            lib.nn.functional.cross_entropy(model(lib.tensor(x)), lib.tensor(y)).backward()
            opt.step()
    for (name, a), b in zip(mine.state_dict().items(), theirs.state_dict().values()):
        assert_close(a, b, rtol=1e-9, atol=1e-12, what=name)


def test_saving_and_loading_a_cnn_keeps_its_buffers(tmp_path):
    mt.manual_seed(0)
    model = small_cnn(mt, mt.float32)
    opt = mt.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(3):
        opt.zero_grad()
        mt.nn.functional.cross_entropy(model(mt.rand(8, 64)), mt.randint(0, 10, (8,))).backward()
        opt.step()
    mt.save(model.state_dict(), tmp_path / "cnn.pt")
    loaded = small_cnn(mt, mt.float32)
    loaded.load_state_dict(mt.load(tmp_path / "cnn.pt"))
    bn = loaded[2]
    assert bn.num_batches_tracked.item() == 3 and bn.num_batches_tracked.dtype == mt.int64
    for name, tensor in model.state_dict().items():
        np.testing.assert_array_equal(loaded.state_dict()[name].detach().numpy(), tensor.detach().numpy(), err_msg=name)
    x = mt.rand(5, 64)
    model.eval()
    loaded.eval()
    np.testing.assert_array_equal(loaded(x).detach().numpy(), model(x).detach().numpy())
