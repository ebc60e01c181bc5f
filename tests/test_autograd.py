"""Graph semantics: accumulation, reuse, diamonds, no_grad, detach, leaf grads,
deep chains, freeing the graph, in-place safety, custom Functions."""

from __future__ import annotations

import gc
import sys
import weakref

import numpy as np
import pytest

import minitorch as mt
from helpers import assert_close, needs_torch, torch


def test_micrograd_scalar_example_by_hand():
    a = mt.tensor(2.0, requires_grad=True)
    b = mt.tensor(-3.0, requires_grad=True)
    c = mt.tensor(10.0, requires_grad=True)
    d = (a * b + c).relu()  # relu(2 * -3 + 10) = 4
    d.backward()
    assert d.item() == 4.0
    # dd/da = b, dd/db = a, dd/dc = 1 (relu is active)
    assert (a.grad.item(), b.grad.item(), c.grad.item()) == (-3.0, 2.0, 1.0)


def test_seed_example_square_then_relu():
    x = mt.tensor(2.0, requires_grad=True)
    y = (x**2).relu()
    y.backward()
    assert x.grad.item() == 4.0  # d(x²)/dx = 2x = 4 at x = 2


def test_gradients_accumulate_across_backward_calls_until_zeroed():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [3 + 2, 3 + 4])
    x.grad.zero_()
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [3, 3])


def test_reused_value_receives_the_sum_of_its_gradients():
    x = mt.tensor(3.0, requires_grad=True)
    (x * x + x).backward()  # 2x + 1
    assert x.grad.item() == 7.0


def test_diamond_graph():
    a = mt.tensor(1.5, dtype=mt.float64, requires_grad=True)
    b, c = a * 2, a.exp()
    d = b * c  # 2a e^a  ->  d' = 2 e^a (1 + a)
    d.backward()
    assert np.isclose(a.grad.item(), 2 * np.exp(1.5) * 2.5)


def test_broadcast_gradient_sums_back_to_the_input_shape():
    w = mt.ones(3, requires_grad=True)
    x = mt.ones(4, 3)
    (x * w).sum().backward()  # w is used by each of the 4 rows
    np.testing.assert_allclose(w.grad.detach().numpy(), [4, 4, 4])


def test_no_grad_context_and_decorator():
    x = mt.tensor([1.0], requires_grad=True)
    with mt.no_grad():
        y = x * 2
        assert not mt.is_grad_enabled()
        with mt.enable_grad():
            z = x * 2
    assert mt.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None

    @mt.no_grad()
    def predict(t):
        return t * 2

    assert not predict(x).requires_grad
    assert mt.is_grad_enabled()


@pytest.mark.parametrize("mode", ["no_grad", "enable_grad", "set_grad_enabled"])
def test_a_decorated_generator_runs_each_step_in_the_mode_and_the_caller_in_its_own(mode):
    """As torch.no_grad on a generator: the mode holds inside every step, not between them."""
    decorate = mt.set_grad_enabled(False) if mode == "set_grad_enabled" else getattr(mt, mode)()
    inside = mode == "enable_grad"

    @decorate
    def steps():
        sent = yield mt.is_grad_enabled()
        try:
            yield sent, mt.is_grad_enabled()
        except KeyError:
            yield "caught", mt.is_grad_enabled()
        return "done"

    with mt.set_grad_enabled(not inside):
        gen = steps()
        assert next(gen) is inside and mt.is_grad_enabled() is not inside
        assert gen.send(7) == (7, inside) and mt.is_grad_enabled() is not inside
        assert gen.throw(KeyError()) == ("caught", inside)
        with pytest.raises(StopIteration) as stop:
            next(gen)
        assert stop.value.value == "done" and mt.is_grad_enabled() is not inside
    assert steps.__name__ == "steps"


def test_no_grad_decorates_methods_and_generator_methods():
    class Model:
        @mt.no_grad()
        def predict(self, t):
            return t * 2

        @mt.no_grad
        def stream(self, t):
            yield t * 2

    x = mt.tensor([1.0], requires_grad=True)
    assert not Model().predict(x).requires_grad
    assert not next(Model().stream(x)).requires_grad
    assert (x * 2).requires_grad


