"""RMSprop: divide each gradient by a running root-mean-square of its recent values."""

from __future__ import annotations

from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from .optimizer import Optimizer


class RMSprop(Optimizer):
    """Root-mean-square propagation; the update of ``torch.optim.RMSprop``.

    For each parameter ``p`` with gradient ``g``::

        g  ← g + weight_decay · p                 (L2 penalty, if weight_decay ≠ 0)
        v  ← α · v + (1 - α) · g²                 (running mean of g², starts at 0)
        d  = √v + eps                             (centered: √(v - ḡ²) + eps with
                                                   ḡ ← α · ḡ + (1 - α) · g)
        b  ← momentum · b + g / d,  p ← p - lr · b   if momentum > 0 (b starts at 0)
        p  ← p - lr · g / d                          otherwise
    """

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False, *,
                 maximize: bool = False) -> None:
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                        centered=centered, maximize=maximize)
        super().__init__(params, defaults)

    def _check_options(self, group: dict) -> None:
        self._check_non_negative("RMSprop", lr=group["lr"], alpha=group["alpha"], eps=group["eps"],
                                 weight_decay=group["weight_decay"], momentum=group["momentum"])

    @no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a ``.grad``; returns the closure's loss, if given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, alpha, eps, momentum = group["lr"], group["alpha"], group["eps"], group["momentum"]
            for p, state in self._params_with_grad(group):
                g = self._gradient(p, group)
                if not state:
                    state["step"] = 0
                    state["square_avg"] = zeros_like(p)
                    if momentum > 0:
                        state["momentum_buffer"] = zeros_like(p)
                    if group["centered"]:
                        state["grad_avg"] = zeros_like(p)
                state["step"] += 1
                v = state["square_avg"]
                v *= alpha
                v += (1 - alpha) * g * g
                if group["centered"]:
                    g_avg = state["grad_avg"]
                    g_avg += (1 - alpha) * (g - g_avg)
                    denom = (v - g_avg * g_avg).sqrt() + eps
                else:
                    denom = v.sqrt() + eps
                if momentum > 0:
                    buf = state["momentum_buffer"]
                    buf *= momentum
                    buf += g / denom
                    p.add_(buf, alpha=-lr)
                else:
                    p.add_(g / denom, alpha=-lr)
        return loss
