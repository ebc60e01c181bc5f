"""Stochastic gradient descent, with optional momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, required


class SGD(Optimizer):
    """``p ← p - lr · g``, optionally with momentum; the update of ``torch.optim.SGD``.

    For each parameter ``p`` with gradient ``g``, at step t::

        g ← g + weight_decay · p                        (L2 penalty, if weight_decay ≠ 0)
        b ← g                                     at the first step,
        b ← momentum · b + (1 - dampening) · g    afterwards         (if momentum ≠ 0)
        g ← g + momentum · b   if nesterov, else   g ← b
        p ← p - lr · g

    Args:
        params: parameters or parameter groups (see :class:`Optimizer`).
        lr: learning rate. Required here (PyTorch ≥ 2.2 defaults it to 0.001;
            minitorch asks, because the right value depends on the problem).
        momentum: factor of the running direction ``b`` (0 = plain SGD).
        dampening: how much less each new gradient counts in ``b``.
        weight_decay: L2 penalty coefficient.
        nesterov: look-ahead momentum (needs momentum > 0 and dampening = 0).
        maximize: climb the objective instead of descending it.
    """

    def __init__(self, params, lr=required, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False) -> None:
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize)
        super().__init__(params, defaults)

    def _check_options(self, group: dict) -> None:
        self._check_non_negative("SGD", lr=group["lr"], momentum=group["momentum"], weight_decay=group["weight_decay"])
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("SGD: Nesterov momentum requires a momentum > 0 and zero dampening")

    @no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a ``.grad``; returns the closure's loss, if given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            for p, state in self._params_with_grad(group):
                g = self._gradient(p, group)
                if momentum != 0:
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = g.clone()
                    else:
                        buf.mul_(momentum).add_(g, alpha=1 - dampening)
                    g = g.add(buf, alpha=momentum) if group["nesterov"] else buf
                p.add_(g, alpha=-lr)
        return loss
