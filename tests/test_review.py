"""The review page: reading runs, the page's data and markup, the displaCy export, the command line, and the
page itself in a real headless browser (Chromium, driven by Playwright)."""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.load import InputError
from pipeline.review import COLORS, displacy_docs, read_run, review
from pipeline.review.page import checks, regions
from pipeline.run import extract_file
from pipeline.write import to_json
from tests.conftest import ROOT

SEED = ROOT / "raw" / "000_2128df9dba18b72a.txt"
SEED_OUTPUT = ROOT / "output" / "000_2128df9dba18b72a.json"
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
NEWER = ROOT / "tests" / "data" / "review" / "newer_fields.json"  # fields main does not emit yet
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
RUN_SIZE = 1000
LOAD_BOUND_MS = 3000  # the aim is about a second; the bound leaves room for a busy machine


def seed() -> dict:
    return json.loads(SEED_OUTPUT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """Each test article extracted into a folder of outputs, the articles beside them in raw/."""
    work = tmp_path_factory.mktemp("outputs")
    (work / "raw").mkdir()
    for article in [SEED, *ARTICLES]:
        shutil.copy(article, work / "raw" / article.name)
        meta = article.with_name(article.stem + ".meta.json")
        if meta.exists():
            shutil.copy(meta, work / "raw" / meta.name)
    (work / "out").mkdir()
    for article in sorted((work / "raw").glob("*.txt")):
        (work / "out" / f"{article.stem}.json").write_text(to_json(extract_file(article)), encoding="utf-8")
    return work


@pytest.fixture(scope="module")
def big_run(outputs, tmp_path_factory) -> tuple[Path, Path]:
    """A JSON Lines run of RUN_SIZE documents: the test articles again and again under new names."""
    work = tmp_path_factory.mktemp("big_run")
    articles = work / "archive"
    articles.mkdir()
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((outputs / "out").glob("*.json"))]
    lines = []
    for i in range(RUN_SIZE):
        output = json.loads(json.dumps(bases[i % len(bases)]))
        stem = f"{i:04d}_{output['document']['id']}"
        shutil.copy(outputs / "raw" / output["document"]["source"], articles / f"{stem}.txt")
        output["document"] |= {"id": stem, "source": f"{stem}.txt"}
        lines.append(json.dumps(output, ensure_ascii=False))
    run = work / "run.jsonl"
    run.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return run, articles


UNTRUSTED = ("Gallery <script>window.pwned = 1</script> Title\n"
             "Welcome Aboard\n"
             "NASA astronaut Anne McClain wrote </script><script>window.pwned = 2</script> and "
             "<img src=x onerror=\"window.pwned = 3\"> aboard the International Space Station on Jan. 7, 2019.\n")


