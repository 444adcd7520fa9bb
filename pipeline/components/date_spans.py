"""Where the dates, times and durations are.

Two finders, whose spans are pooled (the longest wins where they overlap):
- calendar dates, months and years by token pattern (`token_patterns`; "Dec. 3", "Jan. 7, 2019",
  "April-May 1985", "in March", "(1985)"), labelled with their precision as written ("day", "month", "year");
- the rest by a grammar of regular expressions built from `knowledge/temporal.json` (`TemporalGrammar`):
  relative and partial dates ("last May", "early next year", "three weeks ago", "the third quarter", "the
  1990s"), weekdays, deictic words ("yesterday", "tonight"), present/past/future references ("now",
  "recently"), ranges ("June 5-6"), times of day with their zone ("7:27 p.m. EST"), durations ("six hours
  and 39 minutes", "a six-month mission") and recurrences ("daily", "every week"). Each span keeps the named
  parts the grammar matched, so `pipeline.dates` computes values without parsing the text again.
Both run only on the text around trigger tokens (a month, a weekday, a four-digit number, a unit word ...),
found by a set lookup per token. What the words around a date say about its year is recorded too: a weekday
written beside it and the tense of its sentence (`knowledge/tense.json`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH, SHAPE, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components import DATES, body_kind, token_texts
from pipeline.components.token_patterns import TokenPatterns
from pipeline.knowledge import load_file

DATE_CONTEXT = "date_context"  # doc.user_data key: (start, end) token range -> DateSpan fields beyond the text
SENTENCE_WINDOW = 40  # tokens either side of a date searched for a tense cue


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date, time, duration or recurrence as found, before its value is worked out."""

    start: int
    end: int
    text: str
    written_precision: str  # the finder's label: day | month | year | weekday (calendar), or a grammar family
    weekday: int | None = None  # written beside the date ("Tuesday, March 19"): 0 = Monday
    future: bool = False  # its sentence looks ahead ("will launch", "is scheduled for")
    tense: str | None = None  # "past" | "future": the tense cue nearest the date in its sentence
    parts: dict[str, str] = field(default_factory=dict)  # the grammar's named parts ("rel": "last", ...)
    # how far its sentence starts before it, in characters (a time goes onto a date of its sentence): relative,
    # so that a long article read in slices gives what one Doc gives
    sentence_start: int = 0
    # the year of the date after it that it opens a range with ("from September to November 2014")
    range_year: int | None = None


TEMPORAL = load_file("temporal.json")
MONTHS = list(TEMPORAL["months"])
ABBREVIATIONS = list(TEMPORAL["month_abbreviations"])
WEEKDAYS = list(TEMPORAL["weekdays"])
# Words before a bare month or year that make it a date ("in March", "since 2010") rather than a name or number.
DATE_PREPOSITIONS = ["in", "since", "until", "by", "from", "through", "during", "of", "early", "late", "mid",
                     "before", "after", "throughout", "between", "about", "around", "circa", "for", "into"]
# Words before a bare year that make it a year: "(1985)", "Kennedy’s 1961 speech", "his 1984 address".
YEAR_OPENERS = ["(", "’s", "'s", "his", "her", "its", "their", "our"]

MONTH = {"ORTH": {"IN": MONTHS + ABBREVIATIONS + [m.upper() for m in MONTHS]}}
# Token shapes are precomputed by spaCy, so these cost no regular expression per token; `_valid` checks ranges.
DAY = {"SHAPE": {"IN": ["d", "dd", "dxx", "ddxx"]}}
YEAR = {"SHAPE": "dddd"}
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
    ("month", [{"ORTH": {"IN": [m for m in MONTHS if m != "May"]}}, {"ORTH": {"IN": ["'s", "’s"]}}], 0),
    ("bare_year", [YEAR], 0),  # a year standing alone: `_bare_year` decides
]

# No calendar pattern starts more than this many tokens before its first month or year ("the difficult 2019",
# "mid-March"); `tests/test_dates.py` checks it.
CALENDAR_REACH = 2

# Per family: the trigger groups it is matched around, and how many tokens before and after a trigger its
# matches reach ("a little more than two and a half hours" reaches eight tokens back from "hours").
FAMILY_WINDOWS = {
    "range": (("month",), 1, 7), "month": (("month",), 4, 4), "year": (("year",), 4, 5),
    "quarter": (("quarter",), 5, 6), "season": (("season",), 4, 6), "decade": (("decade",), 3, 1),
    "century": (("century",), 4, 1), "offset": (("unit",), 1, 3),
    "duration": (("unit", "quarter", "century"), 8, 5), "duration/near": (("unit", "century"), 3, 3),
    "relative": (("unit", "deictic"), 5, 2), "deictic": (("deictic",), 2, 2), "weekday": (("weekday",), 3, 2),
    "reference": (("reference",), 3, 1), "time": (("time",), 4, 5), "set": (("set",), 1, 4),
}
UNICODE_SPACES = {0x00A0: " ", 0x2007: " ", 0x2009: " ", 0x202F: " ", 0x200A: " ", 0x2002: " ", 0x2003: " "}
_UNICODE_SPACE = re.compile("[" + "".join(chr(c) for c in UNICODE_SPACES) + "]")
RANGE_WORDS = {"-", "–", "—", "to", "through", "until", "thru"}
CALENDAR_TRIGGERS = set(MONTHS) | set(ABBREVIATIONS) | {m.upper() for m in MONTHS}
_HAS_YEAR = re.compile(r"(1[89]|20)\d\d")
RANGE_CONNECTORS = {"to", "through", "until", "till", "-", "–", "—", "and"}
# what stands between the amounts of a compound length: ", 55 minutes", " and 9 minutes", ", and 9 minutes", " 1-minute"
AMOUNT_SEPARATOR = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+)"
# the units a compound length goes on in after each ("8 days, 7 hours, and 9 minutes"; not "a year, 24 hours")
_NEXT_UNITS = {"CE": {"DE", "Y"}, "DE": {"Y"}, "Y": {"M", "W", "D"}, "Q": {"M", "W", "D"}, "M": {"W", "D"},
               "2W": {"D"}, "W": {"D"}, "D": {"H"}, "H": {"TM"}, "TM": {"S"}}
