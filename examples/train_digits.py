"""Milestone: recognise handwritten digits (8x8 pixels) with an MLP.

1797 small grey images of the digits 0-9 (values 0..16). Each image becomes
a row of 64 numbers; a network with one hidden layer of 64 units maps it to
10 scores, one per digit. A stratified 20% (360 images) is held out: the
accuracy on those measures how well the network reads digits it never saw.

Run it: ``python examples/train_digits.py``.
"""

from __future__ import annotations

import time

import minitorch as mt
from minitorch import nn, optim
from minitorch.datasets import load_digits, standardize, train_test_split
from minitorch.utils.data import DataLoader, TensorDataset


def accuracy(model: nn.Module, X: mt.Tensor, y: mt.Tensor) -> float:
    with mt.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def main(seed: int = 0, epochs: int = 20, lr: float = 1e-3, batch_size: int = 32, hidden: int = 64,
         verbose: bool = False) -> dict:
    """Train and test; returns the accuracies, the final training loss and the time taken.

    Args:
        seed: seeds the split, the initial weights and the shuffling.
        epochs: passes over the 1437 training images.
        lr: learning rate of Adam.
        batch_size: images per gradient step.
        hidden: width of the hidden layer.
        verbose: print the loss and test accuracy after every 5th epoch.
    """
    start = time.perf_counter()
    mt.manual_seed(seed)
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=0.2, seed=seed, stratify=True
    )
    X_train, X_test = standardize(X_train, X_test)

    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True, seed=seed)
    model = nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=lr)

    for epoch in range(epochs):
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
