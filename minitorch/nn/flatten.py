"""``Flatten``: merge dimensions into one, e.g. images (N, 1, 28, 28) into rows (N, 784)."""

from __future__ import annotations

from .module import Module


class Flatten(Module):
    """Flatten dimensions ``start_dim`` to ``end_dim``; the default keeps the batch dimension 0."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
