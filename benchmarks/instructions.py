"""Instructions per step, counted by valgrind: a measure that a busy machine cannot blur.

    python benchmarks/instructions.py [--workloads xor digits_small op_overhead] [--steps N]

Timings on a shared machine move by 20% from one hour to the next; the number
of CPU instructions a step executes does not (the same code, inputs and
versions give the same count, whatever else the machine is doing). So the
effect of a small change to the engine shows here when ``run.py``'s medians
would hide it in noise. Instructions are not time: Python's interpreter runs
fewer instructions per cycle than NumPy's loops, so minitorch's ratio in time
is higher than its ratio in instructions. Use this to compare two versions of
minitorch; use ``run.py`` for the figures in the README.

How: each framework's step runs in a child Python under
``valgrind --tool=callgrind``, once for ``N`` steps and once for none (after
the same set-up and 20 warm-up steps); the difference divided by ``N`` is the
count per step. Needs valgrind (Debian/Ubuntu: ``apt-get install valgrind``);
a run takes about 40 s per workload.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
# As in run.py: this folder holds profile.py, which must not shadow the standard library's
# `profile` (cProfile imports it), so the folder goes last on sys.path, not first.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == HERE:
    sys.path.pop(0)
sys.path.append(HERE)

import harness  # noqa: E402  (imports neither NumPy nor torch)

WORKLOADS = ("xor", "digits_small", "op_overhead")  # mlp_large is BLAS time: count it with run.py
FRAMEWORKS = ("numpy", "bare", "minitorch")  # bare: the closure engine of workloads/bare_graph.py
WARMUP = 20


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workloads", nargs="+", choices=WORKLOADS, default=list(WORKLOADS), metavar="NAME",
                   help=f"which to count (default all): {' '.join(WORKLOADS)}")
    p.add_argument("--steps", type=int, default=200, help="counted steps per framework (default 200)")
    p.add_argument("--child", nargs=3, metavar=("WORKLOAD", "FRAMEWORK", "STEPS"), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def run_child(workload: str, framework: str, steps: int) -> None:
    """Inside valgrind: build the workload, warm up, then run ``steps`` steps."""
    harness.pin_threads(1)
    module = importlib.import_module(f"workloads.{workload}")
    runner = module.build()[framework]
    for _ in range(WARMUP + steps):
        runner.step()


def count(workload: str, framework: str, steps: int) -> int:
    """Instructions executed by a child that runs ``steps`` steps (set-up and warm-up included)."""
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           sys.executable, os.path.abspath(__file__), "--child", workload, framework, str(steps)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"{workload}/{framework}: valgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_step(workload: str, framework: str, steps: int, pool: ThreadPoolExecutor) -> float:
    """Instructions per step (per op for op_overhead): the N-step run minus the 0-step run."""
    with_steps, without = pool.map(lambda n: count(workload, framework, n), (steps, 0))
    per = importlib.import_module(f"workloads.{workload}").PER_STEP
    return (with_steps - without) / steps / per


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        workload, framework, steps = args.child
        run_child(workload, framework, int(steps))
        return 0
    if shutil.which("valgrind") is None:
        print("instructions.py needs valgrind (Debian/Ubuntu: apt-get install valgrind); "
              "use run.py for timings", file=sys.stderr)
        return 2
    harness.pin_threads(1)  # (and puts this repository first on sys.path, for the workloads' PER_STEP)
    print("| workload | NumPy | bare graph | minitorch | bare graph / NumPy | minitorch / NumPy |\n|---|---|---|---|---|---|")
    with ThreadPoolExecutor(max_workers=2) as pool:  # valgrind runs one thread: use both cores
        for workload in args.workloads:
            ir = {fw: per_step(workload, fw, args.steps, pool) for fw in FRAMEWORKS}
            unit = "op" if workload == "op_overhead" else "step"
            print(f"| {workload} (instructions per {unit}) | {ir['numpy']:,.0f} | {ir['bare']:,.0f} | "
                  f"{ir['minitorch']:,.0f} | {ir['bare'] / ir['numpy']:.2f}× | "
                  f"**{ir['minitorch'] / ir['numpy']:.2f}×** |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
