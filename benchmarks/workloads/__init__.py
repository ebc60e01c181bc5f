"""The benchmark workloads; each module defines one model three or four ways (NumPy, a bare graph, minitorch, PyTorch).

``cnn_small`` (the images chapter's CNN) has no bare-graph runner: the bare
graph has no convolution.
"""

from . import cnn_small, digits_small, mlp_large, op_overhead, xor

ALL = {m.NAME: m for m in (xor, digits_small, mlp_large, op_overhead, cnn_small)}
