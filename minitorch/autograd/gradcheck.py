"""``gradcheck``: compare backward's gradients with central differences.

For every element x_i of every input that requires grad, the numerical
derivative of every output element is ``(f(x + ε e_i) - f(x - ε e_i)) / 2ε``.
Backward gives the same Jacobian one output element at a time. They must agree
to ``atol + rtol · |numerical|``. Inputs must be float64: float32 rounding is
larger than the differences being measured.
"""

from __future__ import annotations

import numpy as np

from ..backend import namespace, to_numpy
from ..device import move_to



class GradcheckError(AssertionError):
    """The analytical and numerical gradients disagree (or gradcheck was misused)."""


def _outputs(fn, inputs) -> list:
    out = fn(*inputs)
    return list(out) if isinstance(out, (tuple, list)) else [out]


def gradcheck(fn, inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3, raise_exception: bool = True) -> bool:
    """Check ``fn``'s gradients with respect to every input that requires grad.

    Returns True when they agree; otherwise raises :class:`GradcheckError`
    naming the input, the element, and both values (or returns False with
    ``raise_exception=False``). Like ``torch.autograd.gradcheck``.
    """
    from ..tensor import Tensor, unwrap

    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    wrt = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not wrt:
        raise GradcheckError("gradcheck: no input requires grad; create them with requires_grad=True")
    for i in wrt:
        if inputs[i].dtype != np.float64:
            raise GradcheckError(
                f"gradcheck: input {i} is {inputs[i].dtype}; use float64 (tensor.double()) "
                "so rounding errors don't swamp the finite differences"
            )

    outputs = _outputs(fn, inputs)
    for k, out in enumerate(outputs):
        # Analytical Jacobian: one backward per output element, through one graph.
        analytical = {i: np.zeros((out.numel(), inputs[i].numel())) for i in wrt}
        for j in range(out.numel() if out.requires_grad else 0):  # else: all zeros
            for i in wrt:
                inputs[i].grad = None
            seed = np.zeros(out.shape)
            seed.flat[j] = 1.0
            out.backward(gradient=Tensor(seed).to(out.device), retain_graph=True)
            for i in wrt:
                grad = inputs[i].grad
                if grad is not None:
                    analytical[i][j] = grad.detach().cpu().numpy().reshape(-1)
        # Numerical Jacobian: central differences, element by element.
        for i in wrt:
            x = inputs[i]
            original = x._data  # the input's values are replaced, element by element, then put back
            values = to_numpy(original).reshape(-1)
            for e in range(values.size):
                x._data = perturbed(values, e, eps, original)  # (recording stays on: fn may itself differentiate)
                plus = to_numpy(unwrap(_outputs(fn, inputs)[k])).astype(np.float64).reshape(-1)
                x._data = perturbed(values, e, -eps, original)
                minus = to_numpy(unwrap(_outputs(fn, inputs)[k])).astype(np.float64).reshape(-1)
                x._data = original
                numerical = (plus - minus) / (2 * eps)
                got = analytical[i][:, e]
                bad = np.abs(got - numerical) > atol + rtol * np.abs(numerical)
                if bad.any():
                    j = int(np.argmax(bad))
                    where = np.unravel_index(e, x.shape) if x.ndim else ()
                    msg = (
                        f"gradcheck: gradient of output {k}"
                        + (f" element {tuple(int(i) for i in np.unravel_index(j, out.shape))}" if out.ndim else "")
                        + f" with respect to input {i} element {tuple(int(w) for w in where)}: "
                        f"numerical {numerical[j]:.6g}, analytical {got[j]:.6g}"
                    )
                    if raise_exception:
                        raise GradcheckError(msg)
                    return False
    for i in wrt:
        inputs[i].grad = None
    return True


def perturbed(values: np.ndarray, e: int, step: float, like):
    """``values`` with element ``e`` moved by ``step``, as an array of ``like``'s shape and library."""
    changed = values.copy()
    changed[e] += step
    return move_to(changed.reshape(like.shape), namespace(like))


def gradgradcheck(fn, inputs, grad_outputs=None, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  raise_exception: bool = True) -> bool:
    """Check the second derivatives of ``fn``: ``gradcheck`` of its gradients.

    The gradients ``v · ∂fn/∂x`` (for random weights ``v``, or ``grad_outputs``)
    are computed with ``create_graph=True``, so they are functions of the inputs
    and of ``v`` with a graph of their own; ``gradcheck`` then compares that
    graph's backward with central differences. Like ``torch.autograd.gradgradcheck``.
    """
    from ..tensor import Tensor
    from . import grad

    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    outputs = _outputs(fn, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = [Tensor(rng.standard_normal(out.shape)).to(out.device).requires_grad_() for out in outputs]
    wrt = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    n = len(inputs)

    def first_derivatives(*args):
        pairs = [(out, v) for out, v in zip(_outputs(fn, args[:n]), args[n:]) if out.requires_grad]
        outs, weights = [out for out, _ in pairs], [v for _, v in pairs]
        chosen = [args[i] for i in wrt]
        if not outs:
            return tuple(Tensor(np.zeros(x.shape)).to(x.device) for x in chosen)
        grads = grad(outs, chosen, weights, create_graph=True, allow_unused=True)
        return tuple(Tensor(np.zeros(x.shape)).to(x.device) if g is None else g for g, x in zip(grads, chosen))

    return gradcheck(first_derivatives, list(inputs) + list(grad_outputs), eps, atol, rtol, raise_exception)
