"""Extraction quality against the hand-made gold files, with floors kept in tests/quality_floors.json."""

import json
from pathlib import Path

import pytest

from pipeline.evaluate import article_text, pooled_events, score
from pipeline.run import extract_file
from tests.conftest import GOLD_FILES, ROOT

FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text(encoding="utf-8"))


def floors_for(stem: str) -> dict:
    return {**FLOORS["default"], **FLOORS["articles"].get(stem, {})}


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.stem)
def report(request, nlp):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    path = ROOT / gold["article"]
    extraction = extract_file(path, nlp=nlp)
    return score(extraction, gold, article_text(gold, ROOT)), floors_for(request.param.stem)


def test_every_entity_type_meets_its_floor(report):
    result, floors = report
    low = {t: (round(s.f1, 3), s.misses, s.false_hits) for t, s in result.types.items()
           if s.f1 < floors["entity_f1"]}
    assert not low


def test_dates_meet_their_floor(report):
    result, floors = report
    assert result.dates.f1 >= floors["date_f1"], (result.dates.misses, result.dates.false_hits)
    assert result.date_value_accuracy >= floors["date_value_accuracy"], result.date_value_errors


def test_every_heading_is_an_entry_title(report):
    result, floors = report
    assert result.title_recall >= floors["title_recall"]
    assert result.references.f1 == 1.0, (result.references.misses, result.references.false_hits)


def test_no_footer_in_entries_and_no_misaligned_offsets(report):
    result, _ = report
    assert result.footer_leaks == []
    assert result.misaligned_offsets == 0


def test_events_meet_their_pooled_floors(nlp):
    """Event F1 and slot accuracy over the articles whose gold annotates events (issue 10)."""
    annotated = [json.loads(p.read_text(encoding="utf-8")) for p in GOLD_FILES]
    annotated = [g for g in annotated if "events" in g]
    if not annotated:
        pytest.skip("no gold file of tests/data/gold annotates events yet")
    reports = [score(extract_file(ROOT / g["article"], nlp=nlp), g, article_text(g, ROOT)) for g in annotated]
    assert_event_floors(pooled_events(reports), FLOORS["events"], reports)


def assert_event_floors(events, floors, reports) -> None:
    misses = {r.stem: (r.events.events.misses, r.events.events.false_hits) for r in reports
              if r.events.events.misses or r.events.events.false_hits}
    assert events.events.f1 >= floors["f1"], misses
    for slot in ("module", "participants", "status"):
        assert events.slot_accuracy(slot) >= floors[f"{slot}_accuracy"], [e for r in reports
                                                                          for e in r.events.slot_errors]


def test_at_least_six_articles_of_every_kind():
    stems = {p.stem for p in GOLD_FILES}
    assert len(stems - {"000_2128df9dba18b72a"}) >= 6
    assert sum(s.startswith("gallery_") for s in stems) >= 3
    assert sum(s.startswith("news_") for s in stems) >= 2
    assert sum(s.startswith("blog_") for s in stems) >= 1


def test_gold_files_match_their_recorded_checksums():
    """A gold file changes only together with its checksum in quality_floors.json, so edits are deliberate."""
    import hashlib

    recorded = FLOORS["gold_sha256"]
    actual = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in GOLD_FILES}
    assert actual == recorded
