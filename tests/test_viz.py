"""minitorch.viz: graph drawings (DOT snapshots, determinism, truncation) and training plots.

The snapshots in tests/snapshots/*.dot were checked by eye (rendered with
``dot -Tpng``). After an intended change to the drawings, regenerate them with
``MINITORCH_UPDATE_SNAPSHOTS=1 pytest tests/test_viz.py``, render and look at
them, and commit them with the change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import minitorch as mt
from minitorch.ops.matrix import Affine

matplotlib.use("Agg")  # headless

SNAPSHOTS = Path(__file__).parent / "snapshots"
HAVE_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAVE_DOT, reason="Graphviz's dot is not installed (scripts/ensure_dot.sh installs it)")


# ----------------------------------------------------------------- graphs used below
def micrograd_example():
    """The scalar example of the micrograd lecture: d = a*b + c, L = relu(d), after backward."""
    a = mt.tensor(2.0, requires_grad=True)
    b = mt.tensor(-3.0, requires_grad=True)
    c = mt.tensor(10.0, requires_grad=True)
    a.name, b.name, c.name = "a", "b", "c"
    e = a * b
    d = e + c
    L = d.relu()
    e.name, d.name, L.name = "e", "d", "L"
    for t in (e, d, L):
        t.retain_grad()  # show every gradient, as micrograd does
    L.backward()
    return L


def broadcast_example():
    x = mt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    b = mt.tensor([0.5, -0.5, 1.0], requires_grad=True)
    x.name, b.name = "x", "b"
    return x + b


def mlp_step():
    """One training step of a 2-2-1 tanh MLP on XOR (MSE loss), with fixed weights."""
    P = mt.nn.Parameter
    params = {
        "W1": P(mt.tensor([[0.5, -0.25], [0.75, 0.125], [-0.5, 1.0]])),
        "b1": P(mt.tensor([0.1, -0.2, 0.0])),
        "W2": P(mt.tensor([[1.0, -1.5, 0.5]])),
        "b2": P(mt.tensor([0.25])),
    }
    X = mt.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = mt.tensor([[0.0], [1.0], [1.0], [0.0]])
    X.name, y.name = "X", "y"
    h = Affine.apply(X, params["W1"], params["b1"]).tanh()
    out = Affine.apply(h, params["W2"], params["b2"])
    loss = ((out - y) ** 2).mean()
    loss.name = "loss"
    loss.backward()
    return loss, params


def chain(n_ops: int):
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(n_ops):
        y = y * 1.0
    return y


def parse(source: str):
    """A DOT source's nodes (id -> attribute text) and edges (pairs of ids)."""
    nodes = dict(re.findall(r"^\t(?!node |edge )(\w+) \[(.*)\]$", source, flags=re.M))
    edges = re.findall(r"^\t(\w+) -> (\w+)", source, flags=re.M)
    return nodes, edges


def node_named(nodes: dict, name: str) -> str:
    (key,) = [k for k, attrs in nodes.items() if f"<B>{name}</B>" in attrs]
    return key


