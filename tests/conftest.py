"""Test-suite settings shared by every test file.

``make test`` runs the library's tests twice: on NumPy, and with
``MINITORCH_BACKEND=array_api_strict``, where the CPU computes with the Array
API standard's strict reference library. Tests about NumPy itself (memory
shared with NumPy arrays, NumPy dtypes that the standard does not have) carry
the ``numpy_interop`` marker and are skipped on the strict backend.
"""

import pytest

import minitorch as mt


def pytest_collection_modifyitems(config, items):
    if mt.get_backend() == "numpy":
        return
    skip = pytest.mark.skip(reason=f"about NumPy interoperation; the CPU computes with {mt.get_backend()}")
    for item in items:
        if item.get_closest_marker("numpy_interop"):
            item.add_marker(skip)
