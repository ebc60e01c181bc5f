"""``Parameter``: a tensor that a module learns.

A Parameter is an ordinary :class:`~minitorch.Tensor` with two differences:
it requires grad by default, and assigning one to an attribute of a
:class:`~minitorch.nn.Module` registers it, so ``module.parameters()`` finds
it and an optimizer can update it. Like ``torch.nn.Parameter``.
"""

from __future__ import annotations

from .. import dtypes as _dtypes
from ..tensor import Tensor, to_array


class Parameter(Tensor):
    """A learnable tensor: a leaf that requires grad, registered by modules.

    Args:
        data: the initial values. A tensor's array is shared, not copied (as in
            PyTorch); other data (lists, arrays, numbers) is copied.
        requires_grad: whether it takes part in backward (default ``True``).

    Example::

        w = mt.nn.Parameter(mt.randn(3, 2))
        w.requires_grad, w.is_leaf  # (True, True)
    """

    __slots__ = ()

    def __init__(self, data=None, requires_grad: bool = True) -> None:
        if data is None:
            array = to_array([], None)
        elif isinstance(data, Tensor):
            array = data._data
        else:
            array = to_array(data, None)
        if requires_grad and not _dtypes.from_native(array.dtype).is_floating_point:
            raise RuntimeError(
                f"Parameter: only floating-point tensors can require gradients, but the data is "
                f"{_dtypes.from_native(array.dtype)}; use float data, or requires_grad=False"
            )
        super().__init__(array, requires_grad=bool(requires_grad))

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
