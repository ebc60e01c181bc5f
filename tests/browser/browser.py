"""Headless Chromium for the browser test: a local server for the built book,
the browser, and one function that loads a page at a width and lists what a
reader would find wrong with it (the checks themselves are in checks.js).

Chromium and chromedriver come from the distribution's packages
(scripts/ensure_chromium.sh installs them); Selenium is pointed at that
driver, so nothing is downloaded. The machine may have no network: the
flags below keep Chromium from reaching out (it would hang on refused
connections otherwise).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

CHECKS = (Path(__file__).parent / "checks.js").read_text()
WIDTHS = (1280, 420)
HEIGHT = 900
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)


def find_program(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if found:
            return found
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output for the failures
        pass


class Server:
    """Serves a folder on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def start_browser():
    """A headless Chromium with a fresh profile, driven through the distribution's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = find_program("chromium", "chromium-browser")
    driver_path = find_program("chromedriver")
    if not chromium or not driver_path:
        raise RuntimeError("Chromium and chromedriver are needed: run scripts/ensure_chromium.sh")
    profile = tempfile.mkdtemp(prefix="minitorch-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={WIDTHS[0]},{HEIGHT}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    driver.minitorch_profile = profile
    return driver


def stop_browser(driver) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(driver.minitorch_profile, ignore_errors=True)


def set_width(driver, width: int, height: int = HEIGHT) -> None:
    """Make the page's window exactly ``width`` CSS pixels wide (as a phone or a laptop)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def wait_for_mathjax(driver) -> None:
    """Return once MathJax (when the page loads it) has typeset everything."""
    driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const settle = () => setTimeout(() => done(true), 50);
        if (!document.querySelector('script[src*="mathjax"]')) return settle();
        const start = Date.now();
        (function poll() {
          if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
            MathJax.startup.promise.then(settle, settle);
          } else if (Date.now() - start > 20000) {
            settle();
          } else {
            setTimeout(poll, 50);
          }
        })();
        """
    )


def console_errors(driver) -> list[str]:
    """Errors the page logged to the console (and resources that failed) since the last call."""
    return [f"console error: {entry['message'][:300]}" for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def check_page(driver, url: str, width: int) -> list[str]:
    """Load ``url`` in a window ``width`` px wide; return every problem the checks find."""
    set_width(driver, width)
    driver.get_log("browser")  # forget what earlier pages logged
    driver.get(url)
    wait_for_mathjax(driver)
    problems = driver.execute_async_script(CHECKS)
    return console_errors(driver) + list(problems)


def screenshot(driver, url: str, width: int, path: Path, full_page: bool = True) -> None:
    """A PNG of the page as a reader sees it at ``width`` px (the whole page by default)."""
    import base64

    set_width(driver, width)
    driver.get(url)
    wait_for_mathjax(driver)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page, "fromSurface": True}
    )
    path.write_bytes(base64.b64decode(shot["data"]))
