"""``torchvision.transforms.v2``: ``Compose([ToImage(), ToDtype(torch.float32, scale=True)])``, as the quickstart uses it."""

import numpy as np
import torch


class ToImage:
    """An ``(H, W)`` ``uint8`` image to ``(1, H, W)``; kept as NumPy until ``ToDtype``."""

    def __call__(self, pic):
        return np.asarray(pic)[None]


class ToDtype:
    def __init__(self, dtype, scale=False):
        if dtype is not torch.float32:
            raise NotImplementedError("this stand-in converts to torch.float32 only")
        self.scale = scale

    def __call__(self, image):
        array = np.asarray(image, dtype=np.float32)
        return torch.from_numpy(array / 255.0 if self.scale else array)


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img
