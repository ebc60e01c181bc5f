"""Saving and loading: ``minitorch.save(obj, path)`` and ``minitorch.load(path)``, safely.

Like ``torch.save``/``torch.load`` for what a model needs: tensors, NumPy
arrays, numbers, strings, bools, ``None``, and dicts/lists/tuples nesting them
(a ``state_dict``, an optimizer's state with its param groups, a checkpoint).

The file is a NumPy ``.npz`` archive (a ZIP of ``.npy`` arrays). Every array
is one entry; one more entry, ``__minitorch__``, holds a JSON description of
the structure with a format marker and version. Unlike ``pickle`` (what
``torch.save`` used for years), nothing in the file can run code when loaded:
``np.load(..., allow_pickle=False)`` refuses object arrays, and the JSON is
only data.

Saving is atomic: the archive is written to a temporary file next to
``path``, flushed to disk, then renamed over ``path``. A save that fails
(an unsupported object, a full disk) leaves an existing file untouched.
"""

from __future__ import annotations

import io
import json
import os
from collections import OrderedDict
from typing import Any

import numpy as np

from . import __version__ as _minitorch_version
from . import dtypes as _dtypes
from .device import check_device, device
from .tensor import Tensor

__all__ = ["save", "load", "LoadError", "FORMAT", "VERSION"]

FORMAT = "minitorch.save"  # the marker that says "this archive was written by minitorch.save"
VERSION = 1  # bump when the layout changes; load() reads every version up to this one
HEADER = "__minitorch__"  # the archive entry holding the JSON structure


class LoadError(ValueError):
    """``minitorch.load`` could not read the file: it is not an intact ``minitorch.save`` file."""


# --------------------------------------------------------------------------- save
def save(obj: Any, f) -> None:
    """Write ``obj`` to ``f`` (a path, ``str`` or ``pathlib.Path``, or a binary file object).

    The path is used exactly as given (no ``.npz`` is appended). Supported:
    Tensors (saved with their dtype; loaded back not requiring grad), NumPy
    arrays and scalars, ``int``, ``float``, ``bool``, ``str``, ``None``,
    minitorch dtypes, and ``dict`` / ``OrderedDict`` (keys: str, int, float,
    bool or None), ``list`` and ``tuple`` of these. Like ``torch.save``.

    Raises:
        TypeError: ``obj`` contains something else (a function, a custom class,
            an object array); nothing is written then.
    """
    if not (hasattr(f, "write") or isinstance(f, (str, bytes, os.PathLike))):
        raise TypeError(f"save: f must be a path (str or pathlib.Path) or a binary file object, got {type(f).__name__}")
    arrays: dict[str, np.ndarray] = {}
    try:
        tree = _Encoder(arrays).encode(obj, "obj")
    except RecursionError:
        raise ValueError("save: the object is nested too deeply (or contains itself); save plain dicts, "
                         "lists and tensors") from None
    header = json.dumps({"format": FORMAT, "version": VERSION, "minitorch": _minitorch_version, "obj": tree})
    entries = {HEADER: np.frombuffer(header.encode("utf-8"), dtype=np.uint8), **arrays}

    if hasattr(f, "write"):
        name = getattr(f, "name", "the file object")
        if isinstance(f, io.TextIOBase):
            raise TypeError(f"save: {name!r} is open in text mode; minitorch writes bytes: open it with open(path, 'wb')")
        if getattr(f, "closed", False):
            raise ValueError(f"save: {name!r} is closed; open it with open(path, 'wb')")
        if hasattr(f, "writable") and not f.writable():
            raise io.UnsupportedOperation(f"save: {name!r} is not open for writing; open it with open(path, 'wb')")
        try:
            np.savez(f, **entries)
            f.flush()  # so that a full disk is reported here, naming the file, not later at close
        except OSError as err:
            raise type(err)(err.errno, f"save: could not write to {name!r} ({err.strerror})") from None
        return
    path = os.fsdecode(os.fspath(f))
    if "\x00" in path:
        raise ValueError(f"save: the path {path!r} contains a NUL character, which no file name can hold")
    directory = os.path.dirname(os.path.abspath(path))
    tmp, fd = _create_temp(path, directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **entries)  # a file object, so savez appends no ".npz"
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)  # atomic: readers see the old file or the new one, never half of one
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError) and err.errno is not None:  # a full disk, a quota, a lost device...
            raise type(err)(
                err.errno, f"save: could not write {path!r} ({err.strerror}); any file that was there "
                "is unchanged", path,
            ) from None
        raise
    _fsync_directory(directory)


