"""nn.Module and nn.Parameter: registration, traversal, modes, state dicts, repr; containers and MLP."""

from __future__ import annotations

import copy
import pickle
from collections import OrderedDict

import numpy as np
import pytest

import minitorch as mt
from minitorch import nn
from tests.helpers import assert_close, needs_torch, torch


class Block(nn.Module):
    """A user-written module: a parameter, a child, a ModuleList, and a plain attribute."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(mt.ones(3))
        self.first = nn.Linear(3, 4)
        self.note = "not registered"
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2)])
        self.plain = mt.zeros(2, requires_grad=True)  # a Tensor, not a Parameter: not registered

    def forward(self, x):
        x = self.first(x * self.scale)
        for layer in self.layers:
            x = layer(x)
        return x


# ---------------------------------------------------------------- Parameter
def test_parameter_is_a_leaf_tensor_that_requires_grad():
    p = nn.Parameter(mt.randn(2, 3))
    assert isinstance(p, mt.Tensor) and isinstance(p, nn.Parameter)
    assert p.requires_grad and p.is_leaf and p.grad_fn is None
    assert not nn.Parameter(mt.randn(2), requires_grad=False).requires_grad
    (p * 2).sum().backward()
    np.testing.assert_array_equal(p.grad.detach().numpy(), np.full((2, 3), 2.0))
    # ops on a Parameter give plain tensors
    assert type(p * 1) is mt.Tensor


def test_parameter_shares_the_tensors_values():
    t = mt.zeros(3)
    p = nn.Parameter(t)
    t.detach().numpy()[0] = 5.0
    assert p.detach().numpy()[0] == 5.0


def test_parameter_repr_matches_pytorch_layout():
    p = nn.Parameter(mt.tensor([1.0, 2.0]))
    assert repr(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"


def test_parameter_of_integers_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating-point.*int64"):
        nn.Parameter(mt.tensor([1, 2]))


def test_parameter_survives_deepcopy_and_pickle():
    p = nn.Parameter(mt.tensor([1.0, 2.0]))
    for q in (copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert type(q) is nn.Parameter and q.requires_grad
        np.testing.assert_array_equal(q.detach().numpy(), p.detach().numpy())
        assert q.detach().numpy() is not p.detach().numpy()


# ---------------------------------------------------------- registration
def test_named_parameters_in_registration_order_with_dotted_names():
    m = Block()
    names = [n for n, _ in m.named_parameters()]
    assert names == [
        "scale", "first.weight", "first.bias",
        "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
    ]
    assert [p for _, p in m.named_parameters()] == list(m.parameters())
    assert m.layers[0].weight is dict(m.named_parameters())["layers.0.weight"]


def test_plain_attributes_and_tensors_are_not_registered():
    m = Block()
    assert m.note == "not registered"
    assert all(p is not m.plain for p in m.parameters())
    assert "note" not in dict(m.named_children()) and "plain" not in dict(m.named_parameters())


def test_children_and_modules():
    m = Block()
    assert [n for n, _ in m.named_children()] == ["first", "layers"]
    assert list(m.children()) == [m.first, m.layers]
    names = [n for n, _ in m.named_modules()]
    assert names == ["", "first", "layers", "layers.0", "layers.1", "layers.2"]
    assert list(m.modules())[0] is m and len(list(m.modules())) == 6


def test_shared_parameters_and_modules_are_listed_once():
    shared = nn.Linear(2, 2)
    seq = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(seq.parameters())) == 2
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(seq.modules())) == 3  # seq, shared, relu


def test_reassigning_replaces_and_none_keeps_the_slot():
    m = nn.Linear(2, 3)
    new = nn.Parameter(mt.zeros(3))
    m.bias = new
    assert m.bias is new and list(m.parameters())[1] is new
    m.bias = None
    assert m.bias is None and len(list(m.parameters())) == 1
    with pytest.raises(TypeError, match="'weight' of Linear: it is registered, so it takes a mt.nn.Parameter"):
        m.weight = mt.zeros(3, 2)


def test_delattr_unregisters():
    m = Block()
    del m.first
    assert [n for n, _ in m.named_children()] == ["layers"]
    with pytest.raises(AttributeError, match="first"):
        m.first


def test_a_parameter_lives_in_one_registry_only():
    # One place per parameter: the registry (not also __dict__); every way of changing one goes there.
    m = nn.Linear(2, 3)
    assert m.weight is m._parameters["weight"] and "weight" not in vars(m)
    m.register_parameter("extra", nn.Parameter(mt.ones(1)))
    assert m.extra is m._parameters["extra"]
    m.extra = None
    assert m.extra is None and m._parameters["extra"] is None
    m.extra = nn.Linear(1, 1)  # a parameter slot taken over by a module
    assert "extra" not in m._parameters and m.extra is m._modules["extra"] and "extra" not in vars(m)
    del m.weight
    assert "weight" not in m._parameters and "weight" not in vars(m)
    with pytest.raises(AttributeError, match="weight"):
        m.weight
    m.weight = nn.Parameter(mt.zeros(3, 2))
    assert m.weight is m._parameters["weight"]
    assert [n for n, _ in m.named_parameters()] == ["bias", "weight", "extra.weight", "extra.bias"]


def test_assigning_before_super_init_is_explained():
    class Forgot(nn.Module):
        def __init__(self):
            self.lin = nn.Linear(2, 2)

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Forgot()


def test_missing_attribute_and_missing_forward():
    m = nn.Module()
    with pytest.raises(AttributeError, match="'Module' object has no attribute 'nope'"):
        m.nope
    with pytest.raises(NotImplementedError, match="forward"):
        m(mt.zeros(1))


def test_register_buffer_goes_to_state_dict_unless_not_persistent():
    m = nn.Linear(2, 2)
    m.register_buffer("running", mt.zeros(2))
    m.register_buffer("scratch", mt.ones(2), persistent=False)
    assert list(m.state_dict()) == ["weight", "bias", "running"]
    assert [n for n, _ in m.named_buffers()] == ["running", "scratch"]
    assert len(list(m.parameters())) == 2
    with pytest.raises(KeyError, match="'.'"):
        m.register_buffer("a.b", mt.zeros(1))


def test_deepcopy_and_pickle_give_an_independent_equal_model():
    m = Block()
    x = mt.randn(2, 3)
    for twin in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert [n for n, _ in twin.named_parameters()] == [n for n, _ in m.named_parameters()]
        assert all(type(p) is nn.Parameter for p in twin.parameters())
        np.testing.assert_array_equal(twin(x).detach().numpy(), m(x).detach().numpy())
        with mt.no_grad():
            twin.first.weight += 1.0
        assert not np.array_equal(twin(x).detach().numpy(), m(x).detach().numpy())


def test_call_runs_forward():
    m = Block()
    x = mt.randn(5, 3)
    assert m(x).shape == (5, 2)
    np.testing.assert_array_equal(m(x).detach().numpy(), m.forward(x).detach().numpy())


# ------------------------------------------------------------------ modes
def test_train_eval_propagate_to_every_submodule():
    m = Block()
    assert all(mod.training for mod in m.modules())
    assert m.eval() is m
    assert not any(mod.training for mod in m.modules())
    m.train()
    assert all(mod.training for mod in m.modules())
    m.layers.train(False)
    assert m.training and not m.layers[1].training
    with pytest.raises(ValueError, match="True or False"):
        m.train("yes")


def test_zero_grad_sets_none_or_zeros():
    m = Block()
    m(mt.randn(4, 3)).sum().backward()
    assert all(p.grad is not None for p in m.parameters())
    m.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.detach().numpy().any() for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())


def test_requires_grad_freezes_parameters():
    m = Block()
    assert m.first.requires_grad_(False) is m.first
    out = m(mt.randn(2, 3)).sum()
    out.backward()
    assert m.first.weight.grad is None and m.layers[0].weight.grad is not None
    assert not any(p.requires_grad for p in m.first.parameters())


def test_double_converts_in_place_keeping_parameter_objects():
    m = nn.Linear(3, 2)
    w = m.weight
    assert m.double() is m and m.weight is w and w.dtype == mt.float64
    assert m(mt.randn(1, 3, dtype=mt.float64)).dtype == mt.float64
    m.float()
    assert w.dtype == mt.float32
    assert m.to("cpu") is m
    with pytest.raises(RuntimeError, match="'cuda' is not available"):
        m.to("cuda")


def test_apply_visits_children_then_self():
    seen = []
    Block().apply(lambda mod: seen.append(type(mod).__name__))
    assert seen == ["Linear", "Linear", "ReLU", "Linear", "ModuleList", "Block"]


# --------------------------------------------------------------- state dict
def test_state_dict_detached_shares_values_and_round_trips_into_a_fresh_model():
    mt.manual_seed(1)
    a = Block()
    sd = a.state_dict()
    assert list(sd) == [n for n, _ in a.named_parameters()]
    assert all(type(v) is mt.Tensor and not v.requires_grad for v in sd.values())
    assert np.shares_memory(sd["first.weight"].detach().numpy(), a.first.weight.detach().numpy())

    mt.manual_seed(2)
    b = Block()
    assert not np.array_equal(a.first.weight.detach().numpy(), b.first.weight.detach().numpy())
    params_before = list(b.parameters())
    result = b.load_state_dict(sd)
    assert result == ([], []) and result.missing_keys == [] and result.unexpected_keys == []
    assert list(b.parameters()) == params_before and all(x is y for x, y in zip(b.parameters(), params_before))
    for (n, p), (m_, q) in zip(a.named_parameters(), b.named_parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy(), err_msg=n)
        assert not np.shares_memory(p.detach().numpy(), q.detach().numpy())  # copied, not aliased
    x = mt.randn(4, 3)
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())


def test_load_state_dict_accepts_arrays_and_marks_parameters_modified():
    m = nn.Linear(2, 2)
    sd = {k: np.full(v.shape, 0.5, dtype=np.float32) for k, v in m.state_dict().items()}
    y = m(mt.ones(1, 2)).sum()  # a graph recorded before loading
    m.load_state_dict(sd)
    assert np.all(m.weight.detach().numpy() == 0.5)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_load_state_dict_names_missing_unexpected_and_mis_shaped_keys_at_once():
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    good = m.state_dict()
    bad = OrderedDict(good)
    del bad["2.bias"]
    bad["extra.weight"] = mt.zeros(1)
    bad["0.weight"] = mt.zeros(3, 5)
    before = m[0].weight.detach().numpy().copy()
    with pytest.raises(RuntimeError) as info:
        m.load_state_dict(bad)
    msg = str(info.value)
    assert "Sequential" in msg
    assert 'Missing key(s) in state_dict: "2.bias"' in msg
    assert 'Unexpected key(s) in state_dict: "extra.weight"' in msg
    assert "size mismatch for 0.weight" in msg and "(3, 5)" in msg and "(3, 2)" in msg
    np.testing.assert_array_equal(m[0].weight.detach().numpy(), before)  # nothing was copied


def test_load_state_dict_non_strict_returns_the_differences_but_still_refuses_bad_shapes():
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    sd = m.state_dict()
    partial = {"0.weight": mt.ones(3, 2), "other": mt.zeros(1)}
    missing, unexpected = m.load_state_dict(partial, strict=False)
    assert missing == ["0.bias", "2.weight", "2.bias"] and unexpected == ["other"]
    assert np.all(m[0].weight.detach().numpy() == 1)
    with pytest.raises(RuntimeError, match="size mismatch for 2.bias"):
        m.load_state_dict({**sd, "2.bias": mt.zeros(2)}, strict=False)
    with pytest.raises(TypeError, match="dict"):
        m.load_state_dict([1, 2])


# ------------------------------------------------------------------- repr
def test_repr_is_nested_like_pytorch():
    m = Block()
    assert repr(nn.ReLU()) == "ReLU()"
    assert repr(m.first) == "Linear(in_features=3, out_features=4, bias=True)"
    assert repr(m) == (
        "Block(\n"
        "  (first): Linear(in_features=3, out_features=4, bias=True)\n"
        "  (layers): ModuleList(\n"
        "    (0): Linear(in_features=4, out_features=4, bias=True)\n"
        "    (1): ReLU()\n"
        "    (2): Linear(in_features=4, out_features=2, bias=True)\n"
        "  )\n"
        ")"
    )


def test_extra_repr_with_children_comes_first():
    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Identity()

        def extra_repr(self):
            return "factor=2"

    assert repr(Scaled()) == "Scaled(\n  factor=2\n  (inner): Identity()\n)"


@needs_torch
def test_repr_equals_torch_repr():
    ours = nn.Sequential(
        nn.Linear(2, 8), nn.ReLU(), nn.LeakyReLU(0.2), nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1),
        nn.LogSoftmax(dim=1), nn.Flatten(), nn.Identity(), nn.Linear(8, 1, bias=False),
        nn.Sequential(nn.ReLU(inplace=True)), nn.MSELoss(), nn.CrossEntropyLoss(),
    )
    tn = torch.nn
    theirs = tn.Sequential(
        tn.Linear(2, 8), tn.ReLU(), tn.LeakyReLU(0.2), tn.Sigmoid(), tn.Tanh(), tn.Softmax(dim=1),
        tn.LogSoftmax(dim=1), tn.Flatten(), tn.Identity(), tn.Linear(8, 1, bias=False),
        tn.Sequential(tn.ReLU(inplace=True)), tn.MSELoss(), tn.CrossEntropyLoss(),
    )
    assert repr(ours) == repr(theirs)


# -------------------------------------------------------------- containers
def test_sequential_runs_in_order_and_indexes_like_a_list():
    a, r, b = nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1)
    seq = nn.Sequential(a, r, b)
    x = mt.randn(5, 2)
    np.testing.assert_array_equal(seq(x).detach().numpy(), b(r(a(x))).detach().numpy())
    assert len(seq) == 3 and list(seq) == [a, r, b]
    assert seq[0] is a and seq[-1] is b
    head = seq[:2]
    assert type(head) is nn.Sequential and list(head) == [a, r]
    np.testing.assert_array_equal(head(x).detach().numpy(), r(a(x)).detach().numpy())
    with pytest.raises(IndexError, match="index 3 is out of range for a Sequential of length 3"):
        seq[3]


def test_sequential_append_insert_setitem_delitem_keep_numbering():
    seq = nn.Sequential(nn.Linear(2, 2))
    assert seq.append(nn.ReLU()) is seq
    seq.append(nn.Linear(2, 1))
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    seq[1] = nn.Tanh()
    assert isinstance(seq[1], nn.Tanh)
    del seq[0]
    assert [n for n, _ in seq.named_children()] == ["0", "1"] and isinstance(seq[0], nn.Tanh)
    seq.insert(0, nn.Identity())
    assert [type(m).__name__ for m in seq] == ["Identity", "Tanh", "Linear"]


def test_sequential_with_ordered_dict_keeps_names():
    seq = nn.Sequential(OrderedDict([("hidden", nn.Linear(2, 3)), ("act", nn.ReLU())]))
    assert [n for n, _ in seq.named_parameters()] == ["hidden.weight", "hidden.bias"]
    assert seq.hidden is seq[0]


def test_sequential_refuses_non_modules_with_a_hint():
    with pytest.raises(TypeError, match=r"class ReLU, not a layer.*ReLU\(\.\.\.\)"):
        nn.Sequential(nn.Linear(2, 2), nn.ReLU)
    with pytest.raises(TypeError, match="not a Module"):
        nn.Sequential(nn.Linear(2, 2), mt.relu)


def test_module_list_registers_and_slices():
    ml = nn.ModuleList([nn.Linear(1, 1) for _ in range(3)])
    assert len(list(ml.parameters())) == 6
    sub = ml[1:]
    assert type(sub) is nn.ModuleList and list(sub) == list(ml)[1:]
    assert [n for n, _ in sub.named_children()] == ["0", "1"]
    ml += [nn.ReLU()]
    assert len(ml) == 4


# --------------------------------------------------------------------- MLP
def test_mlp_structure():
    m = nn.MLP(2, [8, 1])
    assert isinstance(m, nn.Sequential)
    assert [type(layer).__name__ for layer in m] == ["Linear", "ReLU", "Linear"]
    assert (m[0].in_features, m[0].out_features, m[2].in_features, m[2].out_features) == (2, 8, 8, 1)
    deep = nn.MLP(4, [16, 16, 3], activation=nn.Tanh)
    assert [type(layer).__name__ for layer in deep] == ["Linear", "Tanh", "Linear", "Tanh", "Linear"]
    assert deep[1] is not deep[3]
    assert [type(layer).__name__ for layer in nn.MLP(3, [2])] == ["Linear"]
    assert deep(mt.randn(5, 4)).shape == (5, 3)
    assert repr(m).startswith("MLP(\n  (0): Linear(in_features=2, out_features=8, bias=True)\n  (1): ReLU()")


def test_mlp_bad_arguments():
    with pytest.raises(ValueError, match="at least one"):
        nn.MLP(2, [])
    with pytest.raises(TypeError, match="without parentheses"):
        nn.MLP(2, [4, 1], activation=nn.Tanh())


@needs_torch
def test_mlp_matches_torch_sequential_with_the_same_weights():
    m = nn.MLP(3, [5, 2]).double()
    t = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))
    t.load_state_dict({k: torch.tensor(v.detach().numpy()) for k, v in m.state_dict().items()})
    x = mt.randn(6, 3, dtype=mt.float64)
    out = m(x)
    out_t = t(torch.tensor(x.detach().numpy()))
    assert_close(out, out_t, what="MLP forward")
    (out * out).sum().backward()
    (out_t * out_t).sum().backward()
    for (name, p), tp in zip(m.named_parameters(), t.parameters()):
        assert_close(p.grad, tp.grad, what=name)
