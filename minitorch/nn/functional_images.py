"""The image layers as functions: convolution, pooling, batch normalisation and dropout.

``nn.functional`` re-exports them (``F.conv2d``, ``F.max_pool2d``, ...), as
``torch.nn.functional`` has them. Each checks its arguments, then builds the
result from differentiable ops: convolution and pooling cut the images into
windows with ``Im2Col`` (``minitorch.ops.convolution``) and then take a matrix
product, a max or a mean of each window; batch norm and dropout are a few
tensor operations. So every backward, and every backward of a backward,
comes for free.

Sizes such as ``kernel_size``, ``stride``, ``padding`` and ``dilation`` may be
an int (the same for height and width) or a pair ``(height, width)``.
"""

from __future__ import annotations

import math

from ..autograd.grad_mode import no_grad
from ..creation import full, tensor
from ..ops.convolution import ConstantPad, Im2Col, output_size
from ..random import rand
from ..tensor import Tensor


# ------------------------------------------------------------------ checks
def pair(op: str, name: str, value, minimum: int) -> tuple:
    """``value`` (an int or two ints) as ``(height, width)``, each at least ``minimum``."""
    values = (value, value) if isinstance(value, int) else tuple(value)
    if len(values) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) and v >= minimum for v in values):
        raise ValueError(f"{op}: {name} must be an int >= {minimum} or a pair of them (height, width), got {value!r}")
    return values


