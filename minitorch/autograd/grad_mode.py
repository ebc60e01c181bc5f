"""Switching graph recording on and off: ``no_grad``, ``enable_grad``, ``set_grad_enabled``."""

from __future__ import annotations

import functools


class GradMode:
    """Global switch read by every op: record the graph only when ``enabled``."""

    enabled = True


def is_grad_enabled() -> bool:
    """True when ops record the graph (the default); like ``torch.is_grad_enabled``."""
    return GradMode.enabled


class set_grad_enabled:
    """Set graph recording on or off; works as a call, a ``with`` block, or a decorator."""

    def __init__(self, mode: bool) -> None:
        self.prev = GradMode.enabled
        self.mode = bool(mode)
        GradMode.enabled = self.mode

    def __enter__(self) -> None:
        GradMode.enabled = self.mode

    def __exit__(self, *exc) -> None:
        GradMode.enabled = self.prev

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            prev = GradMode.enabled
            GradMode.enabled = self.mode
            try:
                return func(*args, **kwargs)
            finally:
                GradMode.enabled = prev

        return wrapper


class no_grad(set_grad_enabled):
    """Don't record the graph inside this block (or decorated function).

    Use it for parameter updates and evaluation, exactly as ``torch.no_grad``::

        with mt.no_grad():
            w -= lr * w.grad
    """

    def __init__(self) -> None:
        self.prev = GradMode.enabled
        self.mode = False

    def __enter__(self) -> None:
        self.prev = GradMode.enabled
        GradMode.enabled = False


class enable_grad(set_grad_enabled):
    """Record the graph again inside a ``no_grad`` block; like ``torch.enable_grad``."""

    def __init__(self) -> None:
        self.prev = GradMode.enabled
        self.mode = True

    def __enter__(self) -> None:
        self.prev = GradMode.enabled
        GradMode.enabled = True
