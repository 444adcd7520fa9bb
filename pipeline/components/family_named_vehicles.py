"""Vehicles named right after their family's name: "the Lunar Module (LM) Spider", "Command and Service Module
Charlie Brown", "the Lunar Module Snoopy"; or given a call sign for it: "the call signs Spider for the LM and
Gumdrop for the CSM". Only families whose knowledge record says their vehicles are named this way
(`names_follow`) are read, and only in running text: a heading's capitalized words are no name.

The vehicle is found without a knowledge id, as a name from context: `mention_resolver` then finds its other
occurrences ("Spider backed away from Gumdrop"), and `normalize` links the family's bare word ("the lunar
module") to it when it is the one vehicle of that family the article names."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import add_candidates, body_kind, candidate_spans, covered_tokens, set_info, token_texts
from pipeline.components.names import NOT_NAMES
from pipeline.knowledge import knowledge_base, load_file

MAX_NAME_WORDS = 2


@Language.factory("family_named_vehicles", default_config={"cues_file": "cues.json"})
def make_family_named_vehicles(nlp: Language, name: str, cues_file: str) -> FamilyNamedVehicles:
    cues = load_file(cues_file)
    return FamilyNamedVehicles(set(cues["vehicle_name_vetoes"]), cues["call_sign_words"])


class FamilyNamedVehicles:
    def __init__(self, not_names: set[str], call_sign_words: list[str]) -> None:
        kb = knowledge_base()
        # knowledge id of a family record -> the family's name ("Lunar Module")
        self.families = {r.id: r.name for r in kb.by_type("spacecraft")
                         if r.attributes.get("family") == r.name and r.attributes.get("names_follow")}
        self.not_names = NOT_NAMES | not_names  # hardware words: "the Lunar Module Descent Engine"
        self.call_signs = {tuple(words.split()) for words in call_sign_words}
        self.call_sign_firsts = {form for words in self.call_signs for form in (words[0], words[0].capitalize())}

    def __call__(self, doc: Doc) -> Doc:
        covered = covered_tokens(doc)
        texts = token_texts(doc)
        family_at = {span.start: (span.end, family) for span in candidate_spans(doc)
                     if span.label_ == "spacecraft" and (family := self.families.get(span.id_))}
        found = []
        for start, (end, family) in family_at.items():
            k = end
            if k + 2 < len(doc) and texts[k] == "(" and texts[k + 2] == ")" and texts[k + 1].isupper():
                k += 3  # "Lunar Module (LM) Spider"
            found += self._vehicle(doc, k, self._name_end(doc, texts, covered, k), family)
        for i in self._after_call_signs(texts):
            # "Spider for the LM and Gumdrop for the CSM"
            while True:
                end = self._name_end(doc, texts, covered, i)
                at = end + 2 if end + 1 < len(doc) and texts[end] == "for" and texts[end + 1] == "the" else -1
                if end == i or at not in family_at:
                    break
                family_end, family = family_at[at]
                found += self._vehicle(doc, i, end, family)
                i = family_end + (1 if family_end < len(doc) and texts[family_end] == "," else 0)
                if i >= len(doc) or texts[i] != "and":
                    break
                i += 1
        add_candidates(doc, found)
        return doc

    def _after_call_signs(self, texts: list[str]) -> list[int]:
        """The tokens just after each "call sign(s)"."""
        return [i + len(words) for i in [i for i, text in enumerate(texts) if text in self.call_sign_firsts]
                for words in self.call_signs if tuple(w.lower() for w in texts[i:i + len(words)]) == words]

    def _name_end(self, doc: Doc, texts: list[str], covered: set[int], k: int) -> int:
        """The end of a vehicle's name of one or two capitalized words at token k (k itself when none)."""
        end = k
        while end < len(doc) and end - k < MAX_NAME_WORDS and end not in covered and texts[end].istitle() \
                and texts[end].isalpha() and texts[end] not in self.not_names:
            end += 1
        if end < len(doc) and texts[end].istitle() and texts[end].isalpha():
            return k  # a longer capitalized run: some other name
        return end

    @staticmethod
    def _vehicle(doc: Doc, start: int, end: int, family: str) -> list[Span]:
        if end == start:
            return []
        vehicle = Span(doc, start, end, label="spacecraft")
        if body_kind(doc, vehicle.start_char, vehicle.end_char) != "text":
            return []
        set_info(vehicle, name=vehicle.text, cue={"family": family})
        return [vehicle]
