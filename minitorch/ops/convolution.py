"""Convolution's ops: padding, and ``im2col``, which turns a convolution into one matrix product.

A 2-d convolution slides a small kernel over an image and takes a dot product
at every position. ``Im2Col`` copies the window under the kernel at every
output position into a column, so that all those dot products become one
matrix product of the flattened kernels with the columns::

    (N, C, H, W) --Im2Col--> (N, C·kh·kw, OH·OW) --weights (O, C·kh·kw) @--> (N, O, OH·OW)

``nn.functional.conv2d`` does exactly that; pooling takes the max or the mean
of each column instead. ``Im2Col`` only copies numbers, so its backward copies
them back: ``Col2Im`` adds each column's gradient into the pixels of its
window (windows overlap, so a pixel's gradients add up). ``Col2Im`` is linear
too, and its own backward is ``Im2Col``: the pair can be differentiated to any
order. Windows are read with NumPy's ``sliding_window_view``, which makes a
view of every window without copying; the only Python loop, in ``Col2Im``,
runs over the kh·kw kernel offsets, never over pixels or images.
"""

from __future__ import annotations

from numpy.lib.stride_tricks import sliding_window_view

from ..autograd.function import Function
from ..backend import xp
from ..tensor import unwrap


def window_view(x, kernel_size: tuple, stride: tuple, dilation: tuple):
    """Every kernel window of the images ``x`` (N, C, H, W), as a view of shape (N, C, OH, OW, kh, kw).

    ``sliding_window_view`` gives the windows at every position, each as wide
    as the dilated kernel; slicing keeps every ``stride``-th position and every
    ``dilation``-th pixel of each window. Nothing is copied.
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
    span = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)  # the dilated kernel's height and width
    windows = sliding_window_view(x, span, axis=(2, 3))
    return windows[:, :, ::sh, ::sw, ::dh, ::dw]


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
        widths = ((0, 0),) * (a.ndim - len(pads)) + tuple(pads)
        return xp.pad(unwrap(a), widths, constant_values=value)

    @staticmethod
    def backward(ctx, grad_output):
        lead = grad_output.ndim - len(ctx.pads)
        inside = [slice(before, n - after) for (before, after), n in zip(ctx.pads, grad_output.shape[lead:])]
        return grad_output[(Ellipsis, *inside)]


class Im2Col(Function):
    """The windows of images ``x`` (N, C, H, W) as the columns of (N, C·kh·kw, OH·OW).

    Column ``l`` holds the window of output position ``l`` (row by row over
    the OH × OW positions); its rows run over channel, kernel row and kernel
    column, the order of a weight ``(O, C, kh, kw)`` flattened. Every number
    is a copy of one pixel, so d/dx adds each column's gradient back into
    its window: ``Col2Im``. PyTorch: ``F.unfold`` (its graph node is
    ``Im2ColBackward``).
    """

    @staticmethod
    def forward(ctx, x, kernel_size, stride=(1, 1), dilation=(1, 1)):
        ctx.size, ctx.geometry = x.shape[2:], (kernel_size, stride, dilation)
        windows = window_view(unwrap(x), kernel_size, stride, dilation)  # (N, C, OH, OW, kh, kw)
        n, c, oh, ow, kh, kw = windows.shape
        return windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, oh * ow)

    @staticmethod
    def backward(ctx, grad_output):
        kernel_size, stride, dilation = ctx.geometry
        return Col2Im.apply(grad_output, output_size=ctx.size, kernel_size=kernel_size,
                            stride=stride, dilation=dilation)


class Col2Im(Function):
    """Columns (N, C·kh·kw, OH·OW) added back into images (N, C, H, W): the adjoint of ``Im2Col``.

    Each column is a window's worth of numbers; they are added into the
    pixels the window covers, where overlapping windows' numbers sum. The op
    is linear, so d/dcols picks each window's numbers again: ``Im2Col``.
    PyTorch: ``F.fold`` (its graph node is ``Col2ImBackward``).
    """

    @staticmethod
    def forward(ctx, cols, output_size, kernel_size, stride=(1, 1), dilation=(1, 1)):
        ctx.geometry = (kernel_size, stride, dilation)
        (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
        n, rows, _ = cols.shape
        images = xp.zeros((n, rows // (kh * kw), *output_size), dtype=cols.dtype.np)
        windows = window_view(images, kernel_size, stride, dilation)  # to read OH and OW
        oh, ow = windows.shape[2:4]
        blocks = unwrap(cols).reshape(n, -1, kh, kw, oh, ow)
        for i in range(kh):  # one strided add per kernel offset, over every image and window at once
            for j in range(kw):
                images[:, :, i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                             j * dw : j * dw + sw * (ow - 1) + 1 : sw] += blocks[:, :, i, j]
        return images

    @staticmethod
    def backward(ctx, grad_output):
        kernel_size, stride, dilation = ctx.geometry
        return Im2Col.apply(grad_output, kernel_size=kernel_size, stride=stride, dilation=dilation)