@pytest.fixture(scope="module")
def untrusted(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("untrusted")
    article = work / "untrusted.txt"
    article.write_text(UNTRUSTED, encoding="utf-8")
    output = work / "untrusted.json"
    output.write_text(to_json(extract_file(article)), encoding="utf-8")
    return output


# -- reading ------------------------------------------------------------------------------------------------------

def test_reads_one_output_a_folder_and_a_json_lines_run(outputs, tmp_path):
    folder = read_run([outputs / "out"])
    assert [d.output["document"]["id"] for d in folder] == sorted(p.stem for p in (outputs / "out").glob("*.json"))
    assert all(d.output["document"]["sha256"] and d.text for d in folder)
    run = tmp_path / "run.jsonl"
    run.write_text("".join(json.dumps(d.output) + "\n" for d in folder) + "\n", encoding="utf-8")
    from_lines = read_run([run], [outputs / "raw"])
    assert [d.output for d in from_lines] == [d.output for d in folder]
    assert from_lines[2].where == f"{run}, line 3"
    # a run under a .json name is still read line by line
    renamed = tmp_path / "run.json"
    shutil.copy(run, renamed)
    assert len(read_run([renamed], [outputs / "raw"])) == len(folder)
    # one output, its article found in raw/ beside its folder
    assert read_run([outputs / "out" / f"{SEED.stem}.json"])[0].text == SEED.read_text(encoding="utf-8")


def test_articles_are_found_in_text_folders_at_any_depth(outputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./raw to fall back on
    nested = tmp_path / "archive" / "2019" / "01"
    nested.mkdir(parents=True)
    shutil.copy(SEED, nested / SEED.name)
    moved = tmp_path / "moved.json"
    shutil.copy(outputs / "out" / f"{SEED.stem}.json", moved)
    assert read_run([moved], [tmp_path / "archive"])[0].output["document"]["id"] == SEED.stem
    with pytest.raises(InputError, match="cannot find the article 000_2128df9dba18b72a.txt; pass --text"):
        read_run([moved])


def test_bad_runs_are_one_line_naming_the_file_and_line(outputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = tmp_path / "run.jsonl"
    good = (outputs / "out" / f"{SEED.stem}.json").read_text(encoding="utf-8")
    run.write_text(json.dumps(json.loads(good)) + "\n" + '{"document": {}}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"run.jsonl, line 2: not a pipeline output \(document.id: Field required"):
        read_run([run], [outputs / "raw"])
    run.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_run([run])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="is a folder with no output files"):
        read_run([empty])
    changed = tmp_path / "raw"
    changed.mkdir()
    (changed / SEED.name).write_text("Another article\nAltogether.\n", encoding="utf-8")
    copy = tmp_path / "out" / "seed.json"
    copy.parent.mkdir()
    copy.write_text(good, encoding="utf-8")
    with pytest.raises(InputError, match="checksum differs"):
        read_run([copy])
    with pytest.raises(InputError, match="is one article, but there are 7 documents"):
        read_run([outputs / "out"], [SEED])


def test_a_newer_minor_version_is_read_and_a_broken_output_is_not(tmp_path):
    assert read_run([NEWER])[0].output["schema_version"] == "1.3"
    broken = json.loads(NEWER.read_text(encoding="utf-8"))
    broken["entities"][0]["mentions"] = []
    (tmp_path / "newer_fields.txt").write_bytes(NEWER.with_suffix(".txt").read_bytes())
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(InputError, match="entities.0.mentions"):
        read_run([tmp_path / "broken.json"])
    major = json.loads(NEWER.read_text(encoding="utf-8")) | {"schema_version": "2.0"}
    (tmp_path / "major.json").write_text(json.dumps(major), encoding="utf-8")
    with pytest.raises(InputError, match="schema_version"):
        read_run([tmp_path / "major.json"])


# -- what the page is made of -------------------------------------------------------------------------------------

def test_regions_keep_the_entries_and_name_what_was_left_out(outputs):
    doc = read_run([outputs / "out" / "gallery_expedition_64_credits.json"])[0]
    text = doc.text
    found = {(text[s:e], kind) for s, e, kind in regions(text, doc.output)}
    entries = doc.output["entries"]
    assert {(e["title"], "heading") for e in entries if e["title"]} <= found
    assert {(e["caption"], "caption") for e in entries if e["caption"]} <= found
    assert ("(Image credit: NASA)", "credit") in found and ("Image 1 of 25", "counter") in found
    assert ("By Helena Marchetti", "byline") in found
    seed_doc = read_run([SEED_OUTPUT])[0]
    seed_regions = regions(seed_doc.text, seed_doc.output)
    assert (seed_doc.text[seed_regions[0][0]:seed_regions[0][1]], seed_regions[0][2]) == (
        seed_doc.output["document"]["title"], "doc-title")
    assert any(kind == "footer" and seed_doc.text[s:e] == "Get the Space.com Newsletter" for s, e, kind in seed_regions)
    # every line is covered, and nothing twice
    covered = sorted((s, e) for s, e, _ in seed_regions)
    assert all(a[1] <= b[0] for a, b in zip(covered, covered[1:]))
    assert sum(e - s for s, e in covered) >= len("".join(seed_doc.text.split())) * 0.95


def test_page_is_self_contained_with_one_data_block_per_document(outputs, tmp_path):
    page = review(outputs / "out", tmp_path / "run.html").read_text(encoding="utf-8")
    assert "<link" not in page and "@import" not in page and "url(" not in page and " src=" not in page
    # the only address is where the details link a Wikidata id; nothing is loaded from anywhere
    assert set(re.findall(r"https?://[^\s\"'<>]*", page)) == {"https://www.wikidata.org/wiki/"}
    assert len(re.findall(r'<script type="application/json" id="doc-\d+">', page)) == 7
    assert page.count('<tr data-doc="') == 7 and "<mark" not in page  # marks are made when a document opens


def test_untrusted_text_cannot_become_markup(untrusted, tmp_path):
    page = review(untrusted, tmp_path / "page.html").read_text(encoding="utf-8")
    assert page.count("<script") == 3  # settings, the one document's data, the page's own script
    assert "window.pwned" in page and "<img" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page  # the title, in the list and <title>


def test_warnings_name_unresolved_dates_and_people_without_agency(tmp_path):
    page = review(NEWER, tmp_path / "page.html").read_text(encoding="utf-8")
    assert "1 unresolved date · 1 person without agency" in page
    page = review(SEED_OUTPUT, tmp_path / "seed.html").read_text(encoding="utf-8")
    # the seed has no publication date, so its "today" stays unresolved (twice)
    assert "2 unresolved dates · 1 person without agency" in page


def test_the_page_s_style_and_script_are_shipped_with_the_package():
    import tomllib

    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["pipeline.review"]
    data_files = [p for p in (ROOT / "pipeline" / "review").iterdir() if p.is_file() and p.suffix != ".py"]
    assert sorted(p.name for p in data_files) == ["review.css", "review.js"]
    assert all(any(p.match(pattern) for pattern in package_data) for p in data_files)


# -- displaCy ---------------------------------------------------------------------------------------------------

def test_displacy_export_renders_in_spacy(outputs, tmp_path):
    from spacy import displacy

    target = tmp_path / "run.displacy.json"
    review(outputs / "out", tmp_path / "run.html", None, target)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported) == 7 and set(exported[0]) == {"text", "ents", "title"}
    first = exported[0]
    assert first["title"] == seed()["document"]["title"] and first["text"] == SEED.read_text(encoding="utf-8")
    ends = [(e["start"], e["end"]) for e in first["ents"]]
    assert ends == sorted(ends) and all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))
    assert {e["label"] for e in first["ents"]} >= {"PERSON", "ORGANIZATION", "STATION", "DATE"}

    markup = displacy.render(exported, style="ent", manual=True, page=True)
    assert markup.count("<mark") == sum(len(d["ents"]) for d in exported)
    anne = next(e for e in first["ents"] if first["text"][e["start"]:e["end"]] == "Anne McClain")
    assert re.search(r"Anne McClain\s*<span[^>]*>PERSON</span>", markup)
    assert anne["label"] == "PERSON"
    assert all(d["title"] in markup for d in exported if "&" not in d["title"] and "'" not in d["title"])


