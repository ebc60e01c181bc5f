"""Milestone: learn y = x1 + x2 from examples (regression).

The smallest regression there is, the example of micrograd-rust: points
``(x1, x2)`` drawn uniformly from ``[-1, 1]²`` with target ``x1 + x2``. One
``Linear(2, 1)`` layer computes ``w1·x1 + w2·x2 + b``, so it can learn the rule
exactly: ``w = (1, 1)``, ``b = 0``. We train on 800 points in mini-batches,
and measure the error on 200 points the model never saw.

Run it: ``python examples/train_regression.py``.
"""

from __future__ import annotations

import minitorch as mt
from minitorch import nn, optim
from minitorch.datasets import make_regression_sum, train_test_split
from minitorch.utils.data import DataLoader, TensorDataset


def main(seed: int = 0, epochs: int = 20, lr: float = 0.1, batch_size: int = 32, verbose: bool = False) -> dict:
    """Train a Linear(2, 1); returns the test MSE and the learned weight and bias.

    Args:
        seed: seeds the data, the split, the initial weights and the shuffling.
        epochs: passes over the 800 training points.
        lr: learning rate of SGD.
        batch_size: points per gradient step.
        verbose: print the training loss after every 5th epoch.
    """
    mt.manual_seed(seed)
    X, y = make_regression_sum(1000, seed=seed)  # X: (1000, 2), y: (1000, 1) = x1 + x2
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=seed)

    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True, seed=seed)
    model = nn.Linear(2, 1)
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=lr)

    for epoch in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        if verbose and (epoch + 1) % 5 == 0:
            with mt.no_grad():
                train_loss = loss_fn(model(X_train), y_train).item()
            print(f"epoch {epoch + 1:3d}   training MSE {train_loss:.2e}")

    with mt.no_grad():
        test_mse = loss_fn(model(X_test), y_test).item()
    return {
        "test_mse": test_mse,
        "weight": model.weight.detach().tolist()[0],
        "bias": model.bias.item(),
    }


if __name__ == "__main__":
    result = main(verbose=True)
    w1, w2 = result["weight"]
    print(f"learned  y = {w1:.4f}·x1 + {w2:.4f}·x2 {result['bias']:+.4f}   (the rule: 1·x1 + 1·x2 + 0)")
    print(f"test MSE {result['test_mse']:.2e}  on 200 unseen points")
