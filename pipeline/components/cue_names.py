"""Names that no list holds, found from the words around them: "the VIZIR earth observation experiment",
"Advanced Combustion via Microgravity Experiments (ACME)", "the company Celestial Buddies",
"Vostochny Cosmodrome", "the Sea of Okhotsk". The cue words live in cues.json."""

from __future__ import annotations

from spacy.language import Language
from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components import CANDIDATES, add_candidates, body_kind, covered_tokens, set_info
from pipeline.components.date_spans import ABBREVIATIONS, MONTHS as MONTH_NAMES
from pipeline.knowledge import knowledge_base, load_file

MONTHS = set(MONTH_NAMES) | set(ABBREVIATIONS)
MAX_GAP = 3  # lower-case words allowed between a name and its cue noun ("VIZIR earth observation experiment")
MAX_PARTS = 5


def _is_proper(token) -> bool:
    text = token.text
    return bool(text[:1].isupper() or (text[:1].isdigit() and "-" not in text[:1])) and not token.is_punct


def _proper_run_before(doc: Doc, j: int, blocked: set[int]) -> tuple[int, int] | None:
    """Capitalized words (joined by hyphens) ending just before token j."""
    start = j
    while start > 0 and j - start < MAX_PARTS * 2:
        k = start - 1
        if k in blocked:
            break
        if _is_proper(doc[k]) and doc[k].lower_ not in {"the", "a", "an"}:
            start = k
        elif doc[k].text == "-" and not doc[k].whitespace_ and k > 0 and not doc[k - 1].whitespace_:
            start = k
        else:
            break
    while start < j and doc[start].text == "-":
        start += 1
    return (start, j) if start < j else None


def _proper_run_after(doc: Doc, i: int, blocked: set[int]) -> tuple[int, int] | None:
    end = i
    while end < len(doc) and end not in blocked and end - i < MAX_PARTS and _is_proper(doc[end]):
        end += 1
    return (i, end) if end > i else None


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
        self.stop = set(cues.get("not_names", []))
        # Lower-cased words at which some rule starts; every other token is passed over.
        self.cue_words = {*self.after, *self.before, *self.appositive, *(w.lower() for w in self.inside), "("}
        # Places whose name, after a comma, makes the capitalized words before it a place: "Chincoteague, Virginia".
        self.place_kinds = set(cues.get("place_after_comma", []))

    def __call__(self, doc: Doc) -> Doc:
        blocked = covered_tokens(doc)
        found: list[Span] = []

        def add(rng, type_) -> None:
            if not rng:
                return
            start, end = rng
            while start < end and doc[start].text in self.stop:
                start += 1
            if start >= end or any(i in blocked for i in range(start, end)):
                return
            span = Span(doc, start, end, label=type_)
            if body_kind(doc, span.start_char, span.end_char) is None or span.text in self.stop:
                return
            if not any(t.text[:1].isupper() and t.text not in MONTHS for t in span):
                return  # "about 20 experiments", "in December 2022, Russia"
            found.append(span)
            blocked.update(range(start, end))

        strings = doc.vocab.strings
        lowers = [strings[h] for h in doc.to_array(LOWER).tolist()]
        cue_words = self.cue_words
        for i in [k for k, word in enumerate(lowers) if word in cue_words]:
            token = doc[i]
            lower = lowers[i]
            if lower in self.after and token.is_lower:
                # skip up to MAX_GAP lower-case descriptive words between the name and the cue noun
                j = i
                for _ in range(self.max_gap[self.after[lower]] + 1):
                    rng = _proper_run_before(doc, j, blocked)
                    if rng:
                        add(rng, self.after[lower])
                        break
                    if j - 1 < 0 or not doc[j - 1].is_lower or doc[j - 1].lower_ in {"the", "a", "an", "of"}:
                        break
                    j -= 1
            elif lower in self.appositive and i > 2 and doc[i - 1].lower_ in {"a", "an"} and doc[i - 2].text == ",":
                # "Hermes, a facility for studying asteroid dust"
                add(_proper_run_before(doc, i - 2, blocked), self.appositive[lower])
            elif lower in self.before and i + 1 < len(doc):
                add(_proper_run_after(doc, i + 1, blocked), self.before[lower])
            elif token.text in self.inside and i not in blocked:
                rng = _proper_run_before(doc, i, blocked)
                if not rng:
                    continue  # "Island Blues": the cue word alone names nothing
                start, end = rng[0], i + 1
                if end + 1 < len(doc) and doc[end].lower_ == "of" and _is_proper(doc[end + 1]):
                    end = _proper_run_after(doc, end + 1, blocked)[1]  # "Sea of Okhotsk"
                add((start, end), self.inside[token.text])
            elif token.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and doc[i + 1].is_upper \
                    and len(doc[i + 1]) >= 3:
                # "Long Name Of Something (ACRONYM)": the acronym names what the long name names.
                rng = _proper_run_before(doc, i, blocked)
                if rng and rng[1] - rng[0] >= 2:
                    words = [t.lower_ for t in doc[rng[0]:rng[1]]]
                    type_ = next((self.after[w.rstrip("s")] for w in words if w.rstrip("s") in self.after), None)
                    if type_:
                        add((i + 1, i + 2), type_)
        self._place_before_region(doc, blocked, add)
        for span in filter_spans(self.generic(doc, as_spans=True)):
            words = doc[span.start + 1:span.end]  # without "the"
            if not any(i in blocked for i in range(words.start, words.end)) and words[-1].is_lower \
                    and body_kind(doc, words.start_char, words.end_char):
                generic = Span(doc, words.start, words.end, label=span.label_)
                set_info(generic, cue={"generic": True})
                found.append(generic)
        add_candidates(doc, found)
        return doc

    def _place_before_region(self, doc: Doc, blocked: set[int], add) -> None:
        """ "in Chincoteague, Virginia" / "from Kourou, French Guiana": a town named with its state or country."""
        kb = knowledge_base()
        for span in doc.spans.get(CANDIDATES, []):
            record = kb.get(span.id_) if span.label_ == "location" else None
            if record is None or record.attributes.get("kind") not in self.place_kinds:
                continue
            comma = span.start - 1
            if comma > 1 and doc[comma].text == "," and doc[comma - 1].i not in blocked:
                rng = _proper_run_before(doc, comma, blocked)
                if rng and all(t.is_alpha and t.text not in MONTHS for t in doc[rng[0]:rng[1]]) \
                        and doc[rng[0] - 1].lower_ in {"in", "from", "near", "at", "of", "to", "over", "outside"}:
                    add(rng, "location")
