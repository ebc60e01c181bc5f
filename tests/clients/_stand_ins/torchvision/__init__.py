"""A stand-in for torchvision, just what the client scripts import, offline.

torchvision is not a dependency of this project, and its datasets download
their data. This package answers ``from torchvision import datasets`` and
``torchvision.transforms`` in both runs of each script (minitorch and
PyTorch), with generated data: ``datasets.FashionMNIST`` is a small synthetic
set of the same shape. The transforms do their arithmetic in NumPy and call
only ``torch.from_numpy``, so a failure in a run is the script's, not this
stand-in's.
"""

from . import datasets, transforms  # noqa: F401
