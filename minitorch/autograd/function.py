"""``Function``: the one mechanism every op uses to compute and to record the graph.

An op is a subclass of :class:`Function` with two static methods side by side:

* ``forward(ctx, *inputs)`` gets the inputs as they were given (tensors, and
  Python numbers) and returns the output: an array, or a tensor. It runs with
  recording off, and keeps what backward will need with
  ``ctx.save_for_backward(...)``.
* ``backward(ctx, grad_output)`` gets the gradient of the final result with
  respect to this op's output, a tensor, and returns one gradient per input
  (``None`` for an input that needs none): the chain rule, one link at a time.
  It is written with tensor operations, so when ``backward(create_graph=True)``
  asks for it, the gradients are recorded in a graph of their own and can be
  differentiated again.

``Function.apply(*inputs)`` runs ``forward`` and, when an input requires a
gradient (and recording is on), returns a tensor whose ``grad_fn`` is ``ctx``:
the node of the graph that remembers the op and its inputs. This is PyTorch's
``torch.autograd.Function``, and its tutorials' custom functions run unchanged.
"""

from __future__ import annotations

import numpy as np

from ..backend import as_array
from ..dtypes import from_native
from .grad_mode import GradMode


class Context:
    """The record one op leaves in the graph; a tensor's ``grad_fn``.

    Each Function gets its own subclass, named after it (``MulBackward`` for
    ``Mul``), so a graph prints the way PyTorch's does.
    """

    fn: type  # the Function subclass this node belongs to
    inputs: tuple = ()  # the op's inputs as given to apply (tensors and numbers)
    needs_input_grad: tuple = ()  # one bool per input: does it need a gradient? (PyTorch's name)
    edges: tuple = ()  # where each input's gradient goes: the node that made it, the leaf itself, or None
    _saved: tuple | None = ()  # what save_for_backward kept; None once backward has freed it
    _versions: tuple = ()  # each saved tensor's _version when it was saved
    _retained = None  # weak reference to the output tensor, when it called retain_grad()

    def save_for_backward(self, *tensors) -> None:
        """Keep tensors that ``backward`` will need, noting each one's version (PyTorch's name).

        Other values that hold arrays (an index key) may be kept here too, so they
        are freed with the tensors after backward.
        """
        self._saved = tensors
        self._versions = tuple([getattr(t, "_version", None) for t in tensors])

    @property
    def saved_tensors(self) -> tuple:
        """What ``forward`` saved, after checking it is still there and unchanged."""
        if self._saved is None:
            raise RuntimeError(
                f"{self.name()}: trying to backward through the graph a second time; "
                "its saved tensors were freed by the first backward(). Run the forward "
                "pass again, or call backward(retain_graph=True) the first time."
            )
        for t, version in zip(self._saved, self._versions):
            if version is not None and t._version != version:
                raise RuntimeError(
                    f"{self.name()}: a tensor of shape {tuple(t.shape)} that this op saved for "
                    f"backward was modified in place afterwards (its version is {t._version}, "
                    f"expected {version}), so backward would compute wrong gradients. Change "
                    "tensors only after backward(), or work on a .clone()."
                )
        return self._saved

    def free(self) -> None:
        """Drop the saved tensors (``backward`` does this unless ``retain_graph=True``)."""
        self._saved = None

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{self.name()}>"


class Function:
    """Base class of every differentiable op; subclass it to write your own.

    Example (a cube op, gradient ``3 x²``), as in PyTorch::

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
        if len(inputs) > 1:
            check_same_device(cls, inputs)
        ctx = cls._Node()
        ctx.needs_input_grad = tuple([isinstance(x, Tensor) and x.requires_grad for x in inputs])
        recording = GradMode.enabled
        GradMode.enabled = False  # forward runs with recording off, as no_grad() would
        try:
            out = cls.forward(ctx, *inputs, **options)
        except IndexError as err:  # a dim or an index out of range: PyTorch's kind of error, named
            raise IndexError(explain(cls, inputs, err)) from None
        except ValueError as err:  # NumPy's complaint about shapes
            raise RuntimeError(explain(cls, inputs, err)) from err
        finally:
            GradMode.enabled = recording
        values = out._data if isinstance(out, Tensor) else as_array(out)
        # Only floating-point results carry gradients (an argmax or a comparison never does).
        if recording and any(ctx.needs_input_grad) and from_native(values.dtype).is_floating_point:
            ctx.inputs = inputs
            # The edges are fixed now, when the op runs: an input changed in place later keeps them.
            ctx.edges = tuple([(x.grad_fn or x) if need else None for x, need in zip(inputs, ctx.needs_input_grad)])
            return Tensor(values, requires_grad=True, grad_fn=ctx)
        return Tensor(values)


def check_same_device(cls, inputs) -> None:
    """An op computes on one device: refuse inputs from two (their arrays are of two libraries), as PyTorch does.

    As in PyTorch, a 0-d tensor on the CPU may join tensors on a GPU: it counts as a number.
    """
    kind = None
    for x in inputs:
        if isinstance(x, Tensor):
            if kind is None:
                kind = type(x._data)
            elif type(x._data) is not kind:
                break
    else:
        return  # every tensor's array is of one library
    devices = sorted({str(x.device) for x in inputs if isinstance(x, Tensor) and (x.ndim or x.device.type != "cpu")})
    if len(devices) > 1:
        raise RuntimeError(
            f"{cls.__name__.lower()}: expected all tensors to be on the same device, but found at least two "
            f"devices, {' and '.join(devices)}! Move them to one with .to(device) first."
        )


def explain(cls, inputs, err: Exception) -> str:
    """Turn NumPy's complaint into one that names the op and the shapes."""
    return explain_op(cls.__name__.lower(), inputs, err)


def explain_op(op: str, inputs, err: Exception) -> str:
    """The message for an op ``op`` that NumPy refused: the shapes of every array-like input, and why."""
    shapes = " and ".join(str(tuple(xp_shape(x))) for x in inputs if xp_shape(x) is not None)
    message = str(err)
    if "broadcast" in message:
        return (
            f"{op}: shapes {shapes} cannot be broadcast together. Broadcasting lines "
            "shapes up from the right; each pair of sizes must be equal or one of them 1."
        )
    if message.startswith(op):
        return message
    return f"{op} (inputs of shape {shapes}): {message}"


def xp_shape(x):
    """The shape of a tensor, array or (nested) list; ``None`` for a number or anything else."""
    if isinstance(x, Tensor) or hasattr(x, "shape"):
        return tuple(x.shape)
    if isinstance(x, (list, tuple)):
        try:
            return np.shape(x)
        except ValueError:  # a ragged list
            return None
    return None


from ..tensor import Tensor  # noqa: E402  (tensor.py imports the ops, which import us)
