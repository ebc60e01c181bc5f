"""Training plots with matplotlib: loss curves, decision boundaries, predictions.

Small helpers, not a framework: each draws one kind of figure and returns the
matplotlib ``Figure`` (shown once in Jupyter; in a script, ``fig.savefig("loss.png")``).
Pass ``ax=`` to draw into an axes of your own figure instead. Backgrounds are
white so the plots read in a notebook's dark mode too. matplotlib is imported
only when a helper is called.
"""

from __future__ import annotations

import math

import numpy as np

from ..autograd import no_grad
from ..tensor import Tensor

# Class colours: strong for points, light for the regions they fall in.
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def plot_losses(train, test=None, *, ax=None, title: str = "Loss", xlabel: str = "epoch",
                ylabel: str = "loss", logy: bool = False):
    """Loss curves: ``train`` (and ``test``) against the epoch (or step).

    Args:
        train: the training losses, one per epoch (or step): numbers or one-element tensors.
        test: optional test losses. With fewer values than ``train`` (say one
            per epoch while ``train`` has one per step) they are spread evenly
            over the same x range, the last one at the end of training.
        ax: draw into this matplotlib axes instead of a new figure.
        title, xlabel, ylabel: the texts of the plot.
        logy: a logarithmic y axis (losses that fall over orders of magnitude).

    Returns:
        The matplotlib ``Figure``.
    """
    train = _values(train, "train")
    fig, ax = _figure(ax, (5.5, 3.5))
    steps = np.arange(1, len(train) + 1)
    ax.plot(steps, train, color=_COLORS[0], label="train")
    if test is not None:
        test = _values(test, "test")
        at = np.arange(1, len(test) + 1) * (len(train) / max(len(test), 1))
        ax.plot(at, test, color=_COLORS[1], marker="o" if len(test) < 30 else None, markersize=3, label="test")
        ax.legend()
    if logy:
        ax.set_yscale("log")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(alpha=0.3)
    return fig


