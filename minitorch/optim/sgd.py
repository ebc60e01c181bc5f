"""Stochastic gradient descent, with optional momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

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

    def step(self, closure=None):
        """One update of every parameter that has a ``.grad``; returns the closure's loss, if given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            weight_decay, nesterov, maximize = group["weight_decay"], group["nesterov"], group["maximize"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad._data  # (the array itself: `.data` is a property call, and this loop is hot)
                if maximize:
                    g = -g
                if weight_decay != 0:
                    g = g + weight_decay * p.data
                if momentum != 0:
                    state = self.state.setdefault(p, {})
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = g.copy()
                    else:
                        buf *= momentum
                        buf += (1 - dampening) * g
                    g = g + momentum * buf if nesterov else buf
                self._update(p, lr * g)
        return loss
