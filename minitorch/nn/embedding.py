"""``Embedding``: a table of learned vectors, one per token, looked up by index; as ``torch.nn.Embedding``.

Looking up rows is indexing (``weight[indices]``), so the gradient of each row
is the sum of the gradients of the places it was used: indexing's backward
adds them up. A language model of Karpathy's makemore lectures starts with one
(``C[X]``).
"""

from __future__ import annotations

from .. import dtypes as _dtypes
from ..autograd.grad_mode import no_grad
from ..creation import empty
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Rows of ``weight`` picked by the integer tensor ``input``: shape ``input.shape + (dim,)``.

    A row ``padding_idx`` gets no gradient, as in PyTorch. PyTorch: ``F.embedding``.
    """
    if not isinstance(input, Tensor) or input.dtype.np.kind not in "iu":
        kind = input.dtype if isinstance(input, Tensor) else type(input).__name__
        raise TypeError(f"embedding: the indices must be an integer tensor (int64), got {kind}; use .long()")
    n = weight.shape[0]
    if input.numel() and (int(input.min()) < 0 or int(input.max()) >= n):
        bad = int(input.min()) if int(input.min()) < 0 else int(input.max())
        raise IndexError(f"embedding: index {bad} is out of range for a table of {n} rows (0 to {n - 1})")
    rows = weight[input]
    if padding_idx is not None and weight.requires_grad:
        keep = (input != padding_idx).unsqueeze(-1).to(weight.dtype)
        rows = rows * keep + rows.detach() * (1 - keep)  # the same values; no gradient at padding_idx
    return rows


class Embedding(Module):
    """A table of ``num_embeddings`` vectors of size ``embedding_dim``, looked up by index.

    The weights start standard normal, as in PyTorch (the row ``padding_idx``,
    if given, at zero).
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 device=None, dtype=None) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None and padding_idx < 0:
            padding_idx += num_embeddings
        self.padding_idx = padding_idx
        np_dtype = _dtypes.to_numpy(dtype) if dtype is not None else _dtypes.get_default_dtype().np
        self.weight = Parameter(empty((num_embeddings, embedding_dim), dtype=np_dtype, device=device))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    def forward(self, input):
        return embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        pad = "" if self.padding_idx is None else f", padding_idx={self.padding_idx}"
        return f"{self.num_embeddings}, {self.embedding_dim}{pad}"
