"""``draw_graph``: a picture of the computational graph behind a tensor.

Every op records a node (the tensor's ``grad_fn``) that remembers its inputs,
so from the output we can walk back to every tensor and op that produced it.
``draw_graph`` draws that walk with Graphviz, in the direction of the forward
pass: a box per tensor (name, shape, values, gradient), an oval per op.

A scalar ``Value`` (``minitorch.scalar``) is drawn the same way: a box per
Value with its data and grad, an oval per op.

The drawing is the same on every run (nodes are numbered in the order of a
breadth-first walk from the output, never by memory address), so notebook
outputs can be compared. PyTorch has no built-in equivalent; the third-party
``torchviz.make_dot`` is the closest.
"""

from __future__ import annotations

import functools
import html

import numpy as np

from ..dtypes import get_default_dtype
from ..scalar import Value
from ..tensor import Tensor

INSTALL_DOT = (
    "Graphviz's `dot` program is needed to draw the graph, and it is not on your PATH. "
    "Install it:\n"
    "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
    "  macOS:          brew install graphviz\n"
    "  conda:          conda install -c conda-forge graphviz\n"
    "Without it, `.source` still gives the drawing's DOT text."
)

# Fill colour and the word shown in the box, per kind of tensor.
_KINDS = {
    "parameter": "#cfe2ff",  # blue: learned by an optimizer
    "leaf": "#d1f0d9",  # green: made by you, requires grad
    "constant": "#eeeeee",  # grey: no gradient flows into it
    "output": "#ffe8b3",  # orange: the tensor you asked to draw
    "": "white",  # an intermediate result
}
_MUTED = "#555555"