def check_snapshot(name: str, source: str) -> None:
    path = SNAPSHOTS / f"{name}.dot"
    if os.environ.get("MINITORCH_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(source, encoding="utf-8")
        pytest.skip(f"snapshot {path.name} rewritten: render it, look at it, then commit it")
    assert path.exists(), f"missing snapshot {path}; create it with MINITORCH_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert source == expected, f"the DOT source of {name} differs from {path}"


# --------------------------------------------------------------------- snapshots
def test_snapshot_micrograd_scalar_example():
    check_snapshot("micrograd_scalar", mt.viz.draw_graph(micrograd_example(), show_grad=True).source)


def test_snapshot_broadcasting_add():
    check_snapshot("broadcast_add", mt.viz.draw_graph(broadcast_example(), rankdir="TB").source)


def test_snapshot_mlp_training_step():
    loss, params = mlp_step()
    check_snapshot("mlp_step", mt.viz.draw_graph(loss, names=params, show_grad=True).source)


# ------------------------------------------------------------- structure of a drawing
def test_edges_follow_the_forward_pass_and_values_are_shown():
    nodes, edges = parse(mt.viz.draw_graph(micrograd_example(), show_grad=True).source)
    a, b, c, e, d, L = (node_named(nodes, n) for n in "abcedL")
    (mul,) = [k for k, attrs in nodes.items() if attrs.startswith("label=Mul ")]
    (add,) = [k for k, attrs in nodes.items() if attrs.startswith("label=Add ")]
    (relu,) = [k for k, attrs in nodes.items() if attrs.startswith("label=Relu ")]
    assert sorted(edges) == sorted([(a, mul), (b, mul), (mul, e), (e, add), (c, add), (add, d), (d, relu), (relu, L)])
    # data and gradients: dL/da = b = -3, dL/db = a = 2, the rest 1 (relu is active)
    for name, data, grad in [("a", "2.0000", "-3.0000"), ("b", "-3.0000", "2.0000"), ("e", "-6.0000", "1.0000"), ("L", "4.0000", "1.0000")]:
        attrs = nodes[node_named(nodes, name)]
        assert re.search(rf"data.*>{data}<.*grad.*>{grad}<", attrs), (name, attrs)


def test_grads_only_when_asked_and_present():
    L = micrograd_example()
    assert ">grad<" not in mt.viz.draw_graph(L).source
    assert ">grad<" in mt.viz.draw_graph(L, show_grad=True).source
    fresh = mt.tensor(1.0, requires_grad=True) * 2.0  # no backward yet: no grad anywhere
    assert ">grad<" not in mt.viz.draw_graph(fresh, show_grad=True).source
    assert ">data<" not in mt.viz.draw_graph(L, show_data=False).source


def test_kinds_of_tensors_look_different():
    loss, params = mlp_step()
    nodes, _ = parse(mt.viz.draw_graph(loss, names=params).source)

    def fill(name):
        return re.search(r'BGCOLOR="([^"]+)"', nodes[node_named(nodes, name)]).group(1)

    assert fill("W1") == fill("b2")  # both parameters
    assert len({fill("W1"), fill("X"), fill("loss")}) == 3  # parameter, constant, output
    assert "<I>parameter</I>" in nodes[node_named(nodes, "W1")]
    assert "<I>constant</I>" in nodes[node_named(nodes, "X")]
    kinds = {fill("W1"), fill("X"), fill("loss")}
    leaf = mt.tensor([1.0], requires_grad=True)
    leaf.name = "w"
    nodes, _ = parse(mt.viz.draw_graph(leaf * 2.0).source)
    assert "<I>leaf</I>" in nodes[node_named(nodes, "w")]
    assert fill("w") not in kinds


def test_module_parameters_are_named_and_drawn_as_parameters():
    mt.manual_seed(0)
    model = mt.nn.Sequential(mt.nn.Linear(2, 3), mt.nn.Tanh(), mt.nn.Linear(3, 1))
    loss = model(mt.randn(4, 2)).sum()
    loss.backward()
    nodes, _ = parse(mt.viz.draw_graph(loss, names=dict(model.named_parameters()), show_grad=True).source)
    for name in ("0.weight", "0.bias", "2.weight", "2.bias"):
        attrs = nodes[node_named(nodes, name)]
        assert "<I>parameter</I>" in attrs and ">grad<" in attrs


def test_names_argument_overrides_name_and_is_escaped():
    w = mt.tensor([1.0, 2.0], requires_grad=True)
    w.name = "old"
    source = mt.viz.draw_graph((w * w).sum(), names=[("<W&b>", w)]).source
    assert "<B>&lt;W&amp;b&gt;</B>" in source and "old" not in source
    if HAVE_DOT:
        assert b"&lt;W&amp;b&gt;" in mt.viz.draw_graph((w * w).sum(), names={"<W&b>": w}).pipe(format="svg")


def test_tensor_used_twice_has_two_edges_and_constants_are_folded():
    a = mt.tensor(3.0, requires_grad=True)
    a.name = "a"
    nodes, edges = parse(mt.viz.draw_graph((a * a - 2.0) / (1.0 - a)).source)
    (mul,) = [k for k, v in nodes.items() if v.startswith("label=Mul ")]
    assert edges.count((node_named(nodes, "a"), mul)) == 2
    labels = {v.split(" ")[0] for v in nodes.values() if v.startswith("label=")}
    assert {"label=Mul", 'label="Sub(·,', 'label="Sub(1.0,', "label=Div"} <= labels
    assert 'label="Add(·, 1e-08)"' in mt.viz.draw_graph((a + 1e-8).log()).source  # not 0.0


def test_large_tensors_are_summarised():
    x = mt.arange(100, dtype=mt.float32).reshape(10, 10).requires_grad_()
    source = mt.viz.draw_graph(x.sum(), max_values=12).source
    assert "min&#160;0.0000&#160;&#160;max&#160;99.0000" in source
    assert "mean&#160;49.5000&#160;&#160;std&#160;28.8661" in source  # std of 0..99 (population)
    assert "55.0000" not in source  # no element is listed


def test_broadcast_edge_is_labelled():
    nodes, edges = parse(mt.viz.draw_graph(broadcast_example()).source)
    b, x = node_named(nodes, "b"), node_named(nodes, "x")
    source = mt.viz.draw_graph(broadcast_example()).source
    assert re.search(rf'^\t{b} -> op0 \[label="broadcast to \(2, 3\)"', source, flags=re.M)
    assert re.search(rf"^\t{x} -> op0$", source, flags=re.M)


# --------------------------------------------------------------------- determinism
def test_same_code_draws_the_same_source():
    sources = {mt.viz.draw_graph(mlp_step()[0], show_grad=True).source for _ in range(3)}
    assert len(sources) == 1
    (source,) = sources
    assert "0x" not in source
    nodes, _ = parse(source)
    assert all(re.fullmatch(r"t\d+|op\d+", k) for k in nodes)  # walk order, never id()


def test_same_source_in_a_fresh_process():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_viz as t, minitorch as mt; "
        "print(mt.viz.draw_graph(t.mlp_step()[0], show_grad=True).source, end='')"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(mt.__file__).parent.parent), PYTHONHASHSEED="123")
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out == mt.viz.draw_graph(mlp_step()[0], show_grad=True).source


