"""Settles the candidates into final mentions: keeps those inside the article body, resolves overlaps
(knowledge and patterns first, then cue-found names, then people; longer before shorter), and finds the
other occurrences of names found from context, a person's surname alone ("McClain") or with a variant of
the first name ("Anna McClain")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import MENTIONS, body_kind, candidate_spans, get_info, release_candidates, token_texts
from pipeline.components.names import is_name_word, name_parts, opens_sentence
from pipeline.knowledge import knowledge_base


def _tier(span: Span) -> int:
    """Institution names holding other names first, numbered flights before knowledge names ("SpaceX Dragon CRS-16" is Dragon CRS-16, not "SpaceX Dragon"),
    knowledge before names found from context, and people last."""
    info = get_info(span)
    if (info.get("cue") or {}).get("institution"):
        return -1  # "Texas A&M University" over the place "Texas" inside it
    if span.id_:
        return 0 if info.get("name") else 1
    return 3 if span.label_ == "person" else 2


def in_body(doc: Doc) -> list[Span]:
    """The candidates inside the article body, in the order the components found them."""
    return [s for s in candidate_spans(doc) if body_kind(doc, s.start_char, s.end_char)]


def surname_tokens(span: Span) -> list[str]:
    """The last name of a person span as token texts, hyphenated parts kept together ("Saint", "-", "Jacques")."""
    tokens = [t.text for t in span]
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

    @property
    def surname(self) -> tuple[str, ...]:
        return self.words[len(self.words) - self.surname_words:]


def describe(doc: Doc, span: Span) -> Candidate:
    first = span[0]
    return Candidate(span.start, span.end, span.label_, span.id_, _tier(span),
                     tuple(token_texts(doc)[span.start:span.end]), name_parts(doc, span.start, span.end),
                     len(surname_tokens(span)), is_name_word(first) and not first.text.endswith("."),
                     bool((get_info(span).get("cue") or {}).get("generic")))


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
        if record is not None and record.attributes.get("short_form"):  # "Goddard" after "NASA Goddard"
            wanted.setdefault((record.attributes["short_form"],), (c.label, c.knowledge_id))
    return wanted


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
        kept += self.recurrences(doc, taken, wanted_names([candidates[k] for k in order]))
        doc.spans[MENTIONS] = sorted(kept, key=lambda s: (s.start, s.end))
        release_candidates(doc)
        return doc

    def recurrences(self, doc: Doc, taken: set[int], wanted: dict[tuple[str, ...], tuple[str, str]]) -> list[Span]:
        """The other occurrences of the wanted names in tokens no mention holds yet (`taken` grows with them)."""
        texts = token_texts(doc)
        # Where each wanted name occurs, in one pass over the tokens: a lookup per token and name length, not
        # a comparison per name at every occurrence of its first word.
        lengths: dict[str, set[int]] = {}
        for words in wanted:
            lengths.setdefault(words[0], set()).add(len(words))
        occurrences: dict[tuple[str, ...], list[int]] = {}
        for i, text in enumerate(texts):
            for n in lengths.get(text, ()):
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
                if label == "person":
                    # "Anna McClain", "Mike Hopkins": a first name or initial right before the surname.
                    while start > 0 and start - 1 not in taken and is_name_word(doc[start - 1]) \
                            and i - start < 2 and not opens_sentence(doc[start - 1]):  # not "Read Cleave’s"
                        start -= 1
                span = Span(doc, start, end, label=label, span_id=knowledge_id)
                if body_kind(doc, span.start_char, span.end_char) is None:
                    continue
                found.append(span)
                taken.update(range(start, end))
        return found
