"""``Flatten``: merge dimensions into one, e.g. images (N, 1, 28, 28) into rows (N, 784); ``Unflatten`` splits one."""

from __future__ import annotations

from ..tensor import normalize_dim
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


class Unflatten(Module):
    """Split dimension ``dim`` into ``unflattened_size``, e.g. rows (N, 64) into images (N, 1, 8, 8).

    The inverse of :class:`Flatten`, as ``torch.nn.Unflatten``.
    """

    def __init__(self, dim: int, unflattened_size) -> None:
        super().__init__()
        self.dim = dim
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, input):
        d = normalize_dim(self.dim, input.ndim, "Unflatten")
        return input.reshape(input.shape[:d] + self.unflattened_size + input.shape[d + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
