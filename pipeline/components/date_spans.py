"""Where the dates are: calendar dates, months and years found by token pattern with spaCy's Matcher.
Each span's label is its precision as written ("day", "month", "year", "weekday"); turning spans into ISO
values is the job of `pipeline.dates`."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components import DATES, body_kind, match_windows, token_texts
from pipeline.knowledge import load_file

DATE_CONTEXT = "date_context"  # doc.user_data key: (start, end) token range -> {"weekday", "future"}
SENTENCE_WINDOW = 40  # tokens before a date searched for a future cue

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ABBREVIATIONS = ["Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
                 "Jan", "Feb", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Words before a bare month or year that make it a date ("in March", "since 2010") rather than a name or number.
DATE_PREPOSITIONS = ["in", "since", "until", "by", "from", "through", "during", "of", "early", "late", "mid",
                     "before", "after", "throughout", "between", "about", "around", "circa"]
# Words before a bare year that make it a year: "(1985)", "Kennedy’s 1961 speech", "his 1984 address".
YEAR_OPENERS = ["(", "’s", "'s", "his", "her", "its", "their", "our"]

MONTH = {"ORTH": {"IN": MONTHS + ABBREVIATIONS + [m.upper() for m in MONTHS]}}
# Token shapes are precomputed by spaCy, so these cost no regular expression per token; `_valid` checks ranges.
DAY = {"SHAPE": {"IN": ["d", "dd", "dxx", "ddxx"]}}
YEAR = {"SHAPE": "dddd"}
COMMA = {"ORTH": ","}
DASH = {"ORTH": {"IN": ["-", "–"]}}
OPTIONAL_COMMA = {"ORTH": ",", "OP": "?"}
PREPOSITION = {"LOWER": {"IN": DATE_PREPOSITIONS}}

# (label, pattern, tokens to trim from the start)
PATTERNS = [
    ("day", [MONTH, DAY, OPTIONAL_COMMA, YEAR], 0),
    ("day", [MONTH, DAY], 0),
    ("day", [DAY, MONTH, OPTIONAL_COMMA, YEAR], 0),
    ("day", [DAY, MONTH], 0),
    ("day", [YEAR, {"ORTH": "-"}, {"TEXT": {"REGEX": r"^(0[1-9]|1[0-2])$"}}, {"ORTH": "-"},
             {"TEXT": {"REGEX": r"^(0[1-9]|[12]\d|3[01])$"}}], 0),
    ("day", [{"TEXT": {"REGEX": r"^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}}], 0),
    ("month", [MONTH, OPTIONAL_COMMA, YEAR], 0),
    ("month", [MONTH, {"ORTH": {"IN": ["-", "–"]}}, MONTH, OPTIONAL_COMMA, YEAR], 0),  # "April-May 1985"
    ("month", [PREPOSITION, {"ORTH": {"IN": MONTHS}}], 1),
    ("year", [{"TEXT": {"REGEX": r"^(mid|early|late)-(19|20)\d\d$"}}], 0),
    ("month", [{"LOWER": {"IN": ["mid", "early", "late"]}}, DASH, {"ORTH": {"IN": MONTHS}}], 0),  # "mid-February"
    ("month", [{"LOWER": {"IN": ["mid", "early", "late"]}}, DASH, {"ORTH": {"IN": MONTHS}}, OPTIONAL_COMMA, YEAR], 0),
    ("year", [YEAR, DASH, YEAR], 0),  # "1999-2005": a range starts in its first year
    ("year", [YEAR, DASH, MONTH, YEAR], 0),  # "2018-Sep. 2023"
    ("year", [PREPOSITION, YEAR], 1),
    ("year", [{"LOWER": {"IN": YEAR_OPENERS}}, YEAR], 1),
    ("year", [YEAR, {"LOWER": {"IN": ["and", "or", "to"]}}, YEAR], 2),  # "in 2005 and 2009"
    ("year", [{"LOWER": {"IN": ["a", "the"]}}, {"LOWER": {"IN": ["difficult", "busy", "record"]}, "OP": "?"},
              YEAR], 1),
    ("year", [{"ORTH": ","}, YEAR, {"IS_LOWER": True}], 1),  # "the 2010 earthquake in Haiti, 2015 earthquake"
    ("weekday", [{"ORTH": {"IN": WEEKDAYS}}], 0),
]


ANCHOR_WORDS = set(MONTHS) | set(ABBREVIATIONS) | {m.upper() for m in MONTHS} | set(WEEKDAYS)
_HAS_YEAR = re.compile(r"(1[89]|20)\d\d")
_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def _valid(span: Span) -> bool:
    """Days are 1-31 (with an ordinal suffix at most) and years 1800-2099."""
    for token in span:
        if token.shape_ == "dddd" and not _YEAR.match(token.text):
            return False
        if token.shape_ in {"d", "dd", "dxx", "ddxx"} and not _DAY.match(token.text):
            return False
    return True


@Language.factory("date_spans", default_config={"tense_file": "tense.json"})
def make_date_spans(nlp: Language, name: str, tense_file: str) -> DateSpans:
    return DateSpans(nlp, tense_file)


class DateSpans:
    def __init__(self, nlp: Language, tense_file: str) -> None:
        self.future_cues = load_file(tense_file)["future"]
        self.matcher = Matcher(nlp.vocab)
        self.trims: dict[str, int] = {}
        for index, (label, pattern, trim) in enumerate(PATTERNS):
            key = f"{label}:{index}"
            self.trims[key] = trim
            self.matcher.add(key, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        # Every date holds a month, a weekday or a four-digit number; only the text around those is matched.
        anchors = [i for i, text in enumerate(token_texts(doc))
                   if text in ANCHOR_WORDS or (len(text) >= 4 and _HAS_YEAR.search(text))]
        for match_id, start, end in match_windows(self.matcher, doc, anchors, before=4, after=4):
            key = doc.vocab.strings[match_id]
            start += self.trims[key]
            if doc[end - 1].text == ",":
                end -= 1
            span = Span(doc, start, end, label=key.split(":")[0])
            if _valid(span):
                spans.append(span)
        spans = [s for s in filter_spans(spans) if body_kind(doc, s.start_char, s.end_char)]
        doc.spans[DATES] = [s for s in spans if not self._weekday_of_a_date(doc, s)]
        doc.user_data[DATE_CONTEXT] = {(s.start, s.end): self._context(doc, s) for s in doc.spans[DATES]
                                       if s.label_ in {"day", "month"}}
        return doc

    def _context(self, doc: Doc, span: Span) -> dict:
        """What the words around a date say about its year: a weekday written with it ("Tuesday, March 19"),
        and a future cue earlier in its sentence ("will launch", "no later than")."""
        weekday = None
        for token in reversed(list(doc[max(0, span.start - 3):span.start])):
            if token.text in WEEKDAYS:
                weekday = WEEKDAYS.index(token.text)
                break
            if token.text not in {",", "(", ")", "on"}:
                break
        start = span.start
        while start > 0 and doc[start - 1].text not in {".", "!", "?"} and not doc[start - 1].is_space \
                and span.start - start < SENTENCE_WINDOW:
            start -= 1
        words = " ".join(t.lower_ for t in doc[start:span.start])
        future = any(cue in words.split() if " " not in cue else cue in words for cue in self.future_cues)
        return {"weekday": weekday, "future": future}

    @staticmethod
    def _weekday_of_a_date(doc: Doc, span: Span) -> bool:
        """"Tuesday (Nov. 17)" and "Wednesday, April 17": the date beside the weekday carries the value."""
        if span.label_ != "weekday":
            return False
        following = [t.text for t in doc[span.end:span.end + 3]]
        return any(t in MONTHS or t in ABBREVIATIONS for t in following)