_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges (inclusive) sorted, those that overlap or touch made one."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _among(values, sorted_array):
    """Which of VALUES are in SORTED_ARRAY: a binary search per value, vectorized (numpy.isin compares every
    value with every element of a small array)."""
    if not sorted_array.size:
        return numpy.zeros(values.shape, dtype=bool)
    at = numpy.minimum(numpy.searchsorted(sorted_array, values), sorted_array.size - 1)
    return sorted_array[at] == values


def _window_text(texts: list[str], spaces: list[int], starts: list[int], windows: list[tuple[int, int]]) -> str:
    """The doc's text inside WINDOWS (inclusive token ranges, sorted, apart), spaces elsewhere: every offset
    as in the doc, built from the token arrays of the windows alone (`doc.text` makes a Token object per
    token, at each access)."""
    pieces, cursor = [], 0
    for first, last in windows:
        pieces.append(" " * (starts[first] - cursor))
        pieces.extend(texts[k] + " " if spaces[k] else texts[k] for k in range(first, last + 1))
        cursor = starts[last] + len(texts[last]) + (1 if spaces[last] else 0)
    return "".join(pieces)


def _valid(span: Span) -> bool:
    """Days are 1-31 (with an ordinal suffix at most) and years 1800-2099."""
    for token in span:
        if token.shape_ == "dddd" and not _YEAR.match(token.text):
            return False
        if token.shape_ in {"d", "dd", "dxx", "ddxx"} and not _DAY.match(token.text):
            return False
    return True


# -- the grammar ----------------------------------------------------------------------------------------------

