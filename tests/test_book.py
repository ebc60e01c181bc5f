"""The book and the library are one: the book never pastes minitorch's code, every
included piece of source exists, and every chapter has the parts a chapter must have."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(?:\{code-block\}\s*)?(python|py|ipython3?)?\s*$")
INCLUDE = re.compile(r"```\{literalinclude\}\s+(?P<path>\S+)\n(?P<options>(?::[^\n]*\n)*)")


def _normalise(line: str) -> str:
    return " ".join(line.split())


def shingles(lines: list[str], size: int = 3) -> set[str]:
    """Runs of ``size`` consecutive meaningful lines, long enough not to be boilerplate."""
    kept = [_normalise(l) for l in lines if _normalise(l) and not _normalise(l).startswith(("#", "@"))]
    runs = ("\n".join(kept[i : i + size]) for i in range(len(kept) - size + 1))
    return {run for run in runs if len(run) > 60}


def library_shingles() -> set[str]:
    """Every 3-line run of minitorch's source."""
    found = set()
    for path in (ROOT / "minitorch").rglob("*.py"):
        found |= shingles(path.read_text().splitlines())
    return found


def markdown_cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown"]


def python_fences(markdown: str) -> list[str]:
    """The bodies of ```python fences in a markdown cell."""
    blocks, current, fence = [], None, None
    for line in markdown.splitlines():
        match = FENCE.match(line.strip())
        if current is None and match and match.group(2):
            current, fence = [], match.group(1)
        elif current is not None and line.strip() == fence:
            blocks.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def find_object(tree: ast.Module, dotted: str):
    scope = tree.body
    node = None
    for part in dotted.split("."):
        node = next((n for n in scope if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == part), None)
        if node is None:
            return None
        scope = node.body
    return node


def all_book_pages() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    pages = []
    for f in files:
        for suffix in (".ipynb", ".md"):
            if (ROOT / (f + suffix)).exists():
                pages.append(ROOT / (f + suffix))
    return pages


@pytest.mark.parametrize("page", [p for p in all_book_pages() if p.suffix == ".ipynb"], ids=lambda p: p.name)
def test_book_pastes_no_minitorch_source(page):
    """Code the book shows in a fence must not be copied from minitorch: include it instead."""
    library = library_shingles()
    for markdown in markdown_cells(page):
        for block in python_fences(markdown):
            copied = shingles(block.splitlines()) & library
            assert not copied, (
                f"{page.name} pastes minitorch's source in a code fence:\n{sorted(copied)[0]}\n"
                "show it with ```{literalinclude} ../minitorch/...``` and :pyobject: instead"
            )


@pytest.mark.parametrize("page", all_book_pages(), ids=lambda p: p.name)
def test_every_literalinclude_points_at_real_source(page):
    text = page.read_text()
    if page.suffix == ".ipynb":
        text = "\n".join(markdown_cells(page))
    for match in INCLUDE.finditer(text):
        source = (page.parent / match["path"]).resolve()
        assert source.exists(), f"{page.name}: {match['path']} does not exist"
        assert ROOT / "minitorch" in source.parents, f"{page.name}: includes code from outside minitorch/: {source}"
        pyobject = re.search(r":pyobject:\s*(\S+)", match["options"])
        if pyobject:
            tree = ast.parse(source.read_text())
            assert find_object(tree, pyobject[1]), f"{page.name}: {pyobject[1]} not found in {match['path']}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_the_parts_of_a_chapter(chapter):
    cells = json.loads(chapter.read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for heading in ("Learning objectives", "Prerequisites", "Summary"):
        assert re.search(rf"^#+ .*{heading}", text, re.M | re.I), f"no '{heading}' section"
    questions = len(re.findall(r"```\{exercise\}", text))
    assert 1 <= questions <= 3, f"{questions} check-your-understanding questions (want 1-3)"
    assert len(re.findall(r"```\{solution\}", text)) == questions, "every question needs a hidden answer"
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    pictures = [o for o in outputs if {"image/png", "image/svg+xml"} & set(o.get("data", {}))]
    assert pictures, "no figure or graph drawing"
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert "google.colab" in "".join(first_code["source"]), "the first code cell should be the Colab install cell"
    assert {"remove-cell", "nbval-skip"} <= set(first_code["metadata"].get("tags", []))
    # Chapters 10 (backends) and 11 (performance) have their exercises in the chapter: runs on your machine.
    if chapter.stem not in ("10_backends", "11_performance"):
        number = chapter.name[:2]
        assert re.search(rf"exercises/ch{number}_\w+\.ipynb", text), "no link to the chapter's exercise notebook"
