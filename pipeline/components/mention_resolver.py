"""Settles the candidates into final mentions: keeps those inside the article body, resolves overlaps
(knowledge and patterns first, then cue-found names, then people; longer before shorter), and finds the
other occurrences of names found from context, a person's surname alone ("McClain") or with a variant of
the first name ("Anna McClain")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import MENTIONS, body_kind, candidate_spans, get_info, release_candidates, token_texts
from pipeline.components.names import is_name_word, is_name_word_at, name_parts, opens_sentence
from pipeline.knowledge import knowledge_base, load_file

VESSEL_PREFIXES = frozenset(load_file("given_names.json")["vessel_prefixes"])
VERSION = re.compile(r"^\d+\.\d+$")
MADE_THINGS = {"experiment", "spacecraft", "launch_vehicle"}  # names that may hold their maker's name


def _tier(label: str, knowledge_id: str, info: dict) -> int:
    """Institution names holding other names first, numbered flights before knowledge names ("SpaceX Dragon
    CRS-16" is Dragon CRS-16, not "SpaceX Dragon"), knowledge before names found from context, and people
    last. `info`: the candidate's `get_info`."""
    if (info.get("cue") or {}).get("institution"):
        return -1  # "Texas A&M University" over the place "Texas" inside it
    if knowledge_id:
        return 0 if info.get("name") else 1
    return 3 if label == "person" else 2


def in_body(doc: Doc) -> list[Span]:
    """The candidates inside the article body, in the order the components found them. "the U.S.S. New
    Orleans", and then "aboard the New Orleans": a ship, not the place or the person."""
    candidates = [s for s in candidate_spans(doc) if body_kind(doc, s.start_char, s.end_char)]
    texts = token_texts(doc)
    ships = {s.text for s in candidates if s.label_ in {"location", "person"} and s.start > 0
             and texts[s.start - 1] in VESSEL_PREFIXES}
    if ships:
        candidates = [s for s in candidates if s.label_ not in {"location", "person"} or s.text not in ships]
    return candidates


def surname_tokens(span: Span) -> list[str]:
    """The last name of a person span as token texts, hyphenated parts kept together ("Saint", "-", "Jacques")."""
    return _surname([t.text for t in span])


def _surname(tokens: list[str] | tuple[str, ...]) -> list[str] | tuple[str, ...]:
    k = len(tokens) - 1
    while k >= 2 and tokens[k - 1] in {"-", "'", "’"}:
        k -= 2
    return tokens[k:]


@dataclass(frozen=True, slots=True)
class Candidate:
    """What settling overlaps and choosing recurrences need to know of a candidate span, without its Doc: a long
    article is recognized in slices (`pipeline.recognize.recognize_in_slices`) whose Docs are gone by the time
    the names of the whole article are known."""

    start: int  # token range in its Doc
    end: int
    label: str
    knowledge_id: str
    tier: int
    words: tuple[str, ...]  # token texts
    parts: int  # name words, initials not counted
    surname_words: int  # how many of the last words are the surname
    first_is_name: bool  # the first token is a name word and no initial ("Anne", not "A.")
    generic: bool
    short_form: bool = False  # an acronym the article defines for a known name ("BioFabrication Facility (BFF)")

    @property
    def surname(self) -> tuple[str, ...]:
        return self.words[len(self.words) - self.surname_words:]


def describe(doc: Doc, span: Span) -> Candidate:
    start, end, label, knowledge_id = span.start, span.end, span.label_, span.id_
    texts = token_texts(doc)
    words = tuple(texts[start:end])
    info = get_info(span)
    cue = info.get("cue") or {}
    return Candidate(start, end, label, knowledge_id, _tier(label, knowledge_id, info), words,
                     name_parts(doc, start, end), len(_surname(words)),
                     is_name_word_at(doc, texts, start) and not words[0].endswith("."),
                     bool(cue.get("generic")), bool(cue.get("short_form")))


def full_name_surnames(candidates: list[Candidate]) -> set[tuple[str, ...]]:
    """Surnames of the people named in full: a one-word person candidate is kept only when it is one."""
    return {c.surname for c in candidates if c.label == "person" and c.parts >= 2}


def settle(candidates: list[Candidate], surnames: set[tuple[str, ...]]) -> list[int]:
    """Indexes of the candidates kept, in the order they were settled: by tier, longer before shorter, then
    in text order; a candidate overlapping one kept before it is dropped."""
    taken: set[int] = set()
    kept: list[int] = []
    order = [k for k, c in enumerate(candidates) if c.label != "person" or c.parts >= 2 or c.words in surnames]
    for k in sorted(order, key=lambda k: (candidates[k].tier, -(candidates[k].end - candidates[k].start),
                                          candidates[k].start)):
        c = candidates[k]
        if not any(i in taken for i in range(c.start, c.end)):
            kept.append(k)
            taken.update(range(c.start, c.end))
    return kept


def wanted_names(kept: list[Candidate]) -> dict[tuple[str, ...], tuple[str, str]]:
    """Names whose other occurrences are mentions too, as words -> (label, knowledge id), from the kept
    candidates in the order they were settled: names found from context; a person's surname (with or without
    a first name) and first name alone, when no other person has it; and a knowledge name that needs a cue
    word ("Quest" after "the Quest airlock")."""
    wanted: dict[tuple[str, ...], tuple[str, str]] = {}
    for c in kept:
        if not c.knowledge_id and not c.generic:
            wanted.setdefault(c.words, (c.label, ""))
    people = [c for c in kept if c.label == "person" and c.parts >= 2]
    for c in people:
        wanted.setdefault(c.surname, ("person", ""))
    first_names = [c.words[0] for c in people if c.first_is_name]
    surnames_of: dict[str, set[tuple[str, ...]]] = {}  # first word -> the surnames of the people it opens
    for c in people:
        surnames_of.setdefault(c.words[0], set()).add(c.surname)
    for name in sorted(set(first_names)):
        if len(surnames_of[name]) == 1:
            wanted.setdefault((name,), ("person", ""))
    kb = knowledge_base()
    for c in kept:
        record = kb.get(c.knowledge_id) if c.knowledge_id else None
        if record is not None and record.needs_context:
            for form in record.forms:
                if " " not in form:
                    wanted.setdefault((form,), (c.label, c.knowledge_id))
        if record is not None and c.short_form:  # "(BFF)" once defined
            wanted.setdefault(c.words, (c.label, c.knowledge_id))
        if record is not None and record.attributes.get("short_form"):  # "Goddard" after "NASA Goddard"
            wanted.setdefault((record.attributes["short_form"],), (c.label, c.knowledge_id))
    # "since Apollo", "post-Apollo" in an article that tells of missions: the program.
    if any(c.label == "mission" for c in kept):
        for record_id, form in program_forms():
            wanted.setdefault((form,), ("mission", record_id))
    # A named vehicle's own name once its family is in the story: "a SpaceX Dragon spacecraft, named
    # Endeavour"; "Discovery lifted off" in a story about the space shuttle.
    families = {kb.get(c.knowledge_id).attributes.get("family") for c in kept
                if c.label == "spacecraft" and kb.get(c.knowledge_id or "")}
    for form, owners in family_forms().items():
        present = [record_id for contexts, record_id in owners if contexts & families]
        if present:
            wanted.setdefault((form,), ("spacecraft", present[0]))
    return wanted


@lru_cache(maxsize=1)
def program_forms() -> list[tuple[str, str]]:
    """(knowledge id, one-word name) of programs whose name is an ordinary word needing a cue, unless it also
    names something common in such articles (Mercury, the planet)."""
    return [(r.id, form) for r in knowledge_base().by_type("mission")
            if r.attributes.get("kind") == "program" and r.needs_context and not r.attributes.get("also_names")
            for form in r.forms if " " not in form]


@lru_cache(maxsize=1)
def family_forms() -> dict[str, list[tuple[frozenset[str], str]]]:
    """One-word name -> [(families whose mention makes it this vehicle, knowledge id)]: "Endeavour" is
    "Crew Dragon Endeavour" among Dragons (a family whose crew variant is Crew Dragon counts) and "Space
    Shuttle Endeavour" among shuttles."""
    kb = knowledge_base()
    variants: dict[str, set[str]] = {}
    for record in kb.by_type("spacecraft"):
        variant = record.attributes.get("crew_variant")
        if variant and record.attributes.get("family"):
            variants.setdefault(variant, set()).add(record.attributes["family"])
    forms: dict[str, list[tuple[frozenset[str], str]]] = {}
    for record in kb.by_type("spacecraft"):
        family = record.attributes.get("family")
        if not family or not record.name.startswith(family + " "):
            continue
        own = record.name[len(family) + 1:]
        if " " not in own and own[:1].isupper():
            forms.setdefault(own, []).append((frozenset({family, *variants.get(family, ())}), record.id))
    return forms


def family_owners(kept: list[Span]) -> dict[str, list[tuple[str, list[int]]]]:
    """One-word vehicle name -> [(knowledge id, where its family is named)], for the names two families in
    the article could own: the family named last before an occurrence owns it."""
    kb = knowledge_base()
    families: dict[str, list[int]] = {}
    for span in kept:
        record = kb.get(span.id_) if span.id_ and span.label_ == "spacecraft" else None
        if record is not None and record.attributes.get("family"):
            families.setdefault(record.attributes["family"], []).append(span.start)
    owners_of = {}
    for form, owners in family_forms().items():
        present = [(record_id, sorted(i for f in contexts for i in families.get(f, ())))
                   for contexts, record_id in owners]
        present = [(record_id, starts) for record_id, starts in present if starts]
        if len(present) > 1:
            owners_of[form] = present
    return owners_of


@Language.factory("mention_resolver", default_config={})
def make_mention_resolver(nlp: Language, name: str) -> MentionResolver:
    return MentionResolver()


class MentionResolver:
    def __call__(self, doc: Doc) -> Doc:
        spans = in_body(doc)
        candidates = [describe(doc, s) for s in spans]
        order = settle(candidates, full_name_surnames(candidates))
        kept = [spans[k] for k in order]
        taken = {i for s in kept for i in range(s.start, s.end)}
        kept += self.recurrences(doc, taken, wanted_names([candidates[k] for k in order]), family_owners(kept))
        kept += self._makers_inside(spans, kept)
        doc.spans[MENTIONS] = sorted(kept, key=lambda s: (s.start, s.end))
        release_candidates(doc)
        return doc

    @staticmethod
    def _makers_inside(candidates: list[Span], kept: list[Span]) -> list[Span]:
        """ "ISS Boeing Antimicrobial Coating", "Redwire Cardiac Bioprinting Investigation": a known company or
        agency inside the name of an experiment or a vehicle is still named there (as "Boeing's Starliner"
        names Boeing), so it stays a mention of its own inside the longer one."""
        holder_at: dict[int, Span] = {}  # kept mentions do not overlap: each token has at most one
        for span in kept:
            if span.label_ in MADE_THINGS and len(span) > 1:
                holder_at.update((i, span) for i in range(span.start, span.end))
        if not holder_at:
            return []
        kept_ranges = {(s.start, s.end) for s in kept}
        inside = []
        for span in candidates:
            holder = holder_at.get(span.start)
            if holder is not None and span.label_ == "organization" and span.id_ and span.end <= holder.end \
                    and (span.start, span.end) not in kept_ranges:
                inside.append(span)
                kept_ranges.add((span.start, span.end))
        return inside

    def recurrences(self, doc: Doc, taken: set[int], wanted: dict[tuple[str, ...], tuple[str, str]],
                    owners_of: dict[str, list[tuple[str, list[int]]]] | None = None) -> list[Span]:
        """The other occurrences of the wanted names in tokens no mention holds yet (`taken` grows with them).
        `owners_of`: the vehicle names two families of the article could own (see `family_owners`)."""
        owners_of = owners_of or {}
        vehicle_forms = family_forms()
        texts = token_texts(doc)
        # Where each wanted name occurs, in one pass over the tokens: a lookup per token and name length, not
        # a comparison per name at every occurrence of its first word.
        lengths: dict[str, set[int]] = {}
        for words in wanted:
            lengths.setdefault(words[0], set()).add(len(words))
        occurrences: dict[tuple[str, ...], list[int]] = {}
        for i in [i for i, text in enumerate(texts) if text in lengths]:
            for n in lengths[texts[i]]:
                words = tuple(texts[i:i + n])
                if words in wanted:
                    occurrences.setdefault(words, []).append(i)
        found: list[Span] = []
        for words, (label, knowledge_id) in sorted(wanted.items(), key=lambda kv: -len(kv[0])):
            n = len(words)
            for i in occurrences.get(words, ()):
                start, end = i, i + n
                if any(k in taken for k in range(start, end)):
                    continue
                if end < len(doc) and is_name_word(doc[end]):
                    continue  # part of a longer capitalized name
                if n == 1 and words[0] in vehicle_forms and label == "spacecraft" and start > 0 and (
                        doc[start - 1].lower_ == "of" or start - 1 in taken):
                    continue  # "Medal of Freedom", "Space Station Freedom": part of another name
                span_id = knowledge_id
                if label == "spacecraft" and n == 1 and words[0] in owners_of:
                    span_id = max(owners_of[words[0]], key=lambda owner: (
                        max((k for k in owner[1] if k < i), default=-1), -owner[1][0]))[0]
                if label == "experiment" and end + 1 < len(doc) and texts[end] == "-" \
                        and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and end + 1 not in taken \
                        and (texts[end + 1][:1].isupper() or texts[end + 1][:1].isdigit()):
                    end += 2  # "BFF-Cardiac" after "BioFabrication Facility (BFF)": a member of its own
                    span_id = ""
                elif label == "experiment" and end < len(doc) and VERSION.match(texts[end]):
                    end += 1  # "Cardinal Heart 2.0" after "Cardinal Heart": its next version
                    span_id = ""
                if label == "person":
                    # "Anna McClain", "Mike Hopkins": a first name or initial right before the surname.
                    while start > 0 and start - 1 not in taken and is_name_word(doc[start - 1]) \
                            and i - start < 2 and not opens_sentence(doc[start - 1]):  # not "Read Cleave’s"
                        start -= 1
                span = Span(doc, start, end, label=label, span_id=span_id)
                if body_kind(doc, span.start_char, span.end_char) is None:
                    continue
                found.append(span)
                taken.update(range(start, end))
        return found
