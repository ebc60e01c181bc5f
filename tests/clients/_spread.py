"""Measures what the seed explains: one client script run on PyTorch with every ``manual_seed(N)`` set to 0..9.

``.venv/bin/python tests/clients/_spread.py d2l_dropout [seeds]`` prints, for each
RESULT key, the lowest and highest value over the seeds and their spread: the
numbers a script's header gives, and 1.5 times the spread is its tolerance.
Runs on PyTorch (``--minitorch`` to see minitorch's own spread instead), two at a time.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CLIENTS = Path(__file__).resolve().parent


def run(text: str, name: str, seed: int, minitorch: bool) -> subprocess.Popen:
    work = tempfile.mkdtemp()
    script = Path(work, name)
    script.write_text(re.sub(r"manual_seed\(\d+\)", f"manual_seed({seed})", text))
    paths = ([str(CLIENTS / "_shim")] if minitorch else []) + [str(CLIENTS / "_stand_ins")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", PYTHONHASHSEED="0")
    return subprocess.Popen([sys.executable, str(script)], cwd=work, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    minitorch = "--minitorch" in sys.argv
    name = args[0].removesuffix(".py") + ".py"
    seeds = range(int(args[1]) if len(args) > 1 else 10)
    text = (CLIENTS / name).read_text()
    values: dict[str, list[float]] = {}
    for pair in (list(seeds)[i:i + 2] for i in range(0, len(seeds), 2)):
        for seed, process in [(s, run(text, name, s, minitorch)) for s in pair]:
            out, err = process.communicate()
            if process.returncode:
                print(f"seed {seed} failed:\n{err[-2000:]}")
            for key, value in re.findall(r"^RESULT (\w+)=(\S+)\s*$", out, re.M):
                values.setdefault(key, []).append(float(value))
    for key, vs in sorted(values.items()):
        print(f"{key:28s} {min(vs):.6g} .. {max(vs):.6g}  spread {max(vs) - min(vs):.3g}  (n={len(vs)})")


if __name__ == "__main__":
    main()
