"""Adam: per-parameter step sizes from running averages of the gradient and its square."""

from __future__ import annotations

import math

from ..autograd.grad_mode import no_grad
from ..creation import where, zeros_like
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adaptive moment estimation; the update of ``torch.optim.Adam``.

    For each parameter ``p`` with gradient ``g``, at step t = 1, 2, ...::

        g  ← g + weight_decay · p                 (L2 penalty, if weight_decay ≠ 0)
        m  ← β1 · m + (1 - β1) · g                (running mean of g, starts at 0)
        v  ← β2 · v + (1 - β2) · g²               (running mean of g², starts at 0)
        m̂  = m / (1 - β1ᵗ),   v̂ = v / (1 - β2ᵗ)    (bias correction: m and v start at 0)
        p  ← p - lr · m̂ / (√v̂ + eps)

    With ``amsgrad=True`` the largest ``v`` seen so far replaces ``v``.
    Computed as PyTorch does: ``p -= (lr / (1 - β1ᵗ)) · m / (√v / √(1 - β2ᵗ) + eps)``.
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, maximize: bool = False) -> None:
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize)
        super().__init__(params, defaults)

    def _check_options(self, group: dict) -> None:
        self._check_non_negative("Adam", lr=group["lr"], eps=group["eps"], weight_decay=group["weight_decay"])
        if len(group["betas"]) != 2:
            raise ValueError(f"Adam: betas must be a pair (beta1, beta2), got {group['betas']!r}")
        for i, beta in enumerate(group["betas"]):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Adam: invalid beta parameter at index {i}: {beta} (it must be in [0, 1))")

    @no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a ``.grad``; returns the closure's loss, if given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
            for p, state in self._params_with_grad(group):
                g = self._gradient(p, group)
                if not state:
                    state["step"] = 0
                    state["exp_avg"], state["exp_avg_sq"] = zeros_like(p), zeros_like(p)
                    if group["amsgrad"]:
                        state["max_exp_avg_sq"] = zeros_like(p)
                state["step"] += 1
                t = state["step"]
                m, v = state["exp_avg"], state["exp_avg_sq"]
                m += (1 - beta1) * (g - m)
                v *= beta2
                v += (1 - beta2) * g * g
                if group["amsgrad"]:
                    v_max = state["max_exp_avg_sq"]
                    v_max.copy_(where(v > v_max, v, v_max))
                    v = v_max
                step_size = lr / (1 - beta1**t)
                denom = v.sqrt() / math.sqrt(1 - beta2**t) + eps
                p.add_(m / denom, alpha=-step_size)
        return loss
