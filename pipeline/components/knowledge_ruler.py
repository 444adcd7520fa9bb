"""Names from the knowledge files, matched with spaCy's SpanRuler; misspellings caught with rapidfuzz."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from pipeline.components import CANDIDATES, add_candidates
from pipeline.components.names import is_name_word
from pipeline.knowledge import KnowledgeBase, knowledge_base


def ruler_patterns(kb: KnowledgeBase, nlp: Language) -> list[dict[str, Any]]:
    """SpanRuler patterns: a phrase per name form; forms that are ordinary words need a cue word after them."""
    patterns: list[dict[str, Any]] = []
    for record in kb.records.values():
        for form in record.forms:
            if not record.needs_context:
                patterns.append({"label": record.type, "pattern": form, "id": record.id})
                continue
            tokens = [{"ORTH": t.text} for t in nlp.make_doc(form)]
            cues = sorted({w.split()[0].lower() for w in record.context_words})
            if cues:
                patterns.append({"label": record.type, "pattern": [*tokens, {"LOWER": {"IN": cues}}],
                                 "id": record.id})
    return patterns


@Language.factory("knowledge_ruler", default_config={})
def make_knowledge_ruler(nlp: Language, name: str) -> SpanRuler:
    ruler = SpanRuler(nlp, name, spans_key=CANDIDATES, annotate_ents=False, overwrite=False, validate=False)
    ruler.add_patterns(ruler_patterns(knowledge_base(), nlp))
    return ruler


@Language.factory("fuzzy_knowledge", default_config={"threshold": 90.0, "types": ["organization", "location"]})
def make_fuzzy_knowledge(nlp: Language, name: str, threshold: float, types: list[str]) -> FuzzyKnowledge:
    return FuzzyKnowledge(threshold, types)


class FuzzyKnowledge:
    """Capitalized runs of two or more words that are a near miss of a known multi-word name
    ("Northrup Grumman" for "Northrop Grumman"). The threshold is measured in tests/test_fuzzy_threshold.py."""

    def __init__(self, threshold: float, types: list[str]) -> None:
        self.threshold = threshold
        kb = knowledge_base()
        self.choices: dict[str, tuple[str, str]] = {}
        for type_ in types:
            for record in kb.by_type(type_):
                for form in record.forms:
                    if " " in form and not record.needs_context:
                        self.choices[form] = (record.id, record.type)

    def __call__(self, doc: Doc) -> Doc:
        covered = {i for span in doc.spans.get(CANDIDATES, []) for i in range(span.start, span.end)}
        found = []
        i = 0
        while i < len(doc):
            if not (is_name_word(doc[i]) or doc[i].is_upper) or i in covered:
                i += 1
                continue
            j = i
            while j < len(doc) and j not in covered and (is_name_word(doc[j]) or doc[j].is_upper) \
                    and not doc[j].is_punct:
                j += 1
            if j - i >= 2:
                text = doc[i:j].text
                best = process.extractOne(text, self.choices.keys(), scorer=fuzz.ratio,
                                          score_cutoff=self.threshold)
                if best:
                    record_id, type_ = self.choices[best[0]]
                    found.append(Span(doc, i, j, label=type_, span_id=record_id))
            i = max(j, i + 1)
        add_candidates(doc, found)
        return doc