def draw_graph(
    tensor: Tensor,
    *,
    names=None,
    show_grad: bool = False,
    show_data: bool = True,
    rankdir: str = "auto",
    max_nodes: int | None = 100,
    max_values: int = 12,
    precision: int = 4,
):
    """Draw the graph of ops that produced ``tensor`` (or a scalar ``Value``), as a ``graphviz.Digraph``.

    In Jupyter the result displays as SVG; ``.source`` is the DOT text,
    ``.render(...)`` writes a file. Tensors are boxes, coloured by kind:
    parameters blue, other leaves that require grad green, constants grey, the
    output orange. Ops are ovals; a Python number an op used is shown in its
    label, with ``·`` for the tensor arguments: ``Mul(·, 2.0)`` is ``t * 2.0``.

    Args:
        tensor: the result whose history to draw (often the loss), a
            ``Tensor`` or a ``Value`` (then ``max_values`` does not apply).
        names: labels for tensors, as a mapping or pairs ``name -> tensor``,
            e.g. ``dict(model.named_parameters())``. A tensor's own ``.name``
            (``W1.name = "W1"``) is used when it is not given here.
        show_grad: also show ``.grad`` where it exists (after ``backward()``;
            intermediate tensors keep one only after ``retain_grad()``).
        show_data: show the values (small tensors) or a summary (large ones).
        rankdir: layout direction, ``"LR"`` (left to right), ``"TB"`` (top to
            bottom), ``"RL"``, ``"BT"``, or ``"auto"``: left to right when the
            drawing fits a page's text column that way (``COLUMN_WIDTH_PT``),
            else top to bottom when that is narrower, so that a drawing is
            never shrunk until its labels are too small to read.
        max_nodes: draw at most this many nodes, those nearest the output,
            and say in a note how many were left out; ``None`` draws all.
        max_values: tensors with more elements show min/max/mean/std instead.
        precision: decimals of every number shown.

    Example::

        a = mt.tensor(2.0, requires_grad=True); a.name = "a"
        L = (a * 3.0).relu()
        L.backward()
        mt.viz.draw_graph(L, show_grad=True)
    """
    if rankdir not in ("auto", "LR", "RL", "TB", "BT"):
        raise ValueError(f"draw_graph: rankdir must be 'auto', 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"draw_graph: max_nodes must be at least 1 (or None for no limit), got {max_nodes}")
    if isinstance(tensor, Value):
        return _draw_values(tensor, names, show_grad, show_data, rankdir, max_nodes, precision)
    if not isinstance(tensor, Tensor):
        raise TypeError(f"draw_graph needs a minitorch Tensor or a scalar Value, got {type(tensor).__name__}")
    labels = _labels(names)
    nodes, edges = _walk(tensor)
    shown = len(nodes) if max_nodes is None else min(max_nodes, len(nodes))

    g = _new_graph()
    fmt = _Formatter(precision, max_values)
    ids, counts = [], {"t": 0, "op": 0}  # t0, t1, ... and op0, op1, ... in walk order
    for obj in nodes[:shown]:
        prefix = "t" if isinstance(obj, Tensor) else "op"
        ids.append(f"{prefix}{counts[prefix]}")
        counts[prefix] += 1
        if isinstance(obj, Tensor):
            kind = _kind(obj, obj is tensor)
            label = _tensor_label(obj, labels.get(id(obj), obj.name), kind, fmt, show_data, show_grad)
            g.node(ids[-1], label=label, shape="plain")
        else:
            g.node(ids[-1], label=_op_label(obj, fmt), shape="ellipse", style="filled", fillcolor="#e4e4e4")
    out_shape = {src: nodes[dst].shape for src, dst in edges if isinstance(nodes[dst], Tensor)}
    boundary = {}  # (drawn node, direction of its edges into the hidden part)
    for src, dst in edges:
        if src < shown and dst < shown:
            g.edge(ids[src], ids[dst], **_broadcast(nodes[src], nodes[dst], out_shape.get(dst)))
        elif src < shown:
            boundary.setdefault((src, "out"), None)
        elif dst < shown:
            boundary.setdefault((dst, "in"), None)
    if shown < len(nodes):
        _add_note(g, nodes[shown:], max_nodes, ids, boundary)
    return _lay_out(g, rankdir)


# A book page's text column is about 690 px wide at 1280 px (the SVG's points are 4/3 px).
COLUMN_WIDTH_PT = 510


def _new_graph():
    """An empty drawing with the house style."""
    graph_class, _ = _graph_class()
    g = graph_class(name="computational graph")  # its direction is set last, by _lay_out
    g.attr("node", fontname="Helvetica", fontsize="10")
    g.attr("edge", arrowsize="0.7", fontname="Helvetica")
    return g


def _lay_out(g, rankdir: str):
    """Set the direction; ``"auto"`` asks ``dot`` how wide the drawing is each way."""
    if rankdir == "auto":
        rankdir = "LR"
        try:
            lr, tb = _width_pt(g, "LR"), _width_pt(g, "TB")
        except Exception:  # no dot (drawing fails later with the install hint) or no layout
            lr = tb = 0.0
        if lr > COLUMN_WIDTH_PT and tb < lr:
            rankdir = "TB"
    g.body.insert(0, f"\trankdir={rankdir}\n")  # first, as g.attr(rankdir=...) would have put it
    return g


def _width_pt(g, rankdir: str) -> float:
    """The width of the drawing laid out in ``rankdir``, in points (dot's ``plain`` output)."""
    trial = g.copy()
    trial.attr(rankdir=rankdir)
    first = trial.pipe(format="plain", encoding="utf-8").split("\n", 1)[0]  # graph scale width height
    return float(first.split()[2]) * 72


def _draw_values(root: Value, names, show_grad, show_data, rankdir, max_nodes, precision):
    """``draw_graph`` for a scalar ``Value``: a box per Value (data, grad), an oval per op."""
    labels = _labels(names)
    nodes, edges = _walk_values(root)
    shown = len(nodes) if max_nodes is None else min(max_nodes, len(nodes))
    g = _new_graph()
    fmt = _Formatter(precision, max_values=1)
    ids, counts = [], {"v": 0, "op": 0}  # v0, v1, ... and op0, op1, ... in walk order
    for obj in nodes[:shown]:
        prefix = "v" if isinstance(obj, Value) else "op"
        ids.append(f"{prefix}{counts[prefix]}")
        counts[prefix] += 1
        if isinstance(obj, Value):
            label = _scalar_label(obj, labels.get(id(obj), obj.name), obj is root, fmt, show_data, show_grad)
            g.node(ids[-1], label=label, shape="plain")
        else:  # an op, by its name
            g.node(ids[-1], label=obj, shape="ellipse", style="filled", fillcolor="#e4e4e4")
    boundary = {}  # (drawn node, direction of its edges into the hidden part)
    for src, dst in edges:
        if src < shown and dst < shown:
            g.edge(ids[src], ids[dst])
        elif src < shown:
            boundary.setdefault((src, "out"), None)
        elif dst < shown:
            boundary.setdefault((dst, "in"), None)
    if shown < len(nodes):
        _add_note(g, nodes[shown:], max_nodes, ids, boundary, noun="values")
    return _lay_out(g, rankdir)


def _walk_values(root: Value):
    """Every Value behind ``root`` and the name of each op, breadth-first, with the forward edges.

    Like ``_walk``: iterative, and a Value's parents are visited in their
    order, so the same code always gives the same walk.
    """
    nodes, index, edges = [root], {id(root): 0}, []
    k = 0
    while k < len(nodes):  # `nodes` is also the queue
        v = nodes[k]
        if isinstance(v, Value) and v.parents:
            op = len(nodes)
            nodes.append(v.op)  # the op that made v, as a node of its own
            edges.append((op, k))
            for parent in v.parents:
                if id(parent) not in index:
                    index[id(parent)] = len(nodes)
                    nodes.append(parent)
                edges.append((index[id(parent)], op))
        k += 1
    return nodes, edges


def _scalar_label(v: Value, name, is_output: bool, fmt, show_data: bool, show_grad: bool) -> str:
    kind = "output" if is_output else "leaf" if not v.parents else ""
    head = f"<B>{html.escape(str(name))}</B>" if name else ""
    if kind:
        head += f' <FONT COLOR="{_MUTED}"><I>{kind}</I></FONT>'
    rows = [f'<TR><TD COLSPAN="2">{head.strip()}</TD></TR>'] if head else []
    if show_data:
        rows.append(_value_row("data", "black", [fmt.number(v.data)]))
    if show_grad:
        rows.append(_value_row("grad", "#b22222", [fmt.number(v.grad)]))
    rows = rows or ['<TR><TD>Value</TD></TR>']
    return (
        '<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'BGCOLOR="{_KINDS[kind]}">' + "".join(rows) + "</TABLE>>"
    )


def _walk(root: Tensor):
    """All tensors and ops behind ``root``, breadth-first, and the forward edges between them.

    Iterative (no recursion limit on long chains). ``id()`` only tells which
    objects were already seen; it never reaches the output.
    """
    nodes, index, edges = [root], {id(root): 0}, []

    def visit(obj) -> int:
        k = index.get(id(obj))
        if k is None:
            k = index[id(obj)] = len(nodes)
            nodes.append(obj)
        return k

    k = 0
    while k < len(nodes):  # `nodes` is also the queue
        obj = nodes[k]
        if isinstance(obj, Tensor):
            if obj.grad_fn is not None:
                edges.append((visit(obj.grad_fn), k))
        else:
            for x in obj.inputs:
                if isinstance(x, Tensor):
                    edges.append((visit(x), k))
        k += 1
    return nodes, edges


def _labels(names) -> dict:
    if names is None:
        return {}
    pairs = names.items() if hasattr(names, "items") else names
    return {id(t): str(name) for name, t in pairs}


def _kind(t: Tensor, is_output: bool) -> str:
    if any(c.__name__ == "Parameter" for c in type(t).__mro__):
        return "parameter"  # by name: minitorch.nn imports this package's parent
    if not t.is_leaf:
        return "output" if is_output else ""
    return "leaf" if t.requires_grad else "constant"


class _Formatter:
    """Numbers and arrays as short, fixed-precision text (stable across runs)."""

    def __init__(self, precision: int, max_values: int) -> None:
        self.precision, self.max_values = precision, max_values

    def number(self, v) -> str:
        if isinstance(v, (bool, np.bool_)):
            return str(bool(v))
        if isinstance(v, (int, np.integer)):
            return str(int(v))
        return f"{float(v):.{self.precision}f}"

    def lines(self, a: np.ndarray) -> list:
        """Values of a small array (one line per row), else a two-line summary."""
        if a.size == 0:
            return ["(empty)"]
        if a.size <= self.max_values and a.ndim <= 2:
            cells = [self.number(v) for v in a.reshape(-1).tolist()]
            width = max(len(c) for c in cells)
            cells = [c.rjust(width) for c in cells]
            if a.ndim == 0:
                return cells
            cols = a.shape[-1]
            rows = [", ".join(cells[i : i + cols]) for i in range(0, len(cells), cols)]
            if a.ndim == 1:
                return ["[" + rows[0] + "]"]
            last = len(rows) - 1
            return [("[[" if i == 0 else " [") + r + ("]]" if i == last else "],") for i, r in enumerate(rows)]
        with np.errstate(all="ignore"):  # NaN and inf show as nan and inf
            lo, hi = float(a.min()), float(a.max())
            mean, std = a.mean(dtype=np.float64), a.std(dtype=np.float64)
        n = self.number
        return [f"min {n(lo)}  max {n(hi)}", f"mean {n(mean)}  std {n(std)}"]

    def constant(self, v) -> str:
        if v is None or isinstance(v, (str, slice)):
            return repr(v)
        if np.ndim(v) == 0:
            v = v.item() if isinstance(v, np.generic) else v
            if isinstance(v, float) and 0 < abs(v) < 10**-self.precision:
                return f"{v:.{self.precision}g}"  # an epsilon such as 1e-08, not 0.0
            text = self.number(v)
            # 2.0 rather than 2.0000: a constant is exact, no column to align with
            if "." in text:
                text = text.rstrip("0")
                text += "0" if text.endswith(".") else ""
            return text
        return f"array{np.shape(v)}"


def _tensor_label(t, name, kind, fmt, show_data: bool, show_grad: bool) -> str:
    head = f"<B>{html.escape(str(name))}</B> " if name else ""
    head += html.escape(str(tuple(t.shape)))
    if t.dtype != get_default_dtype():  # as the tensor's repr does
        head += " " + t.dtype.name
    if kind:
        head += f' <FONT COLOR="{_MUTED}"><I>{kind}</I></FONT>'
    border = "2" if kind == "parameter" else "1"
    rows = [f'<TR><TD COLSPAN="2">{head}</TD></TR>']
    if show_data:
        rows.append(_value_row("data", "black", fmt.lines(t.detach().cpu().numpy())))
    if show_grad and (t.is_leaf or t.retains_grad) and t.grad is not None:  # inner tensors keep no .grad
        rows.append(_value_row("grad", "#b22222", fmt.lines(t.grad.detach().cpu().numpy())))
    return (
        f'<<TABLE BORDER="{border}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'BGCOLOR="{_KINDS[kind]}">' + "".join(rows) + "</TABLE>>"
    )


def _value_row(title: str, color: str, lines: list) -> str:
    text = "".join(html.escape(line).replace(" ", "&#160;") + '<BR ALIGN="LEFT"/>' for line in lines)
    return (
        f'<TR><TD ALIGN="LEFT" VALIGN="TOP"><FONT COLOR="{_MUTED}">{title}</FONT></TD>'
        f'<TD ALIGN="LEFT" BALIGN="LEFT"><FONT FACE="monospace" COLOR="{color}">{text}</FONT></TD></TR>'
    )


def _broadcast(src, op, shape) -> dict:
    """Edge attributes that point out an input an elementwise op broadcasts."""
    if not isinstance(src, Tensor) or shape is None or src.shape == shape:
        return {}
    if not type(op).fn.__module__.endswith(".elementwise"):
        return {}  # other ops change shapes by design (matmul, sum, ...)
    return {"label": f"broadcast to {tuple(shape)}", "fontsize": "9", "fontcolor": _MUTED}


def _op_label(node, fmt: _Formatter) -> str:
    name = type(node).fn.__name__
    if all(isinstance(x, Tensor) for x in node.inputs):
        return name
    args = ("·" if isinstance(x, Tensor) else fmt.constant(x) for x in node.inputs)
    return f"{name}({', '.join(args)})"


def _add_note(g, hidden: list, max_nodes: int, ids: list, boundary: dict, noun: str = "tensors") -> None:
    """One node saying what was left out, linked by dashed edges to where the graph goes on."""
    tensors = sum(isinstance(obj, (Tensor, Value)) for obj in hidden)
    text = (
        f"… {len(hidden) - tensors} more ops and {tensors} more {noun} not drawn\\n"
        f"(max_nodes={max_nodes}; pass max_nodes=None to draw them all)"
    )
    g.node("note", label=text, shape="note", style="filled", fillcolor="#fff8dc", fontcolor=_MUTED)
    for k, direction in boundary:
        ends = ("note", ids[k]) if direction == "in" else (ids[k], "note")
        g.edge(*ends, style="dashed", color="#999999")


@functools.cache
def _graph_class():
    """The Digraph subclass we return, made on first use so ``import minitorch`` stays light."""
    try:
        import graphviz
    except ImportError as err:
        raise ImportError(
            "draw_graph needs the Python package graphviz: pip install graphviz "
            "(and Graphviz's `dot` program, see minitorch.viz.graph.INSTALL_DOT)"
        ) from err

    class DotNotFoundError(graphviz.ExecutableNotFound):
        """``dot`` is missing; says how to install it (still an ``ExecutableNotFound``)."""

        def __init__(self) -> None:
            RuntimeError.__init__(self, INSTALL_DOT)

    class GraphDrawing(graphviz.Digraph):
        """A ``graphviz.Digraph`` whose rendering explains how to install a missing ``dot``."""

        def pipe(self, *args, **kwargs):  # Jupyter's SVG display goes through pipe
            try:
                return super().pipe(*args, **kwargs)
            except graphviz.ExecutableNotFound as err:
                raise DotNotFoundError() from err

        def render(self, *args, **kwargs):
            try:
                return super().render(*args, **kwargs)
            except graphviz.ExecutableNotFound as err:
                raise DotNotFoundError() from err

    GraphDrawing.__module__ = DotNotFoundError.__module__ = __name__
    GraphDrawing.__qualname__, DotNotFoundError.__qualname__ = "GraphDrawing", "DotNotFoundError"
    return GraphDrawing, DotNotFoundError
