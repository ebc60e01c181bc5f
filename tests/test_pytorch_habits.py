"""PyTorch habits carry over: names, signatures, dtypes and devices behave as PyTorch's (compared where installed)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import minitorch as mt
from helpers import needs_torch, torch

DTYPES = ["bool", "int32", "int64", "float32", "float64"]


@pytest.fixture
def torch_float32_default():
    """PyTorch with its own default float dtype (helpers.py sets float64 for the comparisons)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(previous)


def make(lib, dtype: str, ndim: int):
    """[1, 2, 3] (or 2 as a 0-d tensor) of ``dtype`` in ``lib`` (minitorch or torch)."""
    values = np.array([1, 2, 3]) if ndim else np.array(2)
    return lib.tensor(values.astype(dtype))


# ------------------------------------------------------------------ promotion
@needs_torch
@pytest.mark.parametrize("left,right", list(itertools.product(DTYPES, DTYPES)))
@pytest.mark.parametrize("ndims", [(1, 1), (1, 0), (0, 1)], ids=["tensor-tensor", "tensor-0d", "0d-tensor"])
def test_binary_ops_promote_tensors_as_pytorch(left, right, ndims, torch_float32_default):
    for op in ("add", "mul", "div"):
        if op != "div" and "bool" == left == right:
            continue  # bool + bool: PyTorch keeps bool for add (logical or), NumPy too; not a promotion question
        a, b = make(mt, left, ndims[0]), make(mt, right, ndims[1])
        ta, tb = make(torch, left, ndims[0]), make(torch, right, ndims[1])
        if op == "div":
            ours, theirs = a / b, ta / tb
        elif op == "add":
            ours, theirs = a + b, ta + tb
        else:
            ours, theirs = a * b, ta * tb
        assert ours.dtype.name == str(theirs.dtype).replace("torch.", ""), f"{left} {op} {right}"


@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("number", [True, 2, 2.5])
def test_python_numbers_are_weak_as_in_pytorch(dtype, number, torch_float32_default):
    for ours, theirs in [(make(mt, dtype, 1) * number, make(torch, dtype, 1) * number),
                         (number + make(mt, dtype, 1), number + make(torch, dtype, 1))]:
        if dtype == "bool" and number is True:
            continue
        assert ours.dtype.name == str(theirs.dtype).replace("torch.", "")


@needs_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("scalar", [np.float64(2.5), np.float32(2.5), np.int64(2), np.int32(2)], ids=repr)
def test_numpy_scalars_count_as_python_numbers_as_in_pytorch(dtype, scalar, torch_float32_default):
    """``float32_tensor * np.float64(2.5)`` stays float32 in PyTorch; NumPy's own rule would give float64."""
    for name, op in [("mul", lambda t: t * scalar), ("radd", lambda t: scalar + t), ("div", lambda t: t / scalar),
                     ("rdiv", lambda t: scalar / t)]:
        ours, theirs = op(make(mt, dtype, 1)), op(make(torch, dtype, 1))
        assert ours.dtype.name == str(theirs.dtype).replace("torch.", ""), f"{dtype} {name} {scalar!r}"
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_integer_division_gives_the_default_float():
    out = mt.tensor([1, 2]) / mt.tensor([2, 4])
    assert out.dtype == mt.float32 and out.tolist() == [0.5, 0.5]


# ------------------------------------------------------------- numpy's names
def test_reductions_accept_numpy_names():
    x = mt.tensor([[1.0, 2.0], [3.0, 5.0]])
    assert x.sum(axis=0, keepdims=True).tolist() == [[4.0, 7.0]]
    assert x.mean(axis=1).tolist() == [1.5, 4.0]
    assert x.max(axis=1).values.tolist() == [2.0, 5.0]
    assert x.argmax(axis=0).tolist() == [1, 1]
    with pytest.raises(TypeError, match="dim= or axis="):
        x.sum(0, axis=0)


@needs_torch
@pytest.mark.parametrize("kwargs", [{}, {"dim": 1}, {"dim": 0, "unbiased": False}, {"dim": 1, "correction": 0},
                                    {"dim": 1, "keepdim": True}])
