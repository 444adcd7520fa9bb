"""Regenerates the README's pictures of the review page:
    python docs/make_screenshot.py
docs/review-run.png is the document list of a run (the seed article and the test articles, extracted afresh);
docs/review-entity.png is the seed article opened from it, with an entity's details and one of its mentions
stepped to. Needs Chromium (Debian's `chromium` package) and `playwright` (the [test] extra)."""

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from pipeline.review import review  # noqa: E402
from pipeline.run import extract_file  # noqa: E402
from pipeline.write import to_json  # noqa: E402

ARTICLES = [ROOT / "raw" / "000_2128df9dba18b72a.txt", *sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))]

with tempfile.TemporaryDirectory() as tmp:
    run = Path(tmp) / "run.jsonl"
    lines = [json.dumps(json.loads(to_json(extract_file(article))), ensure_ascii=False) for article in ARTICLES]
    run.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page_file = review(run, Path(tmp) / "run.html", sorted({a.parent for a in ARTICLES}))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 720})
        page.goto(page_file.as_uri())
        page.screenshot(path=str(ROOT / "docs" / "review-run.png"))

        page.set_viewport_size({"width": 1400, "height": 900})
        page.click('a[href="#doc=0"]')
        page.click('button.entity[data-id="person:anne-mcclain"]')
        page.click(".next-mention")
        page.click(".next-mention")
        page.screenshot(path=str(ROOT / "docs" / "review-entity.png"))
        browser.close()