def plot_decision_boundary(model, X, y, *, ax=None, resolution: int = 200, threshold: float = 0.0,
                           title: str = "Decision boundary"):
    """The regions of the plane a 2-D classifier gives to each class, with the data points.

    ``model`` is called once, under ``mt.no_grad()``, on a ``(resolution², 2)``
    tensor of grid points (dtype of ``X``, or the default float dtype). Its output is read as:

    * ``(N, C)`` with ``C ≥ 2``: logits or probabilities; the class is the argmax.
    * ``(N, 1)`` or ``(N,)``: one score per point; class 1 where it is ``> threshold``.
      The default ``threshold=0.0`` suits a logit (a model without a final
      sigmoid, as with ``BCEWithLogitsLoss``); pass ``threshold=0.5`` when the
      model ends with a sigmoid.

    Args:
        model: any callable from an ``(N, 2)`` tensor to the outputs above (a Module, a function).
        X: the points, ``(N, 2)``; y: their classes ``0 .. C-1``, ``(N,)``. Tensors or arrays.
        ax: draw into this matplotlib axes instead of a new figure.
        resolution: grid points per axis.
        threshold: see above.
        title: the title; the accuracy on ``X`` is appended.

    Returns:
        The matplotlib ``Figure``.
    """
    points, labels = _array(X), _array(y).reshape(-1).astype(np.int64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary: X must have shape (N, 2), got {points.shape}")
    if len(labels) != len(points):
        raise ValueError(f"plot_decision_boundary: y has {len(labels)} labels for {len(points)} points in X")
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = np.where(hi > lo, 0.1 * (hi - lo), 0.5)
    xs, ys = np.meshgrid(*(np.linspace(lo[i] - pad[i], hi[i] + pad[i], resolution) for i in range(2)))
    dtype = points.dtype if points.dtype.kind == "f" else Tensor(0.0).dtype.np
    grid = np.stack([xs.ravel(), ys.ravel()], axis=1).astype(dtype)
    regions = _classes(model, grid, threshold).reshape(xs.shape)
    accuracy = float((_classes(model, points.astype(dtype), threshold) == labels).mean())

    from matplotlib.colors import ListedColormap

    n = int(max(labels.max(initial=0), regions.max()) + 1)
    colors = [_COLORS[k % len(_COLORS)] for k in range(n)]
    fig, ax = _figure(ax, (4.5, 4.0))
    levels = np.arange(n + 1) - 0.5
    ax.contourf(xs, ys, regions, levels=levels, cmap=ListedColormap(colors), alpha=0.25)
    if len(np.unique(regions)) > 1:
        ax.contour(xs, ys, regions, levels=levels[1:-1], colors="black", linewidths=0.8)
    for k in np.unique(labels):
        mine = labels == k
        ax.scatter(points[mine, 0], points[mine, 1], s=18, color=colors[k], edgecolors="black",
                   linewidths=0.4, label=f"class {k}")
    ax.legend(loc="best", fontsize="small")
    ax.set(title=f"{title} (accuracy {accuracy:.1%})", xlabel="$x_1$", ylabel="$x_2$")
    return fig


def plot_predictions(images, predicted, labels=None, *, image_shape=None, ncols: int = 8,
                     max_images: int = 32, class_names=None, title: str = "Predictions"):
    """A grid of images, each titled with its predicted class (and the true one, in red when wrong).

    Args:
        images: ``(N, H, W)``, ``(N, 1, H, W)`` or flat ``(N, H*W)`` (square, or give ``image_shape``).
        predicted: the predicted classes ``(N,)``, or the model's outputs ``(N, C)`` (argmax is taken).
        labels: the true classes ``(N,)``, optional.
        image_shape: ``(H, W)`` for flat images that are not square.
        ncols, max_images: the grid's width, and how many images to show.
        class_names: names to show instead of class numbers.
        title: the figure's title; with ``labels`` the count of correct ones is appended.

    Returns:
        The matplotlib ``Figure``.
    """
    imgs, pred = _array(images), _array(predicted)
    if pred.ndim == 2:
        pred = pred.argmax(axis=1)
    n = min(len(imgs), max_images)
    if len(pred) < n:
        raise ValueError(f"plot_predictions: {len(pred)} predictions for {len(imgs)} images")
    imgs, pred = imgs[:n], pred[:n].astype(np.int64)
    if image_shape is None and imgs.ndim == 2:
        side = math.isqrt(imgs.shape[1])
        if side * side != imgs.shape[1]:
            raise ValueError(f"plot_predictions: flat images of {imgs.shape[1]} pixels are not square; pass image_shape=(H, W)")
        image_shape = (side, side)
    if image_shape is not None:
        imgs = imgs.reshape(n, *image_shape)
    if imgs.ndim == 4 and imgs.shape[1] == 1:
        imgs = imgs[:, 0]
    true = None if labels is None else _array(labels).reshape(-1)[:n].astype(np.int64)

    def name(k) -> str:
        return str(class_names[k]) if class_names is not None else str(k)

    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig = _new_figure((1.1 * ncols, 1.35 * nrows + 0.4))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(imgs[i], cmap="gray_r")
        if true is None:
            ax.set_title(name(pred[i]), fontsize=9)
        else:
            right = pred[i] == true[i]
            text = name(pred[i]) if right else f"{name(pred[i])} ({name(true[i])})"
            ax.set_title(text, fontsize=9, color="black" if right else "#d62728")
    if true is not None:
        title += f": {int((pred == true).sum())}/{n} right (wrong ones in red, true class in brackets)"
    fig.suptitle(title, fontsize=10)
    return fig


def _figure(ax, size):
    """``ax`` and its figure, or a new figure with one axes; white backgrounds either way."""
    if ax is None:
        fig = _new_figure(size)
        ax = fig.add_subplot()
    fig = ax.figure
    fig.patch.set_facecolor("white")
    ax.set_facecolor("white")
    return fig, ax


def _new_figure(size):
    import matplotlib.pyplot as plt  # in Jupyter, this sets up the display of figures

    fig = plt.figure(figsize=size, facecolor="white", layout="constrained")
    # Closed, pyplot forgets it: Jupyter shows the returned figure once (not again
    # at the end of the cell) and a loop of plots leaves no figures open.
    plt.close(fig)
    return fig


def _classes(model, points: np.ndarray, threshold: float) -> np.ndarray:
    with no_grad():
        out = model(Tensor(points))
    out = _array(out)
    if out.ndim == 2 and out.shape[1] >= 2:
        return out.argmax(axis=1)
    if out.size != len(points):
        raise ValueError(
            f"plot_decision_boundary: the model gave outputs of shape {out.shape} for {len(points)} "
            "points; expected (N, C) logits, or (N, 1) / (N,) scores"
        )
    return (out.reshape(-1) > threshold).astype(np.int64)


def _array(x) -> np.ndarray:
    return np.asarray(x.detach().cpu().numpy() if isinstance(x, Tensor) else x)


def _values(seq, what: str) -> np.ndarray:
    try:
        return np.array([float(v) for v in seq], dtype=np.float64)
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(f"plot_losses: {what} must be a sequence of numbers (e.g. loss.item() per epoch): {err}") from None
