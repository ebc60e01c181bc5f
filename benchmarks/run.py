"""Run the benchmark suite of issue #8: minitorch against hand-written NumPy and PyTorch.

    python benchmarks/run.py [--workloads xor digits_small ...] [--threads 1] [--repeats N] [--quick]

Each workload is run by every framework in one process, interleaved round by
round after a warm-up; the table gives the median time per step, its
interquartile range, and the ratios taken within this run. Besides NumPy,
minitorch and PyTorch, a fourth runner, the "bare graph"
(``workloads/bare_graph.py``), is a closure engine with nothing else: what
recording a graph in Python costs at all. Before timing, the
losses of the first two steps must agree with NumPy's to 1e-6 (relative): a
gradient bug fails the run (exit status 1). Results go to stdout and to
``benchmarks/results/latest.md`` and ``latest.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# This folder holds profile.py; first on sys.path it would shadow the standard library's
# `profile`, which cProfile imports (and torch imports cProfile lazily). So: last.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == HERE:
    sys.path.pop(0)
sys.path.append(HERE)

import harness  # noqa: E402  (imports neither NumPy nor torch)

WORKLOADS = ("xor", "digits_small", "mlp_large", "op_overhead", "cnn_small")
SECTIONS = WORKLOADS + ("memory",)
RTOL = 1e-6
LABEL = {"numpy": "NumPy", "bare": "bare graph", "minitorch": "minitorch", "torch": "PyTorch"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workloads", nargs="+", choices=SECTIONS, default=list(SECTIONS),
                   metavar="NAME", help=f"which to run (default all): {' '.join(SECTIONS)}")
    p.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP/torch threads (default 1)")
    p.add_argument("--repeats", type=int, default=None,
                   help="timed rounds per workload (default: as many as fit the time budget, 9 to 1001)")
    p.add_argument("--quick", action="store_true", help="a short run (< 30 s): fewer rounds, shorter memory test")
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out even when it is installed")
    p.add_argument("--out", default=os.path.join(HERE, "results"), help="directory for latest.md / latest.json")
    return p.parse_args(argv)


# ------------------------------------------------------------------ checks
def check_agreement(module, torch) -> dict:
    """Losses of steps 1 and 2 (and the parameters after them) of every framework vs NumPy."""
    runners = module.build(torch)
    losses = {name: [r.step(), r.step()] for name, r in runners.items()}
    states = {name: r.state() for name, r in runners.items()}
    result = {"losses": losses, "max_rel_error": {}, "ok": True}
    for name in runners:
        if name == "numpy":
            continue
        err = max(harness.relative_error(a, b) for a, b in zip(losses[name], losses["numpy"]))
        # parameters: relative to the largest entry, so values near zero don't blow up the ratio
        for a, b in zip(states[name], states["numpy"]):
            err = max(err, float(abs(a - b).max() / max(abs(b).max(), 1e-300)))
        result["max_rel_error"][name] = err
        if not err <= RTOL:
            result["ok"] = False
    return result


# ------------------------------------------------------------------ workloads
def bench_workload(module, torch, args) -> dict:
    res = {"title": module.TITLE, "target": module.TARGET, "torch_reference": module.TORCH_REFERENCE,
           "target_base": getattr(module, "TARGET_BASE", "numpy"),  # cnn_small's target is a ratio to PyTorch
           "per": "op" if module.PER_STEP > 1 else "step", "per_step": module.PER_STEP}
    res["check"] = check_agreement(module, torch)
    if not res["check"]["ok"]:
        print(f"\n!!! {module.NAME}: losses disagree with NumPy beyond {RTOL:g}: "
              f"{res['check']['max_rel_error']} (losses {res['check']['losses']}); not timed.\n", file=sys.stderr)
        return res
    runners = module.build(torch)
    timing = harness.interleaved(
        {name: r.step for name, r in runners.items()},
        budget_s=4.0 if args.quick else 25.0, repeats=args.repeats,
        block_s=0.005, warmup_s=0.05 if args.quick else 0.3,
    )
    res["inner"], res["rounds"] = timing["inner"], timing["rounds"]
    res["stats"] = {name: {k: (v / module.PER_STEP if k != "n" else v) for k, v in harness.summarize(s).items()}
                    for name, s in timing["samples"].items()}
    med = {name: s["median"] for name, s in res["stats"].items()}
    res["ratio_to_numpy"] = {name: med[name] / med["numpy"] for name in med}
    # the same ratio taken round by round (robust to load that changes during the run); JSON only
    smp = timing["samples"]
    res["best_ratio_to_numpy"] = {name: min(smp[name]) / min(smp["numpy"]) for name in smp}
    res["paired_ratio_to_numpy"] = {name: statistics.median(a / b for a, b in zip(smp[name], smp["numpy"]))
                                    for name in smp}
    if "torch" in med:
        res["ratio_to_torch"] = {name: med[name] / med["torch"] for name in med}
    if module.NAME == "xor":
        res["convergence"] = module.convergence(torch)
    return res


# ------------------------------------------------------------------ memory
def bench_memory(torch, args) -> dict:
    from workloads import mlp_large, xor

    out = {}
    # Peak extra memory of one mlp_large step (after a warm-up step), as traced by tracemalloc.
    runners = mlp_large.build(None)
    peaks = {}
    for name in ("numpy", "minitorch"):
        runners[name].step()
        peak, held = harness.traced_peak(runners[name].step)
        peaks[name] = {"peak_bytes": peak, "held_after_bytes": held}
    peaks["ratio"] = peaks["minitorch"]["peak_bytes"] / peaks["numpy"]["peak_bytes"]
    out["mlp_large_step"] = peaks

    # Growth: memory after many xor steps equals memory after 100. gc is off during the steps
    # so that reference cycles (which would cost gc time) show up as collected objects.
    import tracemalloc

    long_run = 2_000 if args.quick else 10_000
    growth = {}
    runners = xor.build(None)
    for name in ("numpy", "minitorch"):
        runner = runners[name]
        gc.collect()
        gc.disable()
        tracemalloc.start()
        try:
            for _ in range(100):
                runner.step()
            gc.collect()
            after_100 = tracemalloc.get_traced_memory()[0]
            for _ in range(long_run - 100):
                runner.step()
            before_collect = tracemalloc.get_traced_memory()[0]
            cycles = gc.collect()
            after_long = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
            gc.enable()
        growth[name] = {"after_100": after_100, f"after_{long_run}": after_long,
                        "growth_bytes": after_long - after_100,
                        "uncollected_cycle_bytes": before_collect - after_long,
                        "cycle_objects_per_step": cycles / (long_run - 100)}
    out["xor_growth"] = {"steps": long_run, **growth}
    out["ok"] = all(abs(g["growth_bytes"]) <= 4096 for g in growth.values())
    return out


# ------------------------------------------------------------------ report
def fmt_time(seconds: float) -> str:
    us = seconds * 1e6
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    return f"{us:.2f} µs" if us < 10 else f"{us:.1f} µs"


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def markdown(results: dict, info: dict) -> str:
    have_torch = any("torch" in r.get("stats", {}) for r in results.values() if isinstance(r, dict))
    lines = [
        f"## minitorch benchmarks — {info['date']}",
        "",
        f"{info['cpu']}, {info['cores']} cores; Python {info['python']}, NumPy {info['numpy']} ({info['blas']}), "
        f"PyTorch {info['torch'] or 'not installed'}; **{info['threads']} thread(s)**; float64; "
        f"minitorch {info['minitorch_commit']}{' + local changes' if info['minitorch_dirty'] else ''}. "
        "Median time per step (per op for op_overhead), IQR in brackets; ratios within this run.",
        "",
    ]
    busy = {k: v for k, v in info.get("other_processes_cores", {}).items() if v is not None and v > 0.2}
    if busy:
        lines += ["⚠ other processes kept CPU cores busy during the run ("
                  + ", ".join(f"{k}: {v:.1f} of {info['cores']}" for k, v in busy.items())
                  + "): timings are noisy (wide IQRs); ratios hold up better. Rerun on a quiet machine.", ""]
    head = ["workload", "NumPy", "minitorch"] + (["PyTorch"] if have_torch else [])
    head += ["bare graph / NumPy", "minitorch / NumPy"]
    head += (["PyTorch / NumPy", "minitorch / PyTorch"] if have_torch else []) + ["target", ""]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in WORKLOADS:
        r = results.get(name)
        if r is None:
            continue
        if "stats" not in r:
            lines.append(f"| {name} | **FAILED the loss check**: {r['check']['max_rel_error']} |")
            continue
        cell = {fw: f"{fmt_time(s['median'])} ({fmt_time(s['iqr'])})" for fw, s in r["stats"].items()}
        ratio = r["ratio_to_numpy"]
        row = [f"{name} (per {r['per']})", cell["numpy"], cell["minitorch"]]
        row += [cell.get("torch", "—")] if have_torch else []
        row += [f"{ratio['bare']:.2f}×" if "bare" in ratio else "—", f"**{ratio['minitorch']:.2f}×**"]
        if have_torch:
            row += [f"{ratio['torch']:.2f}×" if "torch" in ratio else "—",
                    f"{r['ratio_to_torch']['minitorch']:.2f}×" if "ratio_to_torch" in r else "—"]
        if r.get("target_base") == "torch":  # the target is minitorch / PyTorch
            reached = r["ratio_to_torch"]["minitorch"] if "ratio_to_torch" in r else None
            row += [f"≤ {r['target']}× PyTorch", "—" if reached is None else "✓" if reached <= r["target"] else "✗"]
        else:
            row += [f"≤ {r['target']}×", "✓" if ratio["minitorch"] <= r["target"] else "✗"]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    checks = [f"{n}: {max(r['check']['max_rel_error'].values()):.1e}" for n, r in results.items()
              if n in WORKLOADS and r["check"]["max_rel_error"]]
    if checks:
        lines.append(f"Loss agreement with NumPy after 2 steps (max relative error, limit {RTOL:g}): "
                     + ", ".join(checks) + ".")
    conv = results.get("xor", {}).get("convergence")
    if conv:
        lines.append(f"xor to MSE < {_xor_threshold()}: " + ", ".join(
            f"{LABEL[fw]} {c['steps']} steps in {c['seconds'] * 1e3:.1f} ms" for fw, c in conv.items()) + ".")
    mem = results.get("memory")
    if mem:
        m = mem["mlp_large_step"]
        g = mem["xor_growth"]
        n = g["steps"]
        lines += [
            "",
            "| memory (tracemalloc) | NumPy | minitorch | minitorch / NumPy | |",
            "|---|---|---|---|---|",
            f"| mlp_large step: peak allocated | {fmt_bytes(m['numpy']['peak_bytes'])} | "
            f"{fmt_bytes(m['minitorch']['peak_bytes'])} | **{m['ratio']:.2f}×** | |",
            f"| mlp_large step: still held after the step | {fmt_bytes(m['numpy']['held_after_bytes'])} | "
            f"{fmt_bytes(m['minitorch']['held_after_bytes'])} | | |",
            f"| xor: memory after {n} steps − after 100 | {g['numpy']['growth_bytes']} B | "
            f"{g['minitorch']['growth_bytes']} B | | {'✓' if mem['ok'] else '✗ grows'} |",
            f"| xor: garbage reference cycles per step | {g['numpy']['cycle_objects_per_step']:.1f} objects | "
            f"{g['minitorch']['cycle_objects_per_step']:.1f} objects | | |",
        ]
    lines.append("")
    return "\n".join(lines)


def _xor_threshold():
    from workloads import xor

    return xor.CONVERGED


def write_atomic(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None) -> int:
    args = parse_args(argv)
    harness.pin_threads(args.threads)
    import numpy  # noqa: F401  (after pinning: OpenBLAS reads the variables when it loads)

    torch = None if args.no_torch else harness.import_torch(args.threads)
    import workloads

    t_start = time.perf_counter()
    info = harness.machine_info(args.threads, torch)
    results = {}
    info["other_processes_cores"] = {}
    for name in args.workloads:
        t0 = time.perf_counter()
        print(f"[{name}] ...", end=" ", flush=True, file=sys.stderr)
        c0 = harness.cpu_counters()
        if name == "memory":
            results[name] = bench_memory(torch, args)
        else:
            results[name] = bench_workload(workloads.ALL[name], torch, args)
        others = harness.others_load(c0, harness.cpu_counters())
        info["other_processes_cores"][name] = None if others is None else round(others, 2)
        print(f"{time.perf_counter() - t0:.1f} s" + ("" if others is None else
              f" (other processes kept {others:.2f} cores busy)"), file=sys.stderr)
    info["total_seconds"] = round(time.perf_counter() - t_start, 1)
    info["args"] = {**vars(args), "out": os.path.relpath(args.out, harness.REPO)}

    text = markdown(results, info)
    print(text)
    os.makedirs(args.out, exist_ok=True)
    write_atomic(os.path.join(args.out, "latest.md"), text)
    write_atomic(os.path.join(args.out, "latest.json"),
                 json.dumps({"machine": info, "results": results}, indent=1, default=str) + "\n")

    failed = [n for n, r in results.items() if n in WORKLOADS and not r["check"]["ok"]]
    if "memory" in results and not results["memory"]["ok"]:
        failed.append("memory growth")
    if failed:
        print(f"FAILED checks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
