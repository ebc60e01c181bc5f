"""Screenshots of the built book, to look at what a reader sees.

    .venv/bin/python -m tests.browser.screenshot book/03_graph.html#the-computational-graph out.png [--width 420]

The part after ``#`` is the id of a section (or of any element): the picture
is the window's height from the top of that element. Without it, the top of
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
    args = parser.parse_args(argv)
    page, _, anchor = args.page.partition("#")
    server = Server(ROOT / "_build" / "html")
    driver = start_browser()
    try:
        set_width(driver, args.width, args.height)
        driver.get(server.url + page)
        wait_for_mathjax(driver)
        top = 0
        if anchor:
            top = driver.execute_script(
                "const el = document.getElementById(arguments[0]);"
                "return el ? el.getBoundingClientRect().top + window.scrollY : null;",
                anchor,
            )
            if top is None:
                raise SystemExit(f"no element with id {anchor!r} in {page}")
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": top, "width": args.width, "height": args.height, "scale": 1},
            },
        )
        args.out.write_bytes(base64.b64decode(shot["data"]))
        print(args.out)
    finally:
        stop_browser(driver)
        server.close()


if __name__ == "__main__":
    main()