def test_var_and_std_match_pytorch(kwargs):
    data = np.random.default_rng(0).standard_normal((3, 4))
    for name in ("var", "std"):
        ours = getattr(mt.tensor(data), name)(**kwargs)
        theirs = getattr(torch.tensor(data), name)(**kwargs)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


# ----------------------------------------------------------------- names
@needs_torch
def test_maximum_minimum_and_two_tensor_max_match_pytorch_with_ties_and_gradients():
    a = np.array([1.0, 2.0, 3.0, np.nan])
    b = np.array([2.0, 2.0, 1.0, 0.0])
    for name in ("maximum", "minimum"):
        x, y = mt.tensor(a, requires_grad=True), mt.tensor(b, requires_grad=True)
        tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
        out, tout = getattr(mt, name)(x, y), getattr(torch, name)(tx, ty)
        np.testing.assert_array_equal(out.detach().numpy(), tout.detach().numpy())
        out[:3].sum().backward()
        tout[:3].sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())  # ties: half each
        np.testing.assert_array_equal(y.grad.numpy(), ty.grad.numpy())
    assert mt.max(mt.tensor([1.0, 5.0]), mt.tensor([3.0, 4.0])).tolist() == [3.0, 5.0]


def test_small_names():
    x = mt.tensor([[1.0, 100.0]])
    assert x.nelement() == x.numel() == 2
    assert x.t().shape == (2, 1) and mt.t(x).shape == (2, 1)
    np.testing.assert_allclose(mt.log10(x).numpy(), [[0.0, 2.0]])
    np.testing.assert_allclose(x.log2().numpy(), np.log2([[1.0, 100.0]]), rtol=1e-6)
    assert x.type() == "minitorch.FloatTensor" and x.type(mt.float64).dtype == mt.float64
    assert mt.isclose(x, x + 1e-9).all() and mt.allclose(x, x) and not x.allclose(x + 1)
    assert x.any(dim=1).tolist() == [True] and mt.tensor([[True, False]]).all(dim=0).tolist() == [True, False]


def test_one_element_tensors_format_in_f_strings():
    loss = mt.tensor(0.123456)
    assert f"{loss:.4f}" == "0.1235" and f"{mt.tensor([2]):d}" == "2"
    assert f"{mt.ones(2)}" == repr(mt.ones(2))


def test_in_place_methods_change_values_and_versions():
    w = mt.zeros(3)
    w.add_(mt.ones(3), alpha=2).mul_(3).sub_(1).div_(5)
    assert w.tolist() == [1.0, 1.0, 1.0] and w._version == 4
    w.clamp_(max=0.5)
    assert w.tolist() == [0.5, 0.5, 0.5]
    mt.manual_seed(0)
    w.normal_(0, 0.01)
    assert abs(w.numpy()).max() < 0.1
    w.uniform_(2, 3)
    assert ((w.numpy() >= 2) & (w.numpy() < 3)).all()
    p = mt.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="add_: a leaf tensor that requires grad"):
        p.add_(1)
    h = p * 2
    assert h.mul_(2) is h and h.grad_fn is not None  # recorded, as PyTorch does
    h.sum().backward()
    assert p.grad.tolist() == [4.0, 4.0]


def test_random_helpers_follow_pytorchs_signatures():
    mt.manual_seed(0)
    x = mt.zeros(2, 3, dtype=mt.float64)
    assert mt.rand_like(x).shape == (2, 3) and mt.randn_like(x).dtype == mt.float64
    n = mt.normal(0.0, 1.0, size=(4,), requires_grad=True)
    assert n.shape == (4,) and n.requires_grad
    per_element = mt.normal(mt.zeros(3), mt.ones(3) * 1e-9)
    assert abs(per_element.numpy()).max() < 1e-6
    g = mt.Generator().manual_seed(1)
    draws = mt.multinomial(mt.tensor([0.0, 1.0, 0.0]), 4, replacement=True, generator=g)
    assert draws.tolist() == [1, 1, 1, 1] and draws.dtype == mt.int64
    rows = mt.multinomial(mt.tensor([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]]), 3)
    assert rows.shape == (2, 3) and sorted(rows[0].tolist()) == sorted(rows[1].tolist()) == [0, 1, 2]
    with pytest.raises(RuntimeError, match="without replacement"):
        mt.multinomial(mt.tensor([1.0, 1.0]), 3)


