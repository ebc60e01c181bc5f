"""Utilities, laid out as in PyTorch: ``minitorch.utils.data`` holds ``Dataset`` and ``DataLoader``."""

from . import data

__all__ = ["data"]
