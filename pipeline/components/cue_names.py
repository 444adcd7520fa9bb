"""Names that no list holds, found from the words around them: "the VIZIR earth observation experiment",
"Advanced Combustion via Microgravity Experiments (ACME)", "the company Celestial Buddies",
"Vostochny Cosmodrome", "the Sea of Okhotsk". The cue words live in cues.json."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components import (add_candidates, body_kind, candidate_spans, covered_tokens, set_info, token_lowers,
                                 token_texts)
from pipeline.components.date_spans import ABBREVIATIONS, MONTHS as MONTH_NAMES
from pipeline.components.names import NOT_NAMES, SENTENCE_OPENERS
from pipeline.knowledge import knowledge_base, load_file, slug

MONTHS = set(MONTH_NAMES) | set(ABBREVIATIONS)
MAX_GAP = 3  # lower-case words allowed between a name and its cue noun ("VIZIR earth observation experiment")
MAX_PARTS = 5
RESEARCH_STATION = "station:international-space-station"  # whose investigations are named "ISS ..."
MAX_EXPANSION = 16  # tokens of a spelled-out acronym
APPOSITIVE_MODIFIERS = 4  # words between "a"/"an" and the cue noun ("a long-running Roscosmos investigation")
PLACE_PREPOSITIONS = {"in", "from", "near", "at", "of", "to", "over", "outside", "between", "and"}
# A capitalized word with a serial: "Habitat-06", "Saffire-IV", "MISSE-17", "Tissues-2".
# A two-letter stem is mostly an abbreviation ("FY-23", "No-2"); knowledge names ("PK-4") do not need this.
SERIAL_NAME = re.compile(r"^[A-Z][A-Za-z]{2,}-(\d{1,2}|[IVX]{1,4})$")
SERIAL = re.compile(r"^(\d{1,2}|[IVX]{1,4})$")


def _is_proper(token) -> bool:
    text = token.text
    return bool(text[:1].isupper() or (text[:1].isdigit() and "-" not in text[:1])) and not token.is_punct


def _opens_sentence(token) -> bool:
    i = token.i
    return i == 0 or token.doc[i - 1].is_space or token.doc[i - 1].text in {".", "!", "?", ":", "\"", "“"}


def _proper_run_before(doc: Doc, j: int, blocked: set[int]) -> tuple[int, int] | None:
    """Capitalized words (joined by hyphens) ending just before token j."""
    start = j
    while start > 0 and j - start < MAX_PARTS * 2:
        k = start - 1
        if k in blocked:
            break
        if _is_proper(doc[k]) and (doc[k].lower_ not in {"the", "a", "an"}
                                   or (k > 0 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_)):
            start = k
        elif doc[k].text == "-" and not doc[k].whitespace_ and k > 0 and not doc[k - 1].whitespace_:
            start = k
        else:
            break
    while start < j and doc[start].text == "-":
        start += 1
    end = j
    while end > start and doc[end - 1].text == "-":
        end -= 1  # "German-built": the hyphen ties the word to what follows, not to a name
    return (start, end) if start < end else None


def _proper_run_after(doc: Doc, i: int, blocked: set[int]) -> tuple[int, int] | None:
    """Capitalized words from token i on, with the parts a hyphen joins ("Microbe-III", "MISSE-13-NASA")."""
    end = i
    while end < len(doc) and end not in blocked and end - i < MAX_PARTS * 2:
        if _is_proper(doc[end]):
            end += 1
        elif end > i and _hyphen_joins(doc, end) and end + 1 not in blocked:
            end += 2
        else:
            break
    return (i, end) if end > i else None


def _hyphen_end(doc: Doc, end: int) -> int:
    """The end of a name that goes on with hyphen-joined parts after token end - 1."""
    while end + 1 < len(doc) and _hyphen_joins(doc, end):
        end += 2
    return end


def _hyphen_joins(doc: Doc, k: int) -> bool:
    """A hyphen between two parts of one word, a capitalized or numbered part after it: "Microbe-III"."""
    return (doc[k].text == "-" and k + 1 < len(doc) and not doc[k - 1].whitespace_ and not doc[k].whitespace_
            and (doc[k + 1].text[:1].isupper() or doc[k + 1].text[:1].isdigit()))


@Language.factory("cue_names", default_config={"cues_file": "cues.json"})
def make_cue_names(nlp: Language, name: str, cues_file: str) -> CueNames:
    return CueNames(nlp, load_file(cues_file))


class CueNames:
    def __init__(self, nlp: Language, cues: dict) -> None:
        # "the space station", "the orbiting laboratory": generic words that name the one station an article is
        # about; `normalize` links them to it (or drops them when the article names no station or several).
        self.generic = PhraseMatcher(nlp.vocab, attr="LOWER")
        for type_, phrases in cues.get("generic", {}).items():
            self.generic.add(type_, [nlp.make_doc(f"the {p}") for p in phrases])
        # {type: {"after": [nouns that follow a name], "before": [words that precede one],
        #         "inside": [capitalized words that make a run this type: "Cosmodrome", "Ocean"]}}
        self.after = {w: t for t, c in cues["types"].items() for w in c.get("after", [])}
        self.max_gap = {t: c.get("max_gap", MAX_GAP) for t, c in cues["types"].items()}
        self.before = {w: t for t, c in cues["types"].items() for w in c.get("before", [])}
        self.inside = {w: t for t, c in cues["types"].items() for w in c.get("inside", [])}
        self.appositive = {w: t for t, c in cues["types"].items() for w in c.get("appositive", [])}
        self.inside_stems = {w.lower() for w in self.inside}
        self.stop = set(cues.get("not_names", []))
        self.verbs = set(cues["types"].get("experiment", {}).get("verbs", []))
        # Lower-cased words at which some rule starts; every other token is passed over.
        self.cue_words = {*self.after, *self.before, *self.appositive, *(w.lower() for w in self.inside), "("}
        self.series = {form.lower() for r in knowledge_base().by_type("experiment") for form in r.forms}
        # Places whose name, after a comma, makes the capitalized words before it a place: "Chincoteague, Virginia".
        self.place_kinds = set(cues.get("place_after_comma", []))
        self.compass = set(cues.get("compass_words", []))
        self.origins: dict[str, list[tuple[str, ...]]] = {}  # first word -> phrases, longest first
        for phrase in sorted(cues.get("origin_phrases", []), key=lambda p: -len(p.split())):
            words = tuple(phrase.split())
            self.origins.setdefault(words[0], []).append(words)
        self.origin_firsts = set(self.origins)
        self.cue_words |= self.origin_firsts
        self.instrument_nouns = set(cues.get("instrument_nouns", []))
        self.compound_heads = set(cues.get("compound_heads", []))
        # Plural cue nouns ("modules") -> the one-word knowledge names needing that cue ("Destiny").
        self.plural_cues: dict[str, dict[str, tuple[str, str]]] = {}
        for record in knowledge_base().records.values():
            if record.needs_context:
                for word in record.context_words:
                    if " " not in word and word.isalpha() and word.islower():
                        for form in record.forms:
                            if " " not in form:
                                self.plural_cues.setdefault(word + "s", {}).setdefault(form, (record.id, record.type))
        self.cue_words |= set(self.plural_cues)
        self.technologies = set(cues.get("technology_acronyms", []))
        self.cue_words |= self.instrument_nouns
        # Words after the station's name that make it an office, a program, a role or a crew, not an experiment.
        heads = load_file("institutions.json")
        self.not_station_words = {*heads["organization"], *heads["location"], *NOT_NAMES,
                                  *(w.title() for r in load_file("roles.json")["records"] for w in r["words"])}

    def __call__(self, doc: Doc) -> Doc:
        blocked = covered_tokens(doc)
        found: list[Span] = []

        def add(rng, type_, apart: bool = False) -> None:
            """`apart`: the name stands apart from its cue noun ("Myco, an investigation"), so a capitalized
            sentence opener may be a name unless it reads as an adverb ("Additionally, a study")."""
            if not rng:
                return
            start, end = rng
            while start < end and (doc[start].text in self.stop
                                   or (doc[start].is_stop and _opens_sentence(doc[start]))):
                start += 1  # "Over 3,700 investigations", "In FY-23": a sentence opener is no part of a name
            if start >= end or any(i in blocked for i in range(start, end)):
                return
            span = Span(doc, start, end, label=type_)
            if body_kind(doc, span.start_char, span.end_char) is None or span.text in self.stop:
                return
            if not any(t.text[:1].isupper() and t.text not in MONTHS for t in span):
                return  # "about 20 experiments", "in December 2022, Russia"
            if len(span) == 1 and _opens_sentence(span[0]) and span[0].text[1:].islower() and not (
                    apart and not span[0].is_stop and span[0].text not in SENTENCE_OPENERS
                    and not span[0].text.endswith("ly")):
                return  # "Recent studies", "These investigations": capitalized only as a sentence opener
            found.append(span)
            blocked.update(range(start, end))

        prefixes = self._prefix_names(doc)
        known_ends = {span.end: span for span in candidate_spans(doc)
                      if span.id_ and span.label_ in {"experiment", "spacecraft", "organization"} and len(span) > 1}

        def add_named(rng, type_, apart: bool = False, company: bool = False) -> None:
            """An experiment's name may open with the station's or a known investigation's name ("ISS Boeing
            Antimicrobial Coating", "International Space Station Internal Radiation Monitoring", "ARED
            Kinematics"): the longer name wins over the names inside it."""
            if not rng or type_ != "experiment":
                return add(rng, type_, apart)
            start = rng[0]
            prefix = prefixes.get(start)
            if prefix is not None and (prefix[1] != "organization" or company):
                start = prefix[0]
            elif prefix is not None and prefixes.get(prefix[0], ("", ""))[1] == "station":
                start = prefixes[prefix[0]][0]  # "ISS Boeing Antimicrobial Coating": the company between
            if start == rng[0] or rng[0] >= rng[1]:
                return add(rng, type_, apart)
            span = Span(doc, start, rng[1], label=type_)
            if any(i in blocked for i in range(rng[0], rng[1])) or body_kind(doc, span.start_char,
                                                                             span.end_char) is None:
                return None
            set_info(span, cue={"institution": True})
            found.append(span)
            blocked.update(range(start, rng[1]))

        lowers = token_lowers(doc)
        cue_words = self.cue_words
        # One pass over the words finds where every rule may start; hyphenated words are kept for the
        # head words inside them ("Satellite-01A").
        anchors = [k for k, word in enumerate(lowers) if word in cue_words or "-" in word]
        inside_stems = self.inside_stems
        texts = token_texts(doc)
        serials = [k for k in anchors if "-" in texts[k] and SERIAL_NAME.match(texts[k])]  # "Saffire-IV"
        for i in anchors:
            if lowers[i] not in cue_words and lowers[i].split("-")[0] not in inside_stems:
                continue
            token = doc[i]
            lower = lowers[i]
            comma = self._appositive_comma(doc, i, blocked) if lower in self.appositive and token.is_lower else None
            if lower in self.instrument_nouns and i > 0 and i - 1 not in blocked and doc[i - 1].is_upper \
                    and doc[i - 1].is_alpha and len(doc[i - 1]) >= 3 and token.is_lower \
                    and doc[i - 1].text not in self.technologies:
                add((i - 1, i), "experiment")  # "the JANUS camera", "the RIME radar": an instrument's acronym
            elif comma is not None:
                # "Hermes, a facility for studying asteroid dust", "BioRisk-MSV, a long-running Roscosmos
                # investigation", "EPIC (Earth Polychromatic Imaging Camera), a camera"
                add_named(self._run_before_comma(doc, comma, blocked), self.appositive[lower], apart=True)
            elif lower in self.appositive and token.is_lower and self._named_before_cue(doc, i, blocked, add_named):
                pass
            elif lower in self.after and token.is_lower:
                # skip up to MAX_GAP lower-case descriptive words between the name and the cue noun
                j = i
                for _ in range(self.max_gap[self.after[lower]] + 1):
                    rng = _proper_run_before(doc, j, blocked)
                    if rng:
                        add_named(rng, self.after[lower])
                        break
                    if j - 1 < 0 or not doc[j - 1].is_lower or doc[j - 1].is_stop:
                        break  # "the", "of", "will": the words before are no name of this cue noun
                    j -= 1
            elif lower in self.before and i + 1 < len(doc):
                add(_proper_run_after(doc, i + 1, blocked), self.before[lower])
            elif token.text.split("-")[0] in self.inside and i not in blocked:  # "Satellite-01A" too
                rng = _proper_run_before(doc, i, blocked)
                if not rng:
                    continue  # "Island Blues": the cue word alone names nothing
                start, end = rng[0], _hyphen_end(doc, i + 1)  # "Shuttle Pallet Satellite-01A"
                if end + 1 < len(doc) and doc[end].lower_ == "of" and _is_proper(doc[end + 1]):
                    # "Sea of Okhotsk"; a name already found after "of" ("University of America") stays its own
                    after = _proper_run_after(doc, end + 1, blocked)
                    end = after[1] if after else end
                # "Redwire Cardiac Bioprinting Investigation": a company may open the name
                add_named((start, end), self.inside[token.text.split("-")[0]], company=True)
            elif token.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and doc[i + 1].is_upper \
                    and len(doc[i + 1]) >= 3:
                # "Long Name Of Something (ACRONYM)": the acronym names what the long name names.
                rng = _proper_run_before(doc, i, blocked)
                if rng and rng[1] - rng[0] >= 2:
                    # "(CIPHER) investigation": the word after it; else the long name's last cue word
                    words = [t.lower_ for t in doc[rng[0]:rng[1]]][::-1]
                    if i + 3 < len(doc):
                        words.insert(0, doc[i + 3].lower_)
                    type_ = next((self.after[w.rstrip("s")] for w in words if w.rstrip("s") in self.after), None)
                    if type_ is None and self._defines_acronym(doc, rng, i + 1) \
                            and self._sentence_has_research_cue(doc, lowers, i):
                        # "Engineered Heart Tissues (EHT) used 3D tissues ... to study cardiac function"
                        add(rng, "experiment")
                    if type_:
                        add((i + 1, i + 2), type_)
                elif i in known_ends and i + 1 not in blocked:
                    # "BioFabrication Facility (BFF)": the article's own short form of a known name
                    known = known_ends[i]
                    initials = "".join(t.text[0] for t in known if t.text[:1].isupper())
                    capitals = "".join(c for c in known.text if c.isupper())  # "BioFabrication" gives "BF"
                    if doc[i + 1].text in {initials, capitals}:
                        short = Span(doc, i + 1, i + 2, label=known.label_, span_id=known.id_)
                        set_info(short, cue={"short_form": True})
                        found.append(short)
                        blocked.add(i + 1)
            if token.text == "(" and i > 0:
                self._acronym_before_expansion(doc, lowers, i, blocked, add)
        for i in [k for k in anchors if lowers[k] in self.after and lowers[k].endswith("s")]:
            self._list_after(doc, i, blocked, add, self.after[lowers[i]])
        self._bracketed_in_cue_sentence(doc, lowers, [k for k in anchors if lowers[k] == "("], blocked, add)
        found.extend(self._listed_before_plural_cue(doc, lowers, [k for k in anchors if lowers[k] in self.plural_cues],
                                                    blocked))
        self._serials_near_cue(doc, lowers, blocked, add, serials)
        if any(self.after.get(lowers[k]) == "experiment" for k in anchors):  # an article about investigations
            self._after_station_name(doc, blocked, add_named)
        found.extend(self._series_members(doc, {s.text.lower() for s in found if s.label_ == "experiment"}, blocked,
                                          serials))
        found.extend(self._place_before_region(doc, blocked))
        found.extend(self._compass_regions(doc, blocked))
        found.extend(self._coasts(doc))
        self._origins(doc, lowers, [k for k in anchors if lowers[k] in self.origin_firsts], blocked, add)
        for span in filter_spans(self.generic(doc, as_spans=True)):
            words = doc[span.start + 1:span.end]  # without "the"
            if not any(i in blocked for i in range(words.start, words.end)) and words[-1].is_lower \
                    and body_kind(doc, words.start_char, words.end_char):
                generic = Span(doc, words.start, words.end, label=span.label_)
                set_info(generic, cue={"generic": True})
                found.append(generic)
        add_candidates(doc, found)
        return doc

    def _named_before_cue(self, doc: Doc, i: int, blocked: set[int], add_named) -> bool:
        """ "A current investigation, ISS Quiet Sleep, tests ...", "An investigation completed in 2018, Kelpo
        examined ...": a sentence opening with "a"/"an" and the cue noun names it after the first comma.
        "Known as Kelpo, the study ...": the name before ", the <cue noun>"."""
        k = i - 1
        while k > i - 3 and k > 0 and doc[k].is_lower and doc[k].lower_ not in {"a", "an"}:
            k -= 1
        if k >= 0 and doc[k].lower_ in {"a", "an"} and _opens_sentence(doc[k]):
            comma = next((j for j in range(i + 1, min(len(doc), i + 8)) if doc[j].text in {",", ".", "\n"}
                          or doc[j].is_space), None)
            if comma is None or doc[comma].text != ",":
                return False
            start = comma + 1
            end = self._prefixed_run_end(doc, start, blocked)
            if end is None or end >= len(doc) or not (doc[end].text == "," or doc[end].is_lower):
                return False
            add_named((self._unprefixed(doc, start, end, blocked), end), self.appositive[doc[i].lower_])
            return True
        if i > 4 and doc[i - 1].lower_ in {"the", "this"} and doc[i - 2].text == ",":
            rng = _proper_run_before(doc, i - 2, blocked)
            if rng and rng[0] > 1 and (doc[rng[0] - 1].lower_ in {"called", "named", "dubbed"} or (
                    doc[rng[0] - 1].lower_ == "as" and doc[rng[0] - 2].lower_ == "known")):
                add_named(rng, self.appositive[doc[i].lower_], apart=True)
                return True
        return False

    def _prefixed_run_end(self, doc: Doc, start: int, blocked: set[int]) -> int | None:
        """End of a capitalized run from token start on, over known names at its head ("ISS Boeing ...")."""
        k = start
        while k < len(doc) and k in blocked and doc[k].text[:1].isupper():
            k += 1
        rng = _proper_run_after(doc, k, blocked)
        return rng[1] if rng else None

    @staticmethod
    def _unprefixed(doc: Doc, start: int, end: int, blocked: set[int]) -> int:
        """Where the unknown part of a run begins (add_named puts the known head back)."""
        k = start
        while k < end and k in blocked:
            k += 1
        return k

    def _acronym_before_expansion(self, doc: Doc, lowers: list[str], i: int, blocked: set[int], add) -> None:
        """ "the CIPHER (Complement of Integrated Protocols ...) investigation", "MABL-A (Microgravity
        Associated Bone Loss-A) examines ...": an acronym spelled out after it names an experiment when a cue
        noun follows, the expansion holds one, or a research verb follows."""
        rng = _proper_run_before(doc, i, blocked)
        if not rng or doc[i - 1].whitespace_ == "" or sum(c.isupper() for c in doc[rng[0]:rng[1]].text) < 2:
            return
        if any(doc[k].whitespace_ for k in range(rng[0], rng[1] - 1)):
            return  # one word: "MABL-A", not "Jane Doe"
        close = next((j for j in range(i + 1, min(len(doc), i + 1 + MAX_EXPANSION)) if doc[j].text == ")"), None)
        if close is None or close - i < 3:
            return
        inner = doc[i + 1:close]
        if inner[0].text[:1].lower() != doc[rng[0]].text[:1].lower() or not all(
                t.text[:1].isupper() or t.text == "-" or (t.is_lower and t.is_stop) for t in inner):
            return
        after = [lowers[j] for j in range(close + 1, min(len(doc), close + 4)) if lowers[j] not in {",", "which"}]
        words = [*after[:1], *(t.lower_ for t in inner)]
        type_ = next((self.after[w] for w in words if w in self.after), None)
        if type_ is None and after and after[0] in self.verbs:
            type_ = "experiment"
        if type_:
            add(rng, type_)

    def _bracketed_in_cue_sentence(self, doc: Doc, lowers: list[str], brackets: list[int], blocked: set[int],
                                   add) -> None:
        """ "results such as reduced fat in the bone marrow (MARROW), gene mutations that preserve muscle
        (Molecular Muscle)": names in brackets after a description, in a sentence about investigations."""
        plural = {w for w, t in self.after.items() if t == "experiment" and w.endswith(("s", "ies"))
                  and w != "experiment"}
        for i in brackets:
            if i == 0 or not (doc[i - 1].is_lower and doc[i - 1].is_alpha):
                continue
            rng = _proper_run_after(doc, i + 1, blocked)
            if not rng or rng[1] >= len(doc) or doc[rng[1]].text != ")" \
                    or (rng[1] + 1 < len(doc) and not doc[rng[1]].whitespace_ and doc[rng[1] + 1].text == "-"):
                continue
            letters = doc[rng[0]:rng[1]].text
            initials = "".join(t.text[0] for t in doc[max(0, i - len(letters)):i]).upper()
            if letters.isupper() and initials == letters:
                continue  # "fiscal year (FY)": an abbreviation of the words before it
            start = i - 1
            while start > 0 and lowers[start] not in {".", "!", "?"} and not doc[start].is_space:
                start -= 1
            end = rng[1]
            while end < len(doc) and lowers[end] not in {".", "!", "?"} and not doc[end].is_space:
                end += 1
            if any(w in plural for w in lowers[start:end]):
                add(rng, "experiment")

    def _listed_before_plural_cue(self, doc: Doc, lowers: list[str], cues: list[int], blocked: set[int]) -> list[Span]:
        """ "the Unity, Destiny and Kibo modules": names that need a cue word share the plural one after them."""
        listed = []
        for i in cues:
            forms = self.plural_cues[lowers[i]]
            k = i - 1
            # names the knowledge files know alone ("Kibo") may stand in the list too
            while k >= 0 and (doc[k].text in forms or (k in blocked and doc[k].text[:1].isupper())):
                if k not in blocked:
                    record_id, type_ = forms[doc[k].text]
                    span = Span(doc, k, k + 1, label=type_, span_id=record_id)
                    if body_kind(doc, span.start_char, span.end_char):
                        listed.append(span)
                        blocked.add(k)
                k -= 1
                if k >= 0 and lowers[k] == "and":
                    k -= 1
                if k >= 0 and lowers[k] == ",":
                    k -= 1
        return listed

    def _defines_acronym(self, doc: Doc, rng: tuple[int, int], k: int) -> bool:
        """The acronym at k spells the capitalized words of the name before it, and the name has no head word of
        an institution or place ("Japan Manned Space Systems (JAMSS)" stays unread)."""
        words = [t.text for t in doc[rng[0]:rng[1]] if t.text[:1].isupper()]
        return "".join(w[0] for w in words) == doc[k].text and not any(w in self.not_station_words for w in words)

    def _sentence_has_research_cue(self, doc: Doc, lowers: list[str], i: int) -> bool:
        start, end = i, i
        while start > 0 and lowers[start - 1] not in {".", "!", "?"} and not doc[start - 1].is_space:
            start -= 1
        while end < len(doc) and lowers[end] not in {".", "!", "?"} and not doc[end].is_space:
            end += 1
        return any(self.after.get(w) == "experiment" or w in self.verbs for w in lowers[start:end])

    def _after_station_name(self, doc: Doc, blocked: set[int], add_named) -> None:
        """ "ISS Internal Environments provided a baseline", "NASA’s ISS External Microorganisms plans ...": in
        an article about investigations, capitalized words right after the space station's name, ending the
        name, name an investigation (not an office, a program or a role: "ISS Program", "ISS Commander"), as
        investigations on the station are commonly named."""
        for span in candidate_spans(doc):
            if span.id_ != RESEARCH_STATION or not doc[span.start].text[:1].isupper():
                continue
            end = span.end
            while end < len(doc) and end - span.end < MAX_PARTS and end not in blocked and _is_proper(doc[end]) \
                    and doc[end].is_alpha and doc[end].text not in self.not_station_words:
                end += 1
            if end - span.end < 2 or end >= len(doc) or end in blocked:
                continue
            if not (doc[end].is_lower or (doc[end].is_punct and doc[end].text not in {"(", "-"})):
                continue
            add_named((span.end, end), "experiment")

    @staticmethod
    def _prefix_names(doc: Doc) -> dict[int, tuple[int, str]]:
        """Known capitalized names of a station, an investigation or an organization, by the token just after
        them: where an experiment's own name may go on."""
        return {span.end: (span.start, span.label_) for span in candidate_spans(doc)
                if span.id_ and span.label_ in {"station", "experiment", "organization"}
                and doc[span.start].text[:1].isupper()}

    def _appositive_comma(self, doc: Doc, i: int, blocked: set[int]) -> int | None:
        """The comma of "Name, a [few modifiers] <cue noun>": "Myco, an investigation", "BioRisk-MSV, a
        long-running Roscosmos investigation", "X, a technology demonstration"; not "X, a satellite operator"."""
        if i + 1 < len(doc) and doc[i + 1].lower_ in self.compound_heads:
            return None
        k = i - 1
        while k > i - 1 - APPOSITIVE_MODIFIERS and k > 1 and doc[k].lower_ not in {"a", "an"}:
            token = doc[k]
            if not (token.is_lower and token.is_alpha and not token.is_stop) and token.text != "-" \
                    and k not in blocked:
                return None  # "Roscosmos" (a known name) may stand here, other capitalized words not
            k -= 1
        if k > 1 and doc[k].lower_ in {"a", "an"} and doc[k - 1].text == ",":
            return k - 1
        return None

    @staticmethod
    def _run_before_comma(doc: Doc, comma: int, blocked: set[int]) -> tuple[int, int] | None:
        """The name before an appositive's comma; for "Long Name (ACRONYM)," the long name."""
        j = comma
        if j > 3 and doc[j - 1].text == ")" and doc[j - 3].text == "(":
            j -= 3
        return _proper_run_before(doc, j, blocked)

    def _series_members(self, doc: Doc, named: set[str], blocked: set[int], serials: list[int]) -> list[Span]:
        """ "Saffire-IV", "MISSE-18", "Plant Habitat-06": a numbered member of an experiment series the
        knowledge files or the article itself name ("Engineered Heart Tissues (EHT) ..." then "Engineered Heart
        Tissues-2"). It wins over the series name inside it, as a numbered flight does."""
        members = []
        texts = token_texts(doc)
        for span in candidate_spans(doc):
            if span.label_ != "experiment" or not span.id_:
                continue
            end = span.end  # "Saffire" "-" "IV"
            if end + 1 < len(doc) and texts[end] == "-" and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and (SERIAL.match(texts[end + 1]) or texts[end + 1][:1].isupper()):
                members.append(self._member(doc, span.start, _hyphen_end(doc, end + 2)))  # "BFF-Cardiac"
        for j in serials:  # "Plant" "Habitat-06", "MISSE-18"
            stem = texts[j].split("-")[0]
            for start in range(j, max(-1, j - 4), -1):
                words = " ".join([*texts[start:j], stem]).lower()
                if words in self.series or (words in named and not any(k in blocked for k in range(start, j + 1))):
                    members.append(self._member(doc, start, _hyphen_end(doc, j + 1)))  # "MISSE-13-NASA"
                    break
        return members

    @staticmethod
    def _member(doc: Doc, start: int, end: int) -> Span:
        span = Span(doc, start, end, label="experiment", span_id=f"experiment:{slug(doc[start:end].text)}")
        set_info(span, name=span.text)
        return span

    def _serials_near_cue(self, doc: Doc, lowers: list[str], blocked: set[int], add, serials: list[int]) -> None:
        """ "Saffire-IV examined fire growth ... the investigation": a capitalized name with a serial
        ("Plant Habitat-06", "Microbe-III", "MISSE-17") in a sentence that has a cue noun is of the cue's type.
        Serials of flights and missions are claimed by the patterns before this runs."""
        texts = token_texts(doc)
        if not serials:
            return
        ends = {".", "!", "?"}
        for j in serials:
            if j in blocked:
                continue
            start = j
            while start > 0 and texts[start - 1] not in ends and "\n" not in texts[start - 1]:
                start -= 1
            end = j
            while end < len(texts) and texts[end] not in ends and "\n" not in texts[end]:
                end += 1
            types = [self.after[w] for w in lowers[start:end] if w in self.after]
            if types:
                rng = _proper_run_before(doc, j, blocked) or (j, j)
                add((rng[0], j + 1), types[0])


    @staticmethod
    def _list_after(doc: Doc, i: int, blocked: set[int], add, type_: str) -> None:
        """ "Three JAXA investigations, MHU-1, MHU-4, and MHU-5": names listed right after a plural cue noun."""
        k = i + 1
        if k < len(doc) and doc[k].text in {",", ":"}:
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ in {"including", "like"}:
            k += 1
        elif k + 2 < len(doc) and doc[k].lower_ == "such" and doc[k + 1].lower_ == "as":
            k += 2
        if k == i + 1:
            return  # a list is introduced ("investigations, A and B"); "the experiments I saw" is none
        while k < len(doc):
            rng = _proper_run_after(doc, k, blocked)
            if not rng or any(not (t.text[:1].isupper() or t.text[:1].isdigit() or t.text == "-")
                              for t in doc[rng[0]:rng[1]]):
                return
            add(rng, type_)
            k = rng[1]
            if k < len(doc) and doc[k].text == ",":
                k += 1
            if k < len(doc) and doc[k].lower_ in {"and", "or"}:
                k += 1
            elif k < len(doc) and doc[k - 1].text != ",":
                return

    def _origins(self, doc: Doc, lowers: list[str], starts: list[int], blocked: set[int], add) -> None:
        """ "born in Sharjah", "grew up in Guaynabo", "a native of Camas": a person's home town."""
        for i in starts:
            for words in self.origins[lowers[i]]:
                end = i + len(words)
                if tuple(lowers[i:end]) == words and end < len(doc):
                    rng = _proper_run_after(doc, end, blocked)
                    if rng and all(t.is_alpha or t.text == "-" for t in doc[rng[0]:rng[1]]):
                        add(rng, "location")
                    break

    def _compass_regions(self, doc: Doc, blocked: set[int]) -> list[Span]:
        """ "Northern Alberta", "Southeast Asia": a compass word before a known region or country is one
        name with it (it wins over the place inside it, as a longer name)."""
        kb = knowledge_base()
        regions = []
        for span in candidate_spans(doc):
            record = kb.get(span.id_) if span.label_ == "location" and span.id_ else None
            k = span.start - 1
            if record is None or k < 0 or doc[k].text not in self.compass or k in blocked \
                    or record.attributes.get("kind") not in {"state", "province", "region", "country", "continent"}:
                continue
            if k > 0 and _is_proper(doc[k - 1]) and not _opens_sentence(doc[k]):
                continue  # "Asia Pacific", "North Carolina State": part of a longer name
            region = Span(doc, k, span.end, label="location", span_id=f"location:{slug(doc[k:span.end].text)}")
            if body_kind(doc, region.start_char, region.end_char) is None:
                continue
            set_info(region, name=region.text, cue={"institution": True})
            regions.append(region)
            blocked.add(k)
        return regions

    @staticmethod
    def _coasts(doc: Doc) -> list[Span]:
        """ "the Texas Gulf Coast", "the U.S. East Coast": a country or state right before a coast that the
        knowledge says is named after one (`after_place`) is one place with it (it wins as the longer name)."""
        kb = knowledge_base()
        known_at = {}  # first token -> (end, record) of each known place
        for span in candidate_spans(doc):
            record = kb.get(span.id_) if span.label_ == "location" and span.id_ else None
            if record is not None:
                known_at[span.start] = (span.end, record)
        coasts = []
        for start, (end, record) in known_at.items():
            if record.attributes.get("kind") not in {"country", "state"} or end not in known_at:
                continue
            coast_end, coast = known_at[end]
            if not coast.attributes.get("after_place"):
                continue
            span = Span(doc, start, coast_end, label="location", span_id=f"location:{slug(doc[start:coast_end].text)}")
            if body_kind(doc, span.start_char, span.end_char) is None:
                continue
            set_info(span, name=span.text, cue={"institution": True})
            coasts.append(span)
        return coasts

    def _place_before_region(self, doc: Doc, blocked: set[int]) -> list[Span]:
        """ "in Chincoteague, Virginia" / "from Kourou, French Guiana": a town named with its state or country."""
        kb = knowledge_base()
        towns: list[Span] = []
        candidates = list(candidate_spans(doc))
        # The town may hold a place name ("China Lake, California", "Virginia Beach, Virginia").
        places = {i for s in candidates if s.label_ == "location" for i in range(s.start, s.end)}
        outside_places = blocked - places  # kept in step with `blocked` below, not rebuilt per candidate
        for span in candidates:
            record = kb.get(span.id_) if span.label_ == "location" else None
            if record is None or record.attributes.get("kind") not in self.place_kinds:
                continue
            comma = span.start - 1
            if comma <= 1 or doc[comma].text != ",":
                continue
            rng = _proper_run_before(doc, comma, outside_places)
            if not rng or rng[1] - rng[0] > 3 or rng[0] == 0 \
                    or not all(t.is_alpha and t.text not in MONTHS for t in doc[rng[0]:rng[1]]):
                continue
            before = doc[rng[0] - 1]
            # After a preposition, or after any lower-case word ("calls Wasilla, Alaska, home"); not after
            # a capitalized word, where the run may be the end of a longer name.
            native = span.end < len(doc) and doc[span.end].lower_ == "native"  # "The Maple Grove, Minnesota native"
            if before.lower_ in PLACE_PREPOSITIONS or (before.is_lower and before.is_alpha) or (
                    native and before.lower_ in {"the", "a"}):
                if all(i in places for i in range(*rng)):
                    continue  # "in Houston, Texas": a place already
                town = Span(doc, rng[0], rng[1], label="location")
                if body_kind(doc, town.start_char, town.end_char) is None:
                    continue
                set_info(town, cue={"institution": True})  # wins over the place inside it, as a longer name
                towns.append(town)
                blocked.update(range(*rng))
                outside_places.update(i for i in range(*rng) if i not in places)
        return towns
