"""Neural-network building blocks, as ``torch.nn``: modules, layers, losses, init, functional.

* :class:`Module` (``module.py``) and :class:`Parameter` (``parameter.py``): the base of every layer.
* Layers: :class:`Linear`, :class:`Identity` (``linear.py``), activations (``activation.py``),
  :class:`Flatten` (``flatten.py``), :class:`Sequential`, :class:`ModuleList` (``container.py``),
  :class:`MLP` (``mlp.py``).
* Losses (``loss.py``): :class:`MSELoss`, :class:`CrossEntropyLoss`, :class:`NLLLoss`,
  :class:`BCELoss`, :class:`BCEWithLogitsLoss`.
* ``functional`` (``import minitorch.nn.functional as F``): the same computations as functions.
* ``init``: in-place weight initialisation (``xavier_uniform_``, ``kaiming_uniform_``, ...).
"""

from . import functional, init
from .activation import LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .container import ModuleList, Sequential
from .flatten import Flatten
from .linear import Identity, Linear
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, NLLLoss
from .mlp import MLP
from .module import Module
from .parameter import Parameter

__all__ = [
    "functional", "init", "Module", "Parameter",
    "Linear", "Identity", "Flatten", "Sequential", "ModuleList", "MLP",
    "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
    "MSELoss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss",
]
