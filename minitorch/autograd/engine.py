"""``backward()``: walk the graph from the output back to the leaves.

1. Sort the graph's nodes so that each comes after every node that uses its
   output (a topological order, found without recursion so a 10,000-op chain
   works).
2. Start with d(output)/d(output) = 1, then visit nodes in that order: each
   node's ``backward`` turns the gradient of its output into gradients of its
   inputs (the chain rule). A value used twice receives two gradients; they add.
3. Leaves (tensors created by the user with ``requires_grad=True``) keep theirs
   in ``.grad``, added to what is already there, as in PyTorch.
"""

from __future__ import annotations

from operator import attrgetter

from ..backend import as_array, ndarray, xp
from . import function
from .function import _FREED, Context


_created_at = attrgetter("created_at")


def topological_order(root: Context) -> list:
    """Nodes reachable from ``root``, newest first: each listed before the nodes that made its inputs.

    No search for an order is needed: an op's inputs exist before the op runs,
    so the clock reading ``created_at`` of a node is larger than that of every
    node it depends on. Collect the nodes, sort them newest first, and every
    node comes after all the nodes that use its output.
    """
    found, stack = {root}, [root]
    while stack:
        for x in stack.pop().inputs:
            if isinstance(x, Tensor):
                child = x.grad_fn
                if child is not None and child not in found:
                    found.add(child)
                    stack.append(child)
    return sorted(found, key=_created_at, reverse=True)


def run_backward(tensor, gradient, retain_graph: bool = False) -> None:
    """Accumulate d(tensor)/d(leaf) into every leaf's ``.grad``; see ``Tensor.backward``."""
    root = tensor.grad_fn
    if root is None:  # backward() on a leaf: its gradient with respect to itself
        _accumulate(tensor, gradient, owned=False)
        return

    order = topological_order(root)
    # Anything changed in place since the oldest node was made? Then check every node's inputs.
    check_inplace = function.last_inplace > order[-1].created_at
    grads = {root: gradient}
    stored = set()  # ids of the arrays stored as a leaf's .grad during this pass
    for node in order:
        grad = grads.pop(node, None)
        if grad is None:
            continue
        if check_inplace:
            _check_inputs_unchanged(node)
        if node._retained is not None:
            kept = node._retained()
            if kept is not None:
                _accumulate(kept, grad, owned=False)
        try:
            input_grads = node.fn.backward(node, grad)
        except (ValueError, IndexError) as err:
            shapes = ", ".join(str(tuple(x.shape)) for x in node.inputs if hasattr(x, "shape"))
            raise RuntimeError(
                f"{node.name()}: backward failed for inputs of shape {shapes} and an "
                f"output gradient of shape {grad.shape}: {err}"
            ) from err
        if type(input_grads) is not tuple:
            input_grads = (input_grads,)
        if len(input_grads) != len(node.inputs):
            raise RuntimeError(
                f"{node.name()}: backward returned {len(input_grads)} gradient(s) "
                f"but the op had {len(node.inputs)} input(s); return one per input (None for a constant)"
            )
        for x, needed, g in zip(node.inputs, node.needs_input_grad, input_grads):
            if not needed or g is None:
                continue
            data = x._data
            if type(g) is not ndarray or g.shape != data.shape or g.dtype is not data.dtype:
                g = _conform(node, g, data)
            source = x.grad_fn
            if source is None:  # a leaf: add to its .grad
                # Store the array itself when nobody else holds it (it is not the
                # incoming gradient, nor a view, nor already stored), else a copy.
                owned = g is not grad and g.base is None and id(g) not in stored
                stored.add(id(g))
                _accumulate(x, g, owned and _not_an_input(g, node))
            elif source in grads:  # a second gradient for the same value: they add
                grads[source] = grads[source] + g
            else:
                grads[source] = g
        if not retain_graph:
            node._saved = _FREED


def _conform(node: Context, g, data: ndarray) -> ndarray:
    """A gradient as an array of its input's dtype, or a clear error if its shape is wrong."""
    g = as_array(g)
    if g.shape != data.shape:
        raise RuntimeError(
            f"{node.name()}: backward returned a gradient of shape {g.shape} "
            f"for an input of shape {data.shape}; they must match "
            "(use minitorch.backend.unbroadcast to sum a broadcast gradient back)"
        )
    return g.astype(data.dtype, copy=False)


def _not_an_input(g: ndarray, node: Context) -> bool:
    """True unless ``g`` is one of the op's input arrays (a ``backward`` may return one)."""
    for x in node.inputs:
        if g is getattr(x, "_data", None):
            return False
    return True


def _check_inputs_unchanged(node: Context) -> None:
    """Refuse to differentiate through a tensor that changed in place after the op used it."""
    for x in node.inputs:
        if isinstance(x, Tensor) and x._modified_at > (x.grad_fn or node).created_at:
            raise RuntimeError(
                f"{node.name()}: a tensor of shape {x.shape} that this graph needs "
                "was modified in place after it was used, so backward would compute "
                "wrong gradients. Update tensors only after backward(), or use .clone()."
            )


def _accumulate(tensor, grad: ndarray, owned: bool) -> None:
    """Add ``grad`` to ``tensor.grad`` (creating it). ``owned``: nobody else holds this array."""
    if tensor.grad is None:
        tensor.grad = Tensor._wrap(grad if owned else xp.array(grad, copy=True))
    else:
        tensor.grad._data += grad


from ..tensor import Tensor  # noqa: E402  (circular: tensor.py imports this module)
