"""Switching graph recording on and off: ``no_grad``, ``enable_grad``, ``set_grad_enabled``.

Each works as PyTorch's does: as a ``with`` block, and as a decorator with or
without parentheses (``@no_grad()`` and ``@no_grad``). Whatever happens
inside, the mode that was on before comes back afterwards. A decorated
generator function runs each of its steps in the mode, and the caller's code
between two steps in the caller's own mode.
"""

from __future__ import annotations

import functools
import inspect


class GradMode:
    """Global switch read by every op: record the graph only when ``enabled``."""

    enabled = True


def is_grad_enabled() -> bool:
    """True when ops record the graph (the default); like ``torch.is_grad_enabled``."""
    return GradMode.enabled


class _Mode:
    """A recording mode usable as ``with mode:`` and as ``@mode`` / ``@mode()``."""

    mode: bool

    def __new__(cls, *args, **kwargs):
        # `@no_grad` without parentheses hands the function to the class itself.
        if cls is not set_grad_enabled and len(args) == 1 and callable(args[0]) and not kwargs:
            return cls()(args[0])
        return super().__new__(cls)

    def __enter__(self) -> None:
        self.prev = GradMode.enabled
        GradMode.enabled = self.mode

    def __exit__(self, *exc) -> None:
        GradMode.enabled = self.prev

    def __call__(self, func):
        """As a decorator: the mode is on while ``func`` runs, and the previous one comes back."""
        mode = self.mode

        def in_mode(call, *args, **kwargs):
            prev = GradMode.enabled
            GradMode.enabled = mode
            try:
                return call(*args, **kwargs)
            finally:
                GradMode.enabled = prev

        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def generator(*args, **kwargs):
                return (yield from steps_in_mode(in_mode, func(*args, **kwargs)))

            return generator

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return in_mode(func, *args, **kwargs)

        return wrapper


def steps_in_mode(in_mode, steps):
    """Run the generator ``steps`` one step at a time, each step through ``in_mode``.

    What the caller sends or throws in is passed on, as a plain generator would.
    """
    resume, value = steps.send, None
    while True:
        try:
            item = in_mode(resume, value)
        except StopIteration as stop:
            return stop.value
        try:
            resume, value = steps.send, (yield item)
        except GeneratorExit:
            in_mode(steps.close)
            raise
        except BaseException as err:  # thrown in by the caller: hand it to the generator
            resume, value = steps.throw, err


class no_grad(_Mode):
    """Don't record the graph inside this block (or decorated function).

    Use it for parameter updates and evaluation, exactly as ``torch.no_grad``::

        with mt.no_grad():
            w -= lr * w.grad
    """

    mode = False


class enable_grad(_Mode):
    """Record the graph again inside a ``no_grad`` block; like ``torch.enable_grad``."""

    mode = True


class set_grad_enabled(_Mode):
    """Set graph recording on or off: as a call (it takes effect at once), a ``with`` block, or a decorator.

    Like ``torch.set_grad_enabled``: used as a decorator it changes nothing
    outside the decorated function.
    """

    def __init__(self, mode: bool) -> None:
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled: mode must be a bool (True or False), got {mode!r} ({type(mode).__name__})")
        self.prev = GradMode.enabled
        self.mode = bool(mode)
        GradMode.enabled = self.mode  # the call form takes effect immediately

    def __enter__(self) -> None:
        GradMode.enabled = self.mode  # (the mode before is the one __init__ saw)

    def __call__(self, func):
        GradMode.enabled = self.prev  # decorating is not switching: undo what __init__ did
        return super().__call__(func)
