"""Automatic differentiation: the graph, ``backward()``, and tools to check it.

* :class:`Function` / :class:`Context` (``function.py``): how an op computes and records itself.
* ``engine.py``: the topological sort and the backward pass.
* ``grad_mode.py``: ``no_grad`` and friends.
* :func:`gradcheck` (``gradcheck.py``): numerical proof that a backward is right.
"""

from .function import Context, Function
from .gradcheck import GradcheckError, gradcheck
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool = False):
    """Gradients of ``outputs`` with respect to ``inputs``, returned instead of stored in ``.grad``."""
    from ..tensor import Tensor

    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    saved = [x.grad for x in inputs]
    for x in inputs:
        x.grad = None
    try:
        outputs.backward(grad_outputs, retain_graph=retain_graph)
        return tuple(x.grad for x in inputs)
    finally:
        for x, g in zip(inputs, saved):
            x.grad = g


__all__ = [
    "Context", "Function", "GradcheckError", "gradcheck", "grad",
    "enable_grad", "is_grad_enabled", "no_grad", "set_grad_enabled",
]
