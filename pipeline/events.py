"""Stage 6 - events: what happened, to which vehicle, where, who and when.

Works on the spaCy tokens of the article (`spacy.blank("en")`: no parser, no lemmas) and on what the earlier
stages found: the entities with their mentions and the resolved dates. In four steps:

1. Triggers: spaCy's `PhraseMatcher` (on lower-case text) finds every written form of every trigger in
   `knowledge/events.json` inside the entries' captions; a trigger inside an entity name ("Launch Complex 39A"),
   one followed by a word that makes it a modifier ("launch pad", "docking port"), one in a generic statement
   ("each spacewalk") or one that needs a vehicle and has none in its sentence ("captured a view") is dropped.
2. Mentions: each trigger's sentence gives its slots. An entity, date or time in the sentence goes to the
   trigger nearest to it whose type takes that slot (so "launched March 3 ... and docked March 5" gives each
   its own day); a trigger left without a vehicle or crew shares those of the sentence. Status from the cue
   words of its sentence (planned, cancelled) or its tense.
3. One event per happening: mentions of one type merge when nothing in them conflicts (two days, two
   vehicles, two missions, two walkers' crews, two ordinals, two lengths) and they share a vehicle, a mission,
   a day or people, or one of them names no vehicle at all. A mention that is only coverage or a passing noun
   ("coverage of the docking", "after the launch") joins an event but makes none.
4. Flights: an event of a mission with no vehicle takes the vehicle the article names beside the mission; an
   event with neither takes the flight of the story around it; crew fill the events of their flight; a hatch
   opening without a day takes its docking's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import get_args

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans
from spacy.vocab import Vocab

from pipeline.dates import ResolvedDate
from pipeline.knowledge import load_file
from pipeline.normalize import NormalizedEntity
from pipeline.segment import Segmented, entry_index
from schemas.models import EventType

EVENT_TYPES = get_args(EventType)
SLOTS = ("spacecraft", "mission", "module", "participants", "location")
SLOT_ENTITY_TYPE = {"spacecraft": "spacecraft", "mission": "mission", "module": "module",
                    "participants": "person", "location": "location"}
MAX_SENTENCE_TOKENS = 90  # a run-on caption line is cut here, both ways from the trigger
CUE_WINDOW = 4  # tokens before a trigger searched for modifiers of it ("each", "coverage of the")
SPLIT_SENTENCE_END = {".", "!", "?"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$")
# Abbreviations that end in a period but end no sentence ("Cmdr. Oleg Kononenko", "U.S. spacewalks").
_NO_SENTENCE_END = re.compile(r"^([A-Z]\.|[A-Z][a-z]{0,4}\.|[a-z]\.[a-z]\.|[A-Z]\.[A-Z]\.|St\.|No\.|vs\.)$")


@dataclass(frozen=True)
class Event:
    type: str
    status: str  # happened | planned | cancelled
    date_index: int | None  # into the output's dates
    time: str | None
    spacecraft: tuple[str, ...]  # entity ids
    mission: tuple[str, ...]
    module: tuple[str, ...]
    participants: tuple[str, ...]
    location: tuple[str, ...]
    duration: str | None  # ISO 8601
    start: int  # the evidence: the most informative mention's sentence
    end: int
    text: str
    entry: int


# -- knowledge ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeRules:
    forms: dict[str, tuple[bool, bool]]  # written form -> (past, noun)
    not_before: frozenset[str]
    slots: tuple[str, ...]
    needs_vehicle: bool
    arrival_words: frozenset[str]
    needs_module: frozenset[str]
    split: dict | None
    same_day_as: str | None


@dataclass(frozen=True)
class Rules:
    types: dict[str, TypeRules]
    cancelled: tuple[str, ...]
    planned: tuple[str, ...]
    planned_after: tuple[str, ...]
    weak_before: tuple[str, ...]
    generic_before: frozenset[str]
    generic_after: frozenset[str]
    arm_words: frozenset[str]
    not_participant_roles: frozenset[str]
    site_kinds: frozenset[str]
    time: re.Pattern[str]
    duration: re.Pattern[str]
    number_words: dict[str, int]


@lru_cache(maxsize=1)
def rules() -> Rules:
    raw = load_file("events.json")
    types = {}
    for name, spec in raw["types"].items():
        nouns = {n.lower() for n in spec.get("nouns", [])}
        forms = {f.lower(): (False, f.lower() in nouns) for f in spec["triggers"]}
        forms.update({f.lower(): (True, False) for f in spec.get("past", [])})
        types[name] = TypeRules(forms, frozenset(spec["not_before"]), tuple(spec["slots"]),
                                bool(spec.get("needs_vehicle")), frozenset(spec.get("arrival_words", [])),
                                frozenset(spec.get("needs_module", [])), spec.get("split"),
                                spec.get("same_day_as"))
    zones = "|".join(re.escape(z) for z in sorted(raw["time_zones"], key=len, reverse=True))
    time = re.compile(r"(?<![\w:])(?:\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b)|noon|midnight)"
                      rf"(?:,?\s(?:{zones})\b)?")
    numbers = raw["number_words"]
    number = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(numbers, key=len, reverse=True)) + ")"
    duration = re.compile(
        rf"\b(?P<hours>{number})(?:[-\s]and[-\s]a[-\s]half)?[-\s]hours?\b(?:[-\s,]*(?:and[-\s])?(?P<minutes>{number})"
        rf"[-\s]minutes?\b)?|\b(?P<only_minutes>{number})[-\s]minutes?\b", re.IGNORECASE)
    status = raw["status"]
    return Rules(types, tuple(status["cancelled"]), tuple(status["planned"]), tuple(status["planned_after"]),
                 tuple(raw["weak_before"]), frozenset(raw["generic_before"]), frozenset(raw["generic_after"]),
                 frozenset(raw["arm_words"]), frozenset(raw["not_participant_roles"]),
                 frozenset(raw["site_kinds"]), time, duration, {k.lower(): v for k, v in numbers.items()})


@lru_cache(maxsize=1)
def _word_splitter():
    """Splits trigger phrases into the words the article tokenizer makes of them ("lift-off" -> 3 tokens)."""
    return spacy.blank("en").tokenizer


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def trigger_matcher(vocab: Vocab) -> PhraseMatcher:
    """One matcher per vocabulary (one per process in practice), every trigger form under "type|form"."""
    held = _MATCHERS.get(id(vocab))
    if held is not None and held[0] is vocab:
        return held[1]
    matcher = PhraseMatcher(vocab, attr="LOWER")
    split = _word_splitter()
    for type_, spec in rules().types.items():
        for form in spec.forms:
            words = [t.text for t in split(form)]
            matcher.add(f"{type_}|{form}", [Doc(vocab, words=words)])
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


# -- mentions ----------------------------------------------------------------------------------------------


@dataclass
class Mention:
    type: str
    start: int  # trigger characters
    end: int
    sentence: tuple[int, int]  # characters
    past: bool
    noun: bool
    form: str  # the trigger as matched, lower-case ("split" for a two-part trigger)
    words: frozenset[str]  # the sentence's words, lower-case
    ordinal: int | None = None
    status: str = "happened"
    explicit_status: bool = False
    weak: bool = False
    slots: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SLOTS})
    date: int | None = None
    time: str | None = None
    duration: str | None = None

    def informative(self) -> int:
        return sum(bool(v) for v in self.slots.values()) + (self.date is not None) + (self.time is not None) \
            + (self.duration is not None)

    def identified(self) -> bool:
        return bool(self.slots["spacecraft"] or self.slots["mission"] or self.slots["participants"]
                    or self.date is not None)


def _sentence(doc: Doc, texts: list[str], i: int, lo: int, hi: int) -> tuple[int, int]:
    """Token range of the sentence around token i, kept inside the caption tokens [lo, hi)."""
    start = i
    while start > lo and i - start < MAX_SENTENCE_TOKENS:
        previous = texts[start - 1]
        if previous in SPLIT_SENTENCE_END or "\n" in doc[start - 1].whitespace_:
            break
        if previous.endswith(".") and len(previous) > 1 and not _NO_SENTENCE_END.match(previous) \
                and texts[start][:1].isupper():
            break
        start -= 1
    end = i + 1
    while end < hi and end - i < MAX_SENTENCE_TOKENS:
        if texts[end] in SPLIT_SENTENCE_END or "\n" in doc[end - 1].whitespace_:
            end += texts[end] in SPLIT_SENTENCE_END
            break
        end += 1
    return start, end


def _has_phrase(words: list[str], phrases: tuple[str, ...]) -> bool:
    joined = " " + " ".join(words) + " "
    return any(f" {p} " in joined for p in phrases)


def _status(rules_: Rules, before: list[str], after: list[str], past: bool) -> tuple[str, bool]:
    """(status, stated): cancelled by a cue around the trigger, planned by a cue before it (or right after a
    noun: "the launch is targeted"), happened by a past form; else happened, unstated."""
    if _has_phrase(before[-8:] + after[:6], rules_.cancelled):
        return "cancelled", True
    if past:
        # "is scheduled to be launched", "will have docked" stay planned
        if _has_phrase(before[-3:], ("will be", "to be", "will have", "will")):
            return "planned", True
        return "happened", True
    if _has_phrase(before, rules_.planned) or _has_phrase(after[:4], rules_.planned_after):
        return "planned", True
    return "happened", False


def _iso_duration(rules_: Rules, match: re.Match[str]) -> str | None:
    def number(text: str | None) -> float:
        if text is None:
            return 0
        text = text.lower()
        return float(text) if text[0].isdigit() else rules_.number_words.get(text, 0)

    hours = number(match.group("hours"))
    minutes = number(match.group("minutes")) or number(match.group("only_minutes"))
    if "half" in match.group(0).lower() and match.group("hours"):
        minutes += 30
    if not hours and not minutes:
        return None
    text = "PT" + (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
    return text


def _distance(start: int, end: int, trigger: Mention) -> int:
    if end <= trigger.start:
        return trigger.start - end
    if start >= trigger.end:
        return start - trigger.end
    return 0


def _nearest(item_start: int, item_end: int, triggers: list[Mention], slot: str | None) -> list[Mention]:
    takers = [t for t in triggers if slot is None or slot in rules().types[t.type].slots
              or (slot == "module" and t.type == "spacewalk")]
    if not takers:
        return []
    best = min(_distance(item_start, item_end, t) for t in takers)
    return [t for t in takers if _distance(item_start, item_end, t) == best]


def _is_participant(rules_: Rules, entity: NormalizedEntity) -> bool:
    return entity.attributes.get("role") not in rules_.not_participant_roles


def _is_airlock(entity: NormalizedEntity) -> bool:
    return "airlock" in entity.attributes.get("function", "") or "airlock" in entity.attributes.get("note", "")


def _caption_ranges(segmented: Segmented) -> list[tuple[int, int]]:
    return [(e.caption.start, e.caption.end) for e in segmented.entries if e.caption.end > e.caption.start]


def _triggers(doc: Doc) -> list[tuple[str, int, int]]:
    """(type|form, start token, end token) of every trigger, longest first where they overlap."""
    matcher = trigger_matcher(doc.vocab)
    spans = []
    for key, start, end in matcher(doc):
        span = doc[start:end]
        span.label_ = doc.vocab.strings[key]
        spans.append(span)
    return [(s.label_, s.start, s.end) for s in filter_spans(spans)]


def find_mentions(doc: Doc, segmented: Segmented, entities: list[NormalizedEntity],
                  dates: list[ResolvedDate]) -> list[Mention]:
    rules_ = rules()
    text = doc.text
    captions = _caption_ranges(segmented)
    caption_starts = [s for s, _ in captions]
    token_starts = [t.idx for t in doc]
    texts = [t.text for t in doc]
    lowers = [t.lower() for t in texts]

    entity_spans = sorted((m.start, m.end, e) for e in entities for m in e.mentions)
    entity_starts = [s for s, _, _ in entity_spans]
    date_spans = [(d.start, d.end, i) for i, d in enumerate(dates)]
    date_starts = [s for s, _, _ in date_spans]

    def inside_entity(start: int, end: int) -> bool:
        i = bisect_right(entity_starts, start) - 1
        while i >= 0 and i >= bisect_right(entity_starts, start) - 3:
            s, e, _ = entity_spans[i]
            if s <= start and end <= e:
                return True
            i -= 1
        return False

    # Triggers, with the split forms ("the hatches between Dragon and the station opened").
    found: list[tuple[str, str, int, int]] = []
    for key, s, e in _triggers(doc):
        type_, form = key.split("|", 1)
        found.append((type_, form, s, e))
    taken = {i for _, _, s, e in found for i in range(s, e)}
    for type_, spec in rules_.types.items():
        if not spec.split:
            continue
        first, then, then_past = set(spec.split["first"]), set(spec.split["then"]), set(spec.split["then_past"])
        for i, word in enumerate(lowers):
            if word not in first or i in taken:
                continue
            for j in range(i + 1, min(len(lowers), i + 1 + spec.split["within"])):
                if lowers[j] in SPLIT_SENTENCE_END:
                    break
                if lowers[j] in then or lowers[j] in then_past:
                    found.append((type_, "split-past" if lowers[j] in then_past else "split", i, j + 1))
                    break
    found.sort(key=lambda f: f[2])

    mentions: list[Mention] = []
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for type_, form, s, e in found:
        start, end = token_starts[s], doc[e - 1].idx + len(doc[e - 1])
        k = bisect_right(caption_starts, start) - 1
        if k < 0 or end > captions[k][1] or inside_entity(start, end):
            continue
        spec = rules_.types[type_]
        if form.startswith("split"):
            past, noun = form == "split-past", False
        else:
            past, noun = spec.forms[form]
        following = lowers[e] if e < len(lowers) else ""
        if following in spec.not_before or following in rules_.generic_after:
            continue
        if e + 1 < len(lowers) and following in {"-", "–"} and lowers[e + 1] in spec.not_before:
            continue
        lo = bisect_left(token_starts, captions[k][0])
        hi = bisect_left(token_starts, captions[k][1])
        sent_start, sent_end = _sentence(doc, texts, s, lo, hi)
        before = lowers[max(sent_start, s - CUE_WINDOW):s]
        if any(w in rules_.generic_before for w in before):
            continue
        sentence_chars = (token_starts[sent_start], doc[sent_end - 1].idx + len(doc[sent_end - 1]))
        mention = Mention(type_, start, end, sentence_chars, past, noun, form,
                          frozenset(lowers[sent_start:sent_end]))
        whole_before = lowers[sent_start:s]
        mention.status, mention.explicit_status = _status(rules_, whole_before, lowers[e:sent_end], past)
        mention.weak = noun and _has_phrase(whole_before, rules_.weak_before)
        ordinal_word = next((w for w in reversed(lowers[max(sent_start, s - 3):s])
                             if w in ORDINALS or _ORDINAL_DIGITS.match(w)), None)
        if ordinal_word:
            digits = _ORDINAL_DIGITS.match(ordinal_word)
            mention.ordinal = int(digits.group(1)) if digits else ORDINALS[ordinal_word]
        by_sentence.setdefault(sentence_chars, []).append(mention)
        mentions.append(mention)

    # Slots, sentence by sentence: each item goes to its nearest trigger.
    for (sent_start, sent_end), triggers in by_sentence.items():
        lo, hi = bisect_left(entity_starts, sent_start), bisect_left(entity_starts, sent_end)
        shared: dict[str, list[str]] = {s: [] for s in SLOTS}
        for start, end, entity in entity_spans[lo:hi]:
            if end > sent_end or any(t.start <= start < t.end for t in triggers):
                continue
            for slot in SLOTS:
                if SLOT_ENTITY_TYPE[slot] != entity.type:
                    continue
                if slot == "participants" and not _is_participant(rules_, entity):
                    continue
                if entity.id not in shared[slot]:
                    shared[slot].append(entity.id)
                for trigger in _nearest(start, end, triggers, slot):
                    if slot == "module" and trigger.type == "spacewalk" and not _is_airlock(entity):
                        continue
                    if slot == "location" and not _site_or_region(rules_, entity, start, trigger):
                        continue
                    if entity.id not in trigger.slots[slot]:
                        trigger.slots[slot].append(entity.id)
        for trigger in triggers:  # "will launch aboard Starliner ... and dock": the dock shares the vehicle
            spec = rules_.types[trigger.type]
            for slot in ("spacecraft", "mission", "participants"):
                if slot in spec.slots and not trigger.slots[slot]:
                    trigger.slots[slot] = list(shared[slot])
        lo, hi = bisect_left(date_starts, sent_start), bisect_left(date_starts, sent_end)
        nearest_date: dict[int, tuple[int, int]] = {}
        for start, end, index in date_spans[lo:hi]:
            for trigger in _nearest(start, end, triggers, None):
                distance = _distance(start, end, trigger) * (1 if start >= trigger.end else 2)
                if id(trigger) not in nearest_date or distance < nearest_date[id(trigger)][0]:
                    nearest_date[id(trigger)] = (distance, index)
        for trigger in triggers:
            if id(trigger) in nearest_date:
                trigger.date = nearest_date[id(trigger)][1]
        sentence = text[sent_start:sent_end]
        for match in rules_.time.finditer(sentence):
            start, end = sent_start + match.start(), sent_start + match.end()
            for trigger in _nearest(start, end, triggers, None):
                if trigger.time is None:
                    trigger.time = match.group(0)
        for match in rules_.duration.finditer(sentence):
            start, end = sent_start + match.start(), sent_start + match.end()
            for trigger in _nearest(start, end, [t for t in triggers if t.type == "spacewalk"], None):
                if trigger.duration is None:
                    trigger.duration = _iso_duration(rules_, match)

    kept = []
    for mention in mentions:
        spec = rules_.types[mention.type]
        words = mention.words
        if spec.needs_vehicle and not mention.slots["spacecraft"]:
            continue
        if mention.form in spec.arrival_words and not (mention.slots["module"] or words & {"station", "iss"}):
            continue
        if mention.form in spec.needs_module and not mention.slots["module"]:
            continue
        if mention.type in {"capture", "release"} and not (words & rules_.arm_words) \
                and mention.form not in {"grapple", "grapples", "grappling", "grappled", "unberth", "unberths",
                                         "unberthing", "unberthed"}:
            continue
        if mention.noun and not mention.weak and not mention.identified() and not mention.explicit_status:
            mention.weak = True  # "a news conference after the launch": a passing noun joins an event, makes none
        kept.append(mention)
    _schedule_dates(kept, segmented, dates, text)
    return kept


def _site_or_region(rules_: Rules, entity: NormalizedEntity, start: int, trigger: Mention) -> bool:
    """Launch and landing sites always; a region (state, country, ocean's coast) only after the trigger."""
    kind = entity.attributes.get("kind")
    return kind in rules_.site_kinds or start >= trigger.end


def _schedule_dates(mentions: list[Mention], segmented: Segmented, dates: list[ResolvedDate], text: str) -> None:
    """A schedule line ("3 a.m. – Targeted docking ...") takes its day from the heading above it ("Tuesday,
    March 5:"), a line that is a date and nothing else."""
    entry_starts = [e.start for e in segmented.entries]
    heading_dates: dict[int, int] = {}
    for index, date in enumerate(dates):
        entry = entry_index(entry_starts, date.start)
        caption = segmented.entries[entry].caption.text if entry < len(segmented.entries) else ""
        if re.fullmatch(r"\W*(?:[A-Z][a-z]+,?\s+)?" + re.escape(date.text) + r"\W*", caption):
            heading_dates[entry] = index
    if not heading_dates:
        return
    for mention in mentions:
        if mention.date is not None or not _SCHEDULE_LINE.match(text, mention.sentence[0]):
            continue
        entry = entry_index(entry_starts, mention.start)
        above = [e for e in heading_dates if e < entry]
        if above:
            mention.date = heading_dates[max(above)]


_SCHEDULE_LINE = re.compile(r"\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.)[^\n]{0,20}?[–—-]", re.IGNORECASE)


# -- events ------------------------------------------------------------------------------------------------


@dataclass
class _Happening:
    type: str
    mentions: list[Mention]

    def values(self, slot: str) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            out.extend(v for v in m.slots[slot] if v not in out)
        return out

    def dates(self) -> list[int]:
        return [m.date for m in self.mentions if m.date is not None]

    def status(self) -> str:
        if any(m.status == "cancelled" for m in self.mentions):
            return "cancelled"
        stated = Counter(m.status for m in self.mentions if m.explicit_status and not m.weak) \
            or Counter(m.status for m in self.mentions if m.explicit_status)
        if not stated:
            return "happened"
        best = max(stated.values())
        evidence = self.evidence()
        if stated.get(evidence.status) == best:
            return evidence.status
        return max(stated, key=lambda s: (stated[s], s))

    def evidence(self) -> Mention:
        strong = [m for m in self.mentions if not m.weak] or self.mentions
        return max(strong, key=lambda m: (m.informative(), -m.start))


def _dates_conflict(dates: list[ResolvedDate], a: list[int], b: list[int]) -> bool:
    """Two mentions of one happening never give two different days (a month holding the day agrees)."""
    for i in a:
        for j in b:
            x, y = dates[i].value, dates[j].value
            common = min(len(x), len(y))
            if x[:common] != y[:common]:
                return True
    return False


def _shares_day(dates: list[ResolvedDate], a: list[int], b: list[int]) -> bool:
    return any(dates[i].precision == "day" and dates[i].value == dates[j].value for i in a for j in b)


def _compatible(event: _Happening, mention: Mention, dates: list[ResolvedDate]) -> bool:
    if (event.status() == "cancelled") != (mention.status == "cancelled"):
        return False
    if mention.date is not None and _dates_conflict(dates, event.dates(), [mention.date]):
        return False
    for slot in ("spacecraft", "mission"):
        ours, theirs = event.values(slot), mention.slots[slot]
        if ours and theirs and not set(ours) & set(theirs):
            return False
    if event.type == "spacewalk":
        ours, theirs = event.values("participants"), mention.slots["participants"]
        if ours and theirs and not set(ours) & set(theirs):
            return False
        durations = {m.duration for m in event.mentions if m.duration}
        if durations and mention.duration and mention.duration not in durations:
            return False
    ordinals = {m.ordinal for m in event.mentions if m.ordinal}
    if ordinals and mention.ordinal and mention.ordinal not in ordinals:
        return False
    return True


def _shares(event: _Happening, mention: Mention, dates: list[ResolvedDate]) -> int:
    shared = sum(bool(set(event.values(s)) & set(mention.slots[s])) for s in ("spacecraft", "mission",
                                                                             "participants"))
    if mention.date is not None and _shares_day(dates, event.dates(), [mention.date]):
        shared += 1
    return shared


def _vehicle_less(values: dict[str, list[str]]) -> bool:
    return not values["spacecraft"] and not values["mission"]


def merge(mentions: list[Mention], dates: list[ResolvedDate]) -> list[_Happening]:
    """One happening per real event: strong mentions first, in text order, then the weak ones join."""
    happenings: list[_Happening] = []

    def place(mention: Mention, create: bool) -> None:
        candidates = [h for h in happenings if h.type == mention.type and _compatible(h, mention, dates)]
        scored = [(_shares(h, mention, dates), -abs(h.mentions[-1].start - mention.start), h) for h in candidates]
        linked = [s for s in scored if s[0] > 0]
        if linked:
            max(linked, key=lambda s: (s[0], s[1]))[2].mentions.append(mention)
            return
        loose = [s for s in scored if _vehicle_less(mention.slots) or _vehicle_less(
            {"spacecraft": s[2].values("spacecraft"), "mission": s[2].values("mission")})]
        if loose:
            max(loose, key=lambda s: s[1])[2].mentions.append(mention)
            return
        if create:
            happenings.append(_Happening(mention.type, [mention]))

    for mention in mentions:
        if not mention.weak:
            place(mention, create=True)
    for mention in mentions:
        if mention.weak:
            place(mention, create=False)
    return happenings


def _cooccurring(entities: list[NormalizedEntity], window: int = 250) -> dict[str, Counter[str]]:
    """For each mission and spacecraft, the others of the two types named within `window` characters of it in
    the same entry, with counts: "For the Crew-8 mission, ... aboard a Dragon spacecraft"."""
    spans = sorted((m.start, m.entry, e.id, e.type) for e in entities if e.type in {"mission", "spacecraft"}
                   for m in e.mentions)
    near: dict[str, Counter[str]] = {}
    for i, (start, entry, id_, type_) in enumerate(spans):
        for other_start, other_entry, other_id, other_type in spans[i + 1:]:
            if other_start - start > window:
                break
            if other_entry == entry and other_type != type_:
                near.setdefault(id_, Counter())[other_id] += 1
                near.setdefault(other_id, Counter())[id_] += 1
    return near


CREW_TYPES = {"launch", "docking", "undocking", "hatch_opening", "landing", "relocation"}


def _fill_flights(happenings: list[_Happening], entities: list[NormalizedEntity], dates: list[ResolvedDate],
                  values: list[dict[str, list[str]]]) -> None:
    by_id = {e.id: e for e in entities}
    near = _cooccurring(entities)

    def expedition(id_: str) -> bool:
        return by_id[id_].name.lower().startswith("expedition")

    for v in values:  # a mission's vehicle, and a vehicle's mission, from where the article names them together
        if v["mission"] and not v["spacecraft"]:
            counts = Counter()
            for m in v["mission"]:
                counts.update({k: c for k, c in near.get(m, Counter()).items() if by_id[k].type == "spacecraft"})
            if counts:
                v["spacecraft"] = [max(counts, key=lambda k: (counts[k], k))]
        elif v["spacecraft"] and not v["mission"]:
            counts = Counter()
            for s in v["spacecraft"]:
                counts.update({k: c for k, c in near.get(s, Counter()).items()
                               if by_id[k].type == "mission" and not expedition(k)})
            if counts:
                v["mission"] = [max(counts, key=lambda k: (counts[k], k))]
    order = sorted(range(len(happenings)), key=lambda i: happenings[i].mentions[0].start)
    for position, i in enumerate(order):  # neither: the flight of the story around it
        v = values[i]
        if v["spacecraft"] or v["mission"]:
            continue
        here = happenings[i].mentions[0].start
        flights = [(abs(happenings[j].mentions[0].start - here), j) for j in order
                   if j != i and (values[j]["spacecraft"] or values[j]["mission"])]
        if flights:
            j = min(flights)[1]
            v["spacecraft"], v["mission"] = list(values[j]["spacecraft"]), list(values[j]["mission"])
    for i, v in enumerate(values):  # the crew of a flight fill its events that name none
        if happenings[i].type not in CREW_TYPES or v["participants"]:
            continue
        crew: list[str] = []
        for j, w in enumerate(values):
            if j == i or happenings[j].type not in CREW_TYPES:
                continue
            if set(w["mission"]) & set(v["mission"]) or set(w["spacecraft"]) & set(v["spacecraft"]):
                crew.extend(p for p in w["participants"] if p not in crew)
        v["participants"] = crew


def find_events(doc: Doc, segmented: Segmented, entities: list[NormalizedEntity],
                dates: list[ResolvedDate]) -> list[Event]:
    rules_ = rules()
    mentions = find_mentions(doc, segmented, entities, dates)
    happenings = merge(mentions, dates)
    values = [{slot: h.values(slot) for slot in SLOTS} for h in happenings]
    _fill_flights(happenings, entities, dates, values)
    entry_starts = [e.start for e in segmented.entries]
    text = doc.text

    day_of: dict[int, int | None] = {}
    for i, h in enumerate(happenings):
        days = h.dates()
        evidence = h.evidence()
        chosen = evidence.date if evidence.date is not None else (days[0] if days else None)
        if days:  # the most precise date the mentions give
            chosen = max(days, key=lambda d: (len(dates[d].value), d == evidence.date))
        day_of[i] = chosen
    for i, h in enumerate(happenings):  # a hatch opening without a day opens on its docking's day
        other = rules_.types[h.type].same_day_as
        if day_of[i] is not None or not other:
            continue
        for j, g in enumerate(happenings):
            if g.type == other and day_of[j] is not None and (
                    set(values[j]["mission"]) & set(values[i]["mission"])
                    or set(values[j]["spacecraft"]) & set(values[i]["spacecraft"])):
                day_of[i] = day_of[j]
                break

    events = []
    for i, h in enumerate(happenings):
        v = values[i]
        if not (v["spacecraft"] or v["mission"] or v["participants"] or day_of[i] is not None):
            continue  # a happening with nothing to tell it by ("the launch") is no event
        evidence = h.evidence()
        start, end = evidence.sentence
        times = [m.time for m in h.mentions if m.time and not m.weak]
        durations = [m.duration for m in h.mentions if m.duration]
        events.append(Event(
            type=h.type, status=h.status(), date_index=day_of[i],
            time=evidence.time if evidence.time and not evidence.weak else (times[0] if times else None),
            spacecraft=tuple(v["spacecraft"]), mission=tuple(v["mission"]), module=tuple(v["module"]),
            participants=tuple(v["participants"]), location=tuple(v["location"]),
            duration=durations[0] if durations else None,
            start=start, end=end, text=text[start:end], entry=entry_index(entry_starts, start)))
    events.sort(key=lambda e: (e.start, EVENT_TYPES.index(e.type)))
    return events
