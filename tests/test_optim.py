"""Optimizers: updates equal PyTorch's step by step, parameter groups, state dicts, errors, speed."""

from __future__ import annotations

import time

import numpy as np
import pytest

import minitorch as mt
import minitorch.nn.functional as F
from minitorch import nn, optim
from tests.helpers import assert_close, needs_torch, torch

CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True)),
    ("SGD", dict(lr=0.1, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.05, maximize=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.05, betas=(0.8, 0.9), eps=1e-6)),
    ("Adam", dict(lr=0.05, weight_decay=0.1)),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.5)),
    ("RMSprop", dict(lr=0.01, centered=True, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9, eps=1e-4)),
]
IDS = [f"{name}-" + "-".join(f"{k}={v}" for k, v in kw.items()) for name, kw in CONFIGS]


def data(seed=0):
    r = np.random.default_rng(seed)
    return r.standard_normal((8, 3)), r.standard_normal((8, 2))


def model(seed=0):
    mt.manual_seed(seed)
    return nn.MLP(3, [5, 2]).double()


def torch_copy(m):
    t = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2)).double()
    t.load_state_dict({k: torch.tensor(v.detach().numpy()) for k, v in m.state_dict().items()})
    return t


def train_step(m, opt, x, y):
    opt.zero_grad()
    loss = F.mse_loss(m(mt.tensor(x)), mt.tensor(y))
    loss.backward()
    opt.step()
    return loss.item()


@needs_torch
@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_five_steps_match_torch(name, kwargs):
    x, y = data()
    m = model()
    t = torch_copy(m)
    opt = getattr(optim, name)(m.parameters(), **kwargs)
    opt_t = getattr(torch.optim, name)(t.parameters(), **kwargs)
    xt, yt = torch.tensor(x), torch.tensor(y)
    for step in range(5):
        train_step(m, opt, x, y)
        opt_t.zero_grad()
        torch.nn.functional.mse_loss(t(xt), yt).backward()
        opt_t.step()
        for (n, p), tp in zip(m.named_parameters(), t.parameters()):
            assert_close(p, tp, rtol=1e-6, atol=1e-12, what=f"{name} step {step + 1} {n}")


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_steps_keep_parameter_objects_and_reduce_the_loss(name, kwargs):
    x, y = data()
    m = model()
    params = list(m.parameters())
    opt = getattr(optim, name)(m.parameters(), **kwargs)
    losses = [train_step(m, opt, x, y) for _ in range(20)]
    assert all(a is b for a, b in zip(m.parameters(), params))
    if kwargs.get("maximize"):
        assert losses[-1] > losses[0]
    else:
        assert losses[-1] < losses[0]


def test_plain_sgd_is_p_minus_lr_grad():
    p = nn.Parameter(mt.tensor([1.0, -2.0], dtype=mt.float64))
    p.grad = mt.tensor([0.5, 4.0], dtype=mt.float64)
    optim.SGD([p], lr=0.1).step()
    np.testing.assert_allclose(p.detach().numpy(), [1.0 - 0.05, -2.0 - 0.4])


def test_sgd_momentum_buffer_starts_at_the_first_gradient():
    p = nn.Parameter(mt.zeros(1, dtype=mt.float64))
    opt = optim.SGD([p], lr=1.0, momentum=0.5, dampening=0.5)
    p.grad = mt.tensor([2.0], dtype=mt.float64)
    opt.step()
    np.testing.assert_allclose(p.detach().numpy(), [-2.0])  # b = g, no dampening on the first step
    opt.step()
    np.testing.assert_allclose(p.detach().numpy(), [-2.0 - (0.5 * 2 + 0.5 * 2)])  # b = 0.5 b + (1 - 0.5) g


def test_adam_first_step_moves_by_lr_times_sign():
    # After bias correction, m̂ = g and v̂ = g², so the first step is lr · g / (|g| + eps).
    p = nn.Parameter(mt.tensor([1.0, 1.0, 1.0], dtype=mt.float64))
    p.grad = mt.tensor([3.0, -0.01, 100.0], dtype=mt.float64)
    optim.Adam([p], lr=0.1, eps=0).step()
    np.testing.assert_allclose(p.detach().numpy(), [0.9, 1.1, 0.9])


def test_parameters_without_grad_are_skipped():
    a = nn.Parameter(mt.ones(2))
    b = nn.Parameter(mt.ones(2))
    for opt in (optim.SGD([a, b], lr=0.1, momentum=0.9), optim.Adam([a, b]), optim.RMSprop([a, b])):
        a.grad = mt.ones(2)
        opt.step()
        assert np.all(b.detach().numpy() == 1) and b not in opt.state and a in opt.state
        a.detach().numpy()[:] = 1