@needs_dot
def test_svg_is_deterministic_apart_from_the_version_comment():
    def svg():
        text = mt.viz.draw_graph(micrograd_example(), show_grad=True).pipe(format="svg", encoding="utf-8")
        return re.sub(r"<!-- Generated by graphviz version[^>]*-->", "", text)

    first = svg()
    assert first == svg() and "<svg" in first


# ---------------------------------------------------------------- large graphs
def test_truncation_draws_at_most_max_nodes_and_says_what_is_missing():
    source = mt.viz.draw_graph(chain(500), max_nodes=50).source
    nodes, edges = parse(source)
    assert len(nodes) == 51 and "note" in nodes  # 50 nodes + the note
    # 500 ops and 501 tensors; the walk alternates tensor, op from the output: 25 + 25 drawn
    assert "475 more ops and 476 more tensors not drawn" in nodes["note"]
    assert "max_nodes=50" in nodes["note"]
    assert ("note", "op24") in edges  # the dashed edge to where the graph goes on
    assert len(parse(mt.viz.draw_graph(chain(500), max_nodes=None).source)[0]) == 1001


def test_ten_thousand_op_chain_needs_no_recursion():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the graph's depth
    try:
        source = mt.viz.draw_graph(chain(10_000)).source
    finally:
        sys.setrecursionlimit(old)
    assert "9950 more ops and 9951 more tensors not drawn" in source


# ------------------------------------------------------------ graphviz and dot
def test_import_minitorch_does_not_import_matplotlib_or_graphviz():
    code = "import sys, minitorch; print(sorted(m for m in ('matplotlib', 'graphviz') if m in sys.modules))"
    env = dict(os.environ, PYTHONPATH=str(Path(mt.__file__).parent.parent))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_missing_dot_explains_how_to_install_it(monkeypatch, tmp_path):
    import graphviz

    g = mt.viz.draw_graph(micrograd_example())
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no dot
    assert g.source.startswith('digraph "computational graph"')  # the source needs no dot
    for render in (lambda: g._repr_mimebundle_(), lambda: g.pipe(format="svg"), lambda: g.render(tmp_path / "g")):
        with pytest.raises(RuntimeError) as info:
            render()
        message = str(info.value)
        for hint in ("sudo apt-get install graphviz", "brew install graphviz", "conda install -c conda-forge graphviz"):
            assert hint in message
        assert isinstance(info.value, graphviz.ExecutableNotFound)  # old except clauses still catch it


@needs_dot
def test_displays_as_svg_in_jupyter():
    bundle = mt.viz.draw_graph(micrograd_example())._repr_mimebundle_()
    assert list(bundle) == ["image/svg+xml"] and "<svg" in bundle["image/svg+xml"]