def test_detach_cuts_the_graph_but_shares_values():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2).detach()
    assert not y.requires_grad and y.is_leaf
    (y * x).sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), y.detach().numpy())  # only the non-detached path


def test_only_leaves_keep_grad_unless_retained():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    kept = x * 4
    kept.retain_grad()
    (h.sum() + (kept * kept).sum()).backward()
    assert x.is_leaf and not h.is_leaf
    assert h.grad is None
    np.testing.assert_allclose(kept.grad.detach().numpy(), 2 * kept.detach().numpy())
    assert kept.retains_grad


def test_requires_grad_propagates_only_from_inputs_that_need_it():
    x = mt.tensor([1.0], requires_grad=True)
    c = mt.tensor([2.0])
    assert (x * c).requires_grad
    assert not (c * c).requires_grad


def test_ten_thousand_op_chain_backward_has_no_recursion_limit():
    x = mt.tensor(1.0, dtype=mt.float64, requires_grad=True)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert np.isclose(x.grad.item(), 1.0001**10_000)
    assert sys.getrecursionlimit() < 10_000  # the chain is deeper than recursion would allow


def test_graph_is_freed_by_reference_counting_alone():
    gc.disable()  # no cycle collector: only reference counts may free the arrays
    try:
        x = mt.randn(100, 100, requires_grad=True)
        hidden = (x @ x).tanh()
        loss = hidden.sum()
        probe = weakref.ref(hidden)
        node_probe = weakref.ref(hidden.grad_fn)
        loss.backward()
        del hidden, loss
        assert probe() is None, "the intermediate tensor is kept alive"
        assert node_probe() is None, "a graph node is kept alive"
    finally:
        gc.enable()


def test_second_backward_through_freed_graph_explains_retain_graph():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp()).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp()).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), 2 * np.exp([1.0, 2.0]), rtol=1e-6)


def test_vector_jacobian_product_with_gradient_argument():
    x = mt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    y.backward(gradient=mt.tensor([1.0, 0.1, 0.01]))
    np.testing.assert_allclose(x.grad.detach().numpy(), [2.0, 0.4, 0.06], rtol=1e-6)


def test_grads_keep_the_parameter_dtype():
    w = mt.randn(3, requires_grad=True)  # float32
    (w * mt.tensor([1.0, 2.0, 3.0], dtype=mt.float64)).sum().backward()
    assert w.grad.dtype == mt.float32


def test_leaf_grads_never_alias_each_other_or_the_upstream_gradient():
    a = mt.tensor([1.0, 2.0], requires_grad=True)
    b = mt.tensor([3.0, 4.0], requires_grad=True)
    (a + b).sum().backward()
    a.grad.zero_()
    np.testing.assert_allclose(b.grad.detach().numpy(), [1.0, 1.0])


# ------------------------------------------------------------------ in place
def test_sgd_update_in_place_under_no_grad_keeps_the_same_tensor():
    w = mt.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    same = w
    with mt.no_grad():
        w -= 0.1 * w.grad
    assert w is same and w.requires_grad and w.is_leaf
    np.testing.assert_allclose(w.detach().numpy(), [0.8, 1.6], rtol=1e-6)


def test_in_place_on_a_leaf_that_requires_grad_is_refused_while_recording():
    w = mt.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"in place.*mt\.no_grad\(\)"):
        w -= 1


def test_in_place_change_of_a_saved_tensor_is_caught_at_backward():
    w = mt.tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    with mt.no_grad():
        w += 1
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_in_place_change_of_a_saved_output_is_caught():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    e = x.exp()
    y = (e * 2).sum()
    with mt.no_grad():
        e *= 0
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_in_place_change_of_a_constant_input_is_caught():
    w = mt.tensor([1.0, 1.0], requires_grad=True)
    x = mt.tensor([3.0, 4.0])  # a constant: it needs no gradient, but w's gradient uses it
    y = (w * 2 * x).sum()
    x += 1
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_error_inside_a_backward_names_the_op():
    class BadBackward(mt.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad_output):
            return grad_output @ mt.ones(5, 7)  # shapes don't fit

    with pytest.raises(RuntimeError, match=r"BadBackwardBackward: backward failed for inputs of shape \(3,\)"):
        BadBackward.apply(mt.ones(3, requires_grad=True)).sum().backward()


