"""Names from the knowledge files, matched with spaCy's SpanRuler; misspellings caught with rapidfuzz."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy

from rapidfuzz import fuzz, process
from spacy.attrs import IS_PUNCT, IS_TITLE, IS_UPPER
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from pipeline.components import CANDIDATES, add_candidates, covered_tokens, token_texts
from pipeline.components.names import NOT_NAMES
from pipeline.knowledge import KnowledgeBase, knowledge_base


def ruler_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """SpanRuler phrase patterns: one per name form. A one-word form that is an ordinary word (Unity, Quest) is
    matched only together with a cue word after it ("Quest airlock", "Orion spacecraft"), written out as
    phrases so that every pattern stays on the fast phrase matcher."""
    patterns: list[dict[str, Any]] = []
    for record in kb.records.values():
        for form in record.forms:
            if not record.needs_context or " " in form:  # "Joint Airlock" is no ordinary phrase
                patterns.append({"label": record.type, "pattern": form, "id": record.id})
                continue
            for cue in {w.split()[0] for w in record.context_words}:
                for phrase in {f"{form} {cue}", f"{form} {cue.title()}"}:
                    patterns.append({"label": record.type, "pattern": phrase, "id": record.id})
            for cue in {w.split()[-1] for w in record.context_words if w.split()[-1].isalpha()}:
                # "the rover Opportunity", "Mars Exploration Rover Opportunity": a cue noun before the name
                for phrase in {f"{cue} {form}", f"{cue.title()} {form}"}:
                    patterns.append({"label": record.type, "pattern": phrase, "id": record.id})
    return patterns


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@Language.factory("knowledge_ruler", default_config={})
def make_knowledge_ruler(nlp: Language, name: str) -> SpanRuler:
    ruler = SpanRuler(nlp, name, spans_key=CANDIDATES, annotate_ents=False, overwrite=False, validate=False)
    ruler.add_patterns(ruler_patterns(knowledge_base()))
    return ruler


@Language.factory("fuzzy_knowledge", default_config={"threshold": 90.0, "types": ["organization", "location"]})
def make_fuzzy_knowledge(nlp: Language, name: str, threshold: float, types: list[str]) -> FuzzyKnowledge:
    return FuzzyKnowledge(threshold, types)


class FuzzyKnowledge:
    """Capitalized runs of two or more words that are a near miss of a known multi-word name
    ("Northrup Grumman" for "Northrop Grumman"). The threshold is measured in tests/test_fuzzy_threshold.py:
    real misspellings score 90.9 and up, distinct names at most 86.7."""

    def __init__(self, threshold: float, types: list[str]) -> None:
        self.threshold = threshold
        kb = knowledge_base()
        self.choices: dict[str, tuple[str, str]] = {}
        for type_ in types:
            for record in kb.by_type(type_):
                for form in record.forms:
                    if " " in form and not record.needs_context:
                        self.choices[form] = (record.id, record.type)
        # Misspellings rarely touch the first letter: comparing only names with the same one is ~20x cheaper.
        self.by_initial: dict[str, list[str]] = {}
        for form in self.choices:
            self.by_initial.setdefault(form[0].lower(), []).append(form)

    def __call__(self, doc: Doc) -> Doc:
        covered = covered_tokens(doc)
        texts = token_texts(doc)
        # Capitalized words found on the token arrays (no Token objects): this looks at every token.
        flags = doc.to_array([IS_TITLE, IS_UPPER, IS_PUNCT])
        capital = numpy.flatnonzero((flags[:, 0] | flags[:, 1]) & (flags[:, 2] == 0)).tolist()
        capital = [i for i in capital if i not in covered and texts[i] not in NOT_NAMES]
        found = []
        for i, j in _runs(capital):
            if j - i < 2:
                continue
            text = doc[i:j].text
            best = self._closest(text)
            if best and _digits(best) == _digits(text):  # "Complex 40" is not "Complex 41"
                record_id, type_ = self.choices[best]
                found.append(Span(doc, i, j, label=type_, span_id=record_id))
        add_candidates(doc, found)
        return doc

    @lru_cache(maxsize=65536)
    def _closest(self, text: str) -> str | None:
        """The known name closest to `text`, if within the threshold. Runs of capitalized words recur across
        an archive ("International Space Station", "Mission Control"), so answers are kept."""
        best = process.extractOne(text, self.by_initial.get(text[0].lower(), ()), scorer=fuzz.ratio,
                                  score_cutoff=self.threshold)
        return best[0] if best else None


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted token indices as (start, end) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs
