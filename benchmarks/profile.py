"""Where a workload's step spends its time: cProfile (and pyinstrument, if installed).

    python benchmarks/profile.py xor [--framework minitorch] [--steps N] [--top 10] [--threads 1]
    python benchmarks/profile.py op_overhead --pyinstrument

Prints the step time without the profiler; the time of each phase of a step
(zero_grad, forward, loss, backward, optimizer step), minitorch next to
PyTorch, measured with a clock and no profiler; then, per step: the top functions
by self time (tottime), the minitorch functions by cumulative time (what
``Function.apply``, ``run_backward``, the optimizer, the loss cost including
what they call), and the self time grouped by source file, with C calls (NumPy
methods, ``isinstance``, ...) charged to the file that made them. cProfile does
not see NumPy operators and ufunc calls (``a @ b``, ``np.tanh(a)``): their time
is the self time of the Python function that runs them. cProfile adds
a fixed cost to every Python call, so the absolute numbers are inflated for
call-heavy code: read the proportions.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This file is named profile.py: while its folder is first on sys.path, `import cProfile`
# (which does `import profile`) would find this file instead of the standard library's.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == HERE:
    sys.path.pop(0)
sys.path.append(HERE)
import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

import harness  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("workload", choices=["xor", "digits_small", "mlp_large", "op_overhead"])
    p.add_argument("--framework", default="minitorch", choices=harness.FRAMEWORKS)
    p.add_argument("--steps", type=int, default=None, help="profiled steps (default: about 2 s worth)")
    p.add_argument("--top", type=int, default=10, help="rows per table (default 10)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out of the phase table")
    p.add_argument("--no-phases", action="store_true", help="skip the table of phase times")
    p.add_argument("--pyinstrument", action="store_true", help="also print a pyinstrument call tree, if installed")
    return p.parse_args(argv)


def where(key: tuple) -> str:
    """A short name for a pstats key (file, line, function)."""
    file, line, func = key
    if file == "~":  # a C function: '<built-in method numpy...>' or "<method 'sum' of ...>"
        return func
    for root in (harness.REPO + os.sep, os.sep + "site-packages" + os.sep, os.sep + "lib" + os.sep):
        i = file.find(root)
        if i >= 0:
            file = file[i + len(root):]
            break
    return f"{file}:{line}({func})"


def area(key: tuple) -> str:
    file = key[0]
    if file == "~":
        return "C"
    for marker, name in ((os.sep + "minitorch" + os.sep, None), (os.sep + "numpy" + os.sep, "numpy (Python part)"),
                         (os.sep + "torch" + os.sep, "torch (Python part)"), (os.sep + "benchmarks" + os.sep, None)):
        i = file.rfind(marker)
        if i >= 0:
            return name or file[i + 1:]
    return "other Python (stdlib...)"


def report(stats: pstats.Stats, steps: int, top: int) -> None:
    raw = stats.stats  # key -> (primitive calls, calls, tottime, cumtime, callers)
    total = sum(v[2] for v in raw.values())
    us = 1e6 / steps
    print(f"\nprofiled: {steps} steps, {total * us:.1f} µs/step under cProfile\n")

    print(f"top {top} by self time (tottime), per step:")
    print(f"{'µs/step':>9} {'%':>5} {'calls/step':>10}  function")
    for key, (_, nc, tt, _, _) in sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]:
        print(f"{tt * us:9.2f} {100 * tt / total:5.1f} {nc / steps:10.1f}  {where(key)}")

    ours = [(k, v) for k, v in raw.items() if area(k).startswith("minitorch")]
    print(f"\ntop {top} minitorch functions by cumulative time (including what they call), per step:")
    print(f"{'µs/step':>9} {'%':>5} {'calls/step':>10} {'µs/call':>8}  function")
    for key, (_, nc, _, ct, _) in sorted(ours, key=lambda kv: -kv[1][3])[:top]:
        print(f"{ct * us:9.2f} {100 * ct / total:5.1f} {nc / steps:10.1f} {ct / nc * 1e6:8.2f}  {where(key)}")

    groups: dict = {}
    for key, (_, _, tt, _, callers) in raw.items():
        if area(key) != "C":
            groups[area(key)] = groups.get(area(key), 0.0) + tt
            continue
        for caller, edge in callers.items():  # a C function's time goes to the file that called it
            name = area(caller) + "  → C calls"
            groups[name] = groups.get(name, 0.0) + edge[2]
    print("\nself time by file (C functions charged to their caller's file), per step:")
    for name, tt in sorted(groups.items(), key=lambda kv: -kv[1]):
        if tt * us >= 0.05:
            print(f"{tt * us:9.2f} {100 * tt / total:5.1f}  {name}")


def phase_step(runner, acc: dict, topo) -> None:
    """One step of a minitorch/torch runner, adding each phase's seconds to ``acc``."""
    pc = time.perf_counter
    if hasattr(runner, "optimizer"):  # a TrainLoop
        x, y = runner.batches[runner.i]
        runner.i = (runner.i + 1) % len(runner.batches)
        t0 = pc()
        runner.optimizer.zero_grad()
        t1 = pc()
        out = runner.model(x)
        t2 = pc()
        loss = runner.loss_fn(out, y)
        t3 = pc()
        if topo is not None:
            topo(loss.grad_fn)
        t4 = pc()
        loss.backward()
        t5 = pc()
        runner.optimizer.step()
        t6 = pc()
        loss.item()
        t7 = pc()
        parts = {"optimizer.zero_grad()": t1 - t0, "model(x)": t2 - t1, "loss_fn(out, y)": t3 - t2,
                 "loss.backward()": t5 - t4, "optimizer.step()": t6 - t5, "loss.item()": t7 - t6}
        topo_time = t4 - t3
    else:  # op_overhead's chain
        t0 = pc()
        runner.x.grad = None
        y = runner.forward()
        t1 = pc()
        if topo is not None:
            topo(y.grad_fn)
        t2 = pc()
        y.backward()
        t3 = pc()
        parts = {"forward (200 ops)": t1 - t0, "y.backward()": t3 - t2}
        topo_time = t2 - t1
    if topo is not None:
        parts["  (topological_order alone)"] = topo_time
    for k, v in parts.items():
        acc[k] = acc.get(k, 0.0) + v