def test_bad_arguments_are_explained():
    with pytest.raises(TypeError, match="Tensor"):
        mt.viz.draw_graph(3.0)
    with pytest.raises(ValueError, match="rankdir"):
        mt.viz.draw_graph(mt.tensor(1.0), rankdir="up")
    with pytest.raises(ValueError, match="max_nodes"):
        mt.viz.draw_graph(mt.tensor(1.0), max_nodes=0)


# ------------------------------------------------------------------------- plots
def test_plot_losses():
    from matplotlib.figure import Figure

    train = [1.0 / (i + 1) for i in range(100)]
    test = [mt.tensor(0.1 * (10 - i)) for i in range(10)]  # one-element tensors work too
    fig = mt.viz.plot_losses(train, test, logy=True, title="XOR")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    train_line, test_line = ax.get_lines()
    np.testing.assert_allclose(train_line.get_ydata(), train)
    np.testing.assert_allclose(test_line.get_xdata(), np.arange(10, 101, 10))  # spread over the run
    assert ax.get_yscale() == "log" and ax.get_title() == "XOR" and ax.get_xlabel() and ax.get_ylabel()
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0) and ax.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    fig.canvas.draw()  # renders headless


def test_plot_losses_into_given_axes_and_leaves_no_open_figures():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    mt.viz.plot_losses([3, 2, 1])
    assert plt.get_fignums() == before
    fig, (ax1, ax2) = plt.subplots(1, 2)
    try:
        assert mt.viz.plot_losses([3, 2, 1], ax=ax2) is fig
        assert len(ax2.get_lines()) == 1 and not ax1.get_lines()
    finally:
        plt.close(fig)
    with pytest.raises(TypeError, match="sequence of numbers"):
        mt.viz.plot_losses(["a"])


def _points():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)).astype(np.float32)
    return X, (X[:, 0] > 0).astype(np.int64)


def test_decision_boundary_thresholds_and_is_vectorised():
    X, y = _points()
    calls = []

    def logit(x):  # class 1 where x_1 > 0: a (N, 1) logit
        calls.append((x.shape, mt.is_grad_enabled()))
        return x[:, :1] * 5.0

    fig = mt.viz.plot_decision_boundary(logit, mt.tensor(X), y, resolution=50)
    assert "accuracy 100.0%" in fig.axes[0].get_title()
    assert calls == [((2500, 2), False), ((200, 2), False)]  # one grid call, under no_grad
    sigmoid = lambda x: (x[:, 0] * 5.0).sigmoid()  # noqa: E731  (N,) probabilities
    assert "accuracy 100.0%" in mt.viz.plot_decision_boundary(sigmoid, X, y, threshold=0.5).axes[0].get_title()
    # at the default threshold 0, every probability means class 1: accuracy = share of class 1
    share = f"accuracy {(y == 1).mean():.1%}"
    assert share in mt.viz.plot_decision_boundary(sigmoid, X, y).axes[0].get_title()
    flipped = lambda x: -x[:, :1]  # noqa: E731
    assert "accuracy 0.0%" in mt.viz.plot_decision_boundary(flipped, X, y).axes[0].get_title()


def test_decision_boundary_with_class_logits():
    X, _ = _points()
    centres = mt.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    y = np.argmin(((X[:, None, :] - centres.detach().numpy()) ** 2).sum(2), axis=1)

    def logits(x):  # (N, 3): nearest centre wins
        return -((x[:, None, :] - centres) ** 2).sum(2)

    fig = mt.viz.plot_decision_boundary(logits, X, y, resolution=40)
    ax = fig.axes[0]
    assert "accuracy 100.0%" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_legend().get_texts()) == 3
    fig.canvas.draw()
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        mt.viz.plot_decision_boundary(logits, np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="outputs of shape"):
        mt.viz.plot_decision_boundary(lambda x: x.sum(), X, y)


def test_plot_predictions():
    rng = np.random.default_rng(1)
    images = rng.random((20, 64))
    logits = rng.normal(size=(20, 10))
    pred = logits.argmax(1)
    true = pred.copy()
    true[[1, 5]] = (true[[1, 5]] + 1) % 10
    fig = mt.viz.plot_predictions(mt.tensor(images), mt.tensor(logits), true, ncols=8)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 20 and shown[0].images[0].get_array().shape == (8, 8)
    red = [ax.get_title() for ax in shown if ax.title.get_color() != "black"]
    assert red == [f"{pred[1]} ({true[1]})", f"{pred[5]} ({true[5]})"]
    assert "18/20" in fig.texts[0].get_text()
    fig.canvas.draw()
    named = mt.viz.plot_predictions(images[:3], pred[:3], class_names=list("abcdefghij"), max_images=2)
    assert [ax.get_title() for ax in named.axes if ax.images] == ["abcdefghij"[k] for k in pred[:2]]
    with pytest.raises(ValueError, match="image_shape"):
        mt.viz.plot_predictions(rng.random((4, 10)), [0, 1, 2, 3])
    assert mt.viz.plot_predictions(rng.random((4, 10)), [0, 1, 2, 3], image_shape=(2, 5)).axes[0].images


