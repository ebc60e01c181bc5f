"""Re-execute notebooks in place with a fresh kernel, so committed outputs stay current.

    python scripts/execute_notebooks.py [FOLDER_OR_NOTEBOOK ...]   (default: book solutions)

Each notebook runs in its own folder with the `python3` kernel of the
interpreter running this script (the project's .venv under `make notebooks`).
The result is made reproducible before writing: no per-cell execution
timestamps, execution counts 1, 2, 3, ... A notebook whose cell fails is
left untouched and the script exits non-zero (cells that should raise carry
the `raises-exception` tag).
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SKIP_PARTS = {".ipynb_checkpoints", "_build", ".venv"}


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
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # no metadata.execution timestamps
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
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
