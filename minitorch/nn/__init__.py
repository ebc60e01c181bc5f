"""Neural-network building blocks, as ``torch.nn``: modules, layers, losses, init, functional.

* :class:`Module` (``module.py``) and :class:`Parameter` (``parameter.py``): the base of every layer.
* Layers: :class:`Linear`, :class:`LazyLinear`, :class:`Identity` (``linear.py``), :class:`Embedding` (``embedding.py``), activations (``activation.py``),
  :class:`Flatten` (``flatten.py``), :class:`Sequential`, :class:`ModuleList` (``container.py``),
  :class:`MLP` (``mlp.py``).
* Image layers: :class:`Conv2d` (``conv.py``), :class:`MaxPool2d`, :class:`AvgPool2d`,
  :class:`AdaptiveAvgPool2d` (``pooling.py``), :class:`BatchNorm1d`, :class:`BatchNorm2d`
  (``normalization.py``), :class:`Dropout` (``dropout.py``), :class:`Unflatten` (``flatten.py``);
  their functions are in ``functional_images.py``.
* Losses (``loss.py``): :class:`MSELoss`, :class:`CrossEntropyLoss`, :class:`NLLLoss`,
  :class:`BCELoss`, :class:`BCEWithLogitsLoss`.
* ``functional`` (``import minitorch.nn.functional as F``): the same computations as functions.
* ``init``: in-place weight initialisation (``xavier_uniform_``, ``kaiming_uniform_``, ...).
"""

from . import functional, init
from .activation import LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .container import ModuleList, Sequential
from .conv import Conv2d
from .dropout import Dropout
from .flatten import Flatten, Unflatten
from .embedding import Embedding
from .linear import Identity, LazyLinear, Linear
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, NLLLoss
from .mlp import MLP
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d
from .parameter import Parameter
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d

__all__ = [
    "functional", "init", "Module", "Parameter",
    "Linear", "LazyLinear", "Identity", "Embedding", "Flatten", "Sequential", "ModuleList", "MLP",
    "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
    "MSELoss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss",
    "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm1d", "BatchNorm2d", "Dropout", "Unflatten",
]
