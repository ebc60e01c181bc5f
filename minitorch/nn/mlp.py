"""``MLP``: a multi-layer perceptron, the Linear-activation-Linear stack built from a list of sizes."""

from __future__ import annotations

from .activation import ReLU
from .container import Sequential
from .linear import Linear
from .module import Module


class MLP(Sequential):
    """Linear layers of the given sizes with an activation between them, the last one linear.

    ``MLP(2, [8, 1])`` is ``Sequential(Linear(2, 8), ReLU(), Linear(8, 1))``;
    ``MLP(4, [16, 16, 3], activation=mt.nn.Tanh)`` has two hidden layers.
    The output is left linear so a loss such as ``CrossEntropyLoss`` can take
    the raw scores. (torchvision's ``MLP`` is similar; ``torch.nn`` has none.)

    Args:
        n_in: number of input features.
        sizes: output size of each Linear layer, the last is the output size.
        activation: a Module class (or any callable returning a new module),
            instantiated once per hidden layer. Default ``ReLU``.
        bias: whether the Linear layers have biases.
    """

    def __init__(self, n_in: int, sizes, activation=ReLU, bias: bool = True) -> None:
        sizes = [sizes] if isinstance(sizes, int) else list(sizes)
        if not sizes:
            raise ValueError("MLP: sizes must list at least one layer size, e.g. MLP(2, [8, 1])")
        if isinstance(activation, Module):
            raise TypeError(
                f"MLP: activation must be a Module class such as mt.nn.{type(activation).__name__} "
                f"(without parentheses), so each hidden layer gets its own; got the instance {activation!r}"
            )
        layers = []
        for i, n_out in enumerate(sizes):
            layers.append(Linear(n_in, n_out, bias=bias))
            if i < len(sizes) - 1:
                layers.append(activation())
            n_in = n_out
        super().__init__(*layers)
