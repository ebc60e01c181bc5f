"""Milestone: recognise handwritten digits (8x8 pixels) with a convolutional network.

The same 1797 digits and the same stratified 20% held out as
``train_digits.py``, but the network sees each digit as an image (1, 8, 8):
two convolutions of 3x3 kernels (16, then 32 of them), each followed by ReLU
and a 2x2 max-pooling, then one linear layer from the 32 x 2 x 2 features to
the 10 scores. The kernels are slid over the whole image, so a stroke is
recognised wherever it is. Prints the held-out accuracy.

Run it: ``python examples/train_digits_cnn.py``. On a machine whose cores are
busy, ``OPENBLAS_NUM_THREADS=1 python examples/train_digits_cnn.py``: the
matrix products here are small, and waiting for a second BLAS thread can
then take longer than the product itself.
"""

from __future__ import annotations

import time

import minitorch as mt
from minitorch import nn, optim
from minitorch.datasets import load_digits, train_test_split
from minitorch.utils.data import DataLoader, TensorDataset


def make_cnn() -> nn.Module:
    """The CNN of the images chapter: rows of 64 pixels in, 10 scores out."""
    return nn.Sequential(
        nn.Unflatten(1, (1, 8, 8)),  # (N, 64) -> (N, 1, 8, 8): one grey channel
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (N, 16, 4, 4)
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (N, 32, 2, 2)
        nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
    )


def accuracy(model: nn.Module, X: mt.Tensor, y: mt.Tensor) -> float:
    model.eval()
    with mt.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def main(seed: int = 0, epochs: int = 15, lr: float = 1e-2, batch_size: int = 64, verbose: bool = False) -> dict:
    """Train and test; returns the accuracies, the final training loss and the time taken.

    Args:
        seed: seeds the split, the initial weights and the shuffling.
        epochs: passes over the 1437 training images.
        lr: learning rate of Adam.
        batch_size: images per gradient step.
        verbose: print the loss and test accuracy after every 5th epoch.
    """
    start = time.perf_counter()
    mt.manual_seed(seed)
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data / 16.0, digits.target, test_size=0.2, seed=seed, stratify=True
    )
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True, seed=seed)
    model = make_cnn()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=lr)

    for epoch in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(yb)
        epoch_loss = total / len(X_train)
        if verbose and (epoch + 1) % 5 == 0:
            print(f"epoch {epoch + 1:3d}   training loss {epoch_loss:.4f}   "
                  f"test accuracy {accuracy(model, X_test, y_test):.2%}")

    return {
        "train_accuracy": accuracy(model, X_train, y_train),
        "test_accuracy": accuracy(model, X_test, y_test),
        "final_loss": epoch_loss,
        "seconds": time.perf_counter() - start,
    }


if __name__ == "__main__":
    result = main(verbose=True)
    print(f"train accuracy {result['train_accuracy']:.2%}")
    print(f"test accuracy  {result['test_accuracy']:.2%}  (360 held-out images)")
    print(f"took {result['seconds']:.1f} s")