def test_in_place_add_on_a_graph_tensor_records_the_op():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y += x  # a new node, as `y = y + x`
    y.sum().backward()
    np.testing.assert_allclose(x.grad.detach().numpy(), [3.0, 3.0])


def test_setitem_on_plain_tensor():
    t = mt.zeros(3)
    t[1] = 5.0
    t[mt.tensor([True, False, True])] = mt.tensor(2.0)
    np.testing.assert_allclose(t.detach().numpy(), [2.0, 5.0, 2.0])


# ------------------------------------------------------------ custom Function
class Cube(mt.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2


def test_custom_function_is_gradchecked_and_named_in_the_graph():
    x = mt.randn(2, 3, dtype=mt.float64, requires_grad=True)
    assert mt.autograd.gradcheck(Cube.apply, [x])
    y = Cube.apply(x)
    assert repr(y.grad_fn) == "<CubeBackward>"
    assert y.grad_fn.needs_input_grad == (True,)


def test_function_without_backward_says_what_to_write():
    class NoBackward(mt.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

    y = NoBackward.apply(mt.tensor([1.0], requires_grad=True)).sum()
    with pytest.raises(NotImplementedError, match="NoBackward has no backward"):
        y.backward()


def test_function_returning_wrong_gradients_is_named():
    class WrongCount(mt.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, grad):
            return grad

    class WrongShape(mt.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a.sum()

        @staticmethod
        def backward(ctx, grad):
            return grad

    x = mt.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="WrongCountBackward: backward returned 1 gradient.*2 input"):
        WrongCount.apply(x, x).sum().backward()
    with pytest.raises(RuntimeError, match=r"WrongShapeBackward.*shape \(\).*shape \(3,\)"):
        WrongShape.apply(x).backward()


def test_gradcheck_catches_a_wrong_backward_and_names_the_element():
    class BadSquare(mt.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * x  # should be 2x

    x = mt.tensor([[1.0, 2.0]], dtype=mt.float64, requires_grad=True)
    with pytest.raises(mt.autograd.GradcheckError, match=r"input 0 element \(0, 0\): numerical 2, analytical 1"):
        mt.autograd.gradcheck(BadSquare.apply, [x])
    assert mt.autograd.gradcheck(BadSquare.apply, [x], raise_exception=False) is False


def test_gradcheck_refuses_float32():
    with pytest.raises(mt.autograd.GradcheckError, match="float64"):
        mt.autograd.gradcheck(lambda x: x * 2, [mt.ones(2, requires_grad=True)])


def test_autograd_grad_returns_gradients_without_touching_dot_grad():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    (gx,) = mt.autograd.grad((x * x).sum(), x)
    np.testing.assert_allclose(gx.detach().numpy(), [2.0, 4.0])
    assert x.grad is None


@needs_torch
def test_two_layer_network_gradients_match_torch():
    rng = np.random.default_rng(0)
    data = {k: rng.standard_normal(s) for k, s in {"x": (5, 4), "w1": (8, 4), "b1": (8,), "w2": (1, 8)}.items()}
    ours = {k: mt.tensor(v, requires_grad=(k != "x")) for k, v in data.items()}
    theirs = {k: torch.tensor(v, requires_grad=(k != "x")) for k, v in data.items()}

    def loss(p, lib):
        h = (p["x"] @ p["w1"].T + p["b1"]).tanh()
        return ((h @ p["w2"].T).sigmoid() - 0.5).abs().mean() + lib.softmax(h, 1).max()

    loss(ours, mt).backward()
    loss(theirs, torch).backward()
    for k in ("w1", "b1", "w2"):
        assert_close(ours[k].grad, theirs[k].grad, what=k)


def test_topological_order_lists_every_node_after_the_nodes_that_made_its_inputs():
    from minitorch.autograd.engine import topological_order

    x = mt.tensor([0.5, -1.0], requires_grad=True)
    w = mt.tensor([2.0, 3.0], requires_grad=True)
    a = x * w  # used twice, by nodes created far apart
    b = (a + 1.0).tanh()
    c = a.exp() * b
    out = (c + a).sum()
    order = topological_order(out.grad_fn)
    assert order[-1] is out.grad_fn and order[0] is a.grad_fn
    assert len(order) == len(set(order)) == 7  # mul, add, tanh, exp, mul, add, sum
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        for inp in node.inputs:
            if isinstance(inp, mt.Tensor) and inp.grad_fn is not None:
                assert position[inp.grad_fn] < position[node]


def test_topological_order_of_a_long_chain_needs_no_recursion():
    from minitorch.autograd.engine import topological_order

    x = mt.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y * 1.0
    assert len(topological_order(y.grad_fn)) == 20_000
    y.backward()
    assert x.grad.item() == 1.0


def test_a_saved_tensor_changed_in_place_is_caught_by_its_version():
    x = mt.tensor([1.0], requires_grad=True)
    c = mt.tensor([2.0])
    y = x * c  # Mul saves c (at version 0)
    c += 1.0  # an in-place change after y's op used c: version 1
    z = y * 2.0
    assert c._version == 1
    with pytest.raises(RuntimeError, match="modified in place"):
        z.backward()
    assert x.grad is None  # nothing was accumulated


def test_a_tensor_changed_before_it_is_used_is_no_false_alarm():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2.0  # a non-leaf
    with mt.no_grad():
        h += 1.0  # changed before anything saved it
    (h * h).sum().backward()
    assert x.grad.tolist() == [12.0, 20.0]


def test_an_op_that_saves_nothing_does_not_mind_in_place_changes():
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    c = mt.tensor([3.0, 4.0])
    y = x + c  # Add needs only shapes, as in PyTorch
    c += 1.0
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("op", ["Add", "Sub", "Mul", "Div"])
def test_binary_ops_compute_no_gradient_for_a_constant_input(op):
    fn = getattr(mt.ops.elementwise, op)
    x = mt.tensor([1.0, 2.0], requires_grad=True)
    c = mt.tensor([3.0, 4.0])  # does not require grad
    ones = mt.ones(2)
    grad_x, grad_c = fn.backward(fn.apply(x, c).grad_fn, ones)
    assert grad_x is not None and grad_c is None
    grad_c, grad_x = fn.backward(fn.apply(c, x).grad_fn, ones)
    assert grad_c is None and grad_x is not None


def _in_place_story(lib):
    """In-place changes of non-leaf tensors inside a recorded graph, as PyTorch code writes them."""
    w = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a = w * 2
    b = a + 1  # uses a, saves nothing: it keeps its edge to a's old history
    a *= 3  # in place: same object, new history
    a.add_(b, alpha=0.5)
    a[0] = 10.0  # item assignment, recorded: no gradient to w[0] through a
    loss = (a * a).sum() + b.sum()
    loss.backward()
    return a, w.grad


def test_in_place_ops_on_graph_tensors_change_the_object_and_keep_gradients_right():
    a, grad = _in_place_story(mt)
    assert a.grad_fn is not None and a.tolist()[0] == 10.0
    # a = 6w + (2w + 1)/2 = 7w + 0.5 except a[0] = 10; b = 2w + 1:
    # d/dw_i = 2 a_i · 7 + 2 for i > 0, and 2 (through b only) for i = 0
    assert grad.tolist() == [2.0, 2 * (7 * 2 + 0.5) * 7 + 2, 2 * (7 * 3 + 0.5) * 7 + 2]


@needs_torch
def test_in_place_ops_on_graph_tensors_match_pytorch():
    (a, grad), (ta, tgrad) = _in_place_story(mt), _in_place_story(torch)
    assert_close(a.detach(), ta.detach())
    assert_close(grad, tgrad)


def test_in_place_change_of_a_saved_non_leaf_is_caught_at_backward():
    w = mt.tensor([1.0, 2.0], requires_grad=True)
    a = w * 2
    y = a * a  # saves a
    a += 1
    with pytest.raises(RuntimeError, match="MulBackward.*modified in place"):
        y.sum().backward()