# ------------------------------------------------------------ scalar Values
def micrograd_values():
    """The micrograd example on scalar Values (minitorch.scalar), named, after backward."""
    a, b, c = mt.Value(2.0, name="a"), mt.Value(-3.0, name="b"), mt.Value(10.0, name="c")
    e = a * b
    d = e + c
    L = d.relu()
    e.name, d.name, L.name = "e", "d", "L"
    L.backward()
    return L


def test_snapshot_micrograd_values():
    check_snapshot("micrograd_values", mt.viz.draw_graph(micrograd_values(), show_grad=True).source)


def test_value_graph_has_a_box_per_value_and_an_oval_per_op():
    nodes, edges = parse(mt.viz.draw_graph(micrograd_values(), show_grad=True).source)
    a, b, c, e, d, L = (node_named(nodes, n) for n in "abcedL")
    ops = {attrs.split(" ")[0]: k for k, attrs in nodes.items() if "shape=ellipse" in attrs}
    mul, add, relu = ops['label="*"'], ops['label="+"'], ops["label=relu"]
    assert sorted(edges) == sorted([(a, mul), (b, mul), (mul, e), (e, add), (c, add), (add, d), (d, relu), (relu, L)])
    assert all(re.fullmatch(r"v\d+|op\d+", k) for k in nodes)  # walk order, never id()
    for name, data, grad in [("a", "2.0000", "-3.0000"), ("b", "-3.0000", "2.0000"), ("e", "-6.0000", "1.0000")]:
        assert re.search(rf"data.*>{data}<.*grad.*>{grad}<", nodes[node_named(nodes, name)]), name
    assert "<I>leaf</I>" in nodes[a] and "<I>output</I>" in nodes[L] and "<I>" not in nodes[e]


def test_value_graph_options_and_reuse():
    x = mt.Value(3.0, name="x")
    y = x * x + 1.0  # x used twice; the constant 1.0 is a leaf without a name
    source = mt.viz.draw_graph(y).source
    nodes, edges = parse(source)
    (mul,) = [k for k, attrs in nodes.items() if attrs.startswith('label="*"')]
    assert edges.count((node_named(nodes, "x"), mul)) == 2
    assert ">grad<" not in source and ">data<" in source
    assert ">grad<" in mt.viz.draw_graph(y, show_grad=True).source
    assert "<B>y&lt;1&gt;</B>" in mt.viz.draw_graph(y, names={"y<1>": y}).source
    assert mt.viz.draw_graph(y, show_grad=True).source == mt.viz.draw_graph(y, show_grad=True).source


def test_value_graph_truncation_and_long_chains():
    x = mt.Value(1.0)
    y = x
    for _ in range(10_000):
        y = y * 1.0
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        source = mt.viz.draw_graph(y, max_nodes=50).source
    finally:
        sys.setrecursionlimit(old)
    # 10,000 ops and 20,001 values (each * 1.0 adds a constant leaf); 50 drawn
    assert "… 9983 more ops and 19968 more values not drawn" in source


@needs_dot
def test_auto_layout_turns_a_wide_graph_top_to_bottom():
    """rankdir='auto': left to right while it fits a page's column, else top to bottom if narrower."""
    small = mt.tensor(2.0, requires_grad=True) * 3.0
    assert "\trankdir=LR\n" in mt.viz.draw_graph(small).source
    x = mt.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(8):  # a chain of 16 ops: far wider than a column when laid out left to right
        y = (y * 0.5).tanh()
    drawing = mt.viz.draw_graph(y)
    assert "\trankdir=TB\n" in drawing.source
    width_pt = float(drawing.pipe(format="plain", encoding="utf-8").split()[2]) * 72
    assert width_pt <= mt.viz.graph.COLUMN_WIDTH_PT
    # an explicit direction is kept, and appears once
    source = mt.viz.draw_graph(y, rankdir="LR").source
    assert source.count("rankdir=") == 1 and "\trankdir=LR\n" in source
