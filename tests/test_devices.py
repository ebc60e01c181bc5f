"""Devices and backends: ``device=``, ``.to()``, ``Module.to``, mixing devices, and the GPU's absence.

There is no GPU here, so the GPU path is exercised with a stand-in: the
``"cuda"`` device is given array-api-strict's arrays (another Array API
library, as CuPy is). Everything a device does, moving numbers, keeping
gradients on their tensor's device, refusing to mix devices, happens through
the same code as with CuPy.
"""

import os

import numpy as np
import pytest

import minitorch as mt
from minitorch import backend
from helpers import needs_torch, torch


@pytest.fixture
def gpu(monkeypatch):
    """A stand-in "cuda" device whose arrays are array-api-strict's (so it needs NumPy on the CPU)."""
    if mt.get_backend() != "numpy":
        pytest.skip("the stand-in GPU computes with array-api-strict, which is the CPU's library in this run")
    import array_api_strict

    monkeypatch.setattr(backend, "cuda_namespace", lambda: array_api_strict)
    return "cuda"


def test_without_a_gpu_cuda_is_unavailable_and_says_what_is_missing():
    assert mt.cuda.is_available() is False and mt.cuda.device_count() == 0
    assert mt.accelerator.current_accelerator() is None
    with pytest.raises(RuntimeError, match=r"'cuda' is not available: .*CuPy"):
        mt.zeros(2, device="cuda")
    with pytest.raises(RuntimeError, match=r"'cuda:1' is not available"):
        mt.ones(2).to("cuda:1")
    with pytest.raises(RuntimeError, match="mps"):
        mt.ones(2, device="mps")


@needs_torch
def test_an_array_brings_its_own_namespace_or_gets_array_api_compats():
    """NumPy (2.0 and later) and array-api-strict name their namespace themselves, with ``__array_namespace__``;
    for a library that does not (PyTorch's tensors), array-api-compat supplies one."""
    import array_api_strict

    assert backend.namespace(np.zeros(2)) is np
    assert backend.namespace(array_api_strict.zeros(2)) is array_api_strict
    assert not hasattr(torch.zeros(2), "__array_namespace__")
    assert backend.namespace(torch.zeros(2)).__name__ == "array_api_compat.torch"


def test_get_backend_names_the_library():
    assert mt.get_backend() == os.environ.get("MINITORCH_BACKEND", "numpy")


def test_factories_make_tensors_on_the_device(gpu):
    for t in (mt.zeros(2, 3, device=gpu), mt.ones(2, device=gpu), mt.full((2,), 3.0, device=gpu),
              mt.arange(4, device=gpu), mt.linspace(0, 1, 5, device=gpu), mt.eye(3, device=gpu),
              mt.randn(2, device=gpu), mt.rand(2, device=gpu), mt.randint(0, 5, (3,), device=gpu),
              mt.tensor([1.0, 2.0], device=gpu), mt.empty(2, device=gpu)):
        assert t.device == mt.device("cuda", 0) and t.is_cuda and t.device.type == "cuda"
    x = mt.ones(2, device=gpu)
    assert mt.zeros_like(x).is_cuda and mt.randn_like(x).is_cuda and x.new_zeros(3).is_cuda


def test_same_seed_gives_the_same_numbers_on_every_device(gpu):
    mt.manual_seed(3)
    a = mt.randn(4)
    mt.manual_seed(3)
    b = mt.randn(4, device=gpu)
    np.testing.assert_array_equal(a.numpy(), b.cpu().numpy())


def test_to_moves_and_back_and_gradients_live_on_their_tensors_device(gpu):
    x = mt.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x.to(gpu)
    assert y.is_cuda and y.grad_fn is not None and "device='cuda:0'" in repr(y)
    loss = (y * y).sum()
    loss.backward()
    assert x.grad.device.type == "cpu"
    np.testing.assert_allclose(x.grad.numpy(), [2.0, -4.0, 6.0])
    w = mt.ones(3, device=gpu, requires_grad=True)
    (w * 2).sum().backward()
    assert w.grad.is_cuda and w.grad.cpu().tolist() == [2.0, 2.0, 2.0]
    z = x.detach().to(gpu, mt.float64)
    assert z.is_cuda and z.dtype == mt.float64 and z.cpu().device.type == "cpu"
    assert z.to("cuda") is z and z.to("cuda:0") is z


def test_numpy_needs_the_cpu_and_no_grad_as_in_pytorch(gpu):
    x = mt.ones(2, device=gpu)
    with pytest.raises(TypeError, match=r"\.cpu\(\)"):
        x.numpy()
    assert x.cpu().numpy().tolist() == [1.0, 1.0] and x.item if x.numel() > 1 else True
    assert mt.ones(1, device=gpu).item() == 1.0 and x.tolist() == [1.0, 1.0]
    with pytest.raises(RuntimeError, match="requires grad"):
        mt.ones(2, requires_grad=True).numpy()


