"""People found from context: a role word ("NASA astronaut X", "Cmdr. X"), an agency ("X of Roscosmos",
"NASA's X"), a list ("From left to right: X, Y and Z"), or a speech verb ("X tweeted").

Each person span carries a cue (`set_info`) with the role and agency its context states; names that recur
without a cue are picked up later by `mention_resolver`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans
from spacy.tokens import Doc, Span

from pipeline.components import add_candidates, body_kind, candidate_spans, covered_tokens, set_info, token_texts
from pipeline.components.given_name_people import name_vetoes, names_an_institution
from pipeline.components.names import is_name_word, name_parts, read_name_backward, read_name_forward
from pipeline.knowledge import knowledge_base, load_file, load_records_file, slug

SPEECH_VERBS = ["said", "says", "tweeted", "wrote", "told", "added", "explained", "noted", "recalled", "posted"]
# "Chaffee, who died along with Gus Grissom and Ed White": people named in company with a person.
COMPANY_PHRASES = [["along", "with"], ["together", "with"], ["alongside"], ["joined", "by"], ["as", "well", "as"]]
LIST_OPENERS = [["from", "left", "to", "right"], ["from", "left"], ["left", "to", "right"], ["pictured", "are"]]
PREDICATE_VERBS = {"is", "was", "are", "were", "will", "serves", "served", "serving", "flies", "flew", "flying",
                   "works", "worked", "working", "acts", "acted", "acting"}
MIN_NAME_PARTS = 2
CONTACT_REACH = 8  # tokens from a contact's name to the e-mail address (a phone number may stand between)
AUXILIARIES = {"has", "have", "had", "also", "recently", "today", "on", "will"}
APPOINTING = {"selected", "named", "appointed", "hired", "chose", "picked", "tapped", "selects", "names", "appoints"}
LIST_VERBS = {"are", "were", "include", "included", "including"}
LIST_REACH = 24  # tokens from a plural role word to the list it introduces
POSITIONS = {"left", "right", "center", "centre", "middle", "top", "bottom", "front", "back", "rear"}
# Words that may stand between an agency and a role word: "NASA veteran astronaut", "ESA's senior engineer".
LOOKBACK = 6  # tokens before a role word searched for its agency ("Canadian Space Agency astronaut")
FOREIGN = "foreign"  # `_agency_before`: a country with no space agency known here stands before the role


def _org_id(span: Span) -> str:
    """The knowledge id of an organization, or the id `normalize` gives a name found from context
    ("director of the Space Development Agency")."""
    return span.id_ or f"organization:{slug(span.text)}"


def _folded(text: str) -> str:
    """Lower case without accents or punctuation, as e-mail addresses write names ("López" -> "lopez")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isalnum() and c.isascii())


@Language.factory("person_finder", default_config={"roles_file": "roles.json"})
def make_person_finder(nlp: Language, name: str, roles_file: str) -> PersonFinder:
    return PersonFinder(nlp, roles_file)


