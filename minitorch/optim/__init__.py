"""Optimizers, as ``torch.optim``: they update parameters in place from their ``.grad``.

* :class:`Optimizer` (``optimizer.py``): parameter groups, ``zero_grad``, state dicts.
* :class:`SGD` (``sgd.py``), :class:`Adam` (``adam.py``), :class:`RMSprop` (``rmsprop.py``).
"""

from .adam import Adam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop"]