# ------------------------------------------------------------------ devices
def test_device_objects_behave_as_pytorchs():
    assert mt.device("cpu") == mt.device("cpu") == "cpu"
    assert repr(mt.device("cuda:1")) == "device(type='cuda', index=1)" and str(mt.device("cuda", 0)) == "cuda:0"
    assert mt.device("cuda").type == "cuda" and mt.device("cuda").index is None
    assert not mt.cuda.is_available() and mt.cuda.device_count() == 0
    with pytest.raises(RuntimeError, match="device type"):
        mt.device("tpu")


@needs_torch
def test_device_reprs_match_pytorch():
    for name in ("cpu", "cuda", "cuda:1"):
        assert repr(mt.device(name)) == repr(torch.device(name)) and str(mt.device(name)) == str(torch.device(name))


@pytest.mark.parametrize("factory", [
    lambda **kw: mt.tensor([1.0], **kw), lambda **kw: mt.zeros(2, **kw), lambda **kw: mt.ones(2, **kw),
    lambda **kw: mt.empty(2, **kw), lambda **kw: mt.full((2,), 1.0, **kw), lambda **kw: mt.rand(2, **kw),
    lambda **kw: mt.randn(2, **kw), lambda **kw: mt.randint(0, 3, (2,), **kw), lambda **kw: mt.arange(3, **kw),
    lambda **kw: mt.linspace(0, 1, 3, **kw), lambda **kw: mt.eye(2, **kw), lambda **kw: mt.zeros_like(mt.ones(2), **kw),
    lambda **kw: mt.randperm(3, **kw), lambda **kw: mt.normal(0.0, 1.0, size=(2,), **kw),
])
def test_every_factory_takes_a_cpu_device_and_refuses_a_gpu_clearly(factory):
    for where in ("cpu", mt.device("cpu")):
        assert factory(device=where).device == mt.device("cpu")
    if not mt.cuda.is_available():
        with pytest.raises(RuntimeError, match="'cuda:0' is not available: (minitorch computes on a GPU with CuPy|CuPy)"):
            factory(device="cuda:0")


def test_to_cpu_and_cuda():
    x = mt.ones(2)
    assert x.to("cpu") is x and x.cpu() is x and x.to(mt.device("cpu"), mt.float64).dtype == mt.float64
    assert x.to(mt.ones(1, dtype=mt.float64)).dtype == mt.float64
    with pytest.raises(RuntimeError, match="not available"):
        x.cuda()
    model = mt.nn.Linear(2, 1)
    assert model.to("cpu") is model and model.to(mt.device("cpu")) is model and model.cpu() is model
    with pytest.raises(RuntimeError, match="not available"):
        model.to("cuda")
    device = "cuda" if mt.cuda.is_available() else "cpu"  # the idiom of every GPU tutorial
    assert mt.randn(3, device=device).device.type == "cpu"


# ------------------------------------------------------------ layers and losses
@needs_torch
def test_embedding_lookup_and_gradients_match_pytorch():
    table = np.random.default_rng(0).standard_normal((5, 3))
    idx = np.array([[0, 1, 1], [4, 1, 0]])
    for padding_idx in (None, 1):
        ours, theirs = mt.nn.Embedding(5, 3, padding_idx=padding_idx), torch.nn.Embedding(5, 3, padding_idx=padding_idx)
        with mt.no_grad():
            ours.weight.copy_(mt.tensor(table))
        with torch.no_grad():
            theirs.weight.copy_(torch.tensor(table))
        weights = np.arange(18.0).reshape(2, 3, 3)
        (ours(mt.tensor(idx)) * mt.tensor(weights)).sum().backward()
        (theirs(torch.tensor(idx)) * torch.tensor(weights)).sum().backward()
        np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy())
    with pytest.raises(IndexError, match="index 5 is out of range for a table of 5 rows"):
        mt.nn.Embedding(5, 3)(mt.tensor([5]))
    with pytest.raises(TypeError, match="integer tensor"):
        mt.nn.Embedding(5, 3)(mt.tensor([1.0]))