def test_mixing_devices_in_one_op_names_both(gpu):
    a, b = mt.ones(2), mt.ones(2, device=gpu)
    for op in (lambda: a + b, lambda: b * a, lambda: a @ b, lambda: mt.cat([a, b])):
        with pytest.raises(RuntimeError, match=r"same device.*cpu and cuda:0|same device.*cuda:0 and cpu"):
            op()


def test_a_gradient_on_another_device_is_refused_as_in_pytorch(gpu):
    p = mt.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"gradient on cuda:0 to a tensor on cpu.*same device"):
        p.grad = mt.ones(3, device=gpu)
    assert p.grad is None  # nothing changed
    p.grad = mt.ones(3, device=gpu).cpu()
    assert p.grad.device == mt.device("cpu")


def test_normal_of_tensors_draws_on_their_device_as_in_pytorch(gpu):
    mean, std = mt.zeros(3, device=gpu), mt.ones(3, device=gpu)
    assert mt.normal(mean, std).is_cuda and mt.normal(mean, 1.0).is_cuda
    assert mt.normal(0.0, 1.0, size=(3,)).device == mt.device("cpu")
    with pytest.raises(RuntimeError, match="normal: expected mean and std on the same device"):
        mt.normal(mean, mt.ones(3))


def test_module_to_moves_parameters_and_buffers_in_place_and_trains_there(gpu):
    mt.manual_seed(0)
    model = mt.nn.Sequential(mt.nn.Linear(2, 4), mt.nn.BatchNorm1d(4), mt.nn.Tanh(), mt.nn.Linear(4, 1))
    weight = model[0].weight
    optimizer = mt.optim.Adam(model.parameters(), lr=0.1)
    assert model.to(gpu) is model and model[0].weight is weight and weight.is_cuda
    assert all(b.is_cuda for b in model.buffers()) and model[1].num_batches_tracked.dtype == mt.int64
    x, y = mt.randn(8, 2, device=gpu), mt.randn(8, 1, device=gpu)
    losses = []
    for _ in range(5):
        optimizer.zero_grad()
        loss = mt.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert weight.grad.is_cuda and losses[-1] < losses[0]
    state = model.state_dict()
    assert model.cpu() is model and not weight.is_cuda
    fresh = mt.nn.Sequential(mt.nn.Linear(2, 4), mt.nn.BatchNorm1d(4), mt.nn.Tanh(), mt.nn.Linear(4, 1)).to(gpu)
    fresh.load_state_dict(state)
    assert fresh[0].weight.is_cuda
    np.testing.assert_allclose(fresh[0].weight.detach().cpu().numpy(), weight.detach().numpy())


def test_save_from_a_device_and_load_to_the_cpu(gpu, tmp_path):
    t = mt.arange(6.0, device=gpu).reshape(2, 3)
    mt.save({"t": t}, tmp_path / "t.pt")
    loaded = mt.load(tmp_path / "t.pt", map_location="cpu")
    assert loaded["t"].device.type == "cpu" and loaded["t"].tolist() == t.cpu().tolist()


def test_the_same_graph_runs_on_both_devices_with_the_same_result(gpu):
    mt.manual_seed(1)
    model = mt.nn.Sequential(mt.nn.Linear(3, 5), mt.nn.ReLU(), mt.nn.Linear(5, 2))
    x, y = mt.randn(4, 3), mt.tensor([0, 1, 1, 0])
    cpu_loss = mt.nn.functional.cross_entropy(model(x), y)
    cpu_loss.backward()
    cpu_grad = model[0].weight.grad.numpy().copy()
    model.zero_grad()
    model.to(gpu)
    gpu_loss = mt.nn.functional.cross_entropy(model(x.to(gpu)), y.to(gpu))
    gpu_loss.backward()
    np.testing.assert_allclose(gpu_loss.item(), cpu_loss.item(), rtol=1e-6)
    np.testing.assert_allclose(model[0].weight.grad.cpu().numpy(), cpu_grad, rtol=1e-5, atol=1e-7)


def test_gpu_benchmark_without_a_gpu_says_so_and_exits_0(capsys):
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).parent.parent / "benchmarks" / "gpu.py"
    spec = importlib.util.spec_from_file_location("gpu_benchmark", path)
    gpu_benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gpu_benchmark)
    assert gpu_benchmark.main([]) == 0
    assert "no GPU check on this machine" in capsys.readouterr().out


def test_gpu_benchmark_checks_ops_and_times_on_a_gpu(gpu, monkeypatch, capsys):
    import importlib.util
    import pathlib

    monkeypatch.setattr(mt.cuda, "is_available", staticmethod(lambda: True))
    monkeypatch.setattr(mt.cuda, "synchronize", staticmethod(lambda: None))
    path = pathlib.Path(__file__).parent.parent / "benchmarks" / "gpu.py"
    spec = importlib.util.spec_from_file_location("gpu_benchmark", path)
    gpu_benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gpu_benchmark)
    assert gpu_benchmark.main(["--steps", "1"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("gpu.py: all ops agree on cuda; mlp_large step: CPU") and "GPU" in line
