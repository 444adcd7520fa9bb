"""Arbitrary text never breaks a stage: no exception, every offset aligned, output valid against the schema."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.segment import segment
from schemas import Extraction

WORDS = ["NASA", "astronaut", "Anne", "McClain", "Soyuz", "MS-12", "Dec.", "3", "2018", "Quest", "airlock",
         "Full Story:", "Related:", "\n", "\n\n", ",", ".", "of", "Roscosmos", "Cmdr.", "Expedition", "58",
         "From left to right:", "Mother Earth", "Cupola", "mid-2019", "Monday", "(Nov. 17)", "\u05e9\u05dc\u05d5\u05dd",
         "e\u0301", "\u202e", "\x07", "\t", "x" * 300]
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(TEXT)
def test_segment_offsets_align(text):
    s = segment(text)
    for entry in s.entries:
        assert text[entry.caption.start:entry.caption.end] == entry.caption.text
        if entry.title:
            assert text[entry.title.start:entry.title.end] == entry.title.text
        for ref in entry.references:
            assert text[ref.title.start:ref.title.end] == ref.title.text


@SETTINGS
@given(TEXT, st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_whole_pipeline_on_arbitrary_text(extract_text, text, published):
    extraction = extract_text(text, published=published)
    assert extraction.check_offsets(text) == []
    Extraction.model_validate_json(extraction.model_dump_json())
