"""Stage 3 - recognize: entity and date spans with spaCy, on `spacy.blank("en")` plus this project's
components (see `pipeline.components`). No trained model and no download is needed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

# Importing the components registers their factories with spaCy.
from pipeline.components import DATES, MENTIONS, SPAN_INFO, get_info, set_body, set_info
from pipeline.components.date_spans import DATE_CONTEXT, DateSpan
from pipeline.components import cue_names, date_spans, family_named_vehicles, given_name_people  # noqa: F401
from pipeline.components import gazetteer_places, institution_names  # noqa: F401
from pipeline.components import knowledge_ruler, person_affiliation  # noqa: F401
from pipeline.components import mention_resolver, patterned_names, person_finder  # noqa: F401
from pipeline.components.mention_resolver import describe, full_name_surnames, in_body, settle, wanted_names
from pipeline.load import MAX_BYTES
from pipeline.segment import Segmented

COMPONENTS = [
    ("knowledge_ruler", {}),
    ("patterned_names", {}),
    ("fuzzy_knowledge", {}),
    ("family_named_vehicles", {}),
    ("cue_names", {}),
    ("institution_names", {}),
    ("person_finder", {}),
    ("given_name_people", {}),
    ("gazetteer_places", {}),
    ("mention_resolver", {}),
    ("person_affiliation", {}),
    ("date_spans", {}),
]


@dataclass(frozen=True, slots=True)
class RecognizedMention:
    start: int
    end: int
    text: str
    type: str
    knowledge_id: str | None  # id in the knowledge files or from a pattern, when known
    name: str | None  # canonical name, when the recognizer knows it
    cue: dict | None  # person: role/agency from context; numbered spacecraft: family


@dataclass(frozen=True)
class Recognized:
    mentions: list[RecognizedMention]
    dates: list[DateSpan]


# A sentence-final period after a serial such as "39A" or "TMA-13M" is punctuation, not part of the name.
SERIAL_PERIOD = r"(?<=[0-9][A-Z])\."


# "Expedition 70/71" names two expeditions: a slash between numbers splits the token.
NUMBER_SLASH = r"(?<=[0-9])/(?=[0-9])"


def build_nlp() -> Language:
    nlp = spacy.blank("en")
    suffixes = [*nlp.Defaults.suffixes, SERIAL_PERIOD]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    infixes = [*nlp.Defaults.infixes, NUMBER_SLASH]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.max_length = MAX_BYTES  # no article the loader accepts is refused here
    for name, config in COMPONENTS:
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """One pipeline per process: building it compiles every knowledge file."""
    return build_nlp()


def make_doc(nlp: Language, text: str, segmented: Segmented) -> Doc:
    doc = nlp.make_doc(text)
    set_body(doc, segmented.body_spans())
    return doc


def read_doc(doc: Doc) -> Recognized:
    return Recognized(_mentions(doc, 0), _dates(doc, 0))


def _mentions(doc: Doc, offset: int) -> list[RecognizedMention]:
    """The doc's mentions with offsets into the article (the doc's text starts at `offset`)."""
    mentions = []
    for s in doc.spans[MENTIONS]:
        info = get_info(s)
        mentions.append(RecognizedMention(offset + s.start_char, offset + s.end_char, s.text, s.label_,
                                          s.id_ or None, info.get("name"), info.get("cue")))
    return mentions


def _dates(doc: Doc, offset: int, since: int = 0, until: int | None = None) -> list[DateSpan]:
    """The doc's date spans with offsets into the article, those starting in [since, until) only."""
    context = doc.user_data.get(DATE_CONTEXT, {})
    return [DateSpan(offset + s.start_char, offset + s.end_char, s.text, s.label_,
                     **context.get((s.start, s.end), {}))
            for s in doc.spans[DATES]
            if since <= offset + s.start_char and (until is None or offset + s.start_char < until)]


# -- long articles ------------------------------------------------------------------------------------------
# A Doc costs a few hundred bytes a token, so a 5 MB article in one Doc would take well over a gigabyte at its
# peak. A long article is recognized instead in slices of whole lines, each Doc dropped once read: every
# component reads a name or a date within its line, so each slice gives what the whole Doc would. What spans
# lines is `mention_resolver`'s work (a name found once recurs anywhere; a surname is kept when someone has it
# in full), done here across the slices: candidates are settled with the whole article's surnames, and the
# names that recur come from the whole article's settled names. Each slice is read with the line before and
# the line after it as context (a weekday looks at the words after it), whose findings belong to their own
# slice.

SLICE_CHARS = 100_000  # an article longer than this is recognized in slices of about this many characters
_RESOLVED_AFTER = {"mention_resolver", "person_affiliation"}  # run once the whole article's names are known