def _create_temp(path: str, directory: str) -> tuple[str, int]:
    """A new file next to ``path`` (same file system, so ``os.replace`` is atomic)."""
    base = os.path.basename(path)
    for _ in range(100):
        tmp = os.path.join(directory, f".{base}.{os.urandom(4).hex()}.tmp")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as err:
            raise type(err)(err.errno, f"save: can't write a file in {directory!r} ({err.strerror})", path) from None
    raise FileExistsError(f"save: could not create a temporary file in {directory!r}")


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX); harmless where directories can't be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Encoder:
    """Turns an object into JSON-able data, moving every array into ``arrays``."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.seen: dict[int, str] = {}  # id(tensor or array) -> entry name: shared stays shared

    def array(self, obj, array: np.ndarray, where: str) -> str:
        if id(obj) in self.seen:
            return self.seen[id(obj)]
        if array.dtype.hasobject:
            raise TypeError(
                f"save: {where} is an array of Python objects (dtype {array.dtype}); only numeric, "
                "bool and string arrays can be saved (object arrays would need pickle, which "
                "minitorch.load refuses because unpickling can run code)"
            )
        name = f"a{len(self.arrays)}"
        self.arrays[name] = array
        self.seen[id(obj)] = name
        return name

    def encode(self, obj, where: str):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, float)) and type(obj) in (int, float):
            return obj
        if isinstance(obj, Tensor):
            return {"type": "tensor", "array": self.array(obj, obj.detach().cpu().numpy(), where)}
        if isinstance(obj, np.ndarray):
            return {"type": "ndarray", "array": self.array(obj, obj, where)}
        if isinstance(obj, np.generic):
            return {"type": "npscalar", "array": self.array(obj, np.asarray(obj), where)}
        if isinstance(obj, _dtypes.dtype):
            return {"type": "dtype", "name": obj.np.name}
        if type(obj) is list:
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
        if type(obj) is tuple:
            return {"type": "tuple", "items": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]}
        if type(obj) in (dict, OrderedDict):
            items = []
            for key, value in obj.items():
                if not (key is None or type(key) in (str, int, float, bool)):
                    raise TypeError(
                        f"save: {where} has a key of type {type(key).__name__} ({key!r}); dict keys "
                        "must be str, int, float, bool or None"
                    )
                items.append([key, self.encode(value, f"{where}[{key!r}]")])
            return {"type": "odict" if type(obj) is OrderedDict else "dict", "items": items}
        raise TypeError(
            f"save: can't save {where}, an object of type {type(obj).__module__}.{type(obj).__qualname__}. "
            "minitorch.save stores tensors, NumPy arrays, numbers, strings, bools, None and "
            "dicts/lists/tuples of them (e.g. model.state_dict()); for a model, save its "
            "state_dict() rather than the model itself"
        )


# --------------------------------------------------------------------------- load
def load(f, map_location=None, *, weights_only: bool = True, **pickle_load_args) -> Any:
    """Read an object written by :func:`save`; like ``torch.load(f, weights_only=True)``.

    Tensors come back as Tensors of the same dtype, not requiring grad.
    ``map_location`` names the device the tensors go to (the CPU by default,
    whatever device they were saved from: files hold NumPy arrays); ``weights_only`` is
    accepted for PyTorch code, and minitorch never unpickles whatever it says.

    Raises:
        LoadError: (a ``ValueError``) the file is empty, truncated, corrupt, not a
            ``minitorch.save`` file (another ``.npz``, a text file, an image, ...)
            or holds pickled data, which is refused because unpickling can run code.
        FileNotFoundError: there is no such file.
    """
    where = map_location if isinstance(map_location, (str, device)) else None  # (a function or dict: the CPU)
    check_device(where, "load")
    if pickle_load_args:
        raise TypeError(f"load: unexpected arguments {sorted(pickle_load_args)}: minitorch's files hold no pickles")
    if hasattr(f, "read"):
        if isinstance(f, io.TextIOBase):
            raise TypeError(
                f"load: the file object {getattr(f, 'name', '')!r} is open in text mode; "
                "open it with open(path, 'rb')"
            )
        raw = f.read()
        name = getattr(f, "name", "the file object")
    else:
        name = os.fspath(f)
        with open(name, "rb") as fh:
            raw = fh.read()
    what = _describe(raw)
    if what is not None:
        raise LoadError(f"load: {name!r} is not a minitorch.save file: it {what}. {_EXPECTED}")
    try:
        archive = np.load(io.BytesIO(raw), allow_pickle=False)
        members = archive.files
    except Exception as err:  # the ZIP's table of contents is unreadable
        raise LoadError(
            f"load: {name!r} starts like a ZIP/.npz archive but is damaged or truncated ({err}). "
            f"{_EXPECTED} Was it copied or written completely?"
        ) from None
    with archive:
        if HEADER not in members:
            raise LoadError(_foreign(name, members))
        header = _read_header(name, archive)
        arrays = {}
        for member in members:
            if member != HEADER:
                arrays[member] = _read_array(name, archive, member)
        try:
            return _Decoder(name, arrays, where or "cpu").decode(header["obj"])
        except RecursionError:
            raise LoadError(f"load: {name!r} describes objects nested too deeply to be real") from None


_EXPECTED = "Expected a file written by minitorch.save (an .npz archive with a '__minitorch__' entry)."

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "is a PNG image"),
    (b"\xff\xd8\xff", "is a JPEG image"),
    (b"GIF8", "is a GIF image"),
    (b"%PDF", "is a PDF document"),
    (b"\x1f\x8b", "is gzip-compressed data"),
    (b"\x93NUMPY", "is a single NumPy array saved with np.save (.npy); read it with np.load"),
    (b"\x89HDF", "is an HDF5 file"),
    (b"SQLite format 3\x00", "is an SQLite database"),
]


def _describe(raw: bytes) -> str | None:
    """What the file seems to be, when it is clearly not a ZIP archive (else None)."""
    if not raw:
        return "is empty (0 bytes), so it was probably never written completely"
    if raw.startswith(b"PK"):  # a ZIP archive, perhaps cut short: np.load says how
        return None
    if raw[0] == 0x80 and len(raw) > 1 and 2 <= raw[1] <= 5:
        return (
            "is a Python pickle (as written by pickle.dump or torch.save); minitorch never "
            "unpickles, because loading a pickle can run arbitrary code"
        )
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return what
    head = raw[:512]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 3:  # not just a character cut at the 512-byte mark
            text = None
        else:
            text = head[: err.start].decode("utf-8")
    if text is not None and "\x00" not in text:
        first = text.strip().splitlines()[0][:60] if text.strip() else ""
        return f"is a text file (it begins {first!r})"
    return f"is unrecognised binary data (it begins with the bytes {raw[:8]!r})"


def _foreign(name: str, members: list[str]) -> str:
    if any(m.endswith("data.pkl") for m in members):
        return (
            f"load: {name!r} looks like a PyTorch torch.save file (a ZIP holding pickled data), not "
            f"a minitorch.save file. minitorch never unpickles. {_EXPECTED}"
        )
    shown = ", ".join(repr(m) for m in members[:5]) + (", ..." if len(members) > 5 else "")
    return (
        f"load: {name!r} is a ZIP/.npz archive of {len(members)} "
        f"{'entry' if len(members) == 1 else 'entries'} ({shown or 'none'}) but not "
        f"one written by minitorch.save: it has no '__minitorch__' entry. {_EXPECTED} "
        "For a plain .npz of arrays, use numpy.load."
    )


def _read_array(name: str, archive, member: str) -> np.ndarray:
    try:
        array = archive[member]
    except ValueError as err:
        if "pickle" in str(err).lower() or "object" in str(err).lower():
            raise LoadError(
                f"load: {name!r} holds pickled Python objects (entry {member!r} is an object array); "
                "refusing to load it, because unpickling can run arbitrary code. "
                "minitorch.save never writes such entries."
            ) from None
        raise LoadError(f"load: {name!r}: entry {member!r} is corrupt ({err}). {_EXPECTED}") from None
    except Exception as err:
        raise LoadError(
            f"load: {name!r} is a damaged or truncated archive: entry {member!r} can't be read "
            f"({type(err).__name__}: {err})"
        ) from None
    if not isinstance(array, np.ndarray) or array.dtype.hasobject:
        raise LoadError(f"load: {name!r}: entry {member!r} is not a plain array")
    if not array.flags.writeable:
        array = array.copy()  # so the loaded tensors can be updated in place
    return array


def _read_header(name: str, archive) -> dict:
    raw = _read_array(name, archive, HEADER)
    try:
        if raw.dtype != np.uint8 or raw.ndim != 1:
            raise ValueError(f"an array of {raw.dtype} and shape {raw.shape}, not uint8 bytes")
        header = json.loads(raw.tobytes().decode("utf-8"))
        if not isinstance(header, dict) or "obj" not in header:
            raise ValueError("no 'obj' field")
    except RecursionError:
        raise LoadError(f"load: {name!r} has a '__minitorch__' description nested too deeply to be real") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise LoadError(f"load: {name!r} has a corrupt '__minitorch__' description entry ({err})") from None
    if header.get("format") != FORMAT:
        raise LoadError(
            f"load: {name!r} has a '__minitorch__' entry but its format marker is "
            f"{header.get('format')!r}, not {FORMAT!r}. {_EXPECTED}"
        )
    version = header.get("version")
    if not isinstance(version, int) or version < 1:
        raise LoadError(f"load: {name!r} has an invalid format version {version!r}")
    if version > VERSION:
        raise LoadError(
            f"load: {name!r} was written by a newer minitorch (format version {version}, by minitorch "
            f"{header.get('minitorch', '?')}); this minitorch {_minitorch_version} reads versions up to "
            f"{VERSION}. Upgrade minitorch to load it."
        )
    return header


class _Decoder:
    """Rebuilds the object from the JSON structure and the arrays."""

    def __init__(self, name: str, arrays: dict[str, np.ndarray], where="cpu") -> None:
        self.name = name
        self.arrays = arrays
        self.where = where  # the device the tensors go to
        self.tensors: dict[str, Tensor] = {}  # one array saved once -> one object loaded

    def fail(self, what: str):
        raise LoadError(f"load: {self.name!r} has a corrupt '__minitorch__' description: {what}")

    def array(self, node: dict) -> np.ndarray:
        key = node.get("array")
        if key not in self.arrays:
            self.fail(f"it refers to an array {key!r} that is not in the archive")
        return self.arrays[key]

    def decode(self, node):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self.decode(v) for v in node]
        if not isinstance(node, dict):
            self.fail(f"unexpected value {node!r}")
        kind = node.get("type")
        if kind == "tensor":
            key = node.get("array")
            if key not in self.tensors:
                array = self.array(node)
                if array.dtype.kind not in "biuf":
                    kind = {"U": "text", "S": "bytes", "c": "complex numbers", "M": "dates (datetime64)", "m": "durations",
                            "O": "Python objects"}.get(array.dtype.kind, array.dtype.name)
                    self.fail(f"entry {key!r} should be a tensor, but it holds {kind} (a tensor holds numbers or bools)")
                self.tensors[key] = Tensor(array).to(self.where)
            return self.tensors[key]
        if kind == "ndarray":
            return self.array(node)
        if kind == "npscalar":
            array = self.array(node)
            if array.ndim != 0:
                self.fail(f"a NumPy scalar stored as an array of shape {array.shape}")
            return array[()]
        if kind == "dtype":
            name = node.get("name")
            if name not in ("float16", "float32", "float64", "int32", "int64", "uint8", "bool"):
                self.fail(f"unknown dtype {name!r}")
            try:
                return _dtypes.from_numpy(np.dtype(name))
            except TypeError:
                self.fail(f"unknown dtype {node.get('name')!r}")
        if kind == "tuple":
            return tuple(self.decode(v) for v in self._items(node))
        if kind in ("dict", "odict"):
            pairs = []
            for pair in self._items(node):
                if not (isinstance(pair, list) and len(pair) == 2):
                    self.fail(f"a dict item should be a [key, value] pair, got {pair!r}")
                if not (pair[0] is None or isinstance(pair[0], (str, int, float, bool))):
                    self.fail(f"a dict key must be a str, number, bool or None, got {pair[0]!r}")
                pairs.append((pair[0], self.decode(pair[1])))
            return OrderedDict(pairs) if kind == "odict" else dict(pairs)
        self.fail(f"unknown node type {kind!r}")

    def _items(self, node: dict) -> list:
        items = node.get("items")
        if not isinstance(items, list):
            self.fail(f"a {node.get('type')} without a list of items")
        return items
