"""``Function``: the one mechanism every op uses to compute and to record the graph.

An op is a subclass of :class:`Function` with two static methods side by side:

* ``forward(ctx, *inputs)`` gets the inputs' NumPy arrays (Python numbers stay
  numbers) and returns the output array. It may stash what backward needs
  with ``ctx.save_for_backward(...)`` or as attributes of ``ctx``.
* ``backward(ctx, grad_output)`` gets the gradient of the final result with
  respect to this op's output, and returns one gradient per input (``None``
  for an input that needs none): the chain rule, one link at a time.

``Function.apply(*inputs)`` runs ``forward`` and, when any input requires a
gradient (and recording is on), returns a tensor whose ``grad_fn`` is the
``ctx``: the node of the graph that remembers the op and its inputs.

Unlike PyTorch, ``forward`` and ``backward`` work on arrays, not tensors: a
Function is where the array math lives, and the graph is ``apply``'s job.
"""

from __future__ import annotations

from itertools import count

from ..backend import as_array, ndarray
from .grad_mode import GradMode

_FREED = object()  # marks saved values released by backward()

#: Numbers the events autograd cares about, in order: every recorded op (its
#: node's ``created_at``) and every in-place change (the tensor's ``_modified_at``).
#: An op's inputs always exist before it, so nodes sorted newest first are in an
#: order where each node comes before the nodes that made its inputs.
clock = count(1)

#: The clock's reading at the latest in-place change to any tensor (0: none yet).
#: A module variable on purpose: assigning to an attribute of the Tensor class
#: would make CPython drop its cached attribute lookups for every tensor, which
#: cost about 6 µs per XOR training step (see the performance chapter).
last_inplace = 0


def mark_modified(tensor) -> None:
    """Stamp ``tensor`` as changed in place now, so backward can tell if a graph used its old value."""
    global last_inplace
    tensor._modified_at = last_inplace = next(clock)


class Context:
    """The record one op leaves in the graph; a tensor's ``grad_fn``.

    Each Function gets its own subclass, named after it (``MulBackward`` for
    ``Mul``), so a graph prints the way PyTorch's does.
    """

    fn: type  # the Function subclass this node belongs to
    inputs: tuple = ()  # the op's inputs as given to apply (tensors and numbers)
    needs_input_grad: tuple = ()  # one bool per input: does it need a gradient? (PyTorch's name)
    created_at: int = 0  # the clock's reading when the op ran (newer nodes: larger numbers)
    _saved: object = ()
    _retained = None  # weakref to the output tensor when it called retain_grad()

    def save_for_backward(self, *values) -> None:
        """Keep arrays that ``backward`` will need (PyTorch's name)."""
        self._saved = values

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is _FREED:
            raise RuntimeError(
                f"{self.name()}: trying to backward through the graph a second time; "
                "its saved values were freed by the first backward(). Run the forward "
                "pass again, or call backward(retain_graph=True) the first time."
            )
        return self._saved

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{self.name()}>"


class Function:
    """Base class of every differentiable op; subclass it to write your own.

    Example (a cube op, gradient ``3 x^2``)::

        class Cube(mt.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 3

            @staticmethod
            def backward(ctx, grad_output):
                (x,) = ctx.saved_tensors
                return grad_output * 3 * x ** 2

        y = Cube.apply(t)
    """

    _Node: type = Context

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._Node = type(f"{cls.__name__}Backward", (Context,), {"fn": cls})

    @staticmethod
    def forward(ctx: Context, *inputs):
        raise NotImplementedError("a Function needs a forward(ctx, *inputs) static method")

    @staticmethod
    def backward(ctx: Context, grad_output):
        raise NotImplementedError(
            f"{ctx.fn.__name__} has no backward(): define a static method "
            "backward(ctx, grad_output) that returns one gradient per input of forward"
        )

    @classmethod
    def apply(cls, *inputs, **options):
        """Run the op on tensors (or numbers) and record it in the graph if needed."""
        ctx = cls._Node()
        args, needs = [], []  # the inputs' arrays, and which inputs need a gradient
        for x in inputs:  # (one plain loop: cheaper than two comprehensions, and apply is hot)
            if isinstance(x, Tensor):
                args.append(x._data)
                needs.append(x.requires_grad)
            else:
                args.append(x)
                needs.append(False)
        try:
            out = cls.forward(ctx, *args, **options)
        except ValueError as err:
            raise RuntimeError(_explain(cls, inputs, err)) from err
        if type(out) is not ndarray:
            out = as_array(out)
        if True in needs and GradMode.enabled:
            ctx.inputs = inputs
            ctx.needs_input_grad = tuple(needs)  # lets backward skip inputs that need no gradient
            ctx.created_at = next(clock)
            return Tensor._wrap(out, True, ctx)
        return Tensor._wrap(out)


def _explain(cls, inputs, err: ValueError) -> str:
    """Turn NumPy's shape complaint into one that names the op and the shapes."""
    op = cls.__name__.lower()
    shapes = " and ".join(str(tuple(x.shape)) for x in inputs if hasattr(x, "shape"))
    message = str(err)
    if "broadcast" in message:
        return (
            f"{op}: shapes {shapes} cannot be broadcast together. Broadcasting lines "
            "shapes up from the right; each pair of sizes must be equal or one of them 1."
        )
    if message.startswith(op):
        return message
    return f"{op} (inputs of shape {shapes}): {message}"


from ..tensor import Tensor  # noqa: E402  (tensor.py imports the ops, which import us)
