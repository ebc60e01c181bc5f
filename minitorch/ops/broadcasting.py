"""Broadcasting's backward: one helper, used by every op that broadcasts."""

from __future__ import annotations


def unbroadcast(grad, shape: tuple):
    """Sum the gradient tensor ``grad`` down to ``shape``, the shape of the input it belongs to.

    Broadcasting in the forward pass copies an input along new or size-1
    dimensions; in the backward pass each copy sends back a gradient, and the
    copies' gradients add up. So: sum over the leading dimensions broadcasting
    added, then over the dimensions where the input had size 1. The sums are
    tensor operations, so this step is differentiable too.
    """
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(dim=tuple(range(extra)))
    ones = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if ones:
        grad = grad.sum(dim=ones, keepdim=True)
    return grad
