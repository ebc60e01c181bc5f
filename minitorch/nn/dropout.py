"""``Dropout``: during training, zero a random part of the activations, so no unit can rely on another."""

from __future__ import annotations

from .functional_images import dropout
from .module import Module


class Dropout(Module):
    """Zero each element with probability ``p`` in training, scaling the rest by 1/(1 − p), as ``torch.nn.Dropout``.

    After ``model.eval()`` it returns its input unchanged. A new random mask
    is drawn at every call, from the default generator.
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
