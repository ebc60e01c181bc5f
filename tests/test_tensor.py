"""Tensor basics: creation, dtypes, randomness, conversions, repr, and learner-grade errors."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import minitorch as mt


# ------------------------------------------------------------------- dtypes
def test_dtype_rules_follow_pytorch():
    assert mt.tensor(1.5).dtype == mt.float32
    assert mt.tensor([1, 2]).dtype == mt.int64
    assert mt.tensor([True]).dtype == mt.bool
    assert mt.tensor(np.array([1.0])).dtype == mt.float64  # NumPy arrays keep their dtype
    assert mt.tensor([1, 2], dtype=mt.float64).dtype == mt.double
    assert mt.float is mt.float32 and mt.long is mt.int64
    assert mt.zeros(2).dtype == mt.float32 and mt.arange(3).dtype == mt.int64
    assert mt.arange(0, 1, 0.25).dtype == mt.float32
    assert (mt.ones(2) * 2.5).dtype == mt.float32  # Python scalars don't upcast
    assert (mt.ones(2) + mt.ones(2, dtype=mt.float64)).dtype == mt.float64  # promotion, as torch


def test_set_default_dtype_changes_python_floats():
    try:
        mt.set_default_dtype(mt.float64)
        assert mt.tensor(1.0).dtype == mt.float64 and mt.randn(2).dtype == mt.float64
        with pytest.raises(TypeError, match="floating-point"):
            mt.set_default_dtype(mt.int64)
    finally:
        mt.set_default_dtype(mt.float32)
    assert mt.tensor(1.0).dtype == mt.float32


def test_only_floating_tensors_can_require_grad():
    with pytest.raises(RuntimeError, match="only floating-point tensors can require gradients"):
        mt.tensor([1, 2], requires_grad=True)


# ----------------------------------------------------------------- creation
def test_creation_functions_shapes_and_values():
    assert mt.zeros(2, 3).shape == (2, 3) == mt.zeros((2, 3)).shape
    assert mt.ones(()).shape == () and mt.ones(()).item() == 1.0
    assert mt.full((2,), 7).tolist() == [7, 7] and mt.full((2,), 7).dtype == mt.int64
    assert mt.arange(5).tolist() == [0, 1, 2, 3, 4]
    assert mt.arange(2, 8, 3).tolist() == [2, 5]
    np.testing.assert_allclose(mt.linspace(0, 1, 5).detach().numpy(), [0, 0.25, 0.5, 0.75, 1])
    x = mt.randn(2, 3, dtype=mt.float64)
    assert mt.zeros_like(x).dtype == mt.float64 and mt.ones_like(x).shape == (2, 3)
    assert mt.randn(()).shape == () and mt.rand(4).shape == (4,)
    assert mt.zeros(2, requires_grad=True).requires_grad


def test_tensor_copies_its_data_and_from_numpy_shares():
    array = np.array([1.0, 2.0])
    copied, shared = mt.tensor(array), mt.from_numpy(array)
    array[0] = 9.0
    assert copied.tolist() == [1.0, 2.0] and shared.tolist() == [9.0, 2.0]


def test_manual_seed_makes_every_random_call_reproducible():
    mt.manual_seed(123)
    first = [mt.randn(3).tolist(), mt.rand(2).tolist(), mt.randint(0, 10, (4,)).tolist(), mt.randperm(5).tolist()]
    mt.manual_seed(123)
    second = [mt.randn(3).tolist(), mt.rand(2).tolist(), mt.randint(0, 10, (4,)).tolist(), mt.randperm(5).tolist()]
    assert first == second
    mt.manual_seed(124)
    assert mt.randn(3).tolist() != first[0]


def test_generators_are_independent():
    g1, g2 = mt.Generator().manual_seed(5), mt.Generator().manual_seed(5)
    mt.randn(10)  # draws from the default generator don't disturb g1/g2
    assert mt.randn(3, generator=g1).tolist() == mt.randn(3, generator=g2).tolist()


# ------------------------------------------------------------ conversions
def test_item_tolist_numpy_and_array_protocol():
    t = mt.tensor([[1.0, 2.0]])
    assert t[0, 1].item() == 2.0 and t.tolist() == [[1.0, 2.0]]
    assert t.numpy() is t.detach().numpy()
    assert np.asarray(t).shape == (1, 2)
    assert len(t) == 1 and [row.tolist() for row in t] == [[1.0, 2.0]]
    assert float(mt.tensor(2.5)) == 2.5 and int(mt.tensor(3)) == 3
    with pytest.raises(RuntimeError, match="detach"):
        mt.tensor([1.0], requires_grad=True).numpy()
    with pytest.raises(RuntimeError, match=r"exactly one element.*\(1, 2\)"):
        t.item()


def test_numpy_arrays_on_the_left_defer_to_tensors():
    t = mt.tensor([1.0, 2.0], requires_grad=True)
    out = np.array([1.0, 1.0]) * t
    assert isinstance(out, mt.Tensor) and out.requires_grad


def test_to_accepts_the_cpu_device_and_dtypes():
    x = mt.ones(2)
    assert x.to("cpu") is x and x.to(device="cpu") is x
    assert x.to(mt.float64).dtype == mt.float64 and x.to("cpu", ).dtype == mt.float32
    with pytest.raises(RuntimeError, match="'cuda' is not available"):
        x.to("cuda")


def test_shape_helpers():
    x = mt.arange(24).reshape(2, 3, 4)
    assert x.view(6, -1).shape == (6, 4)
    assert x.flatten().shape == (24,) and x.flatten(1).shape == (2, 12)
    assert x.unsqueeze(-1).shape == (2, 3, 4, 1) and x.unsqueeze(0).squeeze(0).shape == (2, 3, 4)
    assert x.transpose(0, 2).shape == (4, 3, 2) and x.permute(2, 0, 1).shape == (4, 2, 3)
    assert x.T.shape == (4, 3, 2)
    assert mt.ones(3, 1).expand(3, 4).shape == (3, 4) and mt.ones(3, 1).expand(-1, 5).shape == (3, 5)
    assert x.size() == (2, 3, 4) and x.size(1) == 3 and x.ndim == 3 and x.numel() == 24


# -------------------------------------------------------------------- repr
def test_repr_looks_like_pytorch():
    assert repr(mt.tensor([[1.0, 2.0]], requires_grad=True)) == "tensor([[1., 2.]], requires_grad=True)"
    assert repr(mt.tensor([1.5, 2.0])) == "tensor([1.5000, 2.0000])"
    assert repr(mt.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(mt.tensor([1.0], dtype=mt.float64)) == "tensor([1.], dtype=minitorch.float64)"
    x = mt.tensor(2.0, requires_grad=True)
    assert repr(x * 3) == "tensor(6., grad_fn=<MulBackward>)"
    assert repr(mt.float32) == "minitorch.float32"


# ------------------------------------------------------------------ errors
def test_matmul_error_names_both_shapes_and_the_inner_dimensions():
    with pytest.raises(RuntimeError, match=r"matmul: \(2, 3\) @ \(4, 5\) — inner dimensions 3 and 4 differ"):
        mt.ones(2, 3) @ mt.ones(4, 5)


def test_broadcast_error_names_the_op_and_shapes():
    with pytest.raises(RuntimeError, match=r"add: shapes \(2, 3\) and \(4,\) cannot be broadcast"):
        mt.ones(2, 3) + mt.ones(4)
    with pytest.raises(RuntimeError, match=r"mul: shapes \(2,\) and \(3,\)"):
        mt.ones(2) * mt.ones(3)


def test_backward_misuse_errors_say_what_to_do():
    x = mt.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"shape \(2, 3\).*\.sum\(\)\.backward\(\)"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="does not require grad.*requires_grad=True"):
        mt.ones(2).sum().backward()
    with pytest.raises(RuntimeError, match=r"gradient has shape \(3,\) but the tensor has shape \(2, 3\)"):
        (x * 2).backward(gradient=mt.ones(3))


def test_shape_op_errors_are_readable():
    with pytest.raises(RuntimeError, match=r"^matmul: \(2, 3\) @ \(4,\)"):
        mt.ones(2, 3) @ mt.ones(4)  # the op's own message is not prefixed twice
    with pytest.raises(RuntimeError, match=r"can't reshape \(2, 3\) \(6 elements\) into \(4,\)"):
        mt.ones(2, 3).reshape(4)
    with pytest.raises(IndexError, match=r"sum.*dim 2 is out of range for a tensor with 2 dimension"):
        mt.ones(2, 3).sum(2)
    with pytest.raises(IndexError, match="unsqueeze: dim 5 is out of range"):
        mt.ones(2, 3).unsqueeze(5)
    with pytest.raises(IndexError, match=r"index.*shape \(2, 3\)"):
        mt.ones(2, 3)[5]
    with pytest.raises(RuntimeError, match="stack: all tensors must have the same shape"):
        mt.stack([mt.ones(2), mt.ones(3)])
    with pytest.raises(RuntimeError, match="mean: needs a floating-point tensor"):
        mt.arange(3).mean()
    with pytest.raises(TypeError, match="not a dtype"):
        mt.zeros(2, dtype="banana")


def test_import_is_light():
    """`import minitorch` must not pull in matplotlib or torch (they make start-up slow)."""
    code = "import sys, minitorch; print(sorted(m for m in ('matplotlib', 'torch', 'graphviz') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
