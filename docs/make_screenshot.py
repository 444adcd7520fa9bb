"""Regenerates docs/review.png, the README's picture of the review page for the seed article:
    python docs/make_screenshot.py
Needs Chromium (Debian's `chromium` package) and `playwright` (the [test] extra)."""

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from pipeline.review import review

ROOT = Path(__file__).resolve().parents[1]

with tempfile.TemporaryDirectory() as tmp:
    page_file = review(ROOT / "output" / "000_2128df9dba18b72a.json", Path(tmp) / "review.html", None)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(page_file.as_uri())
        page.click('button.entity[data-id="person:anne-mcclain"]')
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ROOT / "docs" / "review.png"))
        browser.close()
