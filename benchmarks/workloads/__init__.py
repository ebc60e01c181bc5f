"""The benchmark workloads of issue #8; each module defines one model four ways (NumPy, a bare graph, minitorch, PyTorch)."""

from . import digits_small, mlp_large, op_overhead, xor

ALL = {m.NAME: m for m in (xor, digits_small, mlp_large, op_overhead)}
