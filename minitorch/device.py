"""Devices, named as in PyTorch: ``minitorch.device("cpu")``, ``"cuda"``, ``"cuda:0"``.

A device is where a tensor's numbers live, and so which array library
computes with them (see ``minitorch.backend``): the CPU's arrays are NumPy's,
a GPU's are CuPy's. Every factory takes ``device=``, tensors have
``.device``, ``.to(device)``, ``.cpu()`` and ``.cuda()``, and an op's inputs
must all be on one device. Without CuPy or a GPU, ``minitorch.cuda.is_available()``
is ``False`` and asking for ``"cuda"`` says which of the two is missing.
"""

from __future__ import annotations

from . import backend


class device:
    """Where a tensor's numbers live; like ``torch.device``.

    ``device("cpu")``, ``device("cuda")``, ``device("cuda:1")`` and
    ``device("cuda", 1)`` are all valid names.
    """

    __slots__ = ("type", "index")

    def __init__(self, type, index: int | None = None) -> None:
        if isinstance(type, device):
            type, index = type.type, type.index
        if not isinstance(type, str):
            raise TypeError(f"device: expected a string such as 'cpu' or 'cuda:0', got {type!r}")
        name, _, number = type.partition(":")
        if name not in ("cpu", "cuda", "mps"):
            raise RuntimeError(f"device: expected one of cpu, cuda, mps as the device type, got {type!r}")
        if number:
            if index is not None or not number.isdigit():
                raise RuntimeError(f"device: invalid device string {type!r}")
            index = int(number)
        self.type, self.index = name, index

    def holds(self, wanted: "device") -> bool:
        """Is this device the one ``wanted`` names? (``"cuda"`` without an index names the current GPU.)"""
        return self.type == wanted.type and (wanted.index is None or (self.index or 0) == wanted.index)

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"


CPU = device("cpu")
_default = CPU


def check_device(where, op: str):
    """The array library (namespace) of device ``where`` (``None``: the default device); a clear error if unusable."""
    where = _default if where is None else device(where)
    if where.type == "mps":
        raise RuntimeError(f"{op}: device 'mps' (Apple's GPU) is not supported by minitorch; use 'cpu' or 'cuda'")
    try:
        return backend.library(where.type)
    except RuntimeError as err:
        raise RuntimeError(f"{op}: device {str(where)!r} is not available: {err}") from None


def device_of(array) -> device:
    """The device an array lives on: the CPU for the CPU's library, else the GPU it is on."""
    if backend.namespace(array) is backend.cpu:
        return CPU
    return device("cuda", getattr(array.device, "id", 0))


def move_to(array, xp):
    """``array`` in the library ``xp``: itself if it is there already, else its values copied over."""
    if backend.namespace(array) is xp:
        return array
    return xp.asarray(backend.to_numpy(array))


class cuda:
    """``minitorch.cuda``: is there a GPU to compute on (CuPy installed, and a GPU it can use)?"""

    @staticmethod
    def is_available() -> bool:
        return cuda.device_count() > 0

    @staticmethod
    def device_count() -> int:
        try:
            import cupy
        except ImportError:
            return 0
        return backend.gpu_count(cupy)

    @staticmethod
    def manual_seed(seed: int) -> None:
        """Nothing to seed: minitorch draws random numbers on the CPU for every device (see ``minitorch.random``)."""

    manual_seed_all = manual_seed

    @staticmethod
    def synchronize() -> None:
        """Wait until the GPU has finished its queued work (timings need it); nothing to do without one."""
        if cuda.is_available():
            import cupy

            cupy.cuda.Device().synchronize()


class accelerator:
    """``minitorch.accelerator``: PyTorch's newer way to ask for a GPU."""

    @staticmethod
    def is_available() -> bool:
        return cuda.is_available()

    @staticmethod
    def current_accelerator(check_available: bool = False):
        """``device(type='cuda')`` when there is a usable GPU, else ``None`` (PyTorch code then picks ``"cpu"``)."""
        return device("cuda") if cuda.is_available() else None

    @staticmethod
    def device_count() -> int:
        return cuda.device_count()


def set_default_device(where) -> None:
    """The device factories use when not given ``device=``; like ``torch.set_default_device``."""
    global _default
    where = CPU if where is None else device(where)
    check_device(where, "set_default_device")
    _default = where


def get_default_device() -> device:
    return _default


def get_backend() -> str:
    """The name of the array library the default device computes with: ``"numpy"``, ``"array_api_strict"`` or ``"cupy"``."""
    return backend.library_name(check_device(None, "get_backend"))
