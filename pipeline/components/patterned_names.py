"""Numbered flights and missions (Soyuz MS-12, Cygnus NG-11, HTV-8, Crew-1, Expedition 58) by token pattern
(`knowledge/patterns.json`)."""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import add_candidates, set_info, token_texts
from pipeline.components.token_patterns import TokenPatterns
from pipeline.knowledge import load_records_file, slug


def _token_spec(spec: str) -> dict[str, Any]:
    if spec.startswith("re:"):
        return {"TEXT": {"REGEX": spec[3:]}}
    return {"ORTH": spec}


@Language.factory("patterned_names", default_config={"patterns_file": "patterns.json"})
def make_patterned_names(nlp: Language, name: str, patterns_file: str) -> PatternedNames:
    return PatternedNames(nlp, load_records_file(patterns_file))


class PatternedNames:
    """Each pattern is a fixed sequence of tokens (a word, or "re:" and an expression searched in the token's
    text) that opens with a literal word ("Soyuz") or a serial ("HTV-8", "Crew-1"; every serial expression
    wants a hyphen), so patterns are tried only at such tokens (see `token_patterns`)."""

    def __init__(self, nlp: Language, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.patterns = TokenPatterns((index, [_token_spec(s) for s in r["tokens"]])
                                      for index, r in enumerate(records))
        self.first_words = {r["tokens"][0] for r in records if not r["tokens"][0].startswith("re:")}
        self.first_serial = re.compile("|".join(f"(?:{r['tokens'][0][3:]})" for r in records
                                                if r["tokens"][0].startswith("re:")))
        self.regex_positions = [
            next((k for k, s in enumerate(r["tokens"]) if s.startswith("re:")), None) for r in records
        ]

    def __call__(self, doc: Doc) -> Doc:
        found = []
        texts = token_texts(doc)
        starts = [i for i, text in enumerate(texts)
                  if text in self.first_words or ("-" in text and self.first_serial.search(text))]
        for index, start, end in self.patterns.matches(texts, starts):
            record = self.records[index]
            position = self.regex_positions[index]
            serial = texts[start + position] if position is not None else ""
            number = re.search(r"\d+", serial)
            name = record["name"].format(serial=serial, n=int(number.group()) if number else "",
                                         last=texts[end - 1])
            found.append(self._span(doc, start, end, record, name))
            if position is not None and end - start == position + 1:
                found.extend(self._coordinated(doc, end, record, serial))
        add_candidates(doc, found)
        return doc

    @staticmethod
    def _span(doc: Doc, start: int, end: int, record: dict[str, Any], name: str) -> Span:
        span = Span(doc, start, end, label=record["type"], span_id=f"{record['type']}:{slug(name)}")
        cue = {k: record[k] for k in ("family", "vehicle") if record.get(k)}
        set_info(span, name=name, cue=cue or None)
        return span

    def _coordinated(self, doc: Doc, end: int, record: dict[str, Any], serial: str) -> list[Span]:
        """ "Expeditions 71 and 72", "Expedition 70/71", "Soyuz 4 and 5": each number after the match names one more of its kind."""
        expression = record["tokens"][-1]
        if not expression.startswith("re:"):
            return []
        check = re.compile(expression[3:])
        spans = []
        k = end
        while k + 1 < len(doc) and doc[k].text in {",", "and", "&", "/"}:
            k += 1
            if doc[k].text == "and" and k + 1 < len(doc):
                k += 1
            if not check.search(doc[k].text) or (k + 1 < len(doc) and doc[k + 1].text[:1].isalpha()
                                                  and not doc[k + 1].is_lower):
                break
            number = re.search(r"\d+", doc[k].text)
            name = record["name"].format(serial=doc[k].text, n=int(number.group()) if number else "",
                                         last=doc[k].text)
            spans.append(self._span(doc, k, k + 1, record, name))
            k += 1
        return spans
