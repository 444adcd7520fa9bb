"""Settles the candidates into final mentions: keeps those inside the article body, resolves overlaps
(knowledge and patterns first, then cue-found names, then people; longer before shorter), and finds the
other occurrences of names found from context, a person's surname alone ("McClain") or with a variant of
the first name ("Anna McClain")."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import MENTIONS, body_kind, candidate_spans, get_info, release_candidates, token_texts
from pipeline.components.names import is_name_word, name_parts, opens_sentence
from pipeline.knowledge import knowledge_base, load_file


def _tier(span: Span) -> int:
    """Institution names holding other names first, numbered flights before knowledge names ("SpaceX Dragon CRS-16" is Dragon CRS-16, not "SpaceX Dragon"),
    knowledge before names found from context, and people last."""
    info = get_info(span)
    if (info.get("cue") or {}).get("institution"):
        return -1  # "Texas A&M University" over the place "Texas" inside it
    if span.id_:
        return 0 if info.get("name") else 1
    return 3 if span.label_ == "person" else 2


def surname_tokens(span: Span) -> list[str]:
    """The last name of a person span as token texts, hyphenated parts kept together ("Saint", "-", "Jacques")."""
    tokens = [t.text for t in span]
    k = len(tokens) - 1
    while k >= 2 and tokens[k - 1] in {"-", "'", "’"}:
        k -= 2
    return tokens[k:]


VESSEL_PREFIXES = frozenset(load_file("given_names.json")["vessel_prefixes"])
VERSION = re.compile(r"^\d+\.\d+$")
MADE_THINGS = {"experiment", "spacecraft", "launch_vehicle"}  # names that may hold their maker's name


@Language.factory("mention_resolver", default_config={})
def make_mention_resolver(nlp: Language, name: str) -> MentionResolver:
    return MentionResolver()


class MentionResolver:
    def __call__(self, doc: Doc) -> Doc:
        candidates = [s for s in candidate_spans(doc) if body_kind(doc, s.start_char, s.end_char)]
        # "the U.S.S. New Orleans", and then "aboard the New Orleans": a ship, not the place or the person.
        ships = {s.text for s in candidates if s.label_ in {"location", "person"} and s.start > 0
                 and doc[s.start - 1].text in VESSEL_PREFIXES}
        if ships:
            candidates = [s for s in candidates if s.label_ not in {"location", "person"} or s.text not in ships]
        full_names = [s for s in candidates if s.label_ == "person" and name_parts(doc, s.start, s.end) >= 2]
        surnames = {tuple(surname_tokens(s)) for s in full_names}
        candidates = [s for s in candidates if s.label_ != "person" or name_parts(doc, s.start, s.end) >= 2
                      or tuple(t.text for t in s) in surnames]
        taken: set[int] = set()
        kept: list[Span] = []
        for span in sorted(candidates, key=lambda s: (_tier(s), -(s.end - s.start), s.start)):
            if not any(i in taken for i in range(span.start, span.end)):
                kept.append(span)
                taken.update(range(span.start, span.end))
        kept += self._recurrences(doc, kept, taken)
        kept += self._makers_inside(candidates, kept)
        doc.spans[MENTIONS] = sorted(kept, key=lambda s: (s.start, s.end))
        release_candidates(doc)
        return doc

    @staticmethod
    @lru_cache(maxsize=1)
    def _program_forms() -> list[tuple[str, str]]:
        """(knowledge id, one-word name) of programs whose name is an ordinary word needing a cue."""
        return [(r.id, form) for r in knowledge_base().by_type("mission")
                if r.attributes.get("kind") == "program" and r.needs_context and not r.attributes.get("also_names")
                for form in r.forms if " " not in form]

    @staticmethod
    @lru_cache(maxsize=1)
    def _family_forms() -> dict[str, list[tuple[frozenset[str], str]]]:
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

    def _recurrences(self, doc: Doc, kept: list[Span], taken: set[int]) -> list[Span]:
        """Other occurrences of names found once: names found from context; a person's surname (with or without
        a first name) and first name alone, when no other person has it; and a knowledge name that needs a cue
        word ("Quest" after "the Quest airlock")."""
        wanted: dict[tuple[str, ...], tuple[str, str]] = {}  # words -> (label, knowledge id)
        for span in kept:
            if not span.id_ and not (get_info(span).get("cue") or {}).get("generic"):
                wanted.setdefault(tuple(t.text for t in span), (span.label_, ""))
        people = [s for s in kept if s.label_ == "person" and name_parts(doc, s.start, s.end) >= 2]
        surnames_of: dict[str, set[tuple[str, ...]]] = {}  # first name -> the surnames it goes with
        for span in people:
            surname = tuple(surname_tokens(span))
            wanted.setdefault(surname, ("person", ""))
            if is_name_word(span[0]) and not span[0].text.endswith("."):
                surnames_of.setdefault(span[0].text, set()).add(surname)
        for name in sorted(surnames_of):
            if len(surnames_of[name]) == 1:
                wanted.setdefault((name,), ("person", ""))
        kb = knowledge_base()
        families: dict[str, list[int]] = {}  # family -> where the story names a vehicle of it
        for span in kept:
            record = kb.get(span.id_) if span.id_ else None
            if record is not None and record.needs_context:
                for form in record.forms:
                    if " " not in form:
                        wanted.setdefault((form,), (span.label_, span.id_))
            if record is not None and (get_info(span).get("cue") or {}).get("short_form"):  # "(BFF)" once defined
                wanted.setdefault((span.text,), (span.label_, span.id_))
            if record is not None and record.attributes.get("short_form"):  # "Goddard" after "NASA Goddard"
                wanted.setdefault((record.attributes["short_form"],), (span.label_, span.id_))
            if record is not None and record.type == "spacecraft" and record.attributes.get("family"):
                families.setdefault(record.attributes["family"], []).append(span.start)
        # "since Apollo", "post-Apollo" in an article that tells of missions: the program.
        if any(span.label_ == "mission" for span in kept):
            for record_id, form in self._program_forms():
                wanted.setdefault((form,), ("mission", record_id))
        # A named vehicle's own name once its family is in the story: "a SpaceX Dragon spacecraft, named
        # Endeavour"; "Discovery lifted off" in a story about the space shuttle. Where two families could own
        # the name, the one named last before it does.
        owners_of: dict[str, list[tuple[str, list[int]]]] = {}
        for form, owners in self._family_forms().items():
            present = [(record_id, sorted(i for f in contexts for i in families.get(f, ())))
                       for contexts, record_id in owners]
            present = [(record_id, starts) for record_id, starts in present if starts]
            if present:
                owners_of[form] = present
                wanted.setdefault((form,), ("spacecraft", present[0][0]))
        texts = token_texts(doc)
        firsts = {words[0] for words in wanted}
        positions: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if text in firsts:
                positions.setdefault(text, []).append(i)
        found: list[Span] = []
        for words, (label, knowledge_id) in sorted(wanted.items(), key=lambda kv: -len(kv[0])):
            n = len(words)
            for i in positions.get(words[0], ()):
                if tuple(texts[i:i + n]) != words:
                    continue
                start, end = i, i + n
                if any(k in taken for k in range(start, end)):
                    continue
                if end < len(doc) and is_name_word(doc[end]):
                    continue  # part of a longer capitalized name
                if label == "experiment" and end + 1 < len(doc) and texts[end] == "-" \
                        and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and end + 1 not in taken \
                        and (texts[end + 1][:1].isupper() or texts[end + 1][:1].isdigit()):
                    end += 2  # "BFF-Cardiac" after "BioFabrication Facility (BFF)": a member of its own
                    knowledge_id = ""
                elif label == "experiment" and end < len(doc) and VERSION.match(texts[end]):
                    end += 1  # "Cardinal Heart 2.0" after "Cardinal Heart": its next version
                    knowledge_id = ""
                if label == "person":
                    # "Anna McClain", "Mike Hopkins": a first name or initial right before the surname.
                    while start > 0 and start - 1 not in taken and is_name_word(doc[start - 1]) \
                            and i - start < 2 and not opens_sentence(doc[start - 1]):  # not "Read Cleave’s"
                        start -= 1
                if words[0] in owners_of and n == 1 and start > 0 and (
                        doc[start - 1].lower_ == "of" or start - 1 in taken):
                    continue  # "Medal of Freedom", "Space Station Freedom": part of another name
                if label == "spacecraft" and n == 1 and len(owners_of.get(words[0], ())) > 1:
                    knowledge_id = max(owners_of[words[0]], key=lambda owner: (
                        max((k for k in owner[1] if k < i), default=-1), -owner[1][0]))[0]
                span = Span(doc, start, end, label=label, span_id=knowledge_id)
                if body_kind(doc, span.start_char, span.end_char) is None:
                    continue
                found.append(span)
                taken.update(range(start, end))
        return found