def test_step_marks_parameters_modified():
    p = nn.Parameter(mt.ones(2))
    y = (p * p).sum()
    p.grad = mt.ones(2)
    optim.SGD([p], lr=0.1).step()
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_zero_grad_and_closure():
    m = model()
    x, y = data()
    opt = optim.SGD(m.parameters(), lr=0.1)
    F.mse_loss(m(mt.tensor(x)), mt.tensor(y)).backward()
    opt.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.detach().numpy().any() for p in m.parameters())
    opt.zero_grad()
    assert all(p.grad is None for p in m.parameters())

    def closure():
        opt.zero_grad()
        loss = F.mse_loss(m(mt.tensor(x)), mt.tensor(y))
        loss.backward()
        return loss

    with mt.no_grad():  # step turns gradients on for the closure, as in PyTorch
        first = opt.step(closure)
    assert first.item() > opt.step(closure).item()


@needs_torch
def test_param_groups_with_their_own_options_match_torch():
    x, y = data(1)
    m = model(1)
    t = torch_copy(m)
    groups = lambda mod: [{"params": mod[0].parameters(), "lr": 0.01, "momentum": 0.5}, {"params": mod[2].parameters()}]
    opt = optim.SGD(groups(m), lr=0.1, momentum=0.9, nesterov=False)
    opt_t = torch.optim.SGD(groups(t), lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.01, 0.1]
    assert [g["momentum"] for g in opt.param_groups] == [0.5, 0.9]
    for _ in range(3):
        train_step(m, opt, x, y)
        opt_t.zero_grad()
        torch.nn.functional.mse_loss(t(torch.tensor(x)), torch.tensor(y)).backward()
        opt_t.step()
    for (n, p), tp in zip(m.named_parameters(), t.parameters()):
        assert_close(p, tp, what=n)


def test_named_parameters_and_single_dict_are_accepted():
    m = model()
    opt = optim.Adam(m.named_parameters(), lr=0.01)
    assert opt.param_groups[0]["param_names"] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert opt.param_groups[0]["params"] == list(m.parameters())
    opt = optim.SGD([{"params": m[0].weight}], lr=0.1)
    assert opt.param_groups[0]["params"] == [m[0].weight]


@pytest.mark.parametrize("name, kwargs", [c for c in CONFIGS if c[1].get("momentum") or c[0] != "SGD"],
                         ids=[i for c, i in zip(CONFIGS, IDS) if c[1].get("momentum") or c[0] != "SGD"])
def test_state_dict_round_trip_resumes_training_exactly(name, kwargs):
    x, y = data(2)
    a = model(3)
    opt_a = getattr(optim, name)(a.parameters(), **kwargs)
    for _ in range(3):
        train_step(a, opt_a, x, y)
    saved_model, saved_opt = a.state_dict(), opt_a.state_dict()
    # plain data: arrays, numbers, tuples; no tensors, no parameter objects
    for state in saved_opt["state"].values():
        assert all(isinstance(v, (mt.Tensor, int, float)) for v in state.values())
    assert all(isinstance(i, int) for g in saved_opt["param_groups"] for i in g["params"])
    # copies, as a file would give back (numbers come back as 0-d arrays, as some formats do)
    saved_model = {k: v.clone() for k, v in saved_model.items()}
    saved_opt = {"state": {i: {k: np.copy(v) for k, v in s.items()} for i, s in saved_opt["state"].items()},
                 "param_groups": [dict(g) for g in saved_opt["param_groups"]]}

    b = model(4)
    opt_b = getattr(optim, name)(b.parameters(), lr=123.0) if name == "SGD" else getattr(optim, name)(b.parameters())
    b.load_state_dict(saved_model)
    opt_b.load_state_dict(saved_opt)
    assert opt_b.param_groups[0]["lr"] == opt_a.param_groups[0]["lr"]
    assert opt_b.param_groups[0]["params"] == list(b.parameters())
    for _ in range(2):
        train_step(a, opt_a, x, y)
        train_step(b, opt_b, x, y)
    for (n, p), q in zip(a.named_parameters(), b.parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy(), err_msg=n)


def test_state_dict_is_a_copy():
    m = model()
    opt = optim.Adam(m.parameters())
    train_step(m, opt, *data())
    sd = opt.state_dict()
    before = sd["state"][0]["exp_avg"].clone()
    train_step(m, opt, *data())
    np.testing.assert_array_equal(sd["state"][0]["exp_avg"], before)
    assert sd["state"][0]["step"] == 1 and opt.state[m[0].weight]["step"] == 2


