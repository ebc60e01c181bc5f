"""``torchvision.datasets.FashionMNIST``, generated: 10 classes of 28x28 ``uint8`` images.

Each class is a fixed smooth random pattern (a 7x7 grid of random levels,
enlarged 4x), where "Shirt" and "Coat" are made close to "T-shirt/top" and
"Pullover", as in the real data; each image is its class's pattern at a random
contrast, plus pixel noise. Same arrays in every run (seeded NumPy), 2,000 training and 500
test images instead of 60,000 and 10,000, so that a few epochs on a laptop CPU
learn something. ``root``/``download`` are accepted and ignored: nothing is
read or written.
"""

import numpy as np
import torch
import torch.utils.data

N_TRAIN, N_TEST = 2000, 500


def _images(n, seed):
    patterns = np.random.default_rng(1234).random((10, 7, 7)) ** 3  # mostly dark, like clothes on black
    # Like FashionMNIST's shirts and coats, two pairs of classes look alike:
    patterns[6] = 0.8 * patterns[0] + 0.2 * patterns[6]  # "Shirt" near "T-shirt/top"
    patterns[4] = 0.8 * patterns[2] + 0.2 * patterns[4]  # "Coat" near "Pullover"
    patterns = np.kron(patterns, np.ones((4, 4)))  # (10, 28, 28), values in [0, 1)
    rng = np.random.default_rng(seed)
    targets = rng.integers(0, 10, size=n)
    contrast = rng.uniform(0.6, 1.0, size=(n, 1, 1))
    noise = rng.normal(0.0, 0.2, size=(n, 28, 28))
    pixels = np.clip(patterns[targets] * contrast + noise, 0.0, 1.0)
    return (pixels * 255).round().astype(np.uint8), targets.astype(np.int64)


class FashionMNIST(torch.utils.data.Dataset):
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        self.data, self.targets = _images(N_TRAIN, 1) if train else _images(N_TEST, 2)

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self.data)
