"""Screenshots of the built book, to look at what a reader sees.

    .venv/bin/python -m tests.browser.screenshot book/03_graph.html#the-computational-graph out.png [--width 420]

The part after ``#`` is the id of a section (or of any element): the picture
is the window scrolled to the top of that element. Without it, the top of
the page.
"""

from __future__ import annotations

import argparse
import base64
from pathlib import Path

from .browser import HEIGHT, Server, set_width, start_browser, stop_browser, wait_for_mathjax

ROOT = Path(__file__).resolve().parents[2]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="path under _build/html, with an optional #id")
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=HEIGHT)
    parser.add_argument("--selector", help="scroll to the first element matching this CSS selector after the #id")
    args = parser.parse_args(argv)
    page, _, anchor = args.page.partition("#")
    server = Server(ROOT / "_build" / "html")
    driver = start_browser()
    try:
        set_width(driver, args.width, args.height)
        driver.get(server.url + page)
        wait_for_mathjax(driver)
        if anchor:
            found = driver.execute_script(
                "const el = document.getElementById(arguments[0]);"
                "if (!el) return false; window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY); return true;",
                anchor,
            )
            if not found:
                raise SystemExit(f"no element with id {anchor!r} in {page}")
        if args.selector:
            found = driver.execute_script(
                "const start = window.scrollY;"
                "const el = [...document.querySelectorAll(arguments[0])]"
                "  .find(e => e.getBoundingClientRect().top + window.scrollY >= start);"
                "if (!el) return false; window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80); return true;",
                args.selector,
            )
            if not found:
                raise SystemExit(f"nothing matches {args.selector!r} after #{anchor} in {page}")
        if anchor or args.selector:
            driver.execute_async_script("const done = arguments[0]; setTimeout(done, 300);")  # let it settle
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        args.out.write_bytes(base64.b64decode(shot["data"]))
        print(args.out)
    finally:
        stop_browser(driver)
        server.close()


if __name__ == "__main__":
    main()
