"""The array backend: where minitorch's numbers actually live.

Every op in ``minitorch.ops`` does its array math through ``xp``, the array
namespace chosen here (NumPy). The autograd code never touches it: it only
passes arrays between ops. To run minitorch on another array library with
NumPy's interface (CuPy for a GPU, for example) you would change ``xp`` in
this one file and leave the graph and backward code as they are.
"""

from __future__ import annotations

import numpy as np

#: The array namespace every op computes with.
xp = np

#: The array type the backend produces.
ndarray = np.ndarray


def unbroadcast(grad, like):
    """Sum ``grad`` down to the shape of ``like``, the input it belongs to.

    Broadcasting in the forward pass copies an input along new or size-1
    dimensions; in the backward pass each copy sends back a gradient, and the
    copies' gradients add up. So: sum over the leading dimensions broadcasting
    added, then over the dimensions where ``like`` had size 1.

    ``like`` is the forward input (an array or a Python number). A Python
    number is a constant, so it gets no gradient: the result is ``None``.
    Every op uses this one helper, so broadcasting's backward lives in one place.
    """
    if not isinstance(like, np.ndarray):
        return None
    shape = like.shape
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    ones = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if ones:
        grad = grad.sum(axis=ones, keepdims=True)
    return grad


def as_array(value) -> np.ndarray:
    """Make sure a result is an array, not a NumPy scalar (``0-d`` ops return those)."""
    return value if type(value) is np.ndarray else np.asarray(value)
