"""The HTML review page, in a real headless browser (Chromium, driven by Playwright)."""

import shutil
from pathlib import Path

import pytest

from pipeline.review import review
from schemas import Extraction
from tests.conftest import ROOT

SEED_OUTPUT = ROOT / "output" / "000_2128df9dba18b72a.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_page_is_self_contained(tmp_path):
    page = review(SEED_OUTPUT, tmp_path / "review.html", None).read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<link" not in page
    extraction = Extraction.model_validate_json(SEED_OUTPUT.read_text(encoding="utf-8"))
    marks = page.count("<mark data-type=")
    assert marks == sum(len(e.mentions) for e in extraction.entities) + len(extraction.dates)


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)")
    html = review(SEED_OUTPUT, tmp_path_factory.mktemp("review") / "review.html", None)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(Path(html).as_uri())
        yield page, errors
        browser.close()


def test_page_loads_without_console_errors(browser_page):
    page, errors = browser_page
    assert page.title().endswith("review")
    assert errors == []


def test_one_mark_per_mention_and_date(browser_page):
    page, _ = browser_page
    extraction = Extraction.model_validate_json(SEED_OUTPUT.read_text(encoding="utf-8"))
    expected = sum(len(e.mentions) for e in extraction.entities) + len(extraction.dates)
    assert page.locator("mark[data-type][data-id]").count() == expected


def test_clicking_an_entity_marks_its_mentions(browser_page):
    page, _ = browser_page
    page.click('button.entity[data-id="person:anne-mcclain"]')
    active = page.locator("mark.active")
    assert active.count() == page.locator('mark[data-id="person:anne-mcclain"]').count() > 10
    assert set(active.evaluate_all("ms => ms.map(m => m.dataset.id)")) == {"person:anne-mcclain"}


def test_page_renders_to_a_picture(browser_page):
    page, _ = browser_page
    assert page.screenshot()[:8] == b"\x89PNG\r\n\x1a\n"
