"""Automatic differentiation: the graph, ``backward()``, and tools to check it.

* :class:`Function` / :class:`Context` (``function.py``): how an op computes and records itself.
* ``engine.py``: the topological sort and the backward pass.
* ``grad_mode.py``: ``no_grad`` and friends.
* :func:`grad`: gradients returned instead of stored in ``.grad`` (``create_graph=True``: differentiable).
* :func:`gradcheck`, :func:`gradgradcheck` (``gradcheck.py``): numerical proof that a backward,
  and the backward of a backward, are right.
"""

from .engine import run_backward
from .function import Context, Function
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph: bool = False,
         allow_unused: bool = False) -> tuple:
    """Gradients of ``outputs`` with respect to ``inputs``, returned; no ``.grad`` is touched.

    ``grad_outputs`` weights each output (needed for outputs that are not a
    single number), as the ``gradient`` of ``backward``. With
    ``create_graph=True`` the gradients have a graph of their own, so they can
    be differentiated again. Like ``torch.autograd.grad``.
    """
    from ..tensor import Tensor, _initial_gradient

    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if grad_outputs is None or isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs] * len(outputs)
    for i, out in enumerate(outputs):
        if not out.requires_grad:
            raise RuntimeError(f"grad: output {i} does not require grad and has no grad_fn, so it has no graph")
    for i, x in enumerate(inputs):
        if not x.requires_grad:
            raise RuntimeError(f"grad: input {i} does not require grad; create it with requires_grad=True")
    grad_outputs = [_initial_gradient("grad", out, g) for out, g in zip(outputs, grad_outputs)]
    retain_graph = create_graph if retain_graph is None else retain_graph
    found = run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=inputs)
    result = tuple(found.get(x) for x in inputs)
    for i, g in enumerate(result):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {i} was not used to compute the outputs, so it has no gradient; "
                "pass allow_unused=True to get None for it"
            )
    return result


__all__ = [
    "Context", "Function", "GradcheckError", "gradcheck", "gradgradcheck", "grad",
    "enable_grad", "is_grad_enabled", "no_grad", "set_grad_enabled",
]
