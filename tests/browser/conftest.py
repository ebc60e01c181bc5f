"""Fixtures of the browser test: one headless Chromium and one local server per run."""

from __future__ import annotations

import pytest

from .browser import start_browser, stop_browser


@pytest.fixture(scope="session")
def driver():
    browser = start_browser()
    yield browser
    stop_browser(browser)
