"""Extraction quality on real articles nobody on this project wrote (`../shared/real/nasa-news-2024/`), against
gold written by hand for them (`tests/data/real/gold/`). The article text is never in this repository: where
`../shared/real/` is absent, as on a user's fresh clone, these tests skip. The held-out gold
(`tests/data/real/heldout*/`) is scored by `python -m pipeline evaluate`, not here: it is never tuned on."""

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.evaluate import overall, pooled_agency_accuracy, pooled_events, score
from pipeline.run import extract_file
from tests.conftest import ROOT
from tests.test_quality import assert_event_floors

REAL_TEXT = ROOT.parent / "shared" / "real"
REAL_GOLD = sorted((ROOT / "tests" / "data" / "real" / "gold").glob("*.json"))
# held-out sets: heldout/ (sets 1 and 2, scored 2026-11-25 and 2026-12-01), heldout3/ (annotated 2026-12-03)
HELDOUT_GOLD = sorted((ROOT / "tests" / "data" / "real").glob("heldout*/*.json"))
FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text(encoding="utf-8"))["real"]

needs_real_text = pytest.mark.skipif(not REAL_TEXT.is_dir(), reason=f"{REAL_TEXT} is absent: real-text scoring "
                                     "needs the shared real articles beside the repository")


@pytest.fixture(scope="module")
def reports(nlp):
    out = {}
    for gold_file in REAL_GOLD:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text_path = ROOT / gold["article"]
        extraction = extract_file(text_path, nlp=nlp)
        out[gold_file.stem] = score(extraction, gold, text_path.read_text(encoding="utf-8"))
    return out


def test_enough_real_gold():
    assert len(REAL_GOLD) >= 30 and len(HELDOUT_GOLD) >= 10
    assert not {p.stem for p in REAL_GOLD} & {p.stem for p in HELDOUT_GOLD}


def test_real_gold_files_match_their_recorded_checksums():
    recorded = FLOORS["gold_sha256"]
    actual = {f"{p.parent.name}/{p.stem}": hashlib.sha256(p.read_bytes()).hexdigest()
              for p in REAL_GOLD + HELDOUT_GOLD}
    assert actual == recorded


@needs_real_text
@pytest.mark.parametrize("gold_file", REAL_GOLD + HELDOUT_GOLD, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_gold_is_well_formed(gold_file):
    """Every mention occurs verbatim in its article, the dates occur in document order, and an event's evidence
    is a stretch of the article given by its offsets."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = (ROOT / gold["article"]).read_text(encoding="utf-8")
    missing = [m for entities in gold["entities"].values() for e in entities for m in e.get("mentions", [])
               if m not in text]
    assert missing == []
    cursor = 0
    for date in gold["dates"]:
        cursor = text.find(date["text"], cursor)
        assert cursor >= 0, date
        cursor += len(date["text"])
    for event in gold.get("events", []):  # evidence as offsets: the article's sentences are not copied here
        evidence = event["evidence"]
        assert set(evidence) == {"start", "end"} and 0 <= evidence["start"] < evidence["end"] <= len(text), event


@needs_real_text
def test_pooled_f1_meets_the_real_floor_on_every_type(reports):
    pooled = overall(list(reports.values()))
    low = {t: round(s.f1, 3) for t, s in pooled.items() if s.f1 < FLOORS["pooled_f1"][t]}
    assert not low


@needs_real_text
def test_person_agency_meets_the_real_floor(reports):
    errors = [e for r in reports.values() for e in r.attribute_errors if ": agency " in e]
    assert pooled_agency_accuracy(list(reports.values())) >= FLOORS["person_agency_accuracy"], errors


@needs_real_text
def test_no_real_article_below_the_per_article_floor(reports):
    low = {(stem, t): round(s.f1, 3) for stem, r in reports.items() for t, s in r.types.items()
           if s.true_positives + s.false_negatives >= FLOORS["article_type_min_gold"]
           and s.f1 < FLOORS["article_type_f1"]}
    assert not low


@needs_real_text
def test_real_offsets_are_aligned_and_no_article_comes_out_empty(reports):
    assert {stem: r.misaligned_offsets for stem, r in reports.items() if r.misaligned_offsets} == {}
    empty = [stem for stem, r in reports.items()
             if not sum(s.true_positives + s.false_positives for s in r.types.values())]
    assert empty == []


@needs_real_text
def test_real_events_meet_their_pooled_floors(reports):
    """Event F1 and slot accuracy over the real development articles whose gold annotates events (issue 10)."""
    annotated = [r for r in reports.values() if r.events is not None]
    if not annotated:
        pytest.skip("no real gold file annotates events yet")
    assert_event_floors(pooled_events(annotated), FLOORS["events"], annotated)
