"""minitorch: a small PyTorch built from scratch on NumPy, for learning.

The names and behaviour follow PyTorch wherever minitorch has the feature, so
``import minitorch as mt`` reads like ``import torch``::

    x = mt.tensor([2.0], requires_grad=True)
    y = (x ** 2).relu()
    y.backward()
    x.grad  # tensor([4.])
"""

__version__ = "0.1.0"

from . import autograd
from .autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .creation import (
    arange, as_tensor, cat, empty, empty_like, eye, from_numpy, full, full_like, linspace, ones, ones_like,
    stack, tensor, where, zeros, zeros_like,
)
from .device import accelerator, cuda, device, get_backend, get_default_device, set_default_device
from .dtypes import (
    bool_ as bool, dtype, float16, float32, float64, get_default_dtype, int32, int64,
    set_default_dtype, uint8,
)
from .random import (
    Generator, default_generator, initial_seed, manual_seed, multinomial, normal, rand, rand_like, randint, randn,
    randn_like, randperm,
)
from .tensor import Tensor, matmul
from . import scalar
from .scalar import Value

from . import datasets, nn, optim, utils, viz  # noqa: E402  (they build on the above)
from .serialization import load, save  # noqa: E402

# PyTorch's aliases
float = float32
double = float64
long = int64
half = float16

# Tensor methods as functions, as in torch: mt.exp(x) is x.exp().
exp, log, sqrt, abs, sin, cos = Tensor.exp, Tensor.log, Tensor.sqrt, Tensor.abs, Tensor.sin, Tensor.cos
log2, log10 = Tensor.log2, Tensor.log10
maximum, minimum = Tensor.maximum, Tensor.minimum
var, std, logsumexp, gather = Tensor.var, Tensor.std, Tensor.logsumexp, Tensor.gather
all, any, isclose, allclose, numel = Tensor.all, Tensor.any, Tensor.isclose, Tensor.allclose, Tensor.numel
t = Tensor.t
norm = Tensor.norm
isnan, isinf, isfinite, equal = Tensor.isnan, Tensor.isinf, Tensor.isfinite, Tensor.equal
tanh, sigmoid, relu, clamp, clip = Tensor.tanh, Tensor.sigmoid, Tensor.relu, Tensor.clamp, Tensor.clamp
sum, mean, max, min = Tensor.sum, Tensor.mean, Tensor.max, Tensor.min
argmax, argmin = Tensor.argmax, Tensor.argmin
softmax, log_softmax = Tensor.softmax, Tensor.log_softmax
reshape, flatten, squeeze, unsqueeze = Tensor.reshape, Tensor.flatten, Tensor.squeeze, Tensor.unsqueeze
transpose, permute = Tensor.transpose, Tensor.permute
add, sub, mul, div, pow, neg = Tensor.add, Tensor.sub, Tensor.mul, Tensor.div, Tensor.pow, Tensor.neg
mm = Tensor.mm
clone, detach = Tensor.clone, Tensor.detach

#: PyTorch features this course leaves out on purpose, and what to use instead.
LEFT_OUT = {
    "compile": "run the model eagerly; the performance chapter shows where the time goes",
    "jit": "run the model eagerly",
    "fft": "use numpy.fft on tensor.numpy()",
    "linalg": "use matmul (@) for products, or numpy.linalg on tensor.numpy()",
    "histogram": "use numpy.histogram on tensor.numpy()",
    "sparse": "use dense tensors",
    "complex64": "use real tensors (float32 or float64)",
    "complex128": "use real tensors (float32 or float64)",
    "distributed": "train in one process",
    "amp": "train in float32 or float64",
    "autocast": "train in float32 or float64",
}


def __getattr__(name: str):
    if name in LEFT_OUT:
        raise AttributeError(
            f"minitorch.{name}: this course leaves torch.{name} out on purpose; {LEFT_OUT[name]}. "
            "See the book's 'Coming from PyTorch' page."
        )
    raise AttributeError(f"module 'minitorch' has no attribute {name!r}")
