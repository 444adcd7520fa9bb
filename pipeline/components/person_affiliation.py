"""The agency of a person whose name came with none, from the words after it: an appositive or a briefing
list line ("Jennifer Kunz, associate director, technical, NASA Kennedy"; "William Gerstenmaier, vice
president, Build and Flight Reliability, SpaceX"; "Takayoshi Nishikawa, director, JAXA Houston Office").
The first agency or company in the same clause wins; a place run by one gives its operator ("NASA Kennedy" ->
NASA). Units of an agency and military services are passed over: the gold guidelines tie people to the
parent agency and prefer the space agency to a military service."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import MENTIONS, get_info, set_info
from pipeline.knowledge import knowledge_base, slug

ROLE_GAP = 3  # words between an agency and the next person's name it modifies ("Roscosmos flight engineer B")
MAX_TOKENS = 16  # an appositive is short; past this the words describe something else
SCHOOLING = {"graduated", "studied", "earned", "received", "attended", "holds", "completed"}  # schools, not employers
COORDINATORS = {"and", "or", "as", "along", "while", "but", "with", "plus"}  # what follows is about someone else
CLAUSE_ENDS = {".", ";", "!", "?", "(", "—", "–"}
AFFILIATION_KINDS = {"space agency", "company", "research organization", "government agency"}


@Language.factory("person_affiliation", default_config={})
def make_person_affiliation(nlp: Language, name: str) -> PersonAffiliation:
    return PersonAffiliation()


class PersonAffiliation:
    def __init__(self) -> None:
        kb = knowledge_base()
        by_name = {r.name: r.id for r in kb.by_type("organization")}
        self.affiliation: dict[str, str] = {}  # knowledge id -> the organization a person there works for
        for record in kb.records.values():
            if record.type == "organization" and record.attributes.get("kind") in AFFILIATION_KINDS:
                self.affiliation[record.id] = record.id
            elif record.type == "location" and record.attributes.get("operator") in by_name:
                self.affiliation[record.id] = by_name[record.attributes["operator"]]

    def __call__(self, doc: Doc) -> Doc:
        candidates = doc.spans.get(MENTIONS, [])  # the settled mentions, recurrences ("Goddard") included
        starts: dict[int, list[Span]] = {}
        person_starts = set()
        for span in candidates:
            starts.setdefault(span.start, []).append(span)
            if span.label_ == "person":
                person_starts.add(span.start)
        for span in candidates:
            if span.label_ != "person":
                continue
            cue = get_info(span).get("cue") or {}
            if cue.get("agency") or span.end >= len(doc) or doc[span.end].text != ",":
                continue
            agency = self._appositive_agency(doc, span.end + 1, starts, person_starts)
            if agency:
                set_info(span, cue={"role": None, "rank": 0, **cue, "agency": agency})
        return doc

    @staticmethod
    def _modifies_next_person(doc: Doc, k: int, person_starts: set[int]) -> bool:
        """An agency that runs straight into a person's name, through at most a few words ("Roscosmos
        cosmonaut B"), is that person's; a comma or a line break between them ends the clause instead."""
        for j in range(k, min(len(doc), k + ROLE_GAP + 1)):
            if j in person_starts:
                return True
            if not doc[j].is_alpha:
                return False
        return False

    def _appositive_agency(self, doc: Doc, k: int, starts, person_starts) -> str | None:
        """The first agency or company in the clause; else the first unit of one ("Human Research Program"),
        which `normalize` gives to the article's agency."""
        limit = min(len(doc), k + MAX_TOKENS)
        unit = None
        if k < len(doc) and doc[k].lower_ in COORDINATORS:
            return None  # "A, and CSA astronaut B", "A, as well as B": the next words are about someone else
        while k < limit:
            token = doc[k]
            if token.text in CLAUSE_ENDS or "\n" in token.text or k in person_starts or token.lower_ in SCHOOLING:
                break  # "X, from Austin, graduated from Y University": a school, not an employer
            for span in starts.get(k, ()):
                if self._modifies_next_person(doc, span.end, person_starts):
                    return unit  # "A, as well as Roscosmos cosmonaut B": the agency is B's
                agency = self.affiliation.get(span.id_)
                if agency:
                    return agency
                if unit is None and span.label_ == "organization" and (
                        (get_info(span).get("cue") or {}).get("institution") or not span.id_):
                    unit = span.id_ or f"organization:{slug(span.text)}"
            k += 1
        return unit
