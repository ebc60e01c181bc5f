"""``torchvision.transforms``: ``ToTensor``, ``Compose``, ``Lambda`` (and ``v2``), for ``uint8`` NumPy images."""

import numpy as np
import torch

from . import v2  # noqa: F401
from .v2 import Compose  # noqa: F401  (the same class in both, in this stand-in)


class ToTensor:
    """An ``(H, W)`` ``uint8`` image to a ``(1, H, W)`` ``float32`` tensor in [0, 1]."""

    def __call__(self, pic):
        return torch.from_numpy((np.asarray(pic, dtype=np.float32) / 255.0)[None])


class Lambda:
    def __init__(self, lambd):
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)
