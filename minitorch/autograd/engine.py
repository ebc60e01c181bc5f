"""``backward()``: walk the graph from the output back to the leaves.

1. Sort the graph's nodes topologically: each node after the nodes that made
   its inputs (an iterative depth-first search, so a 20,000-op chain works).
2. Start with d(output)/d(output) = 1 and walk that order in reverse, from the
   output back: each node's ``backward`` turns the gradient of its output into
   gradients of its inputs (the chain rule). A value used twice receives two
   gradients; they add.
3. Return the gradient of every leaf (a tensor created with
   ``requires_grad=True``). ``Tensor.backward`` adds them to the leaves'
   ``.grad``; ``autograd.grad`` hands them back and touches no ``.grad``.

The backward functions run with recording off, unless ``create_graph=True``:
then the gradients are tensors with a graph of their own, which can be
differentiated again (second derivatives, Hessian-vector products).
"""

from __future__ import annotations

from .grad_mode import set_grad_enabled


def topological_order(roots) -> list:
    """Every node reachable from ``roots``, each listed after the nodes that made its inputs.

    A depth-first search from the output: a node is appended once all the
    nodes it depends on have been, so the output's node comes last.
    An explicit stack instead of recursion keeps long chains working.
    ``roots`` is one node or a list of them.
    """
    roots = roots if isinstance(roots, list) else [roots]
    order, seen = [], set(roots)
    for root in roots:
        stack = [(root, iter(parents(root)))]
        while stack:
            node, todo = stack[-1]
            for parent in todo:
                if parent not in seen:
                    seen.add(parent)
                    stack.append((parent, iter(parents(parent))))
                    break
            else:  # every parent is in the order already
                stack.pop()
                order.append(node)
    return order


def parents(node) -> list:
    """The nodes that made ``node``'s inputs (an edge to a leaf, or to a constant, is not a node)."""
    return [edge for edge in node.edges if isinstance(edge, Context)]


def run_backward(outputs, grad_outputs, retain_graph: bool = False, create_graph: bool = False,
                 inputs=None) -> dict:
    """The gradients of ``outputs`` (weighted by ``grad_outputs``) with respect to each leaf.

    Returns a dict from tensor to gradient tensor: every leaf that requires
    grad, every tensor of ``inputs`` and every tensor that called
    ``retain_grad()``. Changes nothing else, except that the graph's saved
    tensors are freed afterwards unless ``retain_graph``.
    """
    grads = {}  # node -> gradient of its output; leaf -> its gradient
    for output, grad_output in zip(outputs, grad_outputs):
        key = output if output.grad_fn is None else output.grad_fn
        grads[key] = grads[key] + grad_output if key in grads else grad_output
    order = topological_order([out.grad_fn for out in outputs if out.grad_fn is not None])
    keep = wanted_nodes(order, inputs)
    found = {}
    with set_grad_enabled(create_graph):
        for node in reversed(order):  # from the output back to the leaves
            grad = grads.pop(node, None)
            if grad is None:  # nothing reached this node (its output was not used)
                continue
            if node in keep:
                found[keep[node]] = grad
            for edge, g in zip(node.edges, call_backward(node, grad)):
                if g is not None:  # to the node that made the input, or to the leaf itself
                    grads[edge] = grads[edge] + g if edge in grads else g
    if not retain_graph:
        for node in order:
            node.free()
    grads.update(found)  # what is left in grads are the leaves' gradients
    return grads


def wanted_nodes(order: list, inputs) -> dict:
    """Nodes whose output's gradient is asked for: ``node -> tensor``.

    That is each non-leaf in ``inputs`` (for ``autograd.grad``), and each
    tensor that called ``retain_grad()``.
    """
    keep = {}
    for node in order:
        if node._retained is not None and node._retained() is not None:
            keep[node] = node._retained()
    for x in inputs or ():
        if x.grad_fn is not None:
            keep[x.grad_fn] = x
    return keep


def call_backward(node, grad_output) -> tuple:
    """``node``'s backward, with its result checked: one gradient per input, each of its input's shape."""
    try:
        grads = node.fn.backward(node, grad_output)
    except (ValueError, IndexError, RuntimeError) as err:
        if isinstance(err, NotImplementedError) or str(err).startswith(node.name()):
            raise  # it says what to do already
        shapes = ", ".join(str(tuple(x.shape)) for x in node.inputs if isinstance(x, Tensor))
        raise RuntimeError(
            f"{node.name()}: backward failed for inputs of shape {shapes} and an "
            f"output gradient of shape {tuple(grad_output.shape)}: {err}"
        ) from err
    if not isinstance(grads, tuple):
        grads = (grads,)
    if len(grads) != len(node.inputs):
        raise RuntimeError(
            f"{node.name()}: backward returned {len(grads)} gradient(s) but the op had "
            f"{len(node.inputs)} input(s); return one per input (None for a constant)"
        )
    return tuple(
        checked_gradient(node, x, g) if needed and g is not None else None
        for x, needed, g in zip(node.inputs, node.needs_input_grad, grads)
    )


def checked_gradient(node, x, g):
    """``g`` as a tensor of ``x``'s dtype, or a clear error if it is not a tensor of ``x``'s shape."""
    if not isinstance(g, Tensor):
        raise TypeError(
            f"{node.name()}: backward returned a {type(g).__name__} as a gradient; "
            "return tensors (compute them with tensor operations on grad_output)"
        )
    if g.shape != x.shape:
        raise RuntimeError(
            f"{node.name()}: backward returned a gradient of shape {tuple(g.shape)} "
            f"for an input of shape {tuple(x.shape)}; they must match (sum a broadcast "
            "gradient back with minitorch.ops.broadcasting.unbroadcast)"
        )
    return g if g._data.dtype == x._data.dtype else g.to(x.dtype)


from ..tensor import Tensor  # noqa: E402  (circular: tensor.py imports this module)
from .function import Context  # noqa: E402  (function.py imports tensor.py, which imports us)
