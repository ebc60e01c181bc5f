"""Convolution's ops: padding, and ``im2col``, which turns a convolution into one matrix product.

A 2-d convolution slides a small kernel over an image and takes a dot product
at every position. ``Im2Col`` copies the window under the kernel at every
output position into a column, so that all those dot products become one
matrix product of the flattened kernels with the columns::

    images (N, C, H, W)  --Im2Col-->  columns (C·kh·kw, OH·OW·N): one per window
    kernels (O, C·kh·kw) @ columns  =  (O, OH·OW·N): the output (N, O, OH, OW), rearranged

``nn.functional.conv2d`` does exactly that; pooling takes the max or the mean
of each column instead. ``Im2Col`` only copies numbers, so its backward copies
them back: ``Col2Im`` adds each column's gradient into the pixels of its
window (windows overlap, so a pixel's gradients add up). ``Col2Im`` is linear
too, and its own backward is ``Im2Col``: the pair can be differentiated to any
order. Both loop in Python only over the kh·kw kernel offsets, never over
pixels or images: for one offset, a single strided slice of the images holds
that pixel of every window.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import namespace
from ..tensor import unwrap


def output_size(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """How many positions a kernel fits in along one dimension: ⌊(size + padding − d(k − 1) − 1) / s⌋ + 1.

    ``padding`` is the total added on both sides (2p for a padding of p); the
    dilated kernel spans d(k − 1) + 1 pixels.
    """
    return (size + padding - dilation * (kernel - 1) - 1) // stride + 1


def windows(x, kernel_size: tuple, stride: tuple, dilation: tuple):
    """Every kernel window of the images ``x`` (N, C, H, W), as an array of shape (N, C, OH, OW, kh, kw).

    For each of the kh·kw kernel offsets, one strided slice of the images
    holds that pixel of every window; stacking the slices gives the windows.
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
    oh, ow = (output_size(n, k, s, 0, d) for n, k, s, d in zip(x.shape[2:], kernel_size, stride, dilation))
    xp = namespace(x)
    pixels = [x[:, :, i * dh : i * dh + sh * (oh - 1) + 1 : sh, j * dw : j * dw + sw * (ow - 1) + 1 : sw]
              for i in range(kh) for j in range(kw)]  # each (N, C, OH, OW)
    return xp.reshape(xp.stack(pixels, axis=-1), (*x.shape[:2], oh, ow, kh, kw))


class ConstantPad(Function):
    """``a`` with ``value`` added around its last dimensions;  d/da: the gradient with the border cut off.

    ``pads`` holds one ``(before, after)`` pair for each of the last
    ``len(pads)`` dimensions: ``((1, 1), (2, 2))`` adds one row above and
    below, two columns left and right. PyTorch: ``F.pad`` with
    ``mode="constant"`` (its graph node is ``ConstantPadNdBackward``).
    """

    @staticmethod
    def forward(ctx, a, pads, value=0.0):
        ctx.pads = pads
        lead = a.ndim - len(pads)
        shape = a.shape[:lead] + tuple(n + before + after for n, (before, after) in zip(a.shape[lead:], pads))
        x = unwrap(a)
        out = namespace(x).full(shape, value, dtype=x.dtype)
        out[interior(pads, shape)] = x
        return out

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output[interior(ctx.pads, grad_output.shape)]


def interior(pads: tuple, shape: tuple) -> tuple:
    """The index of the part of a padded array of ``shape`` that is not padding."""
    lead = len(shape) - len(pads)
    return (Ellipsis, *(slice(before, n - after) for (before, after), n in zip(pads, shape[lead:])))


class Im2Col(Function):
    """The windows of images ``x`` (N, C, H, W) as the columns of a matrix (C·kh·kw, OH·OW·N).

    Column ``(i, j, n)`` holds the window under output position ``(i, j)`` of
    image ``n`` (the image index last, so the N windows at one position sit
    side by side). Its rows run over channel, kernel row and kernel column,
    the order of a weight ``(O, C, kh, kw)`` flattened to ``(O, C·kh·kw)``: a
    convolution is ``weight @ columns``. Every number is a copy of one pixel,
    so d/dx adds each column's gradient back into its window: ``Col2Im``.
    PyTorch: ``F.unfold``, which keeps the images apart, (N, C·kh·kw, OH·OW)
    (its graph node is ``Im2ColBackward``).
    """

    @staticmethod
    def forward(ctx, x, kernel_size, stride=(1, 1), dilation=(1, 1)):
        ctx.size, ctx.geometry = x.shape[2:], (kernel_size, stride, dilation)
        every = windows(unwrap(x), kernel_size, stride, dilation)  # (N, C, OH, OW, kh, kw)
        n, c, oh, ow, kh, kw = every.shape
        xp = namespace(every)
        return xp.reshape(xp.permute_dims(every, (1, 4, 5, 2, 3, 0)), (c * kh * kw, oh * ow * n))

    @staticmethod
    def backward(ctx, grad_output):
        kernel_size, stride, dilation = ctx.geometry
        return Col2Im.apply(grad_output, image_size=ctx.size, kernel_size=kernel_size,
                            stride=stride, dilation=dilation)


class Col2Im(Function):
    """Columns (C·kh·kw, OH·OW·N) added back into images (N, C, *image_size): the adjoint of ``Im2Col``.

    Each column is a window's worth of numbers; they are added into the
    pixels the window covers, where overlapping windows' numbers sum. The op
    is linear, so d/dcols picks each window's numbers again: ``Im2Col``.
    PyTorch: ``F.fold`` (its graph node is ``Col2ImBackward``).
    """

    @staticmethod
    def forward(ctx, cols, image_size, kernel_size, stride=(1, 1), dilation=(1, 1)):
        ctx.geometry = (kernel_size, stride, dilation)
        (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
        oh, ow = (output_size(n, k, s, 0, d) for n, k, s, d in zip(image_size, kernel_size, stride, dilation))
        xp = namespace(unwrap(cols))
        blocks = xp.reshape(unwrap(cols), (-1, kh, kw, oh, ow, cols.shape[1] // (oh * ow)))  # (C, kh, kw, OH, OW, N)
        images = xp.zeros((blocks.shape[0], *image_size, blocks.shape[5]), dtype=blocks.dtype)  # (C, H, W, N)
        for i in range(kh):  # one strided add per kernel offset, over every window of every image at once
            for j in range(kw):
                images[:, i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                          j * dw : j * dw + sw * (ow - 1) + 1 : sw, :] += blocks[:, i, j, ...]
        return xp.permute_dims(images, (3, 0, 1, 2))

    @staticmethod
    def backward(ctx, grad_output):
        kernel_size, stride, dilation = ctx.geometry
        return Im2Col.apply(grad_output, kernel_size=kernel_size, stride=stride, dilation=dilation)
