"""Every page of the built book, read in headless Chromium as a learner reads it.

Run after `make book` (`make test-book` does both). Each page listed in
_toc.yml is loaded at 1280 px (a laptop) and at 420 px (a phone) and must
show: no console error, nothing wider than the window, every image loaded,
all TeX typeset, no traceback over 12 lines, graph drawings whose labels are
at least 9 px on screen, and never "PyTorch is not installed" (the book's
comparisons with PyTorch must really run). The checks are in checks.js;
test_checks.py shows that each one catches what it is for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .browser import WIDTHS, Server, check_page

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"


def toc_pages() -> list[str]:
    """The book's pages in reading order, as paths of their HTML files."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return [f"{file}.html" for file in files]


@pytest.fixture(scope="module")
def book():
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no built book: run `make book` first (or `make test-book`, which does both)")
    server = Server(HTML)
    yield server
    server.close()


def test_toc_lists_the_chapters():
    pages = toc_pages()
    assert "book/intro.html" in pages and "book/01_scalars.html" in pages, pages
    assert len(pages) == len(set(pages))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", toc_pages())
def test_page_reads_well(driver, book, page, width):
    assert (HTML / page).exists(), f"{page} is in _toc.yml but was not built"
    problems = check_page(driver, book.url + page, width)
    assert not problems, f"{page} at {width} px:\n  " + "\n  ".join(problems)


def test_a_click_enlarges_a_figure_and_escape_closes_it(driver, book):
    """_static/book.js: a graph drawing opens in an overlay, larger; Escape brings the page back."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    check_page(driver, book.url + "book/03_graph.html", 1280)
    img = driver.find_element(By.CSS_SELECTOR, ".cell_output figure img")
    shown = img.rect["width"]
    driver.execute_script("arguments[0].scrollIntoView(); arguments[0].click();", img)
    overlay = driver.find_elements(By.CSS_SELECTOR, ".mt-zoom img")
    assert len(overlay) == 1, "a click on a figure opens one overlay"
    assert overlay[0].rect["width"] > shown * 1.2
    assert overlay[0].get_attribute("src") == img.get_attribute("src")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert driver.find_elements(By.CSS_SELECTOR, ".mt-zoom") == []
