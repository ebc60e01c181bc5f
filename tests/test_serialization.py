"""minitorch.save / minitorch.load: round trips, bad files, and never losing a good file."""

from __future__ import annotations

import io
import json
import os
import pathlib
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import minitorch as mt
from minitorch import serialization
from minitorch.serialization import LoadError

from helpers import needs_torch, torch


def assert_same(a, b, where="obj"):
    """Deep equality that also checks types and dtypes (== on tensors would be elementwise)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, mt.Tensor):
        assert a.dtype == b.dtype and a.shape == b.shape, f"{where}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy(), err_msg=where)
    elif isinstance(a, (np.ndarray, np.generic)):
        assert a.dtype == b.dtype and np.shape(a) == np.shape(b), where
        np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, dict):
        assert list(a.keys()) == list(b.keys()), where
        for key in a:
            assert type(key) is type(next(k for k in b if k == key)), f"{where}: key {key!r} changed type"
            assert_same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def roundtrip(obj, tmp_path):
    path = tmp_path / "obj.mt"
    mt.save(obj, path)
    return mt.load(path)


def optimizer_like_state():
    """What an Adam state_dict looks like in PyTorch: int keys, param groups, tuples, None."""
    return {
        "state": {
            0: {"step": 7, "exp_avg": mt.randn(3, 2), "exp_avg_sq": mt.rand(3, 2)},
            1: {"step": 7, "exp_avg": mt.randn(2), "exp_avg_sq": mt.rand(2)},
        },
        "param_groups": [{
            "lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0,
            "amsgrad": False, "maximize": False, "foreach": None, "params": [0, 1],
        }],
    }


# --------------------------------------------------------------- round trips
@pytest.mark.parametrize("dtype", [mt.float32, mt.float64, mt.int64, mt.bool, mt.int32, mt.uint8,
                                   pytest.param(mt.float16, marks=pytest.mark.numpy_interop)])  # (not in the standard)
@pytest.mark.parametrize("shape", [(), (1,), (3,), (2, 3), (2, 0, 4)])
def test_tensor_round_trip_keeps_values_dtype_and_shape(tmp_path, dtype, shape):
    t = mt.from_numpy(np.asarray((np.random.default_rng(0).standard_normal(shape) * 10).astype(dtype.np)))
    back = roundtrip(t, tmp_path)
    assert_same(t, back)


def test_loaded_tensors_do_not_require_grad_and_can_be_updated(tmp_path):
    w = mt.randn(4, 3, requires_grad=True)
    back = roundtrip({"w": w}, tmp_path)["w"]
    assert isinstance(back, mt.Tensor) and not back.requires_grad and back.grad_fn is None
    np.testing.assert_array_equal(back.detach().numpy(), w.detach().numpy())
    back += 1  # the loaded array is writable
    np.testing.assert_array_equal(back.detach().numpy(), w.detach().numpy() + 1)


def test_nested_structures_round_trip(tmp_path):
    obj = {
        "model": OrderedDict([("0.weight", mt.randn(4, 2)), ("0.bias", mt.zeros(4))]),
        "optimizer": optimizer_like_state(),
        "epoch": 12, "loss": 0.125, "best": float("inf"), "nan": float("nan"),
        "name": "iris-mlp", "unicode": "σ → ∞", "done": True, "parent": None,
        "history": [1.5, 0.75, [2, [3, "deep"]], (4, None)],
        "array": np.arange(6, dtype=np.int16).reshape(2, 3), "strings": np.array(["a", "bc"]),
        "scalar": np.float32(2.5), "big": 2**70, "dtype": mt.float64,
        7: "int key", 2.5: "float key", None: "None key", False: "bool key", "": {}, "empty": [],
    }
    assert_same(obj, roundtrip(obj, tmp_path))


def test_optimizer_state_round_trip(tmp_path):
    state = optimizer_like_state()
    back = roundtrip(state, tmp_path)
    assert_same(state, back)
    assert list(back["state"]) == [0, 1]  # int keys stay ints


def test_top_level_plain_values_round_trip(tmp_path):
    for obj in [None, 3, -2.5, "text", True, [], (), {}, [mt.tensor(1.0)], (1, "a")]:
        assert_same(obj, roundtrip(obj, tmp_path))


def test_a_tensor_saved_twice_is_stored_once_and_loaded_shared(tmp_path):
    t = mt.randn(100)
    back = roundtrip({"a": t, "b": t, "c": [t]}, tmp_path)
    assert back["a"] is back["b"] is back["c"][0]
    with zipfile.ZipFile(tmp_path / "obj.mt") as z:
        assert len(z.namelist()) == 2  # the header and one array


def test_path_may_be_str_or_pathlib_and_is_used_exactly(tmp_path):
    for name in ["model", "model.pt", "model.npz", "model.bin.npz"]:
        mt.save({"x": mt.ones(2)}, str(tmp_path / name))
        assert (tmp_path / name).is_file()
        assert_same(mt.load(str(tmp_path / name)), mt.load(pathlib.Path(tmp_path / name)))
    assert sorted(os.listdir(tmp_path)) == ["model", "model.bin.npz", "model.npz", "model.pt"]


def test_file_objects_work_too():
    buffer = io.BytesIO()
    state = optimizer_like_state()
    mt.save(state, buffer)
    buffer.seek(0)
    assert_same(state, mt.load(buffer))


def test_file_is_an_npz_with_a_json_header(tmp_path):
    """The documented format: plain arrays plus one '__minitorch__' JSON entry with marker and version."""
    mt.save({"w": mt.ones(2, 3)}, tmp_path / "f")
    with np.load(tmp_path / "f", allow_pickle=False) as archive:
        header = json.loads(archive["__minitorch__"].tobytes().decode("utf-8"))
        arrays = [archive[k] for k in archive.files if k != "__minitorch__"]
    assert header["format"] == "minitorch.save" and header["version"] == serialization.VERSION
    assert len(arrays) == 1 and arrays[0].shape == (2, 3) and arrays[0].dtype == np.float32


def test_load_uses_allow_pickle_false(tmp_path, monkeypatch):
    calls = []
    real = np.load

    def spy(*args, **kwargs):
        calls.append(kwargs.get("allow_pickle"))
        return real(*args, **kwargs)

    monkeypatch.setattr(serialization.np, "load", spy)
    mt.save({"x": mt.ones(1)}, tmp_path / "f")
    mt.load(tmp_path / "f")
    assert calls == [False]


# --------------------------------------------------------------- bad files
def load_error(path) -> str:
    with pytest.raises(LoadError) as info:
        mt.load(path)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def good_file(tmp_path, obj=None) -> pathlib.Path:
    path = tmp_path / "good.mt"
    mt.save(obj if obj is not None else optimizer_like_state(), path)
    return path


def test_empty_file(tmp_path):
    message = load_error(write(tmp_path / "f", b""))
    assert "empty" in message and "minitorch.save" in message


def test_text_file(tmp_path):
    message = load_error(write(tmp_path / "f.csv", b"sepal_length,sepal_width\n5.1,3.5\n"))
    assert "text file" in message and "sepal_length" in message and "minitorch.save" in message


def test_png_image(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
    message = load_error(write(tmp_path / "f.png", png))
    assert "PNG image" in message and "minitorch.save" in message


def test_pickle_is_refused_without_running_it(tmp_path):
    sentinel = tmp_path / "pwned"
    message = load_error(write(tmp_path / "f.pkl", pickle.dumps(RunsCode(str(sentinel)))))
    assert "pickle" in message and "arbitrary code" in message and "minitorch.save" in message
    assert not sentinel.exists()
    message = load_error(write(tmp_path / "g.pkl", pickle.dumps({"w": [1.0, 2.0]}, protocol=2)))
    assert "pickle" in message


def test_single_npy_array(tmp_path):
    with open(tmp_path / "f.npy", "wb") as f:
        np.save(f, np.arange(3))
    message = load_error(tmp_path / "f.npy")
    assert "np.save" in message and ".npy" in message


def test_foreign_npz(tmp_path):
    np.savez(tmp_path / "f.npz", weights=np.ones(3), bias=np.zeros(1))
    message = load_error(tmp_path / "f.npz")
    assert "no '__minitorch__' entry" in message and "'weights'" in message and "numpy.load" in message


def test_foreign_npz_with_object_array_is_rejected_not_executed(tmp_path):
    sentinel = tmp_path / "pwned"
    payload = np.array([RunsCode(str(sentinel)), 1], dtype=object)
    np.savez(tmp_path / "f.npz", data=payload)  # np.savez pickles object arrays
    load_error(tmp_path / "f.npz")
    assert not sentinel.exists()


def test_our_npz_with_a_pickled_object_array_is_rejected_not_executed(tmp_path):
    """Even with a valid header, an object entry is refused (allow_pickle=False really holds)."""
    sentinel = tmp_path / "pwned"
    header = json.dumps({"format": "minitorch.save", "version": 1, "obj": {"type": "ndarray", "array": "a0"}})
    with open(tmp_path / "f", "wb") as f:
        np.savez(
            f, __minitorch__=np.frombuffer(header.encode(), dtype=np.uint8),
            a0=np.array([RunsCode(str(sentinel))], dtype=object),
        )
    message = load_error(tmp_path / "f")
    assert "pickled" in message and "arbitrary code" in message
    assert not sentinel.exists()


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_file(tmp_path, keep):
    raw = good_file(tmp_path).read_bytes()
    message = load_error(write(tmp_path / "cut", raw[: int(len(raw) * keep)]))
    assert "damaged or truncated" in message and "minitorch.save" in message


def test_corrupted_bytes_inside_an_entry(tmp_path):
    path = good_file(tmp_path, {"w": mt.zeros(1000)})
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = next(i for i in z.infolist() if i.filename.startswith("a0"))
    raw[info.header_offset + 200] ^= 0xFF  # inside the array's bytes: the CRC check catches it
    message = load_error(write(tmp_path / "bad", bytes(raw)))
    assert "damaged" in message and "'a0'" in message


def test_wrong_marker_newer_version_and_corrupt_header(tmp_path):
    def with_header(text: str):
        path = tmp_path / "h"
        with open(path, "wb") as f:
            np.savez(f, __minitorch__=np.frombuffer(text.encode(), dtype=np.uint8), a0=np.ones(2))
        return path

    msg = load_error(with_header(json.dumps({"format": "other.tool", "version": 1, "obj": None})))
    assert "format marker" in msg and "'other.tool'" in msg
    msg = load_error(with_header(json.dumps({"format": "minitorch.save", "version": 99, "obj": None})))
    assert "newer minitorch" in msg and "99" in msg
    msg = load_error(with_header("{not json"))
    assert "corrupt" in msg
    msg = load_error(with_header(json.dumps({"format": "minitorch.save", "version": 1,
                                             "obj": {"type": "tensor", "array": "a7"}})))
    assert "'a7'" in msg and "not in the archive" in msg
    msg = load_error(with_header(json.dumps({"format": "minitorch.save", "version": 1,
                                             "obj": {"type": "function", "name": "os.system"}})))
    assert "unknown node type" in msg


@needs_torch
def test_a_torch_save_file_is_named(tmp_path):
    torch.save({"w": torch.ones(2)}, tmp_path / "model.pt")
    message = load_error(tmp_path / "model.pt")
    assert "PyTorch" in message and "minitorch.save" in message


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        mt.load(tmp_path / "nope")


class RunsCode:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


# ------------------------------------------------------ failed saves, no clobber
def files_in(path) -> list[str]:
    return sorted(os.listdir(path))


class Custom:
    pass


@pytest.mark.parametrize("bad, what", [
    (lambda x: x, "function"),
    (Custom(), "Custom"),
    ({1, 2}, "set"),
    (np.array([object()]), "Python objects"),
    (3 + 4j, "complex"),
    (b"bytes", "bytes"),
])
def test_unsupported_objects_fail_and_keep_the_old_file(tmp_path, bad, what):
    path = good_file(tmp_path)
    before = path.read_bytes()
    with pytest.raises(TypeError, match=what) as info:
        mt.save({"state": optimizer_like_state(), "extra": [bad]}, path)
    assert "obj['extra'][0]" in str(info.value)  # says where in the object
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["good.mt"]
    assert_same(mt.load(path)["param_groups"], optimizer_like_state()["param_groups"])


def test_unsupported_key_type(tmp_path):
    with pytest.raises(TypeError, match="key of type tuple"):
        mt.save({(1, 2): 3}, tmp_path / "f")
    assert files_in(tmp_path) == []


def test_a_write_error_midway_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = good_file(tmp_path)
    before = path.read_bytes()

    def disk_full(file, **entries):
        file.write(b"PK\x03\x04 half an archive")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(serialization.np, "savez", disk_full)
    with pytest.raises(OSError, match="No space"):
        mt.save({"w": mt.ones(3)}, path)
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["good.mt"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = good_file(tmp_path)
    before = path.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(serialization.os, "replace", refuse)
    with pytest.raises(PermissionError):
        mt.save({"w": mt.ones(3)}, path)
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["good.mt"]


def test_an_interrupt_during_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = good_file(tmp_path)
    before = path.read_bytes()

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(serialization.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        mt.save({"w": mt.ones(3)}, path)
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["good.mt"]


def test_saving_into_a_missing_directory_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="can't write a file in"):
        mt.save({"w": mt.ones(1)}, tmp_path / "no" / "such" / "dir" / "f")


def test_a_successful_save_replaces_the_old_file_and_leaves_no_temp(tmp_path):
    path = good_file(tmp_path)
    mt.save({"new": mt.arange(3)}, path)
    assert files_in(tmp_path) == ["good.mt"]
    assert mt.load(path)["new"].tolist() == [0, 1, 2]


def test_saved_file_gets_normal_permissions(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    umask = os.umask(0o022)
    try:
        path = good_file(tmp_path)
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644  # not a private 0600 temp file


# ------------------------------------------------------ a real checkpoint
def test_checkpoint_resumes_training_exactly(tmp_path):
    """Model + Adam state saved mid-training, loaded into fresh objects, continue identically."""
    mt.manual_seed(0)
    X, y = mt.randn(16, 3), mt.randint(0, 2, (16,))

    def steps(model, optimizer, n):
        for _ in range(n):
            optimizer.zero_grad()
            mt.nn.CrossEntropyLoss()(model(X), y).backward()
            optimizer.step()

    model = mt.nn.MLP(3, [5, 2])
    optimizer = mt.optim.Adam(model.parameters(), lr=0.01)
    steps(model, optimizer, 3)
    mt.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 3}, tmp_path / "ckpt")
    steps(model, optimizer, 2)

    checkpoint = mt.load(tmp_path / "ckpt")
    fresh = mt.nn.MLP(3, [5, 2])
    fresh_optimizer = mt.optim.Adam(fresh.parameters(), lr=0.5)  # the saved lr must win
    fresh.load_state_dict(checkpoint["model"])
    fresh_optimizer.load_state_dict(checkpoint["optimizer"])
    assert checkpoint["epoch"] == 3 and fresh_optimizer.param_groups[0]["lr"] == 0.01
    steps(fresh, fresh_optimizer, 2)
    for (name, p), (_, q) in zip(model.state_dict().items(), fresh.state_dict().items()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy(), err_msg=name)
