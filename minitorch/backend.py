"""The array backend: the library that holds a tensor's numbers and computes with them.

A backend is any array library that follows the Python Array API standard:
the same function names (``exp``, ``sum``, ``matmul``, ``where``, ...) with
the same arguments, whatever library implements them. Every op asks the array
it computes on for its namespace, ``xp = namespace(x)``, and calls the
standard's functions there. So one op, and one graph, runs on NumPy's arrays
(the CPU), on CuPy's (the GPU), or on array-api-strict's, the standard's
reference library, which refuses anything outside the standard and so proves
that minitorch needs nothing else. The standard has each array name its
namespace, ``x.__array_namespace__()``: NumPy (2.0 and later) and
array-api-strict do; for a library that does not, array-api-compat supplies one.

The CPU computes with NumPy, or with array-api-strict when the environment
variable ``MINITORCH_BACKEND=array_api_strict`` is set before minitorch is
imported. The ``"cuda"`` device computes with CuPy, when it is installed and
a GPU is present. Values cross to and from NumPy only at the edges: data
given to ``mt.tensor``, random numbers, ``.numpy()``, printing and files.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import warnings

import array_api_compat
import numpy as np

#: The array libraries the CPU can compute with (``MINITORCH_BACKEND`` picks one).
CPU_LIBRARIES = ("numpy", "array_api_strict")

_namespaces: dict = {}  # array type -> its namespace, found once


def namespace(array):
    """The Array API namespace of ``array``'s library: ``xp`` in ``xp.exp(array)``.

    The array names it (``__array_namespace__``, the standard's way);
    array-api-compat names it for libraries whose arrays do not.
    """
    kind = type(array)
    if kind not in _namespaces:
        if hasattr(array, "__array_namespace__"):
            _namespaces[kind] = array.__array_namespace__()
        else:
            _namespaces[kind] = array_api_compat.array_namespace(array)
    return _namespaces[kind]


def _cpu_namespace():
    name = os.environ.get("MINITORCH_BACKEND", "numpy")
    if name not in CPU_LIBRARIES:
        raise ImportError(
            f"MINITORCH_BACKEND={name!r} is not a backend minitorch knows; use one of {', '.join(CPU_LIBRARIES)}"
        )
    return namespace(importlib.import_module(name).empty(0))


#: The namespace the CPU computes with.
cpu = _cpu_namespace()

#: The type of the CPU's arrays.
CPU_ARRAY = type(cpu.empty(0))


def cuda_namespace():
    """CuPy's namespace, for the ``"cuda"`` device; a clear error when there is no CuPy or no GPU."""
    try:
        cupy = importlib.import_module("cupy")
    except ImportError:
        raise RuntimeError(
            "minitorch computes on a GPU with CuPy, which is not installed "
            "(pip install cupy-cuda12x on a machine with an NVIDIA GPU). Use device='cpu', or pick the device "
            "with 'cuda' if mt.cuda.is_available() else 'cpu'."
        ) from None
    if gpu_count(cupy) == 0:
        raise RuntimeError(
            "CuPy is installed but finds no usable GPU (or no CUDA driver). "
            "Use device='cpu', or pick the device with 'cuda' if mt.cuda.is_available() else 'cpu'."
        )
    return namespace(cupy.empty(0))


def gpu_count(cupy) -> int:
    """How many GPUs CuPy can use; 0 when the driver or runtime is missing."""
    try:
        return cupy.cuda.runtime.getDeviceCount()
    except Exception:  # CuPy raises its own error types for a missing driver or library
        return 0


def library(device_type: str):
    """The namespace of the library that computes on a device type (``"cpu"`` or ``"cuda"``)."""
    return cpu if device_type == "cpu" else cuda_namespace()


def library_name(xp) -> str:
    """A namespace's library, by the name it is imported as: ``"numpy"``, ``"array_api_strict"``, ``"cupy"``."""
    name = xp.__name__
    return name.rpartition(".")[2] if name.startswith("array_api_compat.") else name


def to_numpy(array) -> np.ndarray:
    """The values of any backend's array as a NumPy array (shared on the CPU, copied from a GPU)."""
    if isinstance(array, np.ndarray):
        return array
    if array_api_compat.is_cupy_array(array):
        return array.get()
    return np.asarray(array)


def as_array(value):
    """Make sure a result is an array, not a NumPy scalar (NumPy's reductions return those for 0-d results)."""
    return np.asarray(value) if isinstance(value, np.generic) else value


@contextlib.contextmanager
def silent_math():
    """``log(0) = -inf`` and ``0/0 = nan`` without a warning, as in PyTorch (NumPy would warn)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
