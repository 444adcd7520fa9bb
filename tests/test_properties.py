"""Arbitrary text never breaks a stage: no exception, every offset aligned, output valid against the schema."""

import os
from pathlib import Path

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


# -- article-shaped documents ---------------------------------------------------------------------------------
# Lines of the test articles with names, date-like strings and unusual separators spliced in: the text archives
# really hold, roughened. Every internal failure one of them provokes is a bug (an article lost from a run).
# PROPERTY_EXAMPLES raises the budget for a longer run outside the suite:
#   PROPERTY_EXAMPLES=20000 python -m pytest tests/test_properties.py -k article_like

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_LINES = [line for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
NAMES = ["Anne McClain", "McClain", "Anne", "NASA astronaut Anne McClain", "Cmdr. Oleg Kononenko",
         "Kononenko of Roscosmos", "David Saint-Jacques", "Saint-Jacques, an astronaut with the Canadian Space Agency",
         'Barry "Butch" Wilmore', "Mike Hopkins", "Michael Hopkins", "Sultan Al Neyadi", "Anna McClain",
         "From left to right:", "along with", "both of Roscosmos", "is serving as pilot", "tweeted", "said",
         "NASA's", "Roscosmos", "Soyuz MS-12", "Progress 72", "Crew-1", "Expedition 58", "Quest", "airlock",
         "the space station", "Northrup Grumman", "(ACME)", "Sea of Okhotsk", "Chincoteague, Virginia",
         "Catholic University of America", "University of Washington", "Gulf of Mexico"]
DATES = ["Dec. 3", "Jan. 7, 2019", "12 June 2021", "2021-06-12", "December 2018", "in March", "mid-2019",
         "in 2010", "Tuesday (Nov. 17)", "Monday", "Feb. 29", "Feb. 29, 2019", "Feb. 30", "31 April",
         "in 1899", "2099-12-31", "in 2005 and 2009", "a record 2020", "Sept. 31st", "Dec 25th", "Jun. 1, 1800"]
LINES_OF_THEIR_OWN = ["Full Story: A Title", "Related:", "Gallery: More", "By Jane Doe", "Posted on Nov. 17 by Jane Doe",
                      "Image 3 of 30", "Photo credit: NASA", "12 Comments", "\u00a9 2023 Future US",
                      "Sign up for our newsletter", "Ready to Fly", "Welcome Aboard: On Nov. 17, the crew", ""]
SEPARATORS = ["\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", "\u200b", "\x85", "\u00a0", "\x0b", "\x0c", "\x1c",
              "\t", " ", "\ufeff", "\u202e", "\u3000"]
ODD = ["\U0001F680", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\x07", "\x00",
       "(", ")", "'s", "\u2019s", "-", "\u201c", "\u201d", ",", ".", ":", "x" * 300]
SPLICE = st.one_of(st.sampled_from(NAMES), st.sampled_from(DATES), st.sampled_from(SEPARATORS),
                   st.sampled_from(ODD), st.text(max_size=6))


@st.composite
def article_line(draw) -> str:
    line = draw(st.one_of(st.sampled_from(ARTICLE_LINES), st.sampled_from(LINES_OF_THEIR_OWN)))
    words = line.split(" ")
    for position, piece in draw(st.lists(st.tuples(st.integers(0, 200), SPLICE), max_size=5)):
        words.insert(position % (len(words) + 1), piece)
    return draw(st.sampled_from([" ", " ", " ", *SEPARATORS])).join(words)


@st.composite
def article(draw) -> str:
    parts = []
    for line in draw(st.lists(article_line(), max_size=14)):
        parts += [line, draw(st.sampled_from(["\n", "\n", "\n", *SEPARATORS]))]
    return "".join(parts)


PUBLISHED = st.one_of(st.none(), st.sampled_from(["2019-03-01", "2018-06-01", "1900-03-01", "0001-01-01",
                                                 "9999-12-31"]),
                      st.dates().map(lambda d: d.isoformat()))
ARTICLE_SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", 2000)), deadline=None,
                            derandomize=True, database=None,
                            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                   HealthCheck.data_too_large])


@ARTICLE_SETTINGS
@given(article(), PUBLISHED)
def test_article_like_text_never_fails(extract_text, text, published):
    extraction = extract_text(text, published=published)
    assert extraction.check_offsets(text) == []
    for entry in extraction.entries:
        assert 0 <= entry.start <= entry.caption_start <= entry.end <= len(text)
    for entity in extraction.entities:
        assert all(0 <= m.entry < len(extraction.entries) or not extraction.entries for m in entity.mentions)
    Extraction.model_validate_json(extraction.model_dump_json())


# -- long articles ----------------------------------------------------------------------------------------------
# A long article is recognized in slices of whole lines (pipeline.recognize.recognize_in_slices); what it finds
# must be what one Doc of the whole text finds, wherever the cuts fall.

@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(article(), st.sampled_from([1, 40, 200, 1000]))
def test_slices_read_what_one_doc_reads(nlp, text, size):
    from pipeline.recognize import make_doc, read_doc, recognize_in_slices

    segmented = segment(text)
    assert recognize_in_slices(nlp, text, segmented, size) == read_doc(nlp(make_doc(nlp, text, segmented)))


def test_slices_of_the_test_articles_read_what_one_doc_reads(nlp):
    from pipeline.recognize import make_doc, read_doc, recognize_in_slices, slice_starts

    for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        segmented = segment(text)
        assert len(slice_starts(text, 500)) > 5
        assert recognize_in_slices(nlp, text, segmented, 500) == read_doc(nlp(make_doc(nlp, text, segmented)))
