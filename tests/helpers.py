"""Shared test helpers: PyTorch comparisons (skipped, with a reason, without torch)."""

from __future__ import annotations

import numpy as np
import pytest

import minitorch as mt

try:
    import torch

    torch.set_default_dtype(torch.float64)
except ImportError:  # the comparisons skip; CI installs torch==2.13.0 so they run there
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed (CI installs torch==2.13.0)")


def to_torch(t: mt.Tensor, requires_grad: bool | None = None):
    """A torch tensor with the same values (float64 stays float64)."""
    rg = t.requires_grad if requires_grad is None else requires_grad
    return torch.tensor(np.array(t.detach().numpy()), requires_grad=rg)


def assert_close(actual, expected, rtol: float = 1e-6, atol: float = 1e-9, what: str = "") -> None:
    """Compare a minitorch tensor/array with a torch tensor/array elementwise."""
    a = np.asarray(actual.detach().numpy() if isinstance(actual, mt.Tensor) else actual, dtype=np.float64)
    if torch is not None and isinstance(expected, torch.Tensor):
        expected = expected.detach().numpy()
    e = np.asarray(expected, dtype=np.float64)
    assert a.shape == e.shape, f"{what}: shape {a.shape} != expected {e.shape}"
    np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, err_msg=what)
