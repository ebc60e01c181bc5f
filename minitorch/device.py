"""Devices, named as in PyTorch: ``minitorch.device("cpu")``, ``"cuda"``, ``"cuda:0"``.

minitorch computes on the CPU, with NumPy. It understands PyTorch's device
names so that code written for GPUs runs unchanged on the CPU: every factory
takes ``device=``, tensors have ``.device``, ``.to(device)`` and ``.cpu()``,
and ``minitorch.cuda.is_available()`` answers ``False``. Asking for a GPU
says clearly that there is none.
"""

from __future__ import annotations


class device:
    """Where a tensor's numbers live; like ``torch.device``.

    ``device("cpu")``, ``device("cuda")``, ``device("cuda:1")`` and
    ``device("cuda", 1)`` are all valid names; only the CPU can hold tensors.
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


def check_device(where, op: str) -> None:
    """Accept ``None`` or a CPU device; refuse a GPU, saying what is missing."""
    if where is None or device(where).type == "cpu":
        return
    raise RuntimeError(
        f"{op}: device {str(device(where))!r} is not available: minitorch computes on the CPU only "
        "(it has no GPU backend). Use device='cpu', or choose the device with "
        "'cuda' if torch.cuda.is_available() else 'cpu', which picks the CPU here."
    )


class cuda:
    """``minitorch.cuda``: what PyTorch code asks about GPUs, answered for a CPU-only library."""

    @staticmethod
    def is_available() -> bool:
        return False

    @staticmethod
    def device_count() -> int:
        return 0

    @staticmethod
    def manual_seed(seed: int) -> None:
        """Nothing to seed: there is no GPU (PyTorch code calls this next to ``manual_seed``)."""

    manual_seed_all = manual_seed


class accelerator:
    """``minitorch.accelerator``: PyTorch's newer way to ask for a GPU, answered for a CPU-only library."""

    @staticmethod
    def is_available() -> bool:
        return False

    @staticmethod
    def current_accelerator(check_available: bool = False):
        """``None``: there is no accelerator (PyTorch code then falls back to ``"cpu"``)."""
        return None

    @staticmethod
    def device_count() -> int:
        return 0


def set_default_device(where) -> None:
    """Accepts the CPU (where every tensor is made anyway); refuses a GPU, as the factories do."""
    check_device(where, "set_default_device")


def get_default_device() -> device:
    return CPU
