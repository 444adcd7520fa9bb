"""Stage 3 - recognize: entity and date spans with spaCy, on `spacy.blank("en")` plus this project's
components (see `pipeline.components`). No trained model and no download is needed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

# Importing the components registers their factories with spaCy.
from pipeline.components import DATES, MENTIONS, get_info, set_body
from pipeline.components.date_spans import DATE_CONTEXT, DateSpan
from pipeline.components import cue_names, date_spans, given_name_people, institution_names  # noqa: F401
from pipeline.components import knowledge_ruler, person_affiliation  # noqa: F401
from pipeline.components import mention_resolver, patterned_names, person_finder  # noqa: F401
from pipeline.load import MAX_BYTES
from pipeline.segment import Segmented

COMPONENTS = [
    ("knowledge_ruler", {}),
    ("patterned_names", {}),
    ("fuzzy_knowledge", {}),
    ("cue_names", {}),
    ("institution_names", {}),
    ("person_finder", {}),
    ("given_name_people", {}),
    ("mention_resolver", {}),
    ("person_affiliation", {}),
    ("date_spans", {}),
]


@dataclass(frozen=True)
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
    mentions = [
        RecognizedMention(s.start_char, s.end_char, s.text, s.label_, s.id_ or None, info.get("name"),
                          info.get("cue"))
        for s in doc.spans[MENTIONS]
        for info in (get_info(s),)
    ]
    context = doc.user_data.get(DATE_CONTEXT, {})
    dates = [DateSpan(s.start_char, s.end_char, s.text, s.label_, **context.get((s.start, s.end), {}))
             for s in doc.spans[DATES]]
    return Recognized(mentions, dates)