def _line_start_after(text: str, at: int) -> int:
    """The start of the first line that begins after offset `at` (past the line break and the white space
    after it), or len(text)."""
    newline = text.find("\n", at)
    if newline < 0:
        return len(text)
    k = newline + 1
    while k < len(text) and text[k].isspace():
        k += 1
    return k


def _line_start_before(text: str, at: int) -> int:
    """The start of the last line that ends before offset `at` (0 when there is none)."""
    k = at - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0:
        return 0
    newline = text.rfind("\n", 0, k)
    return _line_start_after(text, newline) if newline >= 0 else 0


def slice_starts(text: str, size: int = SLICE_CHARS) -> list[int]:
    """Where the slices start: 0, then the start of the first line at least `size` characters on, and so on.
    A single line longer than `size` stays whole."""
    starts = [0]
    while len(text) - starts[-1] > size:
        cut = _line_start_after(text, starts[-1] + size)
        if cut >= len(text):
            break
        starts.append(cut)
    return starts


@dataclass
class _Slice:
    offset: int  # where the slice's Doc text starts in the article (the context line before, if any)
    begin: int  # the slice's own range in the article
    end: int
    tokens: tuple  # (ORTH, SPACY) arrays, to rebuild the Doc without tokenizing again
    body: list[tuple[int, int, str]]  # body ranges in the Doc's text
    candidates: list  # mention_resolver.Candidate of the slice's own candidates, in the components' order
    starts: list[int]  # their start offsets in the article
    info: dict  # span_info of those candidates


def recognize_in_slices(nlp: Language, text: str, segmented: Segmented, size: int = SLICE_CHARS) -> Recognized:
    """What `read_doc(nlp(make_doc(nlp, text, segmented)))` gives, with memory bounded by the slice size."""
    starts = slice_starts(text, size)
    ends = [*starts[1:], len(text)]
    body = segmented.body_spans()
    slices: list[_Slice] = []
    dates: list[DateSpan] = []
    for begin, end in zip(starts, ends):
        offset = _line_start_before(text, begin)
        stop = _line_start_after(text, end) if end < len(text) else end
        doc = nlp.make_doc(text[offset:stop])
        local_body = [(a - offset, b - offset, kind) for a, b, kind in body if offset <= a and b <= stop]
        set_body(doc, local_body)
        for name, component in nlp.pipeline:
            if name not in _RESOLVED_AFTER:
                doc = component(doc)
        own = [s for s in in_body(doc) if begin <= offset + s.start_char < end]
        infos = doc.user_data.get(SPAN_INFO, {})
        keys = [(s.start, s.end, s.label_) for s in own]
        slices.append(_Slice(offset, begin, end, (doc.to_array(ORTH), doc.to_array(SPACY).astype(bool)),
                             local_body, [describe(doc, s) for s in own], [offset + s.start_char for s in own],
                             {key: infos[key] for key in keys if key in infos}))
        dates += _dates(doc, offset, begin, end)
        del doc, own

    # Settled with the whole article's surnames; names recur from all the settled names, in settling order.
    surnames = set().union(*(full_name_surnames(piece.candidates) for piece in slices))
    kept_of = [settle(piece.candidates, surnames) for piece in slices]
    settled = sorted(((piece.candidates[k], piece.starts[k]) for piece, kept in zip(slices, kept_of) for k in kept),
                     key=lambda item: (item[0].tier, -(item[0].end - item[0].start), item[1]))
    wanted = wanted_names([candidate for candidate, _ in settled])
    del settled

    resolver, affiliation = nlp.get_pipe("mention_resolver"), nlp.get_pipe("person_affiliation")
    strings = nlp.vocab.strings
    mentions: list[RecognizedMention] = []
    for piece, kept in zip(slices, kept_of):
        orths, spaces = piece.tokens
        shared: dict[int, str] = {}
        words = [shared[h] if h in shared else shared.setdefault(h, strings[h]) for h in orths.tolist()]
        doc = Doc(nlp.vocab, words=words, spaces=spaces.tolist())
        set_body(doc, piece.body)
        spans = []
        for k in kept:
            c = piece.candidates[k]
            span = Span(doc, c.start, c.end, label=c.label, span_id=c.knowledge_id)
            info = piece.info.get((c.start, c.end, c.label))
            if info:
                set_info(span, **info)
            spans.append(span)
        taken = {i for s in spans for i in range(s.start, s.end)}
        found = [s for s in resolver.recurrences(doc, taken, wanted)
                 if piece.begin <= piece.offset + s.start_char < piece.end]
        doc.spans[MENTIONS] = sorted(spans + found, key=lambda s: (s.start, s.end))
        doc = affiliation(doc)
        mentions += _mentions(doc, piece.offset)
        piece.tokens = piece.candidates = piece.info = None  # done with: free as the slices are read
        del doc, spans, found
    return Recognized(mentions, dates)
