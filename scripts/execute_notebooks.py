"""Re-execute notebooks in place with a fresh kernel, so committed outputs stay current.

    python scripts/execute_notebooks.py [FOLDER_OR_NOTEBOOK ...]   (default: book solutions)

Each notebook runs in its own folder with the `python3` kernel of the
interpreter running this script (the project's .venv under `make notebooks`).
The result is made reproducible before writing: no per-cell execution
timestamps, execution counts 1, 2, 3, ..., and a cell whose new output
differs from the stored one only in memory addresses (reprs such as
<graphviz.graphs.Digraph at 0x7f...>) keeps the stored output; tracebacks
show paths relative to the repository. So re-running an unchanged notebook,
in any checkout, changes nothing in git. A notebook whose cell fails is
left untouched and the script exits non-zero (cells that should raise carry
the `raises-exception` tag).
"""

import copy
import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SKIP_PARTS = {".ipynb_checkpoints", "_build", ".venv"}
ROOT = Path(__file__).resolve().parent.parent
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")


def without_addresses(outputs):
    return ADDRESS.sub("0xADDRESS", json.dumps(outputs, sort_keys=True))


def find_notebooks(args):
    for arg in args:
        path = Path(arg)
        if path.is_file() and path.suffix == ".ipynb":
            yield path
        elif path.is_dir():
            for nb in sorted(path.rglob("*.ipynb")):
                if not SKIP_PARTS & set(nb.parts):
                    yield nb


def execute(path):
    nb = nbformat.read(path, as_version=4)
    stored = [copy.deepcopy(cell.get("outputs")) for cell in nb.cells]
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # no metadata.execution timestamps
    )
    client.execute()
    for cell, old in zip(nb.cells, stored):
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [line.replace(f"{ROOT}/", "") for line in output.traceback]
        if old is not None and without_addresses(old) == without_addresses(cell.outputs):
            cell.outputs = old
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(args):
    notebooks = list(find_notebooks(args or ["book", "solutions"]))
    failed = []
    for path in notebooks:
        print(f"executing {path}", flush=True)
        try:
            execute(path)
        except CellExecutionError as err:
            print(f"FAILED {path}:\n{err}", file=sys.stderr)
            failed.append(path)
    print(f"{len(notebooks) - len(failed)} notebooks executed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