def _alt(words, case_sensitive: bool = False) -> str:
    """An alternation of words or phrases as a trie ("t(?:wo|hree|en)"), a phrase's spaces matching any white
    space. A trie fails at the first character that no word has, where a plain alternation tries every word
    in turn: Python's re does not factor alternations itself. Longer words are tried before their prefixes
    ("Sept." before "Sep")."""
    trie: dict = {}
    for word in {w if case_sensitive else w.lower() for w in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: what follows is optional, tried first
            body = f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    body = emit(trie)
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


class TemporalGrammar:
    """The regular expressions of every family but plain calendar dates, compiled once from the knowledge
    file. `families` pairs each label with its pattern; `triggers` are the lower-cased token texts near which
    a match can be; `find` runs the patterns over one stretch of text."""

    def __init__(self, knowledge: dict) -> None:
        k = knowledge
        tens = tens_ = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
        ones = ones_ = "one|two|three|four|five|six|seven|eight|nine"
        B, E = r"(?<![\w’'])", r"(?![\w])"  # word edges that also hold after a period ("Jan.")
        month = _alt([*k["months"], *k["month_abbreviations"], *(m.upper() for m in k["months"])],
                     case_sensitive=True)
        weekday = _alt(k["weekdays"], case_sensitive=True)
        year_word = (rf"(?:(?:nineteen|eighteen)[-\s](?:hundred|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                     rf"seventeen|eighteen|nineteen|(?:{tens_})(?:[-\s](?:{ones_}))?|o[-\s](?:{ones_}))|"
                     rf"two\s+thousand(?:\s+(?:and\s+)?(?:{ones_}|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                     rf"sixteen|seventeen|eighteen|nineteen|(?:{tens_})(?:[-\s](?:{ones_}))?))?)")
        year = rf"(?:1[89]\d\d|20\d\d|{year_word})"
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        word_number = rf"(?:(?:{tens})(?:[-\s](?:{ones}))?|{_alt(k['numbers'])})"
        fraction = r"(?:\s+1/2|\s+and\s+a\s+half|-and-a-half|\s*½)"
        number = rf"(?:\d+(?:[.,]\d+)?|{word_number})"
        some = _alt(k["vague_numbers"])
        unit = _alt(k["units"])
        approx = _alt(k["approximations"])
        season = _alt(k["seasons"])
        part_of_day = _alt(k["parts_of_day"])
        ordinal = _alt(k["ordinals"])
        modifier = _alt(k["modifiers"])
        zone = "|".join([_alt(k["zones"]["fixed"], case_sensitive=True),
                         _alt([z for z in k["zones"]["named"] if z not in k["zones"]["fixed"] and len(z) > 2])])
        deictic = _alt(k["deictic_days"])
        references = _alt([w for words in k["references"].values() for w in words])
        recurrence = _alt(k["recurrences"])
        decade_word = _alt(k["decade_words"])
        relation = r"(?:this\s+past|this\s+coming|this|last|next)"
        the_relation = r"the\s+(?:previous|following|current|same|latest|most\s+recent|prior)"
        mod = rf"(?P<mod>{modifier})(?:\s+|\s*-\s*)"
        of_year = rf"(?:\s*,?\s+(?:of\s+)?(?P<year>{year}))"
        self.units = k["units"]
        self.further_amount = re.compile(rf"{AMOUNT_SEPARATOR}(?:{number})[-\s]+(?P<unit>{unit}){E}", re.IGNORECASE)
        self.time_unit_words = set(k["time_units"])
        # ASCII matching: with Unicode case folding, Python's re is hundreds of times slower on text holding a
        # curly apostrophe; spaces beyond ASCII are made plain spaces in the text matched (`matchable`).
        self.families: list[tuple[str, re.Pattern[str]]] = [(label, re.compile(pattern, re.IGNORECASE | re.ASCII))
                                                            for
                                                            label, pattern in [
            # "June 5-6", "March 3 to 5", "Feb. 27 through March 2, 2024": a range, one date with an end
            ("range", rf"{B}(?P<month>{month})\s+(?P<day>{day})\s*(?:-|–|—|\s(?:to|through|until)\s)\s*"
                      rf"(?:(?P<month2>{month})\s+)?(?P<day2>{day}){E}(?:\s*,?\s*(?P<year>{year}){E})?"),
            # "late last July", "early December", "last May", "the end of November 1990", "mid-March"
            ("month", rf"{B}(?:{mod})?(?:(?P<rel>{relation}|the\s+coming)\s+)?(?P<month>{month}){E}"
                      rf"(?:\s+(?P<day>{day}){E})?(?:{of_year}{E}|\s+(?P<yrel>this|last|next)\s+year{E})?"),
            ("year", rf"{B}(?:{mod}|(?P<fiscal>fiscal(?:[-\s]year)?)\s+)(?P<year>{year}){E}(?!\s*-)"),
            ("year", rf"{B}(?:the\s+year\s+)?(?P<year>{year_word}){E}(?!\s+(?:{unit}|more|additional|of){E})"),
            # "the third quarter", "third-quarter", "the 1988 second quarter", "the first half of 1990"
            ("quarter", rf"{B}(?:the\s+)?(?:(?P<qyear>{year}|(?:this|last|next)\s+year['’]s|{year}['’]s)\s+)?"
                        rf"(?:(?P<ago>(?:comparable\s+)?(?:year-ago|year-earlier|prior-year|year-before))\s+)?"
                        rf"(?:(?:fiscal|calendar)[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
                        rf"[-\s]+(?:fiscal[-\s]+)?(?P<unit>quarter|half|period){E}"
                        rf"(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<year>{year})|(?P<yrel>this|last|next)"
                        rf"\s+year|(?P<ythe>the\s+year)){E})?(?P<ago2>\s+a\s+year\s+(?:ago|earlier){E})?"
                        rf"(?=\s+(?P<ended>ended|ending)\s)?"),
            ("quarter", rf"{B}(?:the\s+(?:(?P<qrel>latest|most\s+recent|current|year-ago|year-earlier|same|"
                        rf"prior-year|just-ended|recent|comparable|year-before|previous|past|final)\s+)?|"
                        rf"(?P<qrel2>this|last|next)\s+)(?:fiscal\s+)?(?P<unit>quarter){E}(?!\s+of\s)(?!-)"
                        rf"(?=\s+(?P<ended>ended|ending)\s)?"
                        rf"(?P<ago2>\s+a\s+year\s+(?:ago|earlier){E})?"),
            ("quarter", rf"{B}the\s+(?P<qrel>latest|most\s+recent|just-ended)\s+(?P<unit>period){E}"),
            # "the year-ago quarter" is above; "the year-earlier period", "last year's quarter"
            ("quarter", rf"{B}(?P<qrel>last\s+year['’]s|the\s+year-(?:ago|earlier))\s+(?P<unit>quarter|period)"
                        rf"{E}"),
            ("season", rf"{B}(?:{mod})?(?:(?P<rel>{relation}|the\s+coming|the\s+past|the)\s+)?"
                       rf"(?P<season>{season}){E}(?:{of_year}{E})?"),
            ("decade", rf"{B}(?:the\s+)?(?:{mod})?(?:(?P<decade>1[0-9]\d0|20\d0)['’]?s|['’](?P<short>\d0)s|"
                       rf"(?P<word>{decade_word})){E}"),
            ("century", rf"{B}(?:the\s+)?(?:{mod})?(?:(?P<ord>{ordinal})[-\s]+century|(?P<rel>{relation}|"
                        rf"the\s+(?:past|next|last|new|previous|coming))\s+century){E}"),
            # "three weeks ago", "a year earlier", "two days later": a date at that distance
            ("offset", rf"{B}(?P<unit>year|month|week|day)-(?P<offset>ago|earlier|before){E}"),
            # "the past two months", "six hours and 39 minutes", "a six-month mission", "2 1/2 years"
            ("duration", rf"{B}(?:(?P<approx>{approx})\s+)?(?:(?P<det>the)\s+)?(?:(?P<rel>past|last|next|"
                         rf"first|coming|previous|final|remaining|initial|following|latest|other)\s+)?"
                         rf"(?P<num>{number}{fraction}?|{some})(?:\s+|\s*-\s*)(?:(?:more|additional|further|"
                         rf"straight|consecutive|full|long)\s+)?(?P<unit>{unit}){E}(?P<half>{fraction})?"
                         # "and 39 minutes", ", 55 minutes", ", 7 hours, and 9 minutes", "six-hour, 39-minute"
                         rf"(?P<more>(?:{AMOUNT_SEPARATOR}(?:{number})[-\s]+(?:{unit}){E}){{1,3}})?"
                         rf"(?:-(?P<suffix>long|old){E}|(?P<old>\s+old){E})?"
                         # "three weeks ago", "a year earlier": a date at that distance (`find` relabels it)
                         rf"(?:\s+(?P<offset>ago|earlier|later|from\s+now|hence){E})?"),
            ("duration/near", rf"{B}(?P<det>the)\s+(?P<rel>past|last|next|coming)\s+(?P<unit>year|month|week|"
                         rf"decade|century|fortnight){E}(?!['’]s)"),
            ("duration/near", rf"{B}(?:the\s+)?(?P<rel>coming|next\s+few|past\s+few|last\s+few|next\s+several|"
                         rf"past\s+several|last\s+several)\s+(?P<vague>(?P<unit>days|weeks|months|quarters|years|"
                         rf"decades)){E}"),
            ("duration/near", rf"{B}(?P<unit>day|week|month|year|decades|years|months|weeks|centuries|hours|"
                         rf"days)-(?P<suffix>long|old){E}"),
            ("duration/near", rf"(?:{B}(?:for|in|within|over|during|after|through|throughout|take|takes|took)\s+"
                         rf"(?:the\s+)?)(?P<x>(?P<unit>days|weeks|months|years|decades|centuries|hours|minutes)"
                         rf"{E})"),
            # "last week", "this year", "the current fiscal year", "earlier this month", "the end of next year"
            ("relative", rf"{B}(?:{mod})?"
                         rf"(?P<rel>{relation}|{the_relation})\s+(?P<unit>week|weekend|month|year|fiscal\s+year|"
                         rf"decade|half){E}(?!-)"),
            ("relative", rf"{B}(?P<mod>the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|"
                         rf"the\s+rest\s+of)\s+the\s+(?P<unit>year|month|week|decade){E}"),
            ("relative", rf"{B}(?P<rel>the)\s+(?P<unit>weekend|fiscal\s+year|full\s+year|week){E}"),
            # "the year" of a story is its year, not "the year before", "the year 1961" or "the year of ..."
            ("relative", rf"{B}(?P<rel>the)\s+(?P<unit>year){E}(?!\s+(?:\d|of\b|before|after|when|that|in\s+which|"
                         rf"ended|ending|ends|to\s+date|[A-Z]))(?!-)"),
            ("duration/near", rf"{B}(?P<det>the)\s+(?:fiscal\s+)?(?P<unit>year){E}(?=\s+(?:ended|ending|ends|to\s+date))"),
            ("relative", rf"{B}(?:(?P<mod>earlier|later|early|late)\s+)?(?P<rel>that|that\s+same|the\s+same)\s+"
                         rf"(?P<unit>year|month|week|day|quarter){E}"),
            ("relative", rf"{B}(?P<rel>the\s+next|the\s+following|the\s+previous|the\s+prior)\s+"
                         rf"(?P<unit>day|morning|afternoon|evening|night){E}"),
            ("relative", rf"{B}(?:(?:around|by|at)\s+)?(?P<mod>year[-\s]end|year['’]s\s+end){E}"),
            ("deictic", rf"{B}(?:(?P<mod>early|late|earlier|later)\s+)?(?P<day>{deictic}){E}"
                        rf"(?:\s+(?P<part>{part_of_day}){E})?"),
            ("deictic", rf"{B}(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rel>this|last)\s+"
                        rf"(?P<part>{part_of_day}){E}"),
            ("weekday", rf"{B}(?:(?P<rel>{relation}|early|late|earlier|later)\s+)?(?P<weekday>{weekday})"
                        rf"(?P<plural>s)?{E}(?:\s+(?P<part>{part_of_day}){E})?"),
            ("reference", rf"{B}(?<!-)(?P<ref>{references}){E}(?!-)"),
            ("time", rf"{B}(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?(?::(?P<second>[0-5]\d))?\s*"
                     rf"(?P<ampm>[ap]\.?\s?m\b\.?)(?:\s*\(?(?P<zone>{zone})\)?(?:\s+time)?{E})?"),
            ("time", rf"{B}(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*"
                     rf"\(?(?P<zone>{zone})\)?{E}"),
            ("time", rf"{B}(?P<named>noon|midday|midnight){E}(?:\s*\(?(?P<zone>{zone})\)?{E})?"),
            ("time", rf"{B}(?P<hour>[1-9]|1[0-2]|{ones}|ten|eleven|twelve)\s+(?:o['’]clock\s+)?in\s+the\s+"
                     rf"(?P<part>morning|afternoon|evening){E}"),
            ("set", rf"{B}(?P<rec>{recurrence}){E}"),
            ("set", rf"{B}(?P<each>every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{number})\s+)?"
                    rf"(?P<unit>{unit}|{weekday}|{month}|{part_of_day}|weekend|{season}){E}"),
            ("set", rf"{B}(?:once|twice|(?:{number})\s+times)\s+(?P<x>(?:a|an|per|each|every)\s+"
                    rf"(?P<unit>{unit})){E}"),
        ]]
        # Which tokens can anchor which families: each family is matched only around its own trigger tokens.
        groups: dict[str, set[str]] = {
            "unit": {w.lower() for w in k["units"]} | {"weekend", "weekends", "year-end", "year-ago", "year-earlier",
                                                      "thousand", "half", "fiscal", "ago"},
            "quarter": {"quarter", "quarters", "half", "period", "year-ago", "year-earlier"},
            "century": {"century", "centuries"},
            "month": {m.lower() for m in [*k["months"], *k["month_abbreviations"]]},
            "weekday": {w.lower() for w in k["weekdays"]} | {w.lower() + "s" for w in k["weekdays"]},
            "season": set(k["seasons"]),
            "deictic": set(k["deictic_days"]) | set(k["parts_of_day"]) | {"nights"},
            # the word that makes a reference phrase: "past", "moment", "days"
            "reference": {w.split()[-1].lower() for words in k["references"].values() for w in words},
            "decade": set(k["decade_words"]),
            "time": set(k["named_times"]) | set(k["parts_of_day"]) | {"a.m.", "p.m.", "a.m", "p.m", "am", "pm",
                                                                      "o'clock", "o’clock"},
            "set": set(k["recurrences"]) | {"every", "each", "per", "once", "twice", "times"}
                   | {w.lower() + "s" for w in k["weekdays"]},
            "year": {"nineteen", "eighteen", "thousand"},
        }
        groups["unit"] -= {"second", "quarter", "quarters", "century", "centuries"}  # "second": mostly an ordinal
        self.groups_of: dict[str, tuple[str, ...]] = {}
        for group, words in groups.items():
            for word in words:
                self.groups_of[word] = (*self.groups_of.get(word, ()), group)
        self.triggers = set(self.groups_of)
        self.units_lower = {w.lower() for w in k["units"]}
        self.time_units = set(k["time_units"])

    def token_groups(self, lower: str) -> tuple[str, ...]:
        """The families' trigger groups a token belongs to: a listed word, or by its shape a time ("7:27",
        "7pm"), a decade ("1990s", "'90s"), a year ("2019") or a hyphenated length ("16-hour")."""
        found = self.groups_of.get(lower, ())
        first = lower[:1]
        if first.isdigit() or first in "'’":
            if ":" in lower or lower.endswith(("pm", "am", "p.m.", "a.m.")):
                found = (*found, "time")
            if lower.endswith("s") and lower[-2:-1].isdigit():
                found = (*found, "decade")
            if len(lower) >= 4 and _HAS_YEAR.search(lower):
                found = (*found, "year")
        if "-" in lower:
            pieces = lower.split("-")
            if any(piece in self.units_lower or piece in {"long", "old", "end", "ago", "earlier"} for piece in pieces):
                found = (*found, "unit")
            if any(piece[-1:] == "s" and piece[:-1].isdigit() for piece in pieces):
                found = (*found, "decade")
        return found

    @staticmethod
    def matchable(text: str) -> str:
        """The text with no-break and thin spaces as plain ones, offsets unchanged (one character for one)."""
        return text.translate(UNICODE_SPACES) if _UNICODE_SPACE.search(text) else text

    @staticmethod
    def windows(triggers: dict[str, list[int]], tokens: int) -> dict[str, list[tuple[int, int]]]:
        """Per family, the token ranges (inclusive, merged) around the tokens of its trigger groups."""
        return {label: _merge([(max(0, i - before), min(tokens - 1, i + after))
                               for group in groups for i in triggers.get(group, ())])
                for label, (groups, before, after) in FAMILY_WINDOWS.items()}

    @staticmethod
    def _searched(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]):
        """The matches of PATTERN in each window, as finditer gives them, each with a list in which the
        caller may put where the search goes on instead (a match cut short)."""
        for start, end in windows:
            at = start
            while at <= end and (match := pattern.search(text, at, end)) is not None:
                resume: list[int] = []
                yield match, resume
                at = resume[0] if resume else match.end() if match.end() > match.start() else match.end() + 1

    def _descending(self, first: str, more: str) -> int:
        """How much of MORE (", 55 minutes", " a day") goes on from a length in FIRST units: each further
        amount in the next smaller unit after the one before ("8 days, 7 hours, and 9 minutes")."""
        def code(word: str) -> str:
            word = word.lower()
            found = self.units.get(word, "")
            return "TM" if found == "M" and word in self.time_unit_words else found

        last, kept = code(first), 0
        for amount in self.further_amount.finditer(more):
            if amount.start() != kept or code(amount.group("unit")) not in _NEXT_UNITS.get(last, ()):
                break
            last, kept = code(amount.group("unit")), amount.end()
        return kept

    def find(self, text: str, windows: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int, str, dict]]:
        """Every match of every family inside its character windows."""
        found = []
        for key, pattern in self.families:
            label = key.split("/")[0]  # "duration/near": a duration's patterns that reach only a few words
            for match, resume in self._searched(pattern, text, windows.get(key, ())):
                parts = {k: v for k, v in match.groupdict().items() if v is not None}
                s, e = match.span("x") if "x" in parts else match.span()
                found_label = label
                if label == "duration" and "offset" in parts:
                    if {"det", "rel", "more", "suffix", "old"} & parts.keys() or \
                            parts["unit"].lower() in self.time_units:
                        # "the past two years ago" says a length; "nine minutes later" a length within a day
                        e = max(match.end(g) for g in ("unit", "half", "more", "suffix", "old") if g in parts)
                        del parts["offset"]
                    else:
                        found_label = "offset"
                if label == "duration" and "more" in parts:
                    kept = self._descending(parts["unit"], parts["more"])
                    if kept < len(parts["more"]):  # "24 hours a day" is a rate, not a day and 24 hours
                        e = match.start("more") + kept
                        resume.append(e)  # what follows is searched again: "a day" on its own
                        for group in ("suffix", "old", "offset"):
                            parts.pop(group, None)
                        if kept:
                            parts["more"] = parts["more"][:kept]
                        else:
                            del parts["more"]
                if label == "duration" and "det" in parts and "num" in parts and "-" in text[match.end("num"):e]:
                    s = match.start("rel") if "rel" in parts else match.start("num")  # "the six-month mission"
                    parts.pop("det")
                if e > s:
                    found.append((s, e, found_label, parts))
        return found


