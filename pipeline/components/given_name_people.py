"""People named with no cue word at all ("said Ken Bowersox", "Jennifer Kunz, associate director"), found by
their given name: a run of two to four capitalized name words ("Dana Hutcherson", "Eric van der Wal",
"David M. Walker") whose first word is in a given-name lexicon (the gender-guesser package's name list).
Knowledge vetoes keep precision: tokens another component already claimed ("Kennedy Space Center",
"Soyuz MS-12"), first words that are mostly something else in space news, and runs holding an institution
word ("Jet Propulsion Laboratory"). These spans carry no cue; `mention_resolver` ranks them below every
other candidate."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import add_candidates, body_kind, candidate_spans, covered_tokens, token_texts
from pipeline.components.names import PARTICLES, name_parts, read_name_backward, read_name_forward
from pipeline.knowledge import knowledge_base, load_file


INITIAL = re.compile(r"^[A-Z]\.$")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The lexicon's given names, as capitalized single words ("Jean-Pierre" kept whole)."""
    import gender_guesser.detector

    names = gender_guesser.detector.Detector(case_sensitive=True).names
    return frozenset(n for n in names if n[:1].isupper() and " " not in n and "+" not in n)


@lru_cache(maxsize=1)
def name_vetoes() -> tuple[frozenset[str], frozenset[str]]:
    """(first words that start a person's name, words that make a capitalized run an institution or place)."""
    lexicon = load_file("given_names.json")
    one_word_forms = {form for record in knowledge_base().records.values() for form in record.forms
                      if " " not in form}
    return (frozenset(given_names() - set(lexicon["not_given_names"]) - one_word_forms),
            frozenset(lexicon["institution_words"]))


def names_an_institution(words: list[str], institution_words: frozenset[str]) -> bool:
    """ "Collier Trophy", "Tony Awards", "Crew Equipment Interface Test": not a person's name."""
    for word in words:
        word = word.rstrip(".")
        if word in institution_words or (word.endswith("s") and word[:-1] in institution_words):
            return True
    return False


@Language.factory("given_name_people", default_config={"lexicon_file": "given_names.json"})
def make_given_name_people(nlp: Language, name: str, lexicon_file: str) -> GivenNamePeople:
    return GivenNamePeople(load_file(lexicon_file))


class GivenNamePeople:
    def __init__(self, lexicon: dict) -> None:
        self.first_words, self.institution_words = name_vetoes()
        self.vessel_prefixes = set(lexicon["vessel_prefixes"])

    def __call__(self, doc: Doc) -> Doc:
        blocked = covered_tokens(doc)
        texts = token_texts(doc)
        found: list[Span] = []
        i = 0
        while i < len(doc):
            if texts[i] not in self.first_words or i in blocked or doc[i].is_stop:  # "You", "Will", "May"
                i += 1
                continue
            rng = read_name_forward(doc, i, blocked)
            if rng is None or name_parts(doc, *rng) < 2 or self._not_a_name(doc, texts, *rng) \
                    or self._names_a_vehicle(doc, texts, rng[0], blocked):
                i += 1
                continue
            start, end = rng
            if start > 0 and INITIAL.match(texts[start - 1]) and start - 1 not in blocked:
                start -= 1  # "A. Lee Briscoe", "T. Keith Glennan"
            span = Span(doc, start, end, label="person")
            if body_kind(doc, span.start_char, span.end_char) == "text":  # a heading needs a role word
                found.append(span)
            i = end
        found.extend(self._coordinated(doc, texts, blocked, found))
        add_candidates(doc, found)
        return doc

    def _coordinated(self, doc: Doc, texts: list[str], blocked: set[int], found: list[Span]) -> list[Span]:
        """ "Butch Wilmore and Suni Williams splashed down", "with Peggy Whitson, Sławosz Uznański-Wiśniewski and
        Tibor Kapu": full names listed with a person's name ("A, B and C", ending on "and") are people too,
        whatever their first words."""
        people = sorted((s for s in [*candidate_spans(doc), *found]
                         if s.label_ == "person" and name_parts(doc, s.start, s.end) >= 2), key=lambda s: s.start)
        taken = blocked | {i for s in found for i in range(s.start, s.end)}
        person_at = {s.start: s for s in people}
        more: list[Span] = []
        for span in people:
            # Back to the list's first name: "P Q, A B, ..." before this person.
            first = (span.start, span.end)
            while first[0] > 1 and texts[first[0] - 1] == ",":
                before = self._name_before(doc, texts, first[0] - 1, taken)
                if before is None:
                    break
                first = before
            items, k, closed = [first], first[1], False
            while k < len(doc) and not closed:
                if k + 1 < len(doc) and texts[k] == "," and texts[k + 1] == "and":
                    k, closed = k + 2, True
                elif texts[k] == "and":
                    k, closed = k + 1, True
                elif texts[k] == ",":
                    k += 1
                else:
                    break
                nxt = (k, person_at[k].end) if k in person_at else self._name_at(doc, texts, k, taken)
                if nxt is None:
                    break
                items.append(nxt)
                k = nxt[1]
            if not closed or len(items) < 2:
                continue  # "A, B" alone is no list of people: an appositive may follow a name
            for rng in items:
                if rng[0] in person_at or any(i in taken for i in range(*rng)):
                    continue
                partner = Span(doc, rng[0], rng[1], label="person")
                if body_kind(doc, partner.start_char, partner.end_char) == "text":
                    more.append(partner)
                    taken.update(range(*rng))
        return more

    def _name_at(self, doc: Doc, texts: list[str], k: int, taken: set[int]) -> tuple[int, int] | None:
        rng = read_name_forward(doc, k, taken)
        if rng is None or name_parts(doc, *rng) < 2 or self._not_a_name(doc, texts, *rng) \
                or self._names_a_vehicle(doc, texts, rng[0], taken):
            return None
        return rng

    def _name_before(self, doc: Doc, texts: list[str], j: int, taken: set[int]) -> tuple[int, int] | None:
        rng = read_name_backward(doc, j, taken)
        if rng is None or rng[1] != j:
            return None
        return self._name_at(doc, texts, rng[0], taken) and rng

    def _names_a_vehicle(self, doc: Doc, texts: list[str], start: int, blocked: set[int]) -> bool:
        """ "S.S. Sally Ride", 'ATV-5 "Georges Lemaitre"': a vehicle named after a person."""
        before = texts[start - 1] if start else ""
        if before in self.vessel_prefixes:
            return True
        return before in {'"', "“"} and start >= 2 and start - 2 in blocked

    def _not_a_name(self, doc: Doc, texts: list[str], start: int, end: int) -> bool:
        """A run inside a longer name of an institution or place ("Collier Trophy", "Tony Awards"), or a
        capitalized phrase of ordinary words ("Can Take You"), not a person's name."""
        following = texts[end] if end < len(texts) else ""
        if names_an_institution([*texts[start:end], following], self.institution_words):
            return True
        return any(token.is_stop and token.lower_ not in PARTICLES for token in doc[start + 1:end])
