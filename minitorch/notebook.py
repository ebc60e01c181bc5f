"""Short error messages in Jupyter: the exception and your own line, not minitorch's insides.

An IPython extension. In a notebook, run once::

    %load_ext minitorch.notebook

From then on an exception shows as the line of *your* code that raised it
and the exception's type and full message, wrapped to fit the page::

    Cell In[7], line 2
    ----> 2 loss = model(x) @ y
    ValueError: matmul: the inner dimensions differ: (4, 3) @ (4, 1) ...

The frames inside minitorch, NumPy or Python's own libraries are left out:
minitorch's messages already name the op, the shapes and the fix, and the
twenty lines of library code between your line and the ``raise`` only hide
them. Every chapter of the book loads it in its first (hidden) cell.
``%unload_ext minitorch.notebook`` brings IPython's full tracebacks back.

The cell still fails as before (same exception, same ``ename``/``evalue`` in
the saved notebook), so ``raises-exception`` tags, nbval and myst-nb work
unchanged. PyTorch has no equivalent; IPython's ``%xmode Minimal`` shows
the message alone, without your line.
"""

from __future__ import annotations

import sysconfig
import textwrap
import traceback
from pathlib import Path

WIDTH = 88  # columns of the wrapped message
MAX_FRAMES = 3  # of your own code, the innermost ones

_LIBRARY_DIRS = tuple(
    str(Path(p).resolve())
    for p in {Path(__file__).resolve().parent, *(sysconfig.get_paths()[k] for k in ("stdlib", "purelib", "platlib"))}
)
_RED, _GREEN, _CYAN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"


def is_library_frame(filename: str) -> bool:
    """A frame of minitorch, of an installed package or of Python's standard library."""
    if filename.startswith("<frozen "):
        return True
    try:
        path = str(Path(filename).resolve())
    except (OSError, ValueError):
        return False
    return path.startswith(_LIBRARY_DIRS)


def wrap_message(message: str, width: int = WIDTH) -> list[str]:
    """The message as lines of at most ``width`` columns; its own line breaks are kept."""
    lines = []
    for line in message.splitlines() or [""]:
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(
            line, width, subsequent_indent=indent + "  ", break_long_words=False, break_on_hyphens=False
        ) or [line]
    return lines


def short_traceback(etype, value, tb, cell_name=None) -> list[str]:
    """The lines to show for an exception: your frames (at most ``MAX_FRAMES``), then type and message.

    ``cell_name(filename)`` turns a cell's file name into ``"Cell In[7]"``
    (IPython's names); other files show as their path.
    """
    own = [f for f in traceback.extract_tb(tb) if not is_library_frame(f.filename)]
    lines = []
    for frame in own[-MAX_FRAMES:]:
        where = (cell_name(frame.filename) if cell_name else None) or f"File {frame.filename}"
        lines.append(f"{_CYAN}{where}, line {frame.lineno}{_RESET}")
        if frame.line:
            lines.append(f"{_GREEN}----> {frame.lineno} {frame.line.strip()}{_RESET}")
    name = etype.__qualname__ if etype.__module__ in ("builtins", "__main__") else f"{etype.__module__}.{etype.__qualname__}"
    message = wrap_message(str(value))
    lines.append(f"{_RED}{_BOLD}{name}{_RESET}: {message[0]}" if message[0] else f"{_RED}{_BOLD}{name}{_RESET}")
    lines += message[1:]
    return lines


def _cell_namer(shell):
    def cell_name(filename: str):
        try:
            named = shell.compile.format_code_name(filename)
        except Exception:  # an older IPython, or a file that is no cell
            return None
        return f"{named[0]} {named[1]}" if named else None

    return cell_name


def show_short(shell, etype, value, tb, tb_offset=None):
    """IPython calls this for every ``Exception``; it shows the error (in a kernel, as an error output)."""
    try:
        stb = "\n".join(short_traceback(etype, value, tb, _cell_namer(shell))).split("\n")
    except Exception:  # never lose the error itself: fall back to IPython's own display
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    shell._showtraceback(etype, value, stb)


def load_ipython_extension(shell) -> None:
    """``%load_ext minitorch.notebook``: every ``Exception`` shows short from now on."""
    shell.set_custom_exc((Exception,), show_short)


def unload_ipython_extension(shell) -> None:
    """``%unload_ext minitorch.notebook``: IPython's full tracebacks again."""
    shell.set_custom_exc((), None)


__all__ = ["load_ipython_extension", "unload_ipython_extension", "short_traceback", "show_short", "is_library_frame"]
