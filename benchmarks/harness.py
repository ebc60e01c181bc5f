"""The timing harness shared by ``run.py`` and ``profile.py``.

Thread pinning has to happen before NumPy (or torch) is first imported, since
OpenBLAS and OpenMP read their thread counts once, when they load. So this
module imports neither at the top: call :func:`pin_threads` first, then import.
"""

from __future__ import annotations

import datetime
import gc
import os
import platform
import statistics
import sys
import time

FRAMEWORKS = ("numpy", "bare", "minitorch", "torch")  # bare: workloads/bare_graph.py, a closure engine
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pin_threads(n: int) -> None:
    """Set every BLAS/OpenMP thread variable to ``n``; must run before NumPy loads."""
    already = [m for m in ("numpy", "torch") if m in sys.modules]
    if already:
        raise RuntimeError(f"pin_threads({n}) called after {already} was imported; the pin would not apply")
    for var in THREAD_VARS:
        os.environ[var] = str(n)
    # Benchmark the working tree, not an installed copy.
    if REPO not in sys.path:
        sys.path.insert(0, REPO)


def import_torch(n: int):
    """torch pinned to ``n`` threads, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(n)
    try:
        torch.set_num_interop_threads(n)
    except RuntimeError:  # only allowed once, before any parallel work
        pass
    return torch


# ---------------------------------------------------------------- timing
def time_block(step, inner: int) -> float:
    """Seconds per step over ``inner`` consecutive calls of ``step``."""
    t0 = time.perf_counter()
    for _ in range(inner):
        step()
    return (time.perf_counter() - t0) / inner


def calibrate(steps: dict, warmup_s: float) -> dict:
    """Warm every framework up (>= 3 steps and ~``warmup_s`` each); return a rough seconds-per-step."""
    rough = {}
    for name, step in steps.items():
        n, t0 = 0, time.perf_counter()
        while n < 3 or time.perf_counter() - t0 < warmup_s:
            step()
            n += 1
        rough[name] = (time.perf_counter() - t0) / n
    return rough


def interleaved(steps: dict, budget_s: float, repeats: int | None, block_s: float, warmup_s: float) -> dict:
    """Time the frameworks round by round (A B C, B C A, C A B, ...).

    Each round times one block of ``inner`` steps per framework; ``inner`` is
    the same for all and makes the slowest framework's block ~``block_s``
    (short blocks: fewer of them are cut by the scheduler on a busy machine).
    Rotating the order spreads out any first-in-round effect. Returns, per
    framework, the list of per-step times (one per round).
    """
    rough = calibrate(steps, warmup_s)
    inner = max(1, round(block_s / max(rough.values())))
    per_round = inner * sum(rough.values())
    rounds = repeats or min(1001, max(9, int(budget_s / per_round)))
    names = list(steps)
    samples = {name: [] for name in names}
    for r in range(rounds):
        for k in range(len(names)):
            name = names[(r + k) % len(names)]
            samples[name].append(time_block(steps[name], inner))
    return {"inner": inner, "rounds": rounds, "samples": samples}


def summarize(samples: list) -> dict:
    """Median and interquartile range (seconds per step)."""
    q1, med, q3 = statistics.quantiles(samples, n=4, method="inclusive") if len(samples) > 1 else (samples[0],) * 3
    return {"median": statistics.median(samples), "q1": q1, "q3": q3, "iqr": q3 - q1,
            "min": min(samples), "n": len(samples)}


def relative_error(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


# ---------------------------------------------------------------- memory
def traced_peak(fn) -> tuple:
    """(peak bytes above the starting point, bytes still held afterwards) while ``fn()`` runs."""
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        fn()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base, current - base


# ---------------------------------------------------------------- machine
def cpu_counters():
    """(wall seconds, busy CPU seconds of the whole machine, CPU seconds of this process); Linux only."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    t = os.times()
    return time.perf_counter(), (sum(fields[:8]) - idle) / tick, t.user + t.system


def others_load(start, end) -> float | None:
    """How many cores other processes kept busy, on average, between two ``cpu_counters()``."""
    if start is None or end is None or end[0] <= start[0]:
        return None
    wall = end[0] - start[0]
    return max(0.0, ((end[1] - start[1]) - (end[2] - start[2])) / wall)


def _git(*args) -> str | None:
    import subprocess

    try:
        return subprocess.run(["git", "-C", REPO, *args], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info(threads: int, torch) -> dict:
    """CPU, versions, BLAS and thread settings, for the results file."""
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    blas = None
    try:
        deps = np.show_config(mode="dicts").get("Build Dependencies", {})
        b = deps.get("blas", {})
        blas = f"{b.get('name')} {b.get('version')}".strip()
    except Exception:  # show_config's format differs across NumPy versions; it is only informative
        pass
    pools = None
    try:
        import threadpoolctl

        pools = [f"{p['internal_api']} {p.get('version')}: {p['num_threads']} thread(s)"
                 for p in threadpoolctl.threadpool_info()]
    except ImportError:
        pass
    import minitorch

    return {
        "minitorch_commit": _git("rev-parse", "--short", "HEAD"),
        "minitorch_dirty": bool(_git("status", "--porcelain", "--", "minitorch")),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "minitorch": getattr(minitorch, "__version__", "?"),
        "torch": torch.__version__ if torch is not None else None,
        "torch_threads": torch.get_num_threads() if torch is not None else None,
        "blas": blas,
        "threadpools": pools,
        "threads": threads,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "thread_env": {v: os.environ.get(v) for v in THREAD_VARS},
        "gc": "enabled during timing (its cost is part of a framework's cost)",
    }