def test_displacy_keeps_the_earlier_then_longer_of_overlapping_spans():
    doc = read_run([NEWER])[0]
    output = json.loads(json.dumps(doc.output))
    mention = output["entities"][0]["mentions"][0]  # "Soyuz MS-25"
    output["dates"].append({"text": "MS-25 spacecraft", "value": "2025", "precision": "year", "resolved": True,
                            "start": mention["start"] + 6, "end": mention["end"] + 11, "entry": 0})
    (ents,) = [d["ents"] for d in displacy_docs([type(doc)(doc.where, output, doc.text)])]
    assert {"start": mention["start"], "end": mention["end"], "label": "SPACECRAFT"} in ents
    assert not any(e["start"] == mention["start"] + 6 for e in ents)


# -- the command line -------------------------------------------------------------------------------------------

def test_command_line_writes_the_page_and_the_export(outputs, tmp_path, capsys):
    folder = tmp_path / "out"
    shutil.copytree(outputs / "out", folder)
    assert main(["review", str(folder), "--text", str(outputs / "raw"), "--displacy", str(tmp_path / "d.json")]) == 0
    assert capsys.readouterr().out.strip() == str(folder / "review.html")
    assert (folder / "review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert len(json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))) == 7

    assert main(["review", str(SEED_OUTPUT), "--html", str(tmp_path / "p.html"), "--displacy", "-"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)[0]["title"] == seed()["document"]["title"]


def test_command_line_errors_are_one_line_and_write_nothing(outputs, tmp_path, capsys):
    def error(*args) -> str:
        code = main(["review", *map(str, args)])
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.strip()]
        assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
        return lines[0]

    page = tmp_path / "page.html"
    assert "--html and --displacy are both" in error(SEED_OUTPUT, "--html", page, "--displacy", page)
    assert "--displacy" in error(SEED_OUTPUT, "--html", page, "--displacy", tmp_path)
    assert "is one article" in error(outputs / "out", "--text", SEED, "--html", page)
    assert "cannot find the article" in error(outputs / "out", "--text", tmp_path / "none", "--html", page)
    assert not page.exists()


# -- in the browser -------------------------------------------------------------------------------------------------

def wcag_contrast(a: str, b: str) -> float:
    def luminance(color: str) -> float:
        r, g, b_ = (int(x) / 255 for x in re.findall(r"\d+", color)[:3])
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b_)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(hex_color: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_every_type_has_its_own_colour():
    for (type_a, a), (type_b, b) in itertools.combinations(COLORS.items(), 2):
        assert math.dist(lab(a), lab(b)) >= 20, (type_a, type_b)  # CIE76 distance: clearly different


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


class Opened:
    """A page in the browser, with every console error and uncaught exception it reported."""

    def __init__(self, browser, html: Path, width: int = 1400, hash_: str = "") -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(html.as_uri() + hash_)

    def js(self, script: str, *args):
        return self.page.evaluate(script, *args)


@pytest.fixture(scope="module")
def seed_page(browser, tmp_path_factory):
    opened = Opened(browser, review(SEED_OUTPUT, tmp_path_factory.mktemp("seed") / "review.html"))
    yield opened
    opened.page.close()


def in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                   return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""", selector)


def test_one_document_opens_at_once_without_errors(seed_page):
    page = seed_page.page
    assert page.title() == f"{seed()['document']['title']} — review"
    assert seed_page.errors == []
    assert page.locator("#doc-view").is_visible() and not page.locator("#list-view").is_visible()


def test_one_mark_per_mention_and_date(seed_page):
    output = seed()
    marks = seed_page.js("""() => [...document.querySelectorAll('mark:not(.cont)')].map(m =>
        [m.dataset.id, m.textContent])""")
    expected = [[e["id"], m["text"]] for e in output["entities"] for m in e["mentions"]]
    expected += [[f"date:{i}", d["text"]] for i, d in enumerate(output["dates"])]
    expected += [[f"duration:{i}", d["text"]] for i, d in enumerate(output["durations"])]
    assert sorted(map(tuple, marks)) == sorted(map(tuple, expected))


def test_entity_details_show_type_names_attributes_and_step_through_mentions(seed_page):
    page = seed_page.page
    page.click('button.entity[data-id="person:anne-mcclain"]')
    details = page.locator("#details")
    assert details.locator("h2").inner_text().strip() == "Anne McClain"
    facts = dict(zip(details.locator("dt").all_inner_texts(), details.locator("dd").all_inner_texts()))
    assert facts["type"] == "person" and facts["aliases"] == "McClain, Anna McClain"
    assert facts["agency"] == "NASA" and facts["role"] == "flight engineer"
    mentions = len(next(e for e in seed()["entities"] if e["id"] == "person:anne-mcclain")["mentions"])
    assert page.locator("mark.selected:not(.cont)").count() == mentions
    assert details.locator(".position").inner_text() == f"mention 1 of {mentions}"

    page.click(".next-mention")
    page.click(".next-mention")
    assert details.locator(".position").inner_text() == f"mention 3 of {mentions}"
    assert seed_page.js("() => document.querySelector('mark.current').dataset.j") == "2"
    assert in_view(page, "mark.current")
    page.click(".prev-mention")
    page.click(".prev-mention")
    page.click(".prev-mention")  # from the first, back round to the last
    assert details.locator(".position").inner_text() == f"mention {mentions} of {mentions}"
    assert in_view(page, "mark.current")

    page.click("#details a.entity-link")  # the agency: NASA's own details
    assert details.locator("h2").inner_text().strip() == "NASA"
    assert details.locator("a.wikidata").get_attribute("href") == "https://www.wikidata.org/wiki/Q23548"
    assert page.locator('button.entity.selected').get_attribute("data-id") == "organization:nasa"


def test_attributes_link_what_the_document_names(seed_page):
    page = seed_page.page
    page.click('button.entity[data-id="experiment:spheres"]')  # an experiment's agency is a name
    page.locator("#details a.entity-link", has_text="NASA").click()
    assert page.locator("#details h2").inner_text().strip() == "NASA"
    page.click('button.entity[data-id="module:quest"]')
    facts = dict(zip(page.locator("#details dt").all_inner_texts(), page.locator("#details dd").all_inner_texts()))
    assert facts["station"] == "International Space Station" and facts["builder"] == "Boeing"
    assert page.locator("#details a.entity-link").all_inner_texts() == ["International Space Station"]


def test_an_agency_the_document_never_names_is_named_from_the_knowledge_files(browser, tmp_path):
    output = json.loads(NEWER.read_text(encoding="utf-8"))
    output["entities"][4]["attributes"] = {"agency": "organization:jaxa"}  # Tracy Dyson
    (tmp_path / "newer_fields.json").write_text(json.dumps(output), encoding="utf-8")
    html = review(tmp_path / "newer_fields.json", tmp_path / "page.html", NEWER.with_suffix(".txt"))
    opened = Opened(browser, html, hash_="#doc=0&entity=person:tracy-dyson")
    facts = dict(zip(opened.page.locator("#details dt").all_inner_texts(),
                     opened.page.locator("#details dd").all_inner_texts()))
    assert facts["agency"] == "JAXA (organization:jaxa, not named in this document)"
    assert opened.page.locator("button.entity.selected").get_attribute("data-id") == "person:tracy-dyson"
    assert opened.errors == []


def test_clicking_a_mark_selects_that_mention(seed_page):
    page = seed_page.page
    page.locator('mark[data-id="person:david-saint-jacques"]').nth(3).click()
    assert page.locator("#details h2").inner_text().strip() == "David Saint-Jacques"
    assert seed_page.js("() => document.querySelector('mark.current').dataset.j") == "3"
    page.keyboard.press("n")
    assert seed_page.js("() => document.querySelector('mark.current').dataset.j") == "4"
    page.keyboard.press("Escape")
    assert page.locator("mark.selected, mark.current").count() == 0


def test_hover_looks_different_from_selection(seed_page):
    page = seed_page.page
    page.click('button.entity[data-id="organization:nasa"]')
    style = "m => { const s = getComputedStyle(m); return [s.outlineStyle, s.outlineColor, s.outlineWidth]; }"
    selected = page.locator('mark.selected:not(.current)').first.evaluate(style)
    other = page.locator('mark[data-id="module:quest"]').first
    other.hover()
    hovered = other.evaluate(style)
    assert selected[0] == "solid" and hovered[0] == "dashed" and selected != hovered
    index_button = page.locator('button.entity[data-id="module:cupola"]')
    index_button.hover()
    assert index_button.evaluate("b => getComputedStyle(b).backgroundColor") != page.locator(
        "button.entity.selected").evaluate("b => getComputedStyle(b).backgroundColor")


def test_text_on_every_colour_is_readable(seed_page):
    page = seed_page.page
    pairs = seed_page.js("""() => [...document.querySelectorAll('.legend .chip, mark')].map(m => {
        const s = getComputedStyle(m); return [m.className, s.color, s.backgroundColor]; })""")
    legend_types = {name.split("t-")[1].split()[0] for name, _, _ in pairs if "t-" in name}
    assert legend_types == set(COLORS)
    for name, color, background in pairs:
        assert wcag_contrast(color, background) >= 4.5, (name, color, background)
    assert page.locator("mark").count() > 100


def test_headings_look_like_headings_and_left_out_text_is_struck(seed_page):
    page = seed_page.page
    headings = page.locator("#article .r-heading")
    titles = [e["title"] for e in seed()["entries"] if e["title"]]
    assert headings.count() == len(titles)
    assert [" ".join(t.split()) for t in headings.all_inner_texts()] == [" ".join(t.split()) for t in titles]
    heading = headings.first.evaluate("h => [getComputedStyle(h).fontWeight, getComputedStyle(h).fontSize]")
    body = page.locator("#article .r-caption").first.evaluate("c => getComputedStyle(c).fontSize")
    assert int(heading[0]) >= 700 and float(heading[1][:-2]) > float(body[:-2])
    footer = page.locator("#article .excluded.x-footer", has_text="Get the Space.com Newsletter")
    assert footer.evaluate("f => getComputedStyle(f).textDecorationLine") == "line-through"
    assert footer.get_attribute("title") == "footer (not extracted)"


def test_the_panel_stays_in_view(seed_page):
    page = seed_page.page
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("scrollY") > 2000
    top = page.evaluate("document.getElementById('side').getBoundingClientRect().top")
    assert 0 <= top < 100


def test_timeline_is_sorted_keeps_precision_and_links_to_its_date(seed_page):
    page = seed_page.page
    items = page.locator("#timeline .tl.date")
    output = seed()
    assert items.count() == len(output["dates"])
    order = [int(i) for i in items.evaluate_all("bs => bs.map(b => b.dataset.date)")]
    values = [output["dates"][i]["value"] for i in order]
    assert values == sorted(values)
    mid = page.locator("#timeline .tl.date", has_text="mid-2019")
    assert mid.locator(".when").inner_text() == "mid-2019" and mid.locator(".badge").inner_text() == "year"
    mid.click()
    current = page.locator("mark.current")
    assert current.inner_text() == "mid-2019" and current.get_attribute("data-type") == "date"
    assert in_view(page, "mark.current")


def test_readable_at_700_pixels(browser, tmp_path):
    opened = Opened(browser, review(SEED_OUTPUT, tmp_path / "review.html"), width=700)
    sizes = opened.js("""() => { const a = document.getElementById('article').getBoundingClientRect(),
        s = document.getElementById('side').getBoundingClientRect();
        return [document.documentElement.scrollWidth, a.width, a.right, s.left, s.width,
                parseFloat(getComputedStyle(document.getElementById('article')).fontSize)]; }""")
    scroll_width, article_width, article_right, side_left, side_width, font = sizes
    assert scroll_width <= 700 and article_width >= 380 and side_width >= 200 and article_right <= side_left
    assert font >= 14
    assert opened.errors == []


def test_the_document_list_is_readable_at_700_pixels(browser, outputs, tmp_path):
    opened = Opened(browser, review(outputs / "out", tmp_path / "run.html"), width=700)
    assert opened.js("() => document.documentElement.scrollWidth") <= 700
    title = opened.page.locator("a.doc-link").first
    assert title.evaluate("a => a.getBoundingClientRect().width") >= 180
    warned = sum(1 for path in sorted((outputs / "out").glob("*.json"))
                 if (found := checks(json.loads(path.read_text(encoding="utf-8"))))["unresolved"] or found["no_agency"])
    assert opened.page.locator("tr.warn .warn-mark").count() == warned >= 3 and opened.errors == []


def test_untrusted_text_is_shown_not_run(browser, untrusted, tmp_path):
    opened = Opened(browser, review(untrusted, tmp_path / "page.html"))
    assert opened.js("() => window.pwned") is None
    assert "<script>window.pwned = 2</script>" in opened.page.locator("#article").inner_text()
    assert opened.page.locator("#article img, #article script").count() == 0
    assert opened.page.locator(".doc-head h1").inner_text() == "Gallery <script>window.pwned = 1</script> Title"
    assert opened.errors == []


def test_newer_fields_times_ranges_durations_and_events(browser, tmp_path):
    opened = Opened(browser, review(NEWER, tmp_path / "page.html"))
    page = opened.page
    whens = page.locator("#timeline .tl .when").all_inner_texts()
    assert "2024-03-25 11:03 a.m. EDT" in whens and "2024-06-05 – 2024-06-06" in whens
    assert "--11-17" in whens and "mid-2024" in whens
    unresolved = page.locator("#timeline .tl.date", has_text="--11-17")
    assert unresolved.locator(".badge").inner_text() == "unresolved"
    assert page.locator("#timeline .group", has_text="No year (unresolved)").count() == 1
    assert page.locator("#doc-main .doc-checks .warning").count() == 2

    duration = page.locator("#timeline .tl.duration")
    assert duration.locator(".when").inner_text() == "6 h 39 min"
    duration.click()
    assert page.locator("mark.current").inner_text() == "six hours and 39 minutes"

    docking = page.locator("#timeline .tl.event", has_text="docking")
    assert "Soyuz MS-25" in docking.inner_text() and "happened" in docking.inner_text()
    docking.click()
    events = json.loads(NEWER.read_text(encoding="utf-8"))["events"]
    assert page.locator(".evidence.active").all_inner_texts() == [events[0]["evidence"]["text"]]
    facts = dict(zip(page.locator("#details dt").all_inner_texts(), page.locator("#details dd").all_inner_texts()))
    assert facts["vehicle"] == "Soyuz MS-25" and facts["participants"] == "Oleg Novitskiy, Tracy Dyson"
    assert facts["time"] == "11:03 a.m. EDT"
    page.locator("#details a.entity-link", has_text="Tracy Dyson").click()
    assert page.locator("#details h2").inner_text().strip() == "Tracy Dyson"
    assert "none found" in page.locator("#details").inner_text()

    page.locator("#timeline .tl.event", has_text="spacewalk").click()  # evidence given as a quote only
    assert page.locator(".evidence.active").inner_text() == events[1]["evidence"]
    undated = page.locator("#timeline .tl.event", has_text="landing")
    assert undated.locator(".when").inner_text() == "undated"
    undated.click()
    assert "evidence not found" in page.locator("#details").inner_text()
    assert opened.errors == []


def test_a_run_of_a_thousand_documents_loads_fast(browser, big_run, tmp_path):
    run, articles = big_run
    html = review(run, tmp_path / "run.html", articles)
    page_bytes = html.stat().st_size
    text_bytes = sum(p.stat().st_size for p in articles.iterdir())
    assert page_bytes - text_bytes < 15_000 * RUN_SIZE  # beyond the articles' own text, under 15 KB each

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(html.as_uri())
    wall_ms = (time.perf_counter() - started) * 1000
    loaded_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    print(f"\n{RUN_SIZE} documents, {page_bytes / 1e6:.1f} MB: load event at {loaded_ms:.0f} ms "
          f"(goto {wall_ms:.0f} ms)")
    assert loaded_ms < LOAD_BOUND_MS
    assert page.locator("#rows tr").count() == RUN_SIZE and page.locator("mark").count() == 0
    assert page.evaluate("document.getElementsByTagName('*').length") < 40 * RUN_SIZE

    warned = page.locator("#rows tr.warn").count()
    assert 0 < warned < RUN_SIZE
    page.check("#only-warned")
    assert page.locator("#rows tr:not([hidden])").count() == warned
    page.uncheck("#only-warned")
    page.fill("#filter", "0500_")
    assert page.locator("#rows tr:not([hidden])").count() == 1

    from playwright.sync_api import expect  # waits: a document opens on the hashchange event, just after a click

    started = time.perf_counter()
    page.click('#rows tr:not([hidden]) a.doc-link')
    page.wait_for_selector("#article mark")
    open_ms = (time.perf_counter() - started) * 1000
    print(f"opening document 501: {open_ms:.0f} ms")
    assert open_ms < 1000
    expect(page.locator("#position")).to_have_text("501 of 1,000")
    assert page.locator(".doc-head h1").inner_text() == page.title().removesuffix(" — review")
    assert "0500_" in page.locator(".doc-head").inner_text()
    page.click("#back")
    expect(page.locator("#list-view")).to_be_visible()
    assert page.locator("#rows tr:not([hidden])").count() == 1
    page.fill("#filter", "")
    page.click('a[href="#doc=999"]')
    expect(page.locator("#position")).to_have_text("1,000 of 1,000")
    assert page.locator("#next-doc").is_disabled()
    page.click("#prev-doc")
    expect(page.locator("#position")).to_have_text("999 of 1,000")
    assert errors == []
    page.close()