def test_load_state_dict_mismatches_are_explained():
    m = model()
    opt = optim.Adam(m.parameters())
    train_step(m, opt, *data())
    sd = opt.state_dict()
    other = optim.Adam([m[0].weight])
    with pytest.raises(ValueError, match="group 0 has 4 parameter.*saved state but 1 here"):
        other.load_state_dict(sd)
    two = optim.Adam([{"params": [m[0].weight]}, {"params": [m[0].bias]}])
    with pytest.raises(ValueError, match="saved state has 1 parameter group.*this optimizer has 2"):
        two.load_state_dict(sd)
    swapped = optim.Adam([m[0].bias, m[0].weight, m[2].weight, m[2].bias])
    with pytest.raises(ValueError, match=r"'exp_avg' of parameter 0 has shape \(5, 3\).*\(5,\)"):
        swapped.load_state_dict(sd)


def test_repr_lists_groups_like_torch():
    opt = optim.SGD(model().parameters(), lr=0.1)
    assert repr(opt).startswith("SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n")
    assert repr(opt).endswith("    weight_decay: 0\n)")


# ------------------------------------------------------------------ errors
def test_sgd_without_lr_is_a_clear_error():
    with pytest.raises(TypeError, match=r"SGD: no value for 'lr'.*SGD\(model.parameters\(\), lr=0.1\)"):
        optim.SGD(model().parameters())
    with pytest.raises(TypeError, match="'lr'"):
        optim.SGD([{"params": [nn.Parameter(mt.ones(1))]}])


def test_bad_params_are_explained():
    p = nn.Parameter(mt.ones(2))
    with pytest.raises(TypeError, match=r"single Tensor; wrap it in a list: \[tensor\]"):
        optim.SGD(p, lr=0.1)
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.Adam([])
    m = model()
    gen = m.parameters()
    optim.Adam(gen)
    with pytest.raises(ValueError, match="used up"):
        optim.Adam(gen)
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([p * 2], lr=0.1)
    with pytest.raises(TypeError, match="only optimize Tensors.*list"):
        optim.SGD([[1.0, 2.0]], lr=0.1)
    with pytest.raises(TypeError, match="ordered"):
        optim.SGD({p}, lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


@pytest.mark.parametrize("make, message", [
    (lambda ps: optim.SGD(ps, lr=-1), "invalid lr: -1"),
    (lambda ps: optim.SGD(ps, lr=0.1, nesterov=True), "Nesterov momentum requires a momentum"),
    (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "zero dampening"),
    (lambda ps: optim.Adam(ps, betas=(0.9, 1.0)), "beta parameter at index 1: 1.0"),
    (lambda ps: optim.Adam(ps, eps=-1e-8), "invalid eps"),
    (lambda ps: optim.RMSprop(ps, alpha=-0.5), "invalid alpha: -0.5"),
    (lambda ps: optim.RMSprop(ps, momentum=-1), "invalid momentum"),
])
def test_invalid_options(make, message):
    with pytest.raises(ValueError, match=message):
        make([nn.Parameter(mt.ones(1))])


def test_steps_are_vectorised():
    big = nn.Parameter(mt.zeros(1000, 1000))  # a per-element Python loop would take seconds
    big.grad = mt.ones(1000, 1000)
    for opt in (optim.SGD([big], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
                optim.Adam([big], weight_decay=0.01, amsgrad=True),
                optim.RMSprop([big], centered=True, momentum=0.9)):
        opt.step()  # first step allocates state
        start = time.perf_counter()
        opt.step()
        assert time.perf_counter() - start < 0.5


def test_plain_sgd_keeps_no_per_parameter_state_and_momentum_does():
    # As in PyTorch: SGD without momentum has nothing to remember between steps.
    m = model()
    for momentum, expected in ((0.0, {}), (0.9, {"momentum_buffer"})):
        opt = optim.SGD(m.parameters(), lr=0.1, momentum=momentum)
        x, y = data()
        F.mse_loss(m(mt.tensor(x)), mt.tensor(y)).backward()
        opt.step()
        states = opt.state_dict()["state"]
        if not expected:
            assert states == {}
        else:
            assert len(states) == 4 and all(set(s) == expected for s in states.values())
        opt.zero_grad()
    if torch is not None:
        p = torch.nn.Parameter(torch.ones(2))
        topt = torch.optim.SGD([p], lr=0.1)
        p.grad = torch.ones(2)
        topt.step()
        assert topt.state_dict()["state"] == {}
