"""The array backend: where minitorch's numbers actually live.

Every op in ``minitorch.ops`` does its array math through ``xp``, the array
namespace chosen here (NumPy). The graph and backward code never touch it:
backward is written with tensor operations, which call the ops. To run
minitorch on another array library with NumPy's interface, the ops' array
math is the part that would change.
"""

from __future__ import annotations

import numpy as np

#: The array namespace every op computes with.
xp = np

#: The array type the backend produces.
ndarray = np.ndarray


def as_array(value) -> np.ndarray:
    """Make sure a result is an array, not a NumPy scalar (``0-d`` ops return those)."""
    return xp.asarray(value)