class PersonFinder:
    def __init__(self, nlp: Language, roles_file: str) -> None:
        roles = load_records_file(roles_file)
        self.roles: dict[str, tuple[str | None, int]] = {}
        # One PhraseMatcher on lower-case text finds every cue; a token Matcher with a pattern per word would
        # test each of them at every token.
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.not_after: dict[str, set[str]] = {}  # role word -> words before it that make it another role
        self.crew_words: set[str] = set()  # "crewmates", "backups": crew, with no title of their own
        for record in roles:
            for word in record["words"]:
                self.roles[word] = (record["role"], record["rank"])
                if record.get("crew"):
                    self.crew_words.add(word)
                if record.get("not_after"):
                    self.not_after[word] = set(record["not_after"])
        self.matcher.add("ROLE", [nlp.make_doc(w) for w in self.roles])
        self.agency_of_role: dict[str, str] = load_file(roles_file).get("agency_of_role", {})
        self.role_modifiers = set(load_file(roles_file)["role_modifiers"])
        self.unit_heads = set(load_file("institutions.json").get("unit_heads", []))
        by_name = {r.name: r.id for r in knowledge_base().by_type("organization")}
        self.place_operator = {r.id: by_name[r.attributes["operator"]] for r in knowledge_base().by_type("location")
                               if r.attributes.get("operator") in by_name}  # "JSC" is run by NASA
        self.adjectives: dict[str, str] = {}
        for record in knowledge_base().by_type("organization"):
            for adjective in record.attributes.get("nationality_adjectives", []):
                self.adjectives[adjective] = record.id
        # "United Arab Emirates astronaut": a country named before a role word gives its space agency (the one
        # that lists nationality adjectives, the agency that flies its astronauts).
        self.country_agency: dict[str, str] = {}
        for record in knowledge_base().by_type("organization"):
            country = record.attributes.get("country")
            if country and record.attributes.get("nationality_adjectives") and country not in self.country_agency:
                self.country_agency[country] = record.id
        # "RSVP to Jane Doe at jane.m.doe@nasa.gov": an e-mail address after a name names its owner's employer.
        self.email_domains: dict[str, str] = {
            domain: record.id for record in knowledge_base().by_type("organization")
            for domain in record.attributes.get("email_domains", [])}
        self.matcher.add("SPEECH", [nlp.make_doc(w) for w in SPEECH_VERBS])
        self.matcher.add("COMPANY", [nlp.make_doc(" ".join(p)) for p in COMPANY_PHRASES])
        self.matcher.add("LIST", [nlp.make_doc(" ".join(p)) for p in LIST_OPENERS])
        self.matcher.add("SHARED", [nlp.make_doc(w) for w in ("both", "all")])

    # -- context ---------------------------------------------------------------------------------------
    def _organizations(self, doc: Doc) -> dict[int, Span]:
        """Organization candidates by their last token index (to look leftwards) and first (rightwards)."""
        by_token: dict[int, Span] = {}
        spans = candidate_spans(doc)
        # "Boeing Crew Flight Test astronauts": a maker inside a flight's or vehicle's name is no one's employer.
        held: dict[int, tuple[int, int]] = {}
        for span in spans:
            if span.label_ in {"mission", "spacecraft"} and span.id_ and len(span) > 1:
                held.update((k, (span.start, span.end)) for k in range(span.start, span.end))
        for span in spans:
            if span.label_ == "organization":
                outer = held.get(span.start)
                if outer is not None and outer[0] <= span.start and span.end <= outer[1]:
                    continue
                by_token[span.start] = span
                by_token[span.end - 1] = span
        return by_token

    def _agency_before(self, doc: Doc, i: int, orgs: dict[int, Span]) -> str | None:
        """An agency or nationality adjective among the modifiers just before token i ("Canadian Space Agency
        astronaut", "Expedition 58 Cmdr.", "NASA's associate administrator"); the search stops at the first word
        that cannot modify a role, so "Roscosmos cosmonaut A and mission specialist B" gives B nothing."""
        k, steps = i - 1, 0
        while k >= 0 and steps < LOOKBACK:
            steps += 1
            if doc[k].text == ")":  # "ESA (European Space Agency) astronaut": past the expansion
                opening = next((j for j in range(k - 1, max(-1, k - 8), -1) if doc[j].text == "("), None)
                if opening is None:
                    return None
                k = opening - 1
                continue
            token = doc[k]
            if k in orgs and orgs[k].end - 1 == k:
                return _org_id(orgs[k])
            if k in self._countries:
                return self._countries[k]
            if k in self._agencyless_countries:
                return FOREIGN
            if token.text in self.adjectives:
                return self.adjectives[token.text]
            if not self._modifies_role(doc, k, orgs):
                return None
            k -= 1
        return None

    def _agency_after(self, doc: Doc, j: int, orgs: dict[int, Span]) -> str | None:
        """ "of NASA", "of the Canadian Space Agency", "with the European Space Agency", "(NASA)",
        "of the UAE's Mohammed bin Rashid Space Centre"."""
        k = j
        if k < len(doc) and doc[k].text == "(":  # "(NASA)", not "(the Senate confirmed him)"
            span = orgs.get(k + 1)
            if span is not None and span.start == k + 1 and span.end < len(doc) and doc[span.end].text == ")":
                return _org_id(span)
            return None
        if k < len(doc) and doc[k].lower_ in {"of", "with", "from"}:
            k += 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            if k + 1 < len(doc) and doc[k + 1].text in {"'s", "’s"} and k + 2 in orgs:
                if k in orgs and orgs[k].id_ and self._names_a_unit(orgs[k + 2]):
                    return orgs[k].id_  # "manager of NASA’s International Space Station Program": NASA
                k += 2  # "of the UAE’s Mohammed bin Rashid Space Centre"
            if k in orgs and orgs[k].start == k:
                return _org_id(orgs[k])
            if k in self._country_starts:  # "Sultan Alneyadi of the UAE": the country's space agency
                return self._country_starts[k]
        return None

    def _names_a_unit(self, span: Span) -> bool:
        """A unit inside an agency, found by its head word ("International Space Station Program")."""
        words = [t.text for t in span if not t.text[:1].isdigit()]
        return bool(words) and knowledge_base().get(span.id_ or "") is None and (
            words[-1] in self.unit_heads or (words[0] in self.unit_heads and "of" in words))

    # -- finding -----------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        blocked = covered_tokens(doc)
        self._covered = blocked  # tokens of names already recognized: "NASA's ISS program manager"
        orgs = self._organizations(doc)
        self._orgs = orgs
        kb = knowledge_base()
        self._countries, self._country_starts = {}, {}  # a country's last and first token -> its space agency
        self._agencyless_countries: set[int] = set()  # last tokens of countries with no agency known here
        for span in candidate_spans(doc):
            record = kb.get(span.id_ or "") if span.label_ == "location" else None
            if record is not None and record.name in self.country_agency:
                self._countries[span.end - 1] = self._country_starts[span.start] = self.country_agency[record.name]
            elif record is not None and record.attributes.get("kind") == "country":
                self._agencyless_countries.add(span.end - 1)
        # Organizations and the places an organization runs, by their first token: (end, employer).
        self._owners = {span.start: (span.end, _org_id(span)) for span in set(orgs.values())}
        for span in candidate_spans(doc):
            operator = self.place_operator.get(span.id_ or "") if span.label_ == "location" else None
            if operator:
                self._owners.setdefault(span.start, (span.end, operator))
        found: dict[tuple[int, int], dict] = {}
        found_starts: set[int] = set()  # first tokens of the names in `found`
        companions: list[int] = []

        first_words, institution_words = name_vetoes()

        def add(rng: tuple[int, int] | None, cue: dict, min_parts: int = MIN_NAME_PARTS,
                given_name: bool = False) -> tuple[int, int] | None:
            # A one-word name ("McClain, an Expedition 58 flight engineer") is kept only for its cue: the
            # resolver drops it unless it is the surname of a person named in full. Without a role word the
            # words must not name an institution ("Crew Equipment Interface Test"), and where the cue is weak
            # ("Boeing's X", "X of Congress") the name must open with a given name.
            if rng is None or name_parts(doc, *rng) < min_parts:
                return None
            words = [t.text for t in doc[rng[0]:rng[1] + 1]]
            if names_an_institution(words[:-1] if cue.get("role") else words, institution_words):
                return None  # "the Astronaut Maneuvering Unit": the role word opens a thing's name
            if given_name and doc[rng[0]].text not in first_words:
                return None
            kind = body_kind(doc, doc[rng[0]].idx, doc[rng[1] - 1].idx + len(doc[rng[1] - 1]))
            if kind is None or (kind == "title" and not cue.get("role")):
                return None  # in a heading, only a role word marks a name ("NASA Administrator Bill Nelson")
            known = found.setdefault(rng, {"role": None, "rank": 0, "agency": None})
            found_starts.add(rng[0])
            if cue.get("rank", 0) > known["rank"]:
                known["role"], known["rank"] = cue["role"], cue["rank"]
            known["agency"] = known["agency"] or cue.get("agency")
            for flag in ("crew", "foreign"):
                if cue.get(flag):
                    known[flag] = True
            return rng

        cues = filter_spans(self.matcher(doc, as_spans=True))  # "flight engineer", not "engineer"
        shared = []
        for cue_span in cues:
            kind, start, end = cue_span.label_, cue_span.start, cue_span.end
            if kind == "SHARED":
                shared.append(start)
            elif kind == "ROLE":
                self._role(doc, start, end, blocked, orgs, add)
            elif kind == "SPEECH":
                # "McClain tweeted" / "said Kathy Lueders"
                add(read_name_backward(doc, start, blocked), {}) or add(read_name_forward(doc, end, blocked), {})
            elif kind == "LIST":
                self._list(doc, end, blocked, add)
            elif kind == "COMPANY":
                companions.append(end)
        for end in companions:
            sentence_start = next((j + 1 for j in range(end - 1, -1, -1) if doc[j].text in {".", "!", "?"}
                                   or doc[j].is_space), 0)
            if any(k in found_starts for k in range(sentence_start, end)):  # a name found in this sentence
                self._chain(doc, read_name_forward(doc, end, blocked), blocked, add, {})

        for span in sorted(set(orgs.values()), key=lambda s: s.start):  # deterministic order
            # "NASA's Anne McClain"
            if span.end + 1 < len(doc) and doc[span.end].text in {"'s", "’s"}:
                add(read_name_forward(doc, span.end + 1, blocked), {"agency": _org_id(span)}, given_name=True)
            # "NASA has also selected Bill Spetch as ...": the organization appointing someone employs them
            k = span.end
            while k < len(doc) and doc[k].lower_ in AUXILIARIES:
                k += 1
            if k + 1 < len(doc) and doc[k].lower_ in APPOINTING and k - span.end <= 3:
                rng = read_name_forward(doc, k + 1, blocked)
                if rng and rng[1] < len(doc) and doc[rng[1]].lower_ in {",", "as", "to"}:
                    add(rng, {"agency": _org_id(span)}, given_name=True)
            # "Anne McClain of NASA", wherever no role word stands before the name
            k = span.start - 1
            if k > 0 and doc[k].lower_ == "the":
                k -= 1
            if k > 0 and doc[k].lower_ == "of":
                rng = add(read_name_backward(doc, k, blocked), {"agency": _org_id(span)}, given_name=True)
                # "Dmitri Petelin and Andrey Fedyaev of Roscosmos": the names coordinated before share it
                while rng and rng[0] > 1 and doc[rng[0] - 1].text in {",", "and"}:
                    j = rng[0] - 1
                    if doc[j].text == "and" and doc[j - 1].text == ",":
                        j -= 1
                    rng = add(read_name_backward(doc, j, blocked), {"agency": _org_id(span)})

        self._contacts(doc, blocked, add)
        self._shared_agency(doc, shared, orgs, found)
        persons = []
        for (start, end), cue in sorted(found.items()):
            span = Span(doc, start, end, label="person")
            set_info(span, cue=cue)
            persons.append(span)
        add_candidates(doc, persons)
        return doc

    def _contacts(self, doc: Doc, blocked: set[int], add) -> None:
        """ "Jane Doe at jane.m.doe@nasa.gov", "Jane Doe: 202-358-1100; jane.doe@nasa.gov": a name just before
        an e-mail address whose local part holds its surname is a person, and the domain gives the employer."""
        texts = token_texts(doc)
        for j in [k for k, text in enumerate(texts) if "@" in text]:
            local, _, domain = re.split(r"[;:,]", texts[j])[-1].lower().partition("@")
            if not domain:
                continue
            agency = next((org for d, org in self.email_domains.items()
                           if domain == d or domain.endswith("." + d)), None)
            for k in range(j - 1, max(0, j - CONTACT_REACH) - 1, -1):
                if "\n" in texts[k] or texts[k] in {".", "!", "?"}:
                    break
                rng = read_name_backward(doc, k + 1, blocked) if is_name_word(doc[k]) else None
                if rng and name_parts(doc, *rng) >= 2:
                    if _folded(texts[rng[1] - 1]) in _folded(local):
                        add(rng, {"agency": agency} if agency else {})
                    break

    def _role(self, doc, start, end, blocked, orgs, add) -> None:
        word = doc[start:end].text.lower()
        if start > 0 and doc[start - 1].lower_ in self.not_after.get(word, ()):
            return  # "presidential candidates": not this role
        role, rank = self.roles.get(word, (None, 0))
        if end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
            end += 1  # "Cmdr."
        agency = self._agency_before(doc, start, orgs) or self.agency_of_role.get(doc[start].lower_)
        # a role word marks a name in a heading too
        stated = {"role": role, "rank": rank, **({"crew": True} if word in self.crew_words else {})}
        if agency == FOREIGN:  # "France’s first female astronaut": no agency, and not the article's either
            agency, stated["foreign"] = None, True
        if end + 2 < len(doc) and doc[end].lower_ == "of" and not agency:
            # "Director of JSC Christopher C. Kraft": the role's own "of" names the employer
            k = end + 1 + (doc[end + 1].lower_ == "the")
            owner = self._owners.get(k)
            if owner is not None:
                agency, end = owner[1], owner[0]
        rng = add(read_name_forward(doc, end, blocked), stated)
        if rng is None and end + 1 < len(doc) and doc[end].text == "," and doc[end - 1].lower_.endswith("s"):
            rng = add(read_name_forward(doc, end + 1, blocked), stated)  # "Axiom Space astronauts, A, B, and C"
        elif rng is None and end + 1 < len(doc) and doc[end].text == ",":
            # "The company's chief executive, Kelly Ortberg, has said": a name set off by commas after the role
            named = read_name_forward(doc, end + 1, blocked)
            if named and named[1] < len(doc) and doc[named[1]].text == ",":
                rng = add(named, stated)
        if rng:
            agency = agency or self._agency_after(doc, rng[1], orgs)
            add(rng, {**stated, "agency": agency})
            plural = doc[end - 1].lower_.endswith("s") or word in self.crew_words  # "the crew of A, B and C"
            # "astronauts Anne McClain and David Saint-Jacques", "crewmembers A, B and C"
            self._chain(doc, rng, blocked, add, {**stated, "agency": agency} if plural else {})
            return
        if rng is None and doc[end - 1].lower_.endswith("s"):
            # "The astronauts are, left to right: A, B and C", "The 10 candidates, pictured at X, are A, B, C"
            first = self._list_start(doc, end)
            rng = add(read_name_forward(doc, first, blocked), stated) if first is not None else None
            if rng:
                cue = {**stated, "agency": agency}
                self._chain(doc, rng, blocked, add, cue)
                if doc[first - 1].is_space:
                    self._paragraph_list(doc, rng, blocked, add, cue)
                return
        # "Glover is serving as pilot", "Walker and Noguchi are flying as mission specialists"
        k = start - 1
        if k > 0 and doc[k].lower_ in {"a", "an", "the"}:
            k -= 1
        if k > 1 and doc[k].lower_ == "as":
            verb = k - 1
            while verb > 0 and verb > k - 3 and doc[verb].lower_ not in PREDICATE_VERBS:
                verb -= 1
            if doc[verb].lower_ in PREDICATE_VERBS:
                while verb > 0 and doc[verb - 1].lower_ in PREDICATE_VERBS:
                    verb -= 1
                cue = {**stated, "agency": agency}
                rng = add(read_name_backward(doc, verb, blocked), cue, min_parts=1)
                if rng and rng[0] > 1 and doc[rng[0] - 1].lower_ == "and":
                    add(read_name_backward(doc, rng[0] - 1, blocked), cue, min_parts=1)
                return
        # "David Saint-Jacques, an astronaut with the Canadian Space Agency", "McClain, an Expedition 58 flight
        # engineer", "Kathy Lueders, NASA's associate administrator": the role follows the name and a comma.
        k = start - 1
        while k > 0 and k > start - 1 - LOOKBACK and self._modifies_role(doc, k, orgs):
            k -= 1
        if k > 0 and doc[k].text == ",":
            agency = agency or self._agency_after(doc, end, orgs)
            add(read_name_backward(doc, k, blocked), {**stated, "agency": agency}, min_parts=1)

    @staticmethod
    def _list_start(doc: Doc, k: int) -> int | None:
        """Where the names introduced after a plural role word begin: after a colon, or after "are"/"were"/
        "include" (and a "left to right"), within the sentence."""
        verb = None
        for j in range(k, min(len(doc), k + LIST_REACH)):
            text = doc[j].lower_
            if text in {".", "!", "?", ";"} or "\n" in text:
                break
            if text == ":":
                return j + 1 + (j + 1 < len(doc) and doc[j + 1].is_space)  # a list of paragraphs may follow
            if verb is None and text in LIST_VERBS:
                verb = j + 1
        if verb is None:
            return None
        while verb < len(doc) and doc[verb].lower_ in {"left", "to", "right", "from", ",", ":", "(", ")"}:
            verb += 1
        return verb

    @staticmethod
    def _paragraph_list(doc: Doc, rng, blocked, add, cue: dict) -> None:
        """ "NASA's astronaut candidates are:" then a paragraph per person, each opening with the name: the
        list runs while paragraphs open with a name."""
        k = rng[1]
        while True:
            while k < len(doc) and not doc[k].is_space:
                k += 1
            while k < len(doc) and doc[k].is_space:
                k += 1
            rng = read_name_forward(doc, k, blocked)
            if rng is None or rng[1] >= len(doc) or not (doc[rng[1]].text == "," or doc[rng[1]].is_lower) \
                    or not add(rng, cue):
                return
            k = rng[1]

    def _chain(self, doc: Doc, rng, blocked, add, cue: dict) -> None:
        """The names coordinated after a first one: "A, B and C". A name with an agency of its own ("and
        Satoshi Furukawa of JAXA") keeps it and ends the list."""
        if not rng or not add(rng, cue):
            return
        k = self._past_hometown(doc, rng[1])
        while k + 1 < len(doc) and doc[k].text in {",", "and", ";"}:
            k += 1
            if doc[k].lower_ in POSITIONS and k + 1 < len(doc) and doc[k + 1].text == ",":
                k += 2  # "A, left, B, and C": where each stands in a photo
            elif doc[k].lower_ in {"the", "a", "an"}:
                # "A, the commander, and B, the pilot": an appositive between the names
                j = k + 1
                while j < len(doc) and j - k <= 4 and doc[j].is_lower and doc[j].is_alpha:
                    j += 1
                if j == k + 1 or j >= len(doc) or doc[j].text != ",":
                    break
                role = self.roles.get(doc[k + 1:j].text.lower())
                if role and rng:
                    add(rng, {"role": role[0], "rank": role[1]})
                k = j + 1
            if k < len(doc) and doc[k].text == "and":
                k += 1
            nxt = read_name_forward(doc, k, blocked)
            own = self._agency_after(doc, nxt[1], self._orgs) if nxt else None
            if own:
                add(nxt, {**cue, "agency": own})  # "... and Matthew Dominick of NASA": the role goes on
                break
            nxt = add(nxt, cue)
            if not nxt:
                break
            k = self._past_hometown(doc, nxt[1])

    def _past_hometown(self, doc: Doc, k: int) -> int:
        """Past a home town after a listed name ("Nichole Ayers of Colorado Springs, Colorado; Marcos Berríos
        of Guaynabo, Puerto Rico; ..."): where the list goes on, or K where "of" names no place of a list item
        (an employer, "of NASA", is the name's own agency)."""
        if k + 1 >= len(doc) or doc[k].lower_ != "of" or self._agency_after(doc, k, self._orgs):
            return k
        def place_end(j: int) -> int:
            start = j
            while j < len(doc) and (doc[j].text[:1].isupper() or (doc[j].text in {".", "-"} and j > start)):
                j += 1
            return j

        town = place_end(k + 1)
        if town == k + 1:
            return k
        # "Colorado Springs, Colorado;": the town's state or country, where the items are set off by semicolons
        state = place_end(town + 1) if town + 1 < len(doc) and doc[town].text == "," else town
        if state > town + 1 and state < len(doc) and doc[state].text in {";", "."}:
            return state
        return town if town < len(doc) and doc[town].text in {";", ",", "and", "."} else k

    def _shared_agency(self, doc: Doc, shared: list[int], orgs: dict[int, Span],
                       found: dict[tuple[int, int], dict]) -> None:
        """ "A and B, both of Roscosmos" / "A and B, both cosmonauts": the agency belongs to both people."""
        ranges = sorted(found)  # found gains no names here: sorted once, searched per cue
        for k in shared:
            token = doc[k]
            if k == 0 or doc[k - 1].text != ",":
                continue
            agency = self._agency_after(doc, k + 1, orgs) or self.agency_of_role.get(
                doc[k + 1].lower_ if k + 1 < len(doc) else "")
            if not agency:
                continue
            sentence_start = next((j + 1 for j in range(k - 1, -1, -1) if doc[j].text in {".", "!", "?", "\n"}), 0)
            before = []
            for rng in ranges[bisect_left(ranges, (sentence_start,)):]:
                if rng[0] >= k - 1:
                    break
                if rng[1] <= k - 1:
                    before.append(rng)
            for rng in before[-2:] if token.lower_ == "both" else before:
                found[rng]["agency"] = found[rng]["agency"] or agency

    def _modifies_role(self, doc: Doc, k: int, orgs: dict[int, Span]) -> bool:
        token = doc[k]
        return (token.like_num or token.text in {"'s", "’s", "Expedition"} or token.lower_ in self.role_modifiers
                or token.text in self.adjectives or k in self._covered)

    def _list(self, doc, end, blocked, add) -> None:
        k = end
        while k < len(doc) and doc[k].text not in {".", "!", "?", "\n"} and not doc[k].is_space:
            rng = read_name_forward(doc, k, blocked)
            if rng and add(rng, {}):
                k = rng[1]
            else:
                k += 1