def image_batch(op: str, input) -> tuple:
    """The images ``input`` as a batch (N, C, H, W), and whether they came as one: (C, H, W) gains N = 1."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: input must be a minitorch Tensor, got {type(input).__name__}; wrap it with mt.tensor(...)")
    if input.ndim not in (3, 4) or not input.is_floating_point():
        raise ValueError(
            f"{op}: expected floating-point images of shape (N, C, H, W) (or one image (C, H, W)), but got "
            f"shape {input.shape} and dtype {input.dtype}; a batch of grey images needs a channel dimension: "
            "x.reshape(N, 1, H, W)"
        )
    return (input, True) if input.ndim == 4 else (input.unsqueeze(0), False)


def padding_pairs(op: str, padding, kernel: tuple, stride: tuple, dilation: tuple) -> tuple:
    """``padding`` (an int, a pair, ``"valid"`` or ``"same"``) as ``((top, bottom), (left, right))``.

    ``"same"`` pads by d(k − 1) in all, half on each side and the odd one at
    the bottom or right, as PyTorch, so that the output keeps the input's size.
    """
    if padding == "valid":
        return ((0, 0), (0, 0))
    if padding == "same":
        if stride != (1, 1):
            raise ValueError(f"{op}: padding='same' is not supported for strided convolutions (stride={stride})")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return tuple((total // 2, total - total // 2) for total in totals)
    if isinstance(padding, str):
        raise ValueError(f"{op}: padding must be 'valid', 'same', an int or a pair of ints, got {padding!r}")
    return tuple((p, p) for p in pair(op, "padding", padding, 0))


def windows(op: str, x: Tensor, kernel: tuple, stride: tuple, pads: tuple, dilation: tuple,
            value: float = 0.0) -> tuple:
    """Every window of the padded images as columns (C·kh·kw, OH·OW·N), and ``(OH, OW)``."""
    size = tuple(output_size(n, k, s, sum(p), d) for n, k, s, p, d in zip(x.shape[2:], kernel, stride, pads, dilation))
    if min(size) < 1:
        raise ValueError(
            f"{op}: the kernel {kernel} (dilation {dilation}) does not fit in the input of shape {x.shape} "
            f"padded by {pads}: the output would be {size}. Use a smaller kernel or more padding."
        )
    if any(sum(p) for p in pads):
        x = ConstantPad.apply(x, pads=pads, value=value)
    return Im2Col.apply(x, kernel_size=kernel, stride=stride, dilation=dilation), size


# ------------------------------------------------------------------ convolution
def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """2-d convolution of images (N, C, H, W) with kernels ``weight`` (O, C/groups, kh, kw).

    ``out[n, o, i, j] = bias[o] + Σ_{c, p, q} weight[o, c, p, q] · x[n, c, i·s + p·d, j·s + q·d]``
    (over the channels of ``o``'s group; ``x`` padded): a dot product of each
    kernel with the window under it, as PyTorch computes it (a cross-correlation).
    All the dot products are one matrix product with the windows as columns
    (im2col). ``groups`` splits the channels into groups convolved separately.
    Returns (N, O, OH, OW). PyTorch: ``F.conv2d``.
    """
    op = "conv2d"
    x, batched = image_batch(op, input)
    check_weight(op, x, weight, bias, groups)
    kernel = weight.shape[2:]
    stride, dilation = pair(op, "stride", stride, 1), pair(op, "dilation", dilation, 1)
    pads = padding_pairs(op, padding, kernel, stride, dilation)
    cols, (oh, ow) = windows(op, x, kernel, stride, pads, dilation)  # (C·kh·kw, OH·OW·N)
    n, o = x.shape[0], weight.shape[0]
    kernels = weight.reshape(groups, o // groups, -1)  # (g, O/g, C/g·kh·kw): one row per kernel
    out = kernels @ cols.reshape(groups, -1, oh * ow * n)  # (g, O/g, OH·OW·N): every dot product at once
    out = out.reshape(o, oh, ow, n).permute(3, 0, 1, 2)  # (N, O, OH, OW)
    if bias is not None:
        out = out + bias.reshape(o, 1, 1)
    return out if batched else out.squeeze(0)


def check_weight(op: str, x: Tensor, weight: Tensor, bias, groups: int) -> None:
    """Kernels (O, C/groups, kh, kw) that fit the images ``x`` (N, C, H, W), and a bias (O,) or None."""
    if not isinstance(weight, Tensor) or weight.ndim != 4:
        raise ValueError(f"{op}: weight must be a tensor of shape (out_channels, in_channels/groups, kh, kw), "
                         f"got {getattr(weight, 'shape', type(weight).__name__)}")
    o, c = weight.shape[:2]
    if not isinstance(groups, int) or groups < 1 or o % groups:
        raise ValueError(f"{op}: groups={groups!r} must be a positive int that divides out_channels={o}")
    if c * groups != x.shape[1]:
        raise ValueError(
            f"{op}: the weight of shape {weight.shape} expects {c} x {groups} group(s) = {c * groups} input "
            f"channels, but the input of shape {x.shape} has {x.shape[1]} (dimension 1 holds the channels)"
        )
    if bias is not None and (not isinstance(bias, Tensor) or bias.shape != (o,)):
        raise ValueError(f"{op}: bias must have shape ({o},), one number per output channel, "
                         f"got {getattr(bias, 'shape', type(bias).__name__)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.dtype != x.dtype:
            raise TypeError(f"{op}: the input is {x.dtype} but the {name} is {t.dtype}; convert one of them "
                            "(model.double(), or x.float())")


# ------------------------------------------------------------------ pooling
def pool_geometry(op: str, kernel_size, stride, padding, dilation=1) -> tuple:
    """``(kernel, stride, pads, dilation)`` of a pooling layer; the stride defaults to the kernel size."""
    kernel = pair(op, "kernel_size", kernel_size, 1)
    stride = kernel if stride is None or stride == () else pair(op, "stride", stride, 1)
    dilation = pair(op, "dilation", dilation, 1)
    pads = padding_pairs(op, padding, kernel, stride, dilation)
    if any(p > (d * (k - 1) + 1) // 2 for (p, _), k, d in zip(pads, kernel, dilation)):
        raise ValueError(f"{op}: padding {padding!r} should be at most half of the (dilated) kernel size {kernel}; "
                         "a window made mostly of padding has nothing to pool")
    return kernel, stride, pads, dilation


def unsupported(op: str, **options) -> None:
    for name, value in options.items():
        if value:
            raise NotImplementedError(f"{op}: {name}=True is not supported by minitorch; leave it out")


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False) -> Tensor:
    """The largest number in each window of images (N, C, H, W); the stride defaults to the kernel size.

    The windows are ``Im2Col``'s columns, and ``max(dim)`` along a window
    picks one element with ``gather``: its gradient goes to that element
    alone (the first one, on ties). Padding adds -∞, which is never picked.
    PyTorch: ``F.max_pool2d``.
    """
    op = "max_pool2d"
    unsupported(op, ceil_mode=ceil_mode, return_indices=return_indices)
    x, batched = image_batch(op, input)
    kernel, stride, pads, dilation = pool_geometry(op, kernel_size, stride, padding, dilation)
    cols, (oh, ow) = windows(op, x, kernel, stride, pads, dilation, value=-math.inf)
    n, c = x.shape[:2]
    out = cols.reshape(c, -1, oh, ow, n).max(dim=1).values  # (C, kh·kw, OH, OW, N) -> (C, OH, OW, N)
    out = out.permute(3, 0, 1, 2)  # (N, C, OH, OW)
    return out if batched else out.squeeze(0)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """The mean of each window of images (N, C, H, W); the stride defaults to the kernel size.

    Padding adds zeros, which count in the mean unless ``count_include_pad=False``;
    ``divisor_override`` divides each window's sum by that number instead.
    PyTorch: ``F.avg_pool2d``.
    """
    op = "avg_pool2d"
    unsupported(op, ceil_mode=ceil_mode)
    x, batched = image_batch(op, input)
    kernel, stride, pads, dilation = pool_geometry(op, kernel_size, stride, padding)
    cols, (oh, ow) = windows(op, x, kernel, stride, pads, dilation)
    n, c = x.shape[:2]
    window_values = cols.reshape(c, -1, oh, ow, n)  # (C, kh·kw, OH, OW, N)
    if divisor_override is not None:
        out = window_values.sum(dim=1) / divisor_override
    elif count_include_pad:
        out = window_values.mean(dim=1)
    else:  # divide by the number of real pixels in each window: the windows of an image of ones
        ones = full((1, 1) + x.shape[2:], 1.0, dtype=x.dtype, device=x.device)
        counts = windows(op, ones, kernel, stride, pads, dilation)[0].sum(dim=0)  # (OH·OW,)
        out = window_values.sum(dim=1) / counts.reshape(oh, ow, 1)
    out = out.permute(3, 0, 1, 2)  # (C, OH, OW, N) -> (N, C, OH, OW)
    return out if batched else out.squeeze(0)


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Means over windows chosen to give an output of ``output_size`` (OH, OW), whatever the input size.

    Output row ``i`` averages input rows ⌊i·H/OH⌋ to ⌈(i+1)·H/OH⌉ − 1, as
    PyTorch's windows; columns likewise. Averaging rows is a matrix product
    with a matrix A (OH, H) holding 1/(window size) in each window, so the
    whole pooling is ``A_rows @ x @ A_colsᵀ``. ``None`` keeps that size.
    PyTorch: ``F.adaptive_avg_pool2d`` (``output_size=1`` gives global average pooling).
    """
    op = "adaptive_avg_pool2d"
    x, batched = image_batch(op, input)
    wanted = (output_size, output_size) if output_size is None or isinstance(output_size, int) else tuple(output_size)
    wanted = tuple(n if w is None else w for w, n in zip(wanted, x.shape[2:]))
    pair(op, "output_size", wanted, 1)
    rows = averaging_matrix(x.shape[2], wanted[0], x)
    cols = averaging_matrix(x.shape[3], wanted[1], x)
    out = rows @ x @ cols.T
    return out if batched else out.squeeze(0)


def averaging_matrix(n_in: int, n_out: int, like: Tensor) -> Tensor:
    """(n_out, n_in), in ``like``'s dtype and device: row ``i`` averages the inputs ⌊i·n_in/n_out⌋ .. ⌈(i+1)·n_in/n_out⌉ − 1."""
    rows = []
    for i in range(n_out):
        start, end = (i * n_in) // n_out, -((-(i + 1) * n_in) // n_out)
        rows.append([1 / (end - start) if start <= j < end else 0.0 for j in range(n_in)])
    return tensor(rows, dtype=like.dtype, device=like.device)


# ------------------------------------------------------------------ normalisation
def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None, weight: Tensor | None = None,
               bias: Tensor | None = None, training: bool = False, momentum: float = 0.1,
               eps: float = 1e-5) -> Tensor:
    """Normalise each channel (dimension 1) of ``input`` to mean 0 and variance 1, then scale and shift.

    ``y = (x − μ) / √(σ² + ε) · weight + bias``. In training, μ and σ² are the
    batch's own statistics per channel (over the batch and, for images, every
    pixel; σ² without Bessel's correction), and the running estimates move
    towards them: ``running ← (1 − momentum) · running + momentum · batch``,
    where ``running_var`` gets the unbiased σ² · n / (n − 1). In evaluation,
    μ and σ² are the running estimates. PyTorch: ``F.batch_norm``.
    """
    op = "batch_norm"
    check_batch_norm(op, input, running_mean, running_var, training)
    dims = (0,) + tuple(range(2, input.ndim))  # every dimension but the channels
    shape = (1, input.shape[1]) + (1,) * (input.ndim - 2)  # one number per channel, broadcast
    if training:
        mean = input.mean(dim=dims, keepdim=True)
        var = ((input - mean) ** 2).mean(dim=dims, keepdim=True)
        if running_mean is not None:
            update_running_stats(running_mean, running_var, mean, var, input.numel() // input.shape[1], momentum)
    else:
        mean, var = running_mean.reshape(shape), running_var.reshape(shape)
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def update_running_stats(running_mean: Tensor, running_var: Tensor, mean: Tensor, var: Tensor, n: int,
                         momentum: float) -> None:
    """Move the running estimates a step ``momentum`` towards the batch's mean and unbiased variance, in place."""
    with no_grad():
        running_mean.mul_(1 - momentum).add_(mean.reshape(-1), alpha=momentum)
        running_var.mul_(1 - momentum).add_(var.reshape(-1) * (n / (n - 1)), alpha=momentum)


def check_batch_norm(op: str, input, running_mean, running_var, training: bool) -> None:
    if not isinstance(input, Tensor) or input.ndim < 2 or not input.is_floating_point():
        raise ValueError(f"{op}: expected a floating-point input of shape (N, C, ...), got "
                         f"{getattr(input, 'shape', type(input).__name__)}")
    if training and input.numel() // input.shape[1] < 2:
        raise ValueError(
            f"{op}: expected more than 1 value per channel when training, got input of shape {input.shape}: "
            "a batch of one has no variance; use a larger batch, or call model.eval() first"
        )
    if not training and (running_mean is None or running_var is None):
        raise ValueError(f"{op}: in evaluation (training=False) it needs running_mean and running_var")
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is not None and t.shape != (input.shape[1],):
            raise ValueError(f"{op}: {name} has shape {t.shape}, but the input of shape {input.shape} "
                             f"has {input.shape[1]} channels (dimension 1)")


# ------------------------------------------------------------------ dropout
def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the others by 1/(1 − p), in training only.

    The scaling (inverted dropout) keeps every element's expected value, so
    nothing changes at evaluation time, when dropout is the identity. The
    gradient flows through the kept elements, scaled the same way. The mask
    comes from the default generator (``mt.manual_seed``). PyTorch: ``F.dropout``.
    """
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0.0
    keep = (rand(input.shape) >= p).to(input.dtype) / (1 - p)  # 0 or 1/(1 - p) for each element
    return input * keep