def phases(module, torch, rounds: int = 7) -> None:
    """Median time of each phase of a step, minitorch next to PyTorch (and NumPy's whole step)."""
    import statistics

    from minitorch.autograd.engine import topological_order

    runners = module.build(torch)
    del runners["bare"]  # it has no model, loss or optimizer to time apart
    n = max(1, int(0.1 / harness.calibrate({"m": runners["minitorch"].step}, 0.2)["m"]))
    samples: dict = {}
    for _ in range(rounds):
        for name, runner in runners.items():
            if name == "numpy":
                samples.setdefault(("numpy", "whole step"), []).append(harness.time_block(runner.step, n))
                continue
            acc: dict = {}
            for _ in range(n):
                phase_step(runner, acc, topological_order if name == "minitorch" else None)
            for k, v in acc.items():
                samples.setdefault((name, k), []).append(v / n)
    keys = list(dict.fromkeys(k for _, k in samples))
    names = [f for f in harness.FRAMEWORKS if any(f == n for n, _ in samples) and f != "numpy"]
    print(f"\nphases of a step, µs (median of {rounds} rounds of {n} steps, no profiler):")
    print(f"{'phase':<30}" + "".join(f"{f:>12}" for f in names))
    for k in keys:
        if k == "whole step":
            continue
        print(f"{k:<30}" + "".join(f"{statistics.median(samples[(f, k)]) * 1e6:12.1f}"
                                   if (f, k) in samples else f"{'':>12}" for f in names))
    print(f"{'NumPy, whole step':<30}{statistics.median(samples[('numpy', 'whole step')]) * 1e6:12.1f}")
    print("(topological_order alone: an extra call made for this table, not part of the step)")


def main(argv=None) -> int:
    args = parse_args(argv)
    harness.pin_threads(args.threads)
    import numpy  # noqa: F401  (after pinning)

    torch = None if args.no_torch else harness.import_torch(args.threads)
    import workloads

    module = workloads.ALL[args.workload]
    runners = module.build(torch)
    if args.framework not in runners:
        print(f"{args.framework} is not installed", file=sys.stderr)
        return 1
    step = runners[args.framework].step
    rough = harness.calibrate({"x": step}, 0.3)["x"]
    t = min(harness.time_block(step, max(1, int(0.05 / rough))) for _ in range(5))
    per = module.PER_STEP
    print(f"{args.workload} / {args.framework}: {t * 1e6:.1f} µs per step without the profiler"
          + (f" ({t * 1e6 / per:.2f} µs per op)" if per > 1 else "") + " (best of 5 blocks)")

    if not args.no_phases:
        phases(module, torch)

    steps = args.steps or max(10, int(2.0 / rough))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        step()
    profiler.disable()
    report(pstats.Stats(profiler), steps, args.top)

    if args.pyinstrument:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("\npyinstrument is not installed; skipped (pip install pyinstrument)", file=sys.stderr)
            return 0
        p = Profiler(interval=0.0001)
        t0 = time.perf_counter()
        with p:
            while time.perf_counter() - t0 < 2.0:
                step()
        print(p.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