# -- the component --------------------------------------------------------------------------------------------

@Language.factory("date_spans", default_config={"tense_file": "tense.json", "temporal_file": "temporal.json"})
def make_date_spans(nlp: Language, name: str, tense_file: str, temporal_file: str) -> DateSpans:
    return DateSpans(nlp, tense_file, temporal_file)


class DateSpans:
    def __init__(self, nlp: Language, tense_file: str, temporal_file: str = "temporal.json") -> None:
        tense = load_file(tense_file)
        self.future_cues = tense["future"]
        self.future_words = {c for c in tense["future"] if " " not in c}
        self.future_phrases = [c.split() for c in tense["future"] if " " in c]
        self.phrase_starts = {p[0] for p in self.future_phrases}
        self.past_words = set(tense["past"])
        self.past_suffix = tuple(tense["past_suffixes"])
        self.not_past = set(tense["not_past"])
        self.reporting = set(tense["reporting"])
        self.participle_after = set(tense["participle_after"])
        self.noun_cues = set(tense["noun_cues"])
        self.determiners = set(tense["determiners"])
        self.deadline_before = set(tense["deadline_before"])
        temporal = load_file(temporal_file)
        self.grammar = TemporalGrammar(temporal)
        self.trigger_array = numpy.array(sorted(nlp.vocab.strings.add(w) for w in self.grammar.triggers),
                                         dtype=numpy.uint64)
        # token shapes seen, and those that may be triggers (a cache over the docs of this process)
        self.shapes_checked = numpy.array([], dtype=numpy.uint64)
        self.shapes_of_triggers = numpy.array([], dtype=numpy.uint64)
        self.word_tense: dict[str, str | None] = {}
        self.calendar_before = {w.split()[-1].lower() for w in [*temporal["modifiers"], *temporal["relations"]]} | {
            "-", "of", "fiscal", "year", "fiscal-year", "this", "last", "next", "coming", "past"}
        self.rate_words = set(temporal["rate_words"])
        self.after_adverb = set(temporal["after_adverb"])
        self.time_units = set(temporal["time_units"])
        years = temporal["bare_years"]
        self.not_before_year = set(years["not_before"])
        self.year_openers = set(years["openers"])
        self.counted = set(years["counted"])
        self.calendar_orths = numpy.array(sorted(nlp.vocab.strings.add(w) for w in CALENDAR_TRIGGERS),
                                          dtype=numpy.uint64)
        self.full_stop_orths = numpy.array(sorted(nlp.vocab.strings.add(w) for w in (".", "!", "?")),
                                           dtype=numpy.uint64)
        self.four_digit_checked: set[int] = set()  # token shapes seen, and those with four digits in a row
        self.four_digit = numpy.array([], dtype=numpy.uint64)
        self.calendar = TokenPatterns((f"{label}:{index}", pattern) for index, (label, _, _) in enumerate(PATTERNS)
                                      for pattern in [PATTERNS[index][1]])
        self.trims = {f"{label}:{index}": trim for index, (label, _, trim) in enumerate(PATTERNS)}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        parts_of: dict[tuple[int, int], dict[str, str]] = {}
        texts = token_texts(doc)
        strings = doc.vocab.strings
        array = doc.to_array([LOWER, SHAPE, SPACY, IDX, ORTH, IS_SPACE])
        # Every calendar date holds a month or a four-digit number; patterns are tried only where a match
        # holding one can start.
        anchors = [i for i in numpy.nonzero(_among(array[:, 4], self.calendar_orths)
                                            | _among(array[:, 1], self._four_digit_shapes(array[:, 1], strings)))[0].tolist()
                   if texts[i] in CALENDAR_TRIGGERS or _HAS_YEAR.search(texts[i])]
        starts = sorted({k for i in anchors for k in range(max(0, i - CALENDAR_REACH), i + 1)})
        for key, start, end in self.calendar.matches(texts, starts):
            start += self.trims[key]
            if doc[end - 1].text == ",":
                end -= 1
            if doc[end - 1].text in {"'s", "’s"}:  # "December's figures": the month without its 's
                end -= 1
            label = key.split(":")[0]
            if label == "bare_year":
                if not self._bare_year(doc, start):
                    continue
                label = "year"
            span = Span(doc, start, end, label=label)
            if _valid(span):
                spans.append(span)
        grammar = self.grammar
        triggers: dict[str, list[int]] = {}
        for i, lower in self._candidates(array, strings):
            for group in grammar.token_groups(strings[lower]):
                if (group == "month" or group == "year" and texts[i][:1].isdigit()) \
                        and not self._calendar_context(texts, i, group):
                    continue  # a plain "March 5" or "2019" is the calendar patterns' alone
                triggers.setdefault(group, []).append(i)
        windows = grammar.windows(triggers, len(texts)) if triggers else {}
        trailing, starts = array[:, 2].tolist(), array[:, 3].tolist()
        text = _window_text(texts, trailing, starts, _merge([r for ranges in windows.values() for r in ranges]))
        char_windows = {label: [(starts[a], starts[b] + len(texts[b])) for a, b in ranges]
                        for label, ranges in windows.items()}
        for s, e, label, parts in grammar.find(grammar.matchable(text), char_windows):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is None or not self._plausible(doc, text, span, label, parts):
                continue
            spans.append(span)
            parts_of[(span.start, span.end, label)] = parts
        spans = [s for s in filter_spans(spans) if body_kind(doc, s.start_char, s.end_char)]
        doc.spans[DATES] = [s for s in spans if not self._weekday_of_a_date(doc, s)]
        # sentence ends (a full stop or a line break) and stops (a full stop or any white space), found with
        # numpy over the token arrays: a white-space token is the only kind that holds a line break
        full_stops = _among(array[:, 4], self.full_stop_orths)
        spaces = array[:, 5].astype(bool)
        stops = numpy.nonzero(full_stops | spaces)[0].tolist()
        ends = [i for i in stops if not spaces[i] or "\n" in texts[i]]
        found = list(doc.spans[DATES])
        range_years = {(s.start, s.end): year for s, year in zip(found, self._range_years(texts, found)) if year}
        doc.user_data[DATE_CONTEXT] = {
            (s.start, s.end): {**(self._context(doc, s, stops) if self._needs_context(s) else {}),
                               "parts": parts_of.get((s.start, s.end, s.label_), {}),
                               **({"range_year": range_years[(s.start, s.end)]}
                                  if (s.start, s.end) in range_years else {}),
                               "sentence_start": s.start_char - starts[ends[at - 1] + 1 if (at := bisect_left(
                                   ends, s.start)) else 0]}
            for s in doc.spans[DATES]}
        return doc

    def _four_digit_shapes(self, shapes, strings):
        """The token shapes with four digits in a row ("dddd", "dddd-dd"), among those seen so far: the only
        tokens that can hold a year."""
        for shape in set(shapes.tolist()) - self.four_digit_checked:
            self.four_digit_checked.add(shape)
            if "dddd" in strings[shape]:
                self.four_digit = numpy.sort(numpy.append(self.four_digit, numpy.uint64(shape)))
        return self.four_digit

    def _calendar_context(self, texts: list[str], i: int, group: str) -> bool:
        """Whether a month or a year has what the grammar adds to the calendar patterns: a relation or a
        modifier before it ("last May", "the end of 1990", "fiscal 1989", "mid-March") or, for a month, a range
        after its day ("June 5-6", "March 3 to 5") or a relative year ("May last year")."""
        before = texts[i - 1].lower() if i > 0 else ""
        if before in self.calendar_before or "-" in texts[i]:
            return True
        if group == "month":
            return any(i + k < len(texts) and texts[i + k].lower() in RANGE_WORDS for k in (2, 3)) or (
                i + 1 < len(texts) and texts[i + 1].lower() in {"last", "next", "this"})
        return False

    def _candidates(self, array, strings) -> list[tuple[int, int]]:
        """(index, lower-case hash) of the tokens that may trigger a family: a listed word, or a token shaped
        like a time, a decade, a year or a hyphenated length ("7:27", "7pm", "1990s", "'90s", "2019",
        "16-hour"); plain numbers are not. Found with numpy over the token arrays (LOWER, SHAPE first), so the
        Python loop sees only these."""
        lowers, shapes = array[:, 0], array[:, 1]
        unseen = shapes[~_among(shapes, self.shapes_checked)]
        if unseen.size:
            for shape in numpy.unique(unseen).tolist():
                text = strings[shape]
                if "-" in text or text == "dddd" or text[:1] in "d'’" and (":" in text or "x" in text):
                    self.shapes_of_triggers = numpy.sort(numpy.append(self.shapes_of_triggers, numpy.uint64(shape)))
                self.shapes_checked = numpy.sort(numpy.append(self.shapes_checked, numpy.uint64(shape)))
        mask = _among(lowers, self.trigger_array) | _among(shapes, self.shapes_of_triggers)
        indexes = numpy.nonzero(mask)[0]
        return list(zip(indexes.tolist(), lowers[indexes].tolist()))

    @staticmethod
    def _windows(doc: Doc, triggers: list[int], before: int = 7, after: int = 5) -> list[tuple[int, int]]:
        """Character ranges around the trigger tokens, merged where they touch."""
        windows: list[list[int]] = []
        for i in triggers:
            start, end = max(0, i - before), min(len(doc), i + after + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in windows]

    def _plausible(self, doc: Doc, text: str, span: Span, label: str, parts: dict[str, str]) -> bool:
        """What the grammar cannot say by itself: an age is no duration ("a 44-year-old", "52 years old"), nor
        a rate ("$5 a year", "four flights a week") or a fraction ("three-quarters"); "a second" is an ordinal
        far more often than a unit; "the fall of Rome" is no season; "quarterly" before a noun ("the quarterly
        dividend") names no recurrence; and a capitalized word inside a sentence is a name ("ABC's This Week",
        "High Noon", "VOA Today")."""
        if label == "duration":
            unit = parts.get("unit", "").lower()
            if parts.get("suffix", "").lower() == "old" or "old" in parts:
                return False
            if unit == "second" and parts.get("num", "").lower() in {"a", "an"}:
                return False
            if unit.endswith("s") and parts.get("num", "").lower() in {"a", "an"}:
                return False  # "a years-long effort": the length is "years-long"
            number = parts.get("num", "")
            if re.fullmatch(r"(1[89]|20)\d\d", number) and not unit.endswith("s"):
                return False  # "the 1988 quarter"
            if unit.startswith("quarter") and "rel" not in parts:
                return False
            if number.lower() in {"a", "an"} and span.start > 0:
                before = doc[span.start - 1]
                if before.like_num or before.text in {"%", "percent"} or before.lower_ in self.rate_words:
                    return False
        if label == "offset" and parts.get("unit", "").lower() in self.time_units:
            return False  # "nine minutes later" is a length of time within a day; the duration says it
        if label == "set" and "rec" in parts and span.end < len(doc):
            after = doc[span.end]
            if after.is_alpha and after.is_lower and after.lower_ not in self.after_adverb:
                return False
        if label in {"relative", "deictic", "reference", "duration", "offset"} or "named" in parts:
            words = span.text.split()
            if any(w[:1].isupper() for w in words[1:]):
                return False
            if words[0][:1].isupper() and span.start > 0 and not self._sentence_start(doc, span.start):
                return False
        if label == "season" and parts.get("rel", "").lower() == "the" and "year" not in parts:
            if text[span.end_char:span.end_char + 4].lower().startswith(" of"):
                return False
        if label == "season" and not ({"rel", "year", "mod"} & parts.keys()):
            return False
        if label == "month" and not ({"rel", "mod", "yrel"} & parts.keys()):
            return False  # a month alone, or with its year or day, is the calendar patterns' to find
        return True

    def _bare_year(self, doc: Doc, i: int) -> bool:
        """A four-digit number with no date word around it is a year ("his unsuccessful 1996 campaign", "bonds
        due 1993", "in both 1990 and 1991") unless it counts something ("2019 bolts", "1500 pounds", "2000
        km"), follows a name or a number ("Windows 2000", "Boeing 2707") or money ("$1990")."""
        before = doc[i - 1] if i > 0 else None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if before is not None and not before.is_space:
            if before.like_num or before.text in self.not_before_year:
                return False
            if before.is_title and before.lower_ not in self.year_openers and not self._sentence_start(doc, i - 1):
                return False
        if after is not None and not after.is_space:
            if after.like_num or after.lower_ in self.counted or after.text in {"%", "-", "–", "/", ":", "×", "x"}:
                return False
            if after.is_alpha and after.is_lower and after.text.endswith("s") and not after.text.endswith("ss"):
                return False  # a plural noun: what is counted
        return True

    @staticmethod
    def _sentence_start(doc: Doc, i: int) -> bool:
        """Whether token I opens a sentence (after a full stop, a line break, an opening quote or bracket)."""
        j = i - 1
        while j >= 0 and doc[j].text in {'"', "“", "‘", "'", "``", "(", "["}:
            j -= 1
        return j < 0 or doc[j].is_space or doc[j].text.endswith((".", "!", "?", ":")) or doc[j].text in {"--", "_"} \
            or "\n" in doc[j].text_with_ws

    @staticmethod
    def _range_years(texts: list[str], spans: list[Span]) -> list[int | None]:
        """For each date written without a year, the year of the dated one it opens a range with: the next
        date, one connecting word away ("September to November 2014", "March 3 through April 1, 2019")."""
        years: list[int | None] = []
        for span, after in zip(spans, [*spans[1:], None]):
            year = None
            if (after is not None and span.label_ in {"day", "month"} and not _HAS_YEAR.search(span.text)
                    and after.label_ in {"day", "month"} and after.start - span.end == 1
                    and texts[span.end].lower() in RANGE_CONNECTORS and (m := _HAS_YEAR.search(after.text))):
                year = int(m.group())
            years.append(year)
        return years

    @staticmethod
    def _needs_context(span: Span) -> bool:
        """Only what may lack a year reads its sentence: a month or day without one, a weekday, a season, a
        weekend."""
        if span.label_ in {"weekday", "season"} or (span.label_ == "relative" and "weekend" in span.text.lower()):
            return True
        return span.label_ in {"day", "month", "range"} and not _HAS_YEAR.search(span.text)

    def _context(self, doc: Doc, span: Span, stops: list[int]) -> dict:
        """What the words around a date say about its year: a weekday written with it ("Tuesday, March 19"),
        a future cue earlier in its sentence ("will launch", "no later than"), and the tense cue nearest to it
        in its sentence (a future word, a past-tense verb)."""
        texts = token_texts(doc)
        weekday = None
        for text in reversed(texts[max(0, span.start - 3):span.start]):
            if text in WEEKDAYS:
                weekday = WEEKDAYS.index(text)
                break
            if text not in {",", "(", ")", "on"}:
                break
        # its sentence: from after the stop before it to the stop after it, SENTENCE_WINDOW tokens at most
        at = bisect_left(stops, span.start)
        start = max(stops[at - 1] + 1 if at > 0 else 0, span.start - SENTENCE_WINDOW)
        after = bisect_left(stops, span.end)
        end = min(stops[after] if after < len(stops) else len(texts), span.end + SENTENCE_WINDOW)
        classes = self._classes(doc, texts)
        if span.start > 0 and texts[span.start - 1].lower() in self.deadline_before:
            return {"weekday": weekday, "future": True, "tense": "future"}
        future = any(classes(i) == "future" for i in range(start, span.start))
        tense = self._tense(classes, start, span.start, span.end, end)
        if tense == "past" and self._infinitive_between(texts, start, span.start, classes):
            tense = None
        return {"weekday": weekday, "future": future, "tense": tense}

    def _infinitive_between(self, texts: list[str], start: int, date_start: int, classes) -> bool:
        """Whether "to" and a verb stand between the date and the nearest past verb before it: the date
        then belongs to the infinitive ("decided to admit them in early March"), whose time the past verb does
        not tell."""
        for i in range(date_start - 1, start, -1):
            if classes(i) == "past":
                return False
            following = texts[i + 1] if i + 1 < date_start else ""
            if texts[i].lower() == "to" and following.isalpha() and following.islower() \
                    and following not in self.determiners:
                return True
        return False

    def _classes(self, doc: Doc, texts: list[str]):
        """Per token (memoized for the doc): "future" (a future word, or the first word of a future phrase such
        as "no later than"), "past" (a past-tense verb), "reporting" ("said") or None."""
        memo = doc.user_data.get("tense_classes")
        if memo is None:
            memo = doc.user_data["tense_classes"] = {}

        def classify(i: int) -> str | None:
            if i in memo:
                return memo[i]
            word = texts[i].lower()
            if word not in self.word_tense:
                self.word_tense[word] = (
                    "reporting" if word in self.reporting else "future" if word in self.future_words
                    else "past" if word in self.past_words or (word.endswith(self.past_suffix) and len(word) > 4
                                                                and word.isalpha() and word not in self.not_past)
                    else None)
            found = self.word_tense[word]
            if found in {"past", "future"} and i > 0:
                before = texts[i - 1].lower()
                if (found == "past" and before in self.participle_after) or (
                        found == "future" and word in self.noun_cues and before in self.determiners):
                    found = None
            if found is None and word in self.phrase_starts and any(
                    [t.lower() for t in texts[i:i + len(p)]] == p for p in self.future_phrases):
                found = "future"
            memo[i] = found
            return found

        return classify

    @staticmethod
    def _tense(classes, start: int, date_start: int, date_end: int, end: int) -> str | None:
        """The tense of the verb nearest the date in its sentence (tokens START to END), as HeidelTime reads a
        news story: a future word ("will", "scheduled") or a past-tense verb ("was", "landed"); None when
        neither is found. A cue before the date wins over one at the same distance after it; a reporting verb
        ("said") counts only when no other cue is found ("In September, it announced"), or when the date is
        its own ("the decision, announced Wednesday", "said Friday"): the verb right beside it."""
        reported = None
        for distance in range(max(date_start - start, end - date_end)):
            for i in (date_start - 1 - distance, date_end + distance):
                if not (start <= i < date_start or date_end <= i < end):
                    continue
                found = classes(i)
                if found == "reporting" and distance == 0:
                    return "past"
                if found == "reporting":
                    reported = reported or "past"
                elif found:
                    return found
        return reported

    @staticmethod
    def _weekday_of_a_date(doc: Doc, span: Span) -> bool:
        """"Tuesday (Nov. 17)" and "Wednesday, April 17": the date beside the weekday carries the value."""
        if span.label_ != "weekday" or span.text.lower().endswith(("morning", "afternoon", "evening", "night")):
            return False
        following = [t.text for t in doc[span.end:span.end + 2]]
        if following and following[0] in {",", "("}:
            following = following[1:]
        return bool(following) and (following[0] in MONTHS or following[0] in ABBREVIATIONS)
