"""Organizations and places that no list holds, named by a head word (institutions.json): "Oregon State
University", "University of Arizona", "Space Operations Mission Directorate", "U.S. Air Force Test Pilot
School", "Strike Fighter Squadron 14", "Orbiter Processing Facility". The last head word decides the type.
A name may hold names other components found ("Texas" in "Texas A&M University", "International Space
Station" in "International Space Station Program"); `mention_resolver` lets it win over them."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import add_candidates, body_kind, candidate_spans, set_info, token_texts
from pipeline.components.date_spans import MONTHS, WEEKDAYS
from pipeline.components.given_name_people import name_vetoes
from pipeline.components.names import opens_sentence
from pipeline.knowledge import load_file, slug

MAX_WORDS = 8
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)  # "the Office on Monday"
INSIDE_PUNCTUATION = {"&", "-", "/"}


@Language.factory("institution_names", default_config={"heads_file": "institutions.json"})
def make_institution_names(nlp: Language, name: str, heads_file: str) -> InstitutionNames:
    return InstitutionNames(load_file(heads_file))


def _proper(text: str) -> bool:
    return text[:1].isupper() or (text[:1].isdigit() and text[-2:] in {"th", "st", "nd", "rd"})  # "45th"


class InstitutionNames:
    def __init__(self, heads: dict) -> None:
        self.type_of = {w: t for t in ("organization", "location") for w in heads[t]}
        self.number_after = set(heads["number_after"])
        self.not_inside = set(heads["not_inside"])
        self.generic = set(heads["generic_words"])
        self.given_names = name_vetoes()[0]  # "Anne McClain and Canadian Space Agency ..." joins two names
        self.vessels = set(load_file("given_names.json")["vessel_prefixes"])  # "USS Nimitz and ..." is a ship
        self.plural_possessives = set(heads.get("plural_possessives", []))
        self.not_after = set(heads.get("not_after", []))
        self.field_words = set(heads.get("field_words", []))
        self.name_after = [tuple(phrase.split()) for phrase in heads.get("name_after", [])]
        self.legal_suffixes = set(heads.get("legal_suffixes", []))
        self.connectors = set(heads.get("name_connectors", []))
        self.saint_words = set(heads.get("saint_words", []))
        self.campus_heads = set(heads.get("campus_heads", []))
        self.study_fields = set(heads.get("study_fields", []))

    def __call__(self, doc: Doc) -> Doc:
        texts = token_texts(doc)
        candidates = list(candidate_spans(doc))
        known = {(s.start, s.end) for s in candidates}
        organizations = {s.start: s.end for s in candidates if s.label_ == "organization" and s.id_}
        claimed = {i for s in candidates if s.id_ for i in range(s.start, s.end)}
        covering: dict[int, list[tuple[int, int]]] = {}  # token -> knowledge names over it
        for span in candidates:
            if span.id_:
                for k in range(span.start, span.end):
                    covering.setdefault(k, []).append((span.start, span.end))
        # Names that cue words typed ("Wake Shield Facility, a free-flying satellite"): their other
        # occurrences are that thing too, not what a head word guesses ("Facility", a place).
        cue_typed = {tuple(texts[s.start:s.end]) for s in candidates if not s.id_ and s.label_ != "person"}
        found: list[Span] = []
        end_of_last = 0
        for i, text in enumerate(texts):
            if text not in self.type_of or i < end_of_last:
                continue
            start = self._start(doc, texts, i, claimed)
            end = self._name_after(doc, texts, start, self._end(doc, texts, i + 1, claimed))
            # "NASA Ames Research Center": the agency before the name runs it; the name starts after it.
            while start in organizations and organizations[start] < i and end - organizations[start] >= 2:
                start = organizations[start]
            if end - start <= 2 and all(w in self.generic for w in texts[start:end]):
                continue  # "the Space Station", "the Processing Facility": no name of its own
            if end - start == 1:
                continue  # "Hospital", "Command": a head word alone names nothing
            if end < len(doc) and texts[end].split("-")[0] in self.not_after:
                end_of_last = end
                continue  # "Skylab 4 Command Module", "Distinguished Service Medal": part of another name
            if start > 1 and texts[start - 1] == "in" and any(
                    w in self.field_words for w in texts[max(0, start - 4):start - 1]):
                continue  # "a master’s degree in Public Administration": a field of study
            head = max((k for k in range(i, end) if texts[k] in self.type_of), default=i)
            end_of_last = end
            if (start, end) in known or any(s_start <= start and end <= s_end
                                            for s_start, s_end in covering.get(start, ())):
                continue  # a knowledge name already, or part of one ("Space Center" in "Space Center Houston")
            if tuple(texts[start:end]) in cue_typed:
                continue
            label = self.type_of[texts[head]]
            span = Span(doc, start, end, label=label, span_id=f"{label}:{slug(doc[start:end].text)}")
            if body_kind(doc, span.start_char, span.end_char) is None:
                continue
            set_info(span, name=span.text, cue={"institution": True})
            found.append(span)
        found.extend(self._campus_towns(doc, texts, candidates, found))
        add_candidates(doc, found)
        return doc

    def _campus_towns(self, doc: Doc, texts: list[str], candidates: list[Span], found: list[Span]) -> list[Span]:
        """ "Oregon State University, Corvallis", "the University of California in Riverside", "the
        University of Maryland at College Park": the town a school or hospital stands in."""
        covered = {i for s in [*candidates, *found] for i in range(s.start, s.end)}
        towns = []
        for span in found:
            if span.label_ != "organization" or not any(t.text in self.campus_heads for t in span):
                continue
            k = span.end
            if k + 1 >= len(doc) or texts[k] not in {",", "in", "at"}:
                continue
            end = k + 1
            while end < len(doc) and end - k <= 3 and end not in covered and doc[end].is_alpha \
                    and _proper(texts[end]) and texts[end] not in self.not_inside and texts[end] not in self.type_of:
                end += 1
            if end == k + 1 or texts[end - 1] in self.study_fields or end in covered:
                continue
            if texts[k] == "," and texts[k + 1] in self.given_names:
                continue  # "... from Purdue University, Ashley Smith said": a person, not a town
            if end < len(doc) and not (doc[end].is_punct or doc[end].is_lower or doc[end].is_space):
                continue  # the run goes on: a longer name
            town = Span(doc, k + 1, end, label="location", span_id=f"location:{slug(doc[k + 1:end].text)}")
            if body_kind(doc, town.start_char, town.end_char) is None:
                continue
            set_info(town, name=town.text)
            towns.append(town)
            covered.update(range(k + 1, end))
        return towns

    def _start(self, doc: Doc, texts: list[str], head: int, claimed: set[int]) -> int:
        """First token of the capitalized run ending at the head word."""
        start = head
        while start > 0 and head - start < MAX_WORDS:
            k = start - 1
            text = texts[k]
            if doc[k].whitespace_ and text in INSIDE_PUNCTUATION and text != "&":
                break
            if text == "," and start == head and texts[head] in self.legal_suffixes and k > 0 and _proper(texts[k - 1]):
                start = k  # "Melpar, Inc."
                continue
            if text in INSIDE_PUNCTUATION and k > 0 and _proper(texts[k - 1]):
                if k - 1 in claimed and k + 1 in claimed:
                    break  # "Toronto-Ottawa-Montreal-Quebec City": known places listed, not one name
                start = k
                continue
            if text == "and" and self._joins_one_name(texts, k, claimed):
                start = k  # "National Oceanic and Atmospheric Administration"
                continue
            if text in {"'s", "’s", "’", "'"} and not doc[k - 1].whitespace_ and k > 0 and (
                    texts[k - 1] in self.plural_possessives and (text.endswith("s") or texts[k - 1].endswith("s"))):
                start = k  # "Brigham and Women’s Hospital", "Empire Test Pilots’ School"
                continue
            if text in {"'s", "’s"} and k > 1 and not doc[k - 1].whitespace_ and texts[k - 2] in self.saint_words:
                start = k  # "St. Luke’s Episcopal Hospital", "St. Mary's College": a saint's name
                continue
            if not _proper(text) or doc[k].is_space or text in self.not_inside or text.endswith(("'s", "’s")):
                break
            start = k
        while start < head and (texts[start] in INSIDE_PUNCTUATION or texts[start] in self.not_inside or (
                opens_sentence(doc[start]) and len(texts[start]) > 5 and texts[start].endswith("ing")
                and texts[start][1:].islower())):
            start += 1  # "Measuring Space Station Impacts": a heading's verb opens no name
        return start

    def _joins_one_name(self, texts: list[str], k: int, claimed: set[int]) -> bool:
        """ "and" inside one name ("National Oceanic and Atmospheric ...") rather than between two ("USS Nimitz
        and Strike Fighter Squadron 136"): one or two plain capitalized words before it, none a head word or a
        name found already or a given name, and no name found already after it."""
        before = 0
        for j in range(k - 1, max(-1, k - 4), -1):
            if not _proper(texts[j]) or texts[j] in self.not_inside:
                break
            if texts[j] in self.type_of or j in claimed:
                return False
            before += 1
        first = k - before
        return (1 <= before <= 2 and (first == 0 or not _proper(texts[first - 1])) and k + 1 not in claimed
                and texts[first] not in self.given_names and texts[first] not in self.vessels)

    def _name_after(self, doc: Doc, texts: list[str], start: int, end: int) -> int:
        """Past a base's own name when its head comes first ("Naval Air Station Patuxent River")."""
        if not any(end - start >= len(p) and tuple(texts[end - len(p):end]) == p for p in self.name_after):
            return end
        k = end
        while k < len(doc) and k - end < 3 and _proper(texts[k]) and texts[k] not in self.not_inside \
                and texts[k] not in self.type_of:
            k += 1
        return k

    def _end(self, doc: Doc, texts: list[str], end: int, claimed: set[int]) -> int:
        """Past the head: a number ("Squadron 14"), "of" and a capitalized run ("University of Arizona",
        "School of Medicine"), for an organization "for" or "on" and a run that no other name holds
        ("Committee on Space Research", not "the Program for NASA"), or more capitalized words ending in
        another head ("Air Force Test Pilot School")."""
        while end < len(doc):
            if texts[end - 1] in self.number_after and texts[end][:1].isdigit():  # "Squadron 14", "Complex 39A"
                end += 1
                continue
            k = end
            connects = texts[k] == "of" or (
                texts[k] in self.connectors and self.type_of.get(texts[end - 1]) == "organization"
                and k + 1 < len(doc) and k + 1 not in claimed and texts[k + 1] not in CALENDAR_WORDS)
            if connects and k + 1 < len(doc) and _proper(texts[k + 1]) and texts[k + 1] not in self.not_inside:
                k += 1
                while k < len(doc) and k - end < MAX_WORDS and not doc[k - 1].is_space:
                    if texts[k] == "and" and k + 1 < len(doc) and _proper(texts[k + 1]):
                        k += 1  # "University of Communications and Informatics"
                    elif not _proper(texts[k]) or texts[k] in self.not_inside:
                        break
                    k += 1
                return k
            if texts[end] == "and" and end + 1 < len(doc) and texts[end + 1] in self.type_of:
                end += 2  # "Presidential Library and Museum": two heads of one name
                continue
            k = end
            while k < len(doc) and k - end < MAX_WORDS and _proper(texts[k]) and texts[k] not in self.not_inside \
                    and texts[k] not in self.type_of:
                k += 1
            if k < len(doc) and texts[k] in self.type_of and k > end:
                end = k + 1
                continue
            if k == end and k < len(doc) and texts[k] in self.type_of:
                end = k + 1
                continue
            break
        return end
