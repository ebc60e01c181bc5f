"""The GPU check: the test suite's op comparisons on ``"cuda"``, and ``mlp_large`` timed on the CPU and the GPU.

    python benchmarks/gpu.py [--steps N]

For a machine with an NVIDIA GPU and CuPy (``pip install cupy-cuda12x``).
Each unary and binary op of ``tests/test_ops.py`` runs on the CPU and on the
GPU from the same float64 inputs; values and gradients must agree. Then the
``mlp_large`` workload (a 784-512-512-10 ReLU MLP, cross-entropy, SGD,
batch 256, float32) is timed on both devices, waiting for the GPU to finish
before each clock reading. One summary line ends the run. Without a usable
GPU it says what is missing and exits with status 0: there is nothing to check.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

import minitorch as mt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def compare_ops() -> list[str]:
    """Run every op of the test suite's tables on both devices; the names of those that disagree."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from test_ops import BINARY, UNARY, values  # the same ops and input kinds as the tests

    rng = np.random.default_rng(0)
    failures = []
    for op, arity in [(op, 1) for op in UNARY] + [(op, 2) for op in BINARY]:
        arrays = [values((3, 4), rng, op.kind) for _ in range(arity)]
        results = {}
        for where in ("cpu", "cuda"):
            inputs = [mt.tensor(a, dtype=mt.float64, device=where, requires_grad=True) for a in arrays]
            out = op.mt_fn(*inputs)
            out.sum().backward()
            results[where] = [out.detach().cpu().numpy()] + [x.grad.cpu().numpy() for x in inputs]
        if not all(np.allclose(c, g, rtol=1e-9, atol=1e-12, equal_nan=True)
                   for c, g in zip(results["cpu"], results["cuda"])):
            failures.append(op.name)
    return failures


def time_mlp_large(where: str, steps: int) -> float:
    """Median seconds per SGD step of the mlp_large workload on device ``where``."""
    mt.manual_seed(0)
    model = mt.nn.Sequential(mt.nn.Linear(784, 512), mt.nn.ReLU(), mt.nn.Linear(512, 512), mt.nn.ReLU(),
                             mt.nn.Linear(512, 10)).to(where)
    optimizer = mt.optim.SGD(model.parameters(), lr=0.01)
    x, y = mt.randn(256, 784, device=where), mt.randint(0, 10, (256,), device=where)
    times = []
    for i in range(steps + 3):  # three warm-up steps (the GPU compiles its kernels on first use)
        mt.cuda.synchronize()
        start = time.perf_counter()
        optimizer.zero_grad()
        mt.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        mt.cuda.synchronize()
        if i >= 3:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=20, help="timed steps per device (default 20)")
    args = p.parse_args(argv)
    if not mt.cuda.is_available():
        try:
            mt.zeros(1, device="cuda")
        except RuntimeError as err:
            print(f"gpu.py: no GPU check on this machine: {err}")
        return 0
    failures = compare_ops()
    cpu, gpu = time_mlp_large("cpu", args.steps), time_mlp_large("cuda", args.steps)
    verdict = "all ops agree" if not failures else f"ops that disagree: {', '.join(failures)}"
    print(f"gpu.py: {verdict} on cuda; mlp_large step: CPU {cpu * 1e3:.2f} ms, GPU {gpu * 1e3:.2f} ms "
          f"({cpu / gpu:.1f}x)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