def test_indexing_a_table_with_an_integer_tensor_as_makemore_does():
    C = mt.randn(27, 2, requires_grad=True)
    X = mt.tensor([[0, 5, 13], [5, 13, 13]])
    emb = C[X]
    assert emb.shape == (2, 3, 2)
    emb.sum().backward()
    assert C.grad[13].tolist() == [3.0, 3.0] and C.grad[0].tolist() == [1.0, 1.0]


def test_lazy_linear_learns_its_input_size_and_keeps_its_parameter_objects():
    layer = mt.nn.LazyLinear(2)
    weight = layer.weight
    opt = mt.optim.SGD(layer.parameters(), lr=0.1)
    layer(mt.ones(4, 3)).sum().backward()
    opt.step()
    assert layer.weight is weight and weight.shape == (2, 3) and layer.in_features == 3
    assert repr(layer) == "LazyLinear(in_features=3, out_features=2, bias=True)"


@pytest.mark.parametrize("size_average,reduce,expected", [(False, None, "sum"), (None, False, "none"), (True, True, "mean")])
def test_losses_accept_pytorchs_legacy_flags_with_its_warning(size_average, reduce, expected):
    with pytest.warns(UserWarning, match=f"please use reduction='{expected}' instead"):
        assert mt.nn.MSELoss(size_average=size_average, reduce=reduce).reduction == expected
    with pytest.warns(UserWarning):
        assert mt.nn.CrossEntropyLoss(size_average=size_average, reduce=reduce).reduction == expected
    if torch is not None:
        with pytest.warns(UserWarning):
            assert torch.nn.MSELoss(size_average=size_average, reduce=reduce).reduction == expected


def test_load_takes_pytorchs_arguments(tmp_path):
    path = tmp_path / "w.npz"
    mt.save({"w": mt.ones(2)}, path)
    for kwargs in ({"weights_only": True}, {"weights_only": False}, {"map_location": "cpu"},
                   {"map_location": mt.device("cpu")}):
        assert mt.load(path, **kwargs)["w"].tolist() == [1.0, 1.0]
    with pytest.raises(RuntimeError, match="not available"):
        mt.load(path, map_location="cuda:0")


# ---------------------------------------------------------------------- .data
def test_data_is_a_detached_tensor_sharing_the_values_as_in_pytorch():
    p = mt.tensor([1.0, 2.0], requires_grad=True)
    (p * p).sum().backward()
    d = p.data
    assert isinstance(d, mt.Tensor) and not d.requires_grad and d.grad_fn is None
    p.data -= 0.1 * p.grad  # makemore's update line
    assert np.allclose(p.detach().numpy(), [0.8, 1.6]) and p.requires_grad
    p.data.normal_(0, 0.01)  # d2l's initialisation line
    assert abs(p.detach().numpy()).max() < 0.1
    d[0] = 5.0
    assert p[0].item() == 5.0  # shared, not copied
    p.data = mt.zeros(3)
    assert p.shape == (3,) and p.requires_grad
    with pytest.raises(RuntimeError, match="numpy"):
        p.numpy()  # the array of a tensor that requires grad: detach first, as in PyTorch
    assert p.detach().numpy().tolist() == [0.0, 0.0, 0.0]


@needs_torch
def test_manual_sgd_with_data_matches_pytorch():
    def run(lib):
        lib.manual_seed(0)
        w = lib.tensor([0.5, -0.3], requires_grad=True)
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
        for _ in range(3):
            loss = ((x @ w) ** 2).mean()
            w.grad = None
            loss.backward()
            w.data += -0.01 * w.grad
        return w.detach().numpy()

    np.testing.assert_allclose(run(mt), run(torch), rtol=1e-6)
