"""Token patterns tried where a match can start (pipeline/components/token_patterns.py): they find what spaCy's
Matcher finds with the same patterns."""

from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

from pipeline.components.date_spans import CALENDAR_REACH, CALENDAR_TRIGGERS, PATTERNS
from pipeline.components.patterned_names import _token_spec
from pipeline.components.token_patterns import TokenPatterns
from pipeline.knowledge import load_records_file
from pipeline.recognize import build_nlp

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))] + [
    "It flew on 12 June 2021, again on 2021-06-12, and on Sept. 3, 2014, in mid-2019, in April-May 1985, "
    "mid-February, late-March 2020, 1999-2005 and 2018-Sep. 2023, in 2005 and 2009, a difficult 2019, "
    "(1985), December's figures and Soyuz MS-12, Soyuz TMA-13 M, HTV-X1, Progress 70P, Crew-1 and Crew-2.",
]
CALENDAR = [(f"{label}:{index}", pattern) for index, (label, pattern, _) in enumerate(PATTERNS)]
NUMBERED = [(str(index), [_token_spec(s) for s in record["tokens"]])
            for index, record in enumerate(load_records_file("patterns.json"))]


@pytest.fixture(scope="module")
def docs():
    nlp = build_nlp()
    return [nlp.make_doc(text) for text in TEXTS]


@pytest.mark.parametrize("patterns", [CALENDAR, NUMBERED], ids=["calendar dates", "numbered names"])
def test_finds_what_the_matcher_finds(docs, patterns):
    matcher = Matcher(docs[0].vocab)
    for name, pattern in patterns:
        matcher.add(name, [pattern])
    ours = TokenPatterns(patterns)
    found = 0
    for doc in docs:
        texts = [t.text for t in doc]
        theirs = {(doc.vocab.strings[key], start, end) for key, start, end in matcher(doc)}
        assert set(ours.matches(texts, range(len(texts)))) == theirs
        found += len(theirs)
    assert found > 20  # the texts hold matches of both kinds


def test_calendar_patterns_start_within_reach_of_a_month_or_year():
    """date_spans tries the calendar patterns only up to CALENDAR_REACH tokens before a month or year."""
    def anchor(spec):
        value = spec.get("ORTH", spec.get("TEXT", spec.get("SHAPE")))
        words = value.get("IN", []) if isinstance(value, dict) else [value]
        regex = value.get("REGEX", "") if isinstance(value, dict) else ""
        return bool(set(words) & CALENDAR_TRIGGERS) or "dddd" in words or "(19|20)" in regex

    for label, pattern, _ in PATTERNS:
        assert next(k for k, spec in enumerate(pattern) if anchor(spec)) <= CALENDAR_REACH, (label, pattern)


def test_unsupported_syntax_is_refused():
    with pytest.raises(ValueError):
        TokenPatterns([("x", [{"POS": "NOUN"}])])
    with pytest.raises(ValueError):
        TokenPatterns([("x", [{"ORTH": "a"}, {"ORTH": "b", "OP": "+"}])])
    with pytest.raises(ValueError):
        TokenPatterns([("x", [{"ORTH": "a", "OP": "?"}])])
