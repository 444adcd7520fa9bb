"""Stage 6 - events: what happened, to which vehicle, where, who and when.

Works on the spaCy tokens of the article (`spacy.blank("en")`: no parser, no lemmas) and on what the earlier
stages found: the entities with their mentions and the resolved dates. Everything it knows about words is in
`knowledge/events.json`. In four steps:

1. Triggers: spaCy's `PhraseMatcher` (on lower-case text) finds every written form of every trigger inside the
   entries' captions. A trigger inside an entity name ("Launch Complex 39A"), one followed by a word that makes
   it a modifier ("launch pad", "docking port"), one in a generic statement ("each spacewalk"), one that needs a
   vehicle and has none in its sentence ("captured a view") or needs the robotic arm named ("released a
   statement") is dropped.
2. Mentions: each trigger's sentence gives its slots. An entity goes to the trigger nearest to it whose type
   takes that slot, and a trigger left without a vehicle or crew shares those of its sentence ("will launch
   aboard Starliner ... and dock"). A date or time goes to the trigger before it, else the one after it ("docked
   at 11:01 p.m. on Nov. 16, about 27 hours after lifting off"), never across a report ("On Jan. 11, NASA
   announced that ... would launch") and never to a trigger set off by days ("two days after it launched").
   A pronoun subject ("It docked to Poisk", "The trio lifted off") takes the vehicle and crew of the sentences
   before. A spacewalk's length is the date stage's duration in its sentence nearest to it ("5 hours, 55
   minutes" -> PT5H55M). Status from cue words (planned, cancelled) or a past form.
3. One event per happening: mentions of one type merge when nothing in them conflicts (two days, two vehicles,
   two missions, two spacewalk crews, two ordinals, two lengths, a plan and a happening both dated) and they
   share a vehicle, a mission, a day or people, or one of them names no vehicle and the other is the only
   candidate or stands in the same entry. A mention that is only coverage or a passing noun ("coverage of the
   docking", "after the launch") joins an event but makes none, and gives it a day only. An undocking and a
   docking told beside a relocation of the same vehicle are that relocation.
4. Flights: an event of a mission with no vehicle takes the vehicle the article names beside the mission (of
   the mission's family where known: Crew-8 flies a Crew Dragon); an event with neither takes the flight of its
   entry, else the article's dominant one; crew fill the events of their flight; a hatch opening without a day
   opens on its docking's; an event without a date of its own takes the day told just before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import get_args

from spacy.attrs import IDX
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.components import token_lowers, token_texts
from pipeline.dates import ResolvedDate, ResolvedDuration
from pipeline.knowledge import load_file
from pipeline.normalize import NormalizedEntity
from pipeline.segment import Segmented, entry_index
from schemas.models import EventType

EVENT_TYPES = get_args(EventType)
SLOTS = ("spacecraft", "mission", "module", "participants", "location")
SLOT_OF_ENTITY_TYPE = {"spacecraft": "spacecraft", "mission": "mission", "module": "module",
                       "person": "participants", "location": "location"}
CREW_TYPES = {"launch", "docking", "undocking", "hatch_opening", "landing", "relocation"}
SENTENCE_END = {".", "!", "?"}
VEHICLE_NOUNS = {"spacecraft", "capsule", "ship", "vehicle", "freighter", "craft"}
SPLIT_FIRST = "first-of-split:"  # matcher key prefix of a split trigger's first part
CUE_WINDOW = 4  # tokens before a trigger searched for what makes it generic or coverage
OFFSET_WINDOW = 6  # tokens around a trigger searched for "six hours after" / "three days earlier"
EVIDENCE_SLACK = 40  # characters of a sentence kept beyond what the evidence tells, to reach its ends
DATE_FOLLOWS_TOKENS = 8  # "First launch of the space shuttle in 1981": a noun's own date
SAME_DAY_HOURS = 12  # "about 27 hours after liftoff" is another day; "less than six hours after" the same
DOMINANT_SHARE = 0.5
SAME_SENTENCE = 3  # weight of a mission and a vehicle named in one sentence (the next sentence weighs 1)  # a flight named in at least this share of the vehicle and mission mentions leads the story
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$")
_WITHIN_A_DAY = re.compile(r"PT(?:\d+H)?(?:\d+M)?")  # hours and minutes, each written
_SENTENCE_MARK = re.compile(r"[.!?]")
_CLAUSE_END = re.compile(r"[,;:.!?](?=\s|$)")
_DAY_HEADING = re.compile(r"\W*(?:[A-Z][a-z]+,?\s+)?DATE\W*")  # "Tuesday, March 5:" with its date as DATE
_SCHEDULE_LINE = re.compile(r"\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.)[^\n]{0,20}?[–—-]", re.IGNORECASE)


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
    needs_vehicle: str | None  # "spacecraft" | "spacecraft_or_crew"
    needs_arm: bool
    arm_free: frozenset[str]
    arrival_words: frozenset[str]
    needs_module: frozenset[str]
    needs_port: frozenset[str]
    needs_context: frozenset[str]
    time_outside: frozenset[str]
    cancelled_only: frozenset[str]
    splits: tuple[dict, ...]
    same_day_as: str | None
    state_before: frozenset[str]
    state_after_preposition: frozenset[str]


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
    later_words: frozenset[str]
    day_words: frozenset[str]
    cumulative_words: frozenset[str]
    not_participant_roles: frozenset[str]
    site_kinds: frozenset[str]
    spacewalk_context: frozenset[str]
    reporting_words: frozenset[str]
    same_day_units: frozenset[str]
    other_day_units: frozenset[str]
    offset_words: frozenset[str]
    same_day_phrases: tuple[str, ...]
    other_day_phrases: tuple[str, ...]
    reference_before: frozenset[str]
    pronoun_subjects: frozenset[str]
    crew_words: frozenset[str]
    aboard_openers: tuple[str, ...]
    port_words: frozenset[str]
    skip_between: frozenset[str]
    infinitive_after: frozenset[str]
    not_event_date_before: frozenset[str]
    time: re.Pattern[str]
    number_words: dict[str, int]
    mission_vehicles: tuple[tuple[re.Pattern[str], str], ...]  # mission name pattern -> vehicle family


@lru_cache(maxsize=1)
def rules() -> Rules:
    raw = load_file("events.json")
    types = {}
    for name, spec in raw["types"].items():
        nouns = {n.lower() for n in spec.get("nouns", [])}
        forms = {f.lower(): (False, f.lower() in nouns) for f in spec["triggers"]}
        forms.update({f.lower(): (True, False) for f in spec.get("past", [])})
        types[name] = TypeRules(
            forms, frozenset(spec["not_before"]), tuple(spec["slots"]), spec.get("needs_vehicle") or None,
            bool(spec.get("needs_arm")), frozenset(spec.get("arm_free", [])),
            frozenset(spec.get("arrival_words", [])), frozenset(spec.get("needs_module", [])),
            frozenset(spec.get("needs_port", [])),
            frozenset(spec.get("needs_context", [])), frozenset(spec.get("time_outside", [])),
            frozenset(spec.get("cancelled_only", [])),
            tuple(spec.get("split", [])), spec.get("same_day_as"), frozenset(spec.get("state_before", [])),
            frozenset(spec.get("state_after_preposition", [])))
    zones = "|".join(re.escape(z) for z in sorted(raw["time_zones"], key=len, reverse=True))
    time = re.compile(r"(?<![\w:])(?:\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b)|noon|midnight)"
                      rf"(?:,?\s(?:{zones})\b)?")
    numbers = raw["number_words"]
    number = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(numbers, key=len, reverse=True)) + ")"
    status = raw["status"]
    return Rules(
        types, tuple(status["cancelled"]), tuple(status["planned"]), tuple(status["planned_after"]),
        tuple(raw["weak_before"]), frozenset(raw["generic_before"]), frozenset(raw["generic_after"]),
        frozenset(raw["arm_words"]), frozenset(raw["later_words"]), frozenset(raw["day_words"]), frozenset(raw["cumulative_words"]),
        frozenset(raw["not_participant_roles"]),
        frozenset(raw["site_kinds"]), frozenset(raw["spacewalk_context"]), frozenset(raw["reporting_words"]),
        frozenset(raw["offset_units"]["same_day"]), frozenset(raw["offset_units"]["other_day"]),
        frozenset(raw["offset_words"]), tuple(raw["same_day_phrases"]), tuple(raw["other_day_phrases"]),
        frozenset(raw["reference_before"]), frozenset(raw["pronoun_subjects"]), frozenset(raw["crew_words"]),
        tuple(raw["aboard_openers"]), frozenset(raw["port_words"]), frozenset(raw["skip_between"]),
        frozenset(raw["infinitive_after"]), frozenset(raw["not_event_date_before"]), time,
        {k.lower(): v for k, v in numbers.items()}, _mission_vehicles())


def _mission_vehicles() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Numbered crew missions and the vehicle family they fly ("Crew-{n}" -> Crew Dragon), from patterns.json."""
    out = []
    for record in load_file("patterns.json")["records"]:
        if record.get("type") == "mission" and record.get("vehicle"):
            pattern = re.escape(record["name"]).replace(r"\{n\}", r"\d+").replace(r"\{serial\}", r"\S+")
            out.append((re.compile(f"^{pattern}$"), record["vehicle"]))
    return tuple(out)


# Trigger phrases split as the article tokenizer splits them: words, and each mark apart ("lift-off" -> 3).
_PHRASE_WORDS = re.compile(r"\w+|[^\w\s]")


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def trigger_matcher(vocab: Vocab) -> PhraseMatcher:
    """One matcher per vocabulary (one per process in practice), every trigger form under "type|form"."""
    held = _MATCHERS.get(id(vocab))
    if held is not None and held[0] is vocab:
        return held[1]
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for type_, spec in rules().types.items():
        for form in spec.forms:
            matcher.add(f"{type_}|{form}", [Doc(vocab, words=_PHRASE_WORDS.findall(form))])
        for n, split in enumerate(spec.splits):  # the first part of a split trigger ("hatches ... opened")
            matcher.add(f"{SPLIT_FIRST}{type_}|{n}", [Doc(vocab, words=[w]) for w in split["first"]])
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


# -- the article as this stage reads it --------------------------------------------------------------------


class _Article:
    """Tokens, sentences (inside captions only), and the entities and dates of each sentence."""

    def __init__(self, doc: Doc, text: str, segmented: Segmented, entities: list[NormalizedEntity],
                 dates: list[ResolvedDate], matches: list[tuple[int, int, int]] | None = None,
                 offset: int = 0, spans: list[tuple[int, int, NormalizedEntity]] | None = None) -> None:
        """`matches`: the trigger matcher's (key, start, end); only the entries holding one are read. `doc` is
        of the part of `text` starting at `offset`; only the entries inside that part are read, and `spans`
        (from `entity_spans`) may be those of the part alone."""
        self.doc, self.text, self.dates = doc, text, dates  # (doc.text would rebuild the text token by token)
        self.not_event_dates: set[int] = set()  # dates found to be a report's, no event's
        self.matches = trigger_matcher(doc.vocab)(doc) if matches is None else matches
        trigger_chars = sorted(m[1] for m in self.matches)
        # From the token arrays: making a Token object per word costs more than all the rest of this stage.
        self.texts = token_texts(doc)
        self.starts = (doc.to_array(IDX) + offset).tolist() if offset else doc.to_array(IDX).tolist()
        part_end = offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        self.part = (offset, part_end)
        trigger_chars = [self.starts[i] for i in trigger_chars]
        self.entry_starts = [e.start for e in segmented.entries]
        self.segmented = segmented
        self.sentences: list[tuple[int, int]] = []  # token ranges
        self.captions: list[tuple[int, int]] = []  # token ranges
        # Entries naming a mission and a vehicle together are read too: they tie a mission to its vehicle.
        self.entity_spans = entity_spans(entities) if spans is None else spans
        kinds: dict[int, set[str]] = {}
        for start, _, entity in self.entity_spans:
            if entity.type in {"mission", "spacecraft"} and offset <= start < part_end:
                kinds.setdefault(entry_index(self.entry_starts, start), set()).add(entity.type)
        first_entry = max(0, bisect_right(self.entry_starts, offset) - 1)
        for number in range(first_entry, bisect_left(self.entry_starts, part_end)):
            entry = segmented.entries[number]
            if entry.caption.end <= entry.caption.start or not offset <= entry.caption.start < part_end:
                continue
            first = bisect_left(trigger_chars, entry.caption.start)
            if (first == len(trigger_chars) or trigger_chars[first] >= entry.caption.end) \
                    and len(kinds.get(number, ())) < 2:
                continue  # an entry that tells no event
            lo, hi = bisect_left(self.starts, entry.caption.start), bisect_left(self.starts, entry.caption.end)
            self.captions.append((lo, hi))
            start = lo
            for mark in _SENTENCE_MARK.finditer(text, entry.caption.start, entry.caption.end):
                i = bisect_left(self.starts, mark.start())
                if i + 1 < hi and self.texts[i] in SENTENCE_END:  # a mark standing alone, not "p.m."
                    self.sentences.append((start, i + 1))
                    start = i + 1
            if start < hi:
                self.sentences.append((start, hi))
        self.lowers = token_lowers(doc)
        self.sentence_token_starts = [s for s, _ in self.sentences]
        self.sentence_chars = [(self.starts[s], self._end_char(e)) for s, e in self.sentences]
        self.sentence_entry = [entry_index(self.entry_starts, c[0]) for c in self.sentence_chars]
        self.entity_starts = [s for s, _, _ in self.entity_spans]
        shorts = sorted(self._short_forms(entities), key=lambda s: (s[0], s[1])) if self.sentences else []
        short_starts = [s for s, _, _ in shorts]
        self.date_starts = [d.start for d in dates]
        # lengths within a day, as the date stage found them ("six hours and 39 minutes"): a spacewalk's
        self.lengths = [d for d in getattr(dates, "durations", []) if d.kind == "duration"
                        and _WITHIN_A_DAY.fullmatch(d.value)]
        self.length_starts = [d.start for d in self.lengths]
        self.entities_in: list[list[tuple[int, int, NormalizedEntity]]] = []
        self.dates_in: list[list[tuple[int, int, int]]] = []
        for start, end in self.sentence_chars:
            spans = [s for s in self.entity_spans[bisect_left(self.entity_starts, start):
                                                  bisect_left(self.entity_starts, end)] if s[1] <= end]
            extra = shorts[bisect_left(short_starts, start):bisect_left(short_starts, end)]
            if extra:
                spans = sorted([*spans, *extra], key=lambda s: (s[0], s[1]))
            self.entities_in.append(spans)
            self.dates_in.append([(dates[i].start, dates[i].end, i) for i in range(
                bisect_left(self.date_starts, start), bisect_left(self.date_starts, end))
                if dates[i].end <= end and _a_when(dates[i])])

    def _short_forms(self, entities: list[NormalizedEntity]) -> list[tuple[int, int, NormalizedEntity]]:
        """'Resilience docked ...' once the article has named the Crew Dragon Resilience: a vehicle's own name
        without its family names it (where no other vehicle of the article has that name)."""
        shorts: dict[str, list[NormalizedEntity]] = {}
        for entity in entities:
            family = entity.attributes.get("family", "")
            if entity.type == "spacecraft" and family and entity.name.startswith(family + " "):
                short = entity.name[len(family) + 1:]
                if " " not in short:
                    shorts.setdefault(short, []).append(entity)
        if not shorts:
            return []
        found = []
        for short, named in shorts.items():
            if len(named) != 1:
                continue
            start = self.text.find(short, *self.part)
            while start >= 0:
                end = start + len(short)
                k = bisect_right(self.starts, start) - 1
                if k >= 0 and self.starts[k] == start and self.texts[k] == short \
                        and not self.inside_entity(start, end):
                    found.append((start, end, named[0]))
                start = self.text.find(short, end, self.part[1])
        return found

    def _end_char(self, token_end: int) -> int:
        return self.starts[token_end - 1] + len(self.texts[token_end - 1])

    def durations_in(self, start: int, end: int) -> list[ResolvedDuration]:
        return [d for d in self.lengths[bisect_left(self.length_starts, start):bisect_left(self.length_starts, end)]
                if d.end <= end]

    def sentence_of(self, token: int) -> int | None:
        k = bisect_right(self.sentence_token_starts, token) - 1
        return k if k >= 0 and token < self.sentences[k][1] else None

    def inside_entity(self, start: int, end: int) -> bool:
        i = bisect_right(self.entity_starts, start) - 1
        while i >= 0 and self.entity_spans[i][0] <= start:
            if end <= self.entity_spans[i][1]:
                return True
            if start - self.entity_spans[i][0] > 80:
                break
            i -= 1
        return False

    def entry_names(self, entry: int, types: set[str]) -> bool:
        """Whether the entry names an entity of one of the types."""
        return any(e.type in types for k, spans in enumerate(self.entities_in) if self.sentence_entry[k] == entry
                   for _, _, e in spans)

    def entry_words(self, token: int) -> set[str]:
        for lo, hi in self.captions:
            if lo <= token < hi:
                return {w.lower() for w in self.texts[lo:hi]}
        return set()


# -- mentions ----------------------------------------------------------------------------------------------


@dataclass
class Mention:
    type: str
    start: int  # trigger characters
    end: int
    first_token: int
    last_token: int  # exclusive
    sentence: int  # index into _Article.sentences
    entry: int
    past: bool
    noun: bool
    form: str  # the trigger as matched, lower-case ("split" for a two-part trigger)
    slot_names: frozenset[str] = frozenset()  # the slots its type takes (a spacewalk's airlock is its module)
    ordinal: int | None = None
    status: str = "happened"
    explicit_status: bool = False
    weak: bool = False  # coverage or a passing noun: joins an event, makes none, gives it a day only
    pronoun_subject: bool = False
    referenced: bool = False  # "after launching", "before launch": a time of reference, not a telling
    opens_sentence: bool = False  # its sentence starts with it ("After splashdown, ..."): the story goes on
    offset: str | None = None  # "same_day" or "other_day": set off from the day its sentence gives
    offset_end: int | None = None  # where an offset written after the trigger ends ("... six months earlier")
    slots: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SLOTS})
    date: int | None = None  # a date of its own sentence
    soft_date: int | None = None  # else the day told just before it, used when its event has no other
    stations: bool = False  # its sentence names a station or module (where an arrival arrives)
    time: str | None = None
    duration: str | None = None
    own_identity: bool = False  # vehicle, mission or people named in its own sentence
    own_vehicle: bool = False  # a vehicle named in its own sentence
    told_after: bool = False  # an entity of its own follows it ("following its undocking from Harmony")
    after_ids: set[str] = field(default_factory=set)  # the entities of its own that follow it
    date_follows: bool = False  # a date of its own follows it closely ("the launch on May 4")

    extent: tuple[int, int] | None = None  # characters of the trigger and what its own sentence gives it

    def reach(self, start: int, end: int) -> None:
        low, high = self.extent or (self.start, self.end)
        self.extent = (min(low, start), max(high, end))

    def evidence_span(self, sentence: tuple[int, int], text: str) -> tuple[int, int]:
        """The stretch of its sentence from the first to the last thing it tells, to the sentence's ends
        where they are near: "docked to the Prichal module at 11:03 a.m. EDT on March 25, 2024"."""
        low, high = self.extent or (self.start, self.end)
        start = sentence[0] if low - sentence[0] <= EVIDENCE_SLACK else low
        end = sentence[1] if sentence[1] - high <= EVIDENCE_SLACK else high
        if end < sentence[1]:  # to the end of its clause: "Carpenter landed 250 miles from the target"
            clause = _CLAUSE_END.search(text, end, min(sentence[1], end + EVIDENCE_SLACK * 2))
            end = clause.start() if clause else end
        return start, end

    def informative(self) -> int:
        return sum(bool(v) for v in self.slots.values()) + (self.date is not None) + (self.time is not None) \
            + (self.duration is not None)

    def identified(self) -> bool:
        """Its own sentence names its vehicle, mission or people (not only the sentences before it)."""
        return bool(self.own_identity)


def _has_phrase(words: list[str], phrases: tuple[str, ...]) -> bool:
    """Whether one of the phrases occurs in the words, on word boundaries."""
    return bool(words) and _phrase_pattern(phrases).search(" ".join(words)) is not None


@lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?:^| )(?:{alternatives})(?= |$)")


@lru_cache(maxsize=1)
def _status_hedges() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words making a cancelling word a risk only, words telling a plan that was given up): events.json."""
    status = load_file("events.json")["status"]
    return tuple(status.get("threatened", [])), tuple(status.get("superseded", []))


def _status(rules_: Rules, before: list[str], after: list[str], past: bool) -> tuple[str, bool]:
    """(status, stated): cancelled by a cue around the trigger, planned by a cue before it (or right after a
    noun: "the launch is targeted"), happened by a past form; else happened, unstated."""
    threatened, superseded = _status_hedges()
    if _has_phrase(before[-8:] + after[:12], rules_.cancelled) and not _minutes_delay(rules_, before + after) \
            and not _has_phrase(before[-12:], threatened):  # "clouds threatening to scrub the launch"
        return "cancelled", True
    if past:
        if _has_phrase(before[-3:], ("will be", "to be", "will have", "will")):
            return "planned", True  # "is scheduled to be launched"
        return "happened", True
    if _has_phrase(before, rules_.planned) or _has_phrase(after[:4], rules_.planned_after):
        # "Originally, plans called for Magellan to launch in April 1988": a plan given up
        return ("cancelled" if _has_phrase(before, superseded) else "planned"), True
    if _has_phrase(after, rules_.planned_after):
        return "planned", True  # "Lifting off from Launch Pad 39A, Dragon will accelerate ..."
    return "happened", False


def _minutes_delay(rules_: Rules, words: list[str]) -> bool:
    """'delayed the planned liftoff by only five minutes': a hold, not a cancelled attempt."""
    for i, word in enumerate(words):
        if word.startswith("delay") and any(w in rules_.same_day_units for w in words[i + 1:i + 8]):
            return True
    return False


def _distance(start: int, end: int, trigger: Mention) -> int:
    if end <= trigger.start:
        return trigger.start - end
    if start >= trigger.end:
        return start - trigger.end
    return 0


def _nearest(start: int, end: int, triggers: list[Mention], slot: str) -> list[Mention]:
    """The triggers of the sentence nearest to an entity, among those whose type takes its slot."""
    takers = [t for t in triggers if slot in t.slot_names]
    if not takers:
        return []
    best = min(_distance(start, end, t) for t in takers)
    return [t for t in takers if _distance(start, end, t) == best]


def _owner(start: int, triggers: list[Mention]) -> Mention | None:
    """The trigger a date or time of its sentence belongs to: the nearest one before it, else the nearest
    after it ("On May 4, Atlantis took off")."""
    before = [t for t in triggers if t.end <= start]
    if before:
        return max(before, key=lambda t: t.end)
    after = [t for t in triggers if t.start >= start]
    return min(after, key=lambda t: t.start) if after else None


def _is_participant(rules_: Rules, entity: NormalizedEntity) -> bool:
    return entity.type == "person" and entity.attributes.get("role") not in rules_.not_participant_roles


def _is_airlock(entity: NormalizedEntity) -> bool:
    return "airlock" in entity.attributes.get("function", "") or "airlock" in entity.attributes.get("note", "")


def _site_or_region(rules_: Rules, entity: NormalizedEntity, start: int, trigger: Mention) -> bool:
    """Launch and landing sites always; a region (state, country, a coast) only after the trigger."""
    return entity.attributes.get("kind") in rules_.site_kinds or start >= trigger.end


def _triggers(article: _Article) -> list[tuple[str, str, int, int]]:
    """(type, form, start token, end token) of every trigger, longest first where they overlap, with the
    split ones whose two parts stand apart ("the hatches between Dragon and the station opened")."""
    doc = article.doc
    spans, firsts = [], []
    for key, start, end in article.matches:
        label = doc.vocab.strings[key]
        if label.startswith(SPLIT_FIRST):
            firsts.append((label[len(SPLIT_FIRST):], start))
        else:
            spans.append((start, end, label))
    found, taken_tokens = [], set()
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):  # longest first, as filter_spans
        if not taken_tokens.intersection(range(start, end)):
            found.append((*label.split("|", 1), start, end))
            taken_tokens.update(range(start, end))
    taken = {i for _, _, s, e in found for i in range(s, e)}
    lowers = article.lowers
    for key, i in firsts:
        if i in taken:
            continue
        type_, n = key.split("|")
        split = rules().types[type_].splits[int(n)]
        if "next" in split and (i + 1 >= len(lowers) or lowers[i + 1] not in split["next"]):
            continue  # "floats into the station", not "floats weightlessly in the Destiny laboratory"
        then = set(split["then"]) | set(split["then_past"])
        for j in range(i + 1, min(len(lowers), i + 1 + split["within"])):
            if lowers[j] in SENTENCE_END or (j in taken and lowers[j] not in then):
                break
            if lowers[j] in then:
                past = lowers[j] in split["then_past"] or lowers[i] in split.get("past_first", [])
                found.append((type_, "split-past" if past else "split", i, j + 1))
                break
    return sorted(found, key=lambda f: f[2])


def _offset(rules_: Rules, lowers: list[str], s: int, e: int, lo: int, hi: int) -> tuple[str | None, int | None]:
    """'six hours after lifting off', 'had launched three days earlier', '37 hours later, Dragon docked': set
    off by less than half a day (the same day) or by more (another day, which the text does not write); with
    the token after the phrase where it follows the trigger ("launched six months earlier, ... in September
    2022": a date after it is the trigger's own)."""
    after = lowers[e:min(hi, e + OFFSET_WINDOW + 4)]
    if _has_phrase(after, rules_.same_day_phrases):
        return "same_day", None  # "splashed down ... later that day"
    if _has_phrase(after, rules_.other_day_phrases):
        return "other_day", None  # "the hatches swung open early the next morning"
    for window, origin in ((lowers[max(lo, s - OFFSET_WINDOW):s], None), (lowers[e:min(hi, e + OFFSET_WINDOW)], e)):
        for k, word in enumerate(window):
            if word not in rules_.offset_words or k < 1:
                continue
            end = origin + k + 1 if origin is not None else None
            unit = window[k - 1]
            if unit in rules_.other_day_units:
                return "other_day", end
            if unit in rules_.same_day_units:
                amount = _number(rules_, window[k - 2]) if k >= 2 else None
                hours = (amount or 0) / (60 if unit.startswith("minute") else 3600 if unit.startswith("second")
                                         else 1)
                return ("other_day" if hours >= SAME_DAY_HOURS else "same_day"), end
    return None, None


def _opening_offset(rules_: Rules, lowers: list[str], lo: int, s: int) -> int | None:
    """A sentence opening with '<n> <days|months|years> earlier|later,' before the trigger sets its events off
    to a day the text does not write, unless it writes one after the phrase: the token after it, or None."""
    head = lowers[lo:min(s, lo + 4)]
    for k in range(1, len(head)):
        if head[k] in rules_.offset_words and head[k - 1] in rules_.other_day_units:
            return lo + k + 1
    return None


def _number(rules_: Rules, word: str) -> float | None:
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    return rules_.number_words.get(word)


def _subject_is_pronoun(rules_: Rules, lowers: list[str], s: int, lo: int) -> bool:
    """'It docked', 'The spacecraft will then autonomously dock', 'The trio lifted off'."""
    i = s - 1
    while i >= lo and (lowers[i] in rules_.skip_between or lowers[i].endswith("ly")):
        i -= 1
    return i >= lo and lowers[i] in rules_.pronoun_subjects


def _is_state(spec: TypeRules, article: _Article, s: int, lo: int) -> bool:
    """'spent one week docked to Harmony', 'streaming from the Soyuz MS-22 spacecraft docked at Rassvet':
    docked as a state, not an arrival."""
    lowers = article.lowers
    if any(w in spec.state_before for w in lowers[max(lo, s - 3):s]):
        return True
    if s > lo and lowers[s - 1] == ",":
        return True  # "the uncrewed Progress MS-21 cargo ship, docked at Poisk, suffered"
    if s > lo and lowers[s - 1] in VEHICLE_NOUNS and any(w in {"a", "an"} for w in lowers[max(lo, s - 4):s - 1]):
        return True  # "A Russian spacecraft docked to the station began spewing coolant"
    i = s - 1
    if i >= lo and lowers[i] in VEHICLE_NOUNS:
        i -= 1
    k = bisect_right(article.entity_starts, article.starts[i] if i >= lo else -1) - 1
    if i < lo or k < 0 or article.entity_spans[k][1] < article.starts[i]:
        return False
    before = bisect_left(article.starts, article.entity_spans[k][0]) - 1
    while before >= lo and lowers[before] in {"the", "a", "an", "its", "their"}:
        before -= 1
    return before >= lo and lowers[before] in spec.state_after_preposition


def find_mentions(article: _Article) -> list[Mention]:
    rules_ = rules()
    lowers, starts, doc = article.lowers, article.starts, article.doc
    mentions: list[Mention] = []
    by_sentence: dict[int, list[Mention]] = {}
    for type_, form, s, e in _triggers(article):
        k = article.sentence_of(s)
        if k is None or e > article.sentences[k][1]:
            continue
        start, end = starts[s], starts[e - 1] + len(article.texts[e - 1])
        if article.inside_entity(start, end):
            continue
        spec = rules_.types[type_]
        lo, hi = article.sentences[k]
        past, noun = (form == "split-past", False) if form.startswith("split") else spec.forms[form]
        following = lowers[e] if e < hi else ""
        if following in spec.not_before or following in rules_.generic_after:
            continue
        if following in {"-", "–"} and e + 1 < hi and lowers[e + 1] in spec.not_before:
            continue
        if noun and following in {"and", "or"} and any(
                w in spec.not_before for w in lowers[e + 2:min(hi, e + 6)] if w != ","):
            continue  # "the launch and re-entry phases", "launch and landing sites"
        if s > lo and lowers[s - 1] in {"-", "–"}:
            continue  # "hand-launched", "pre-launch"
        if any(w in rules_.generic_before for w in lowers[max(lo, s - CUE_WINDOW):s]):
            continue
        if form in spec.needs_context and not article.entry_words(s) & rules_.spacewalk_context:
            continue
        if form in spec.time_outside and any(w in rules_.cumulative_words for w in lowers[lo:hi]):
            continue  # "performed three spacewalks, logging 22 hours and 49 minutes outside": a sum
        if type_ == "docking" and past and _is_state(spec, article, s, lo):
            continue
        mention = Mention(type_, start, end, s, e, k, article.sentence_entry[k], past, noun, form,
                          frozenset([*spec.slots, *(["module"] if type_ == "spacewalk" else [])]))
        # a split trigger's cue may stand between its parts: "Hatches ... are expected to open"
        before = lowers[lo:e - 1] if form.startswith("split") else lowers[lo:s]
        mention.status, mention.explicit_status = _status(rules_, before, lowers[e:hi], past)
        if form in spec.cancelled_only and mention.status != "cancelled":
            continue
        if not past and s > lo and lowers[s - 1] == "to" and not mention.explicit_status \
                and not any(w in rules_.infinitive_after for w in lowers[max(lo, s - 8):s - 2]):
            continue  # "it needed its Saturn V rocket to launch Skylab": a purpose ("used the arm to capture": an act)
        mention.weak = noun and _has_phrase(lowers[lo:s], rules_.weak_before)
        mention.pronoun_subject = _subject_is_pronoun(rules_, lowers, s, lo)
        mention.referenced = s > lo and (lowers[s - 1] in rules_.reference_before or (
            s - 1 > lo and lowers[s - 1] in {"it", "its", "their", "his", "her", "the"}
            and lowers[s - 2] in rules_.reference_before))
        if mention.referenced and mention.status != "cancelled":
            mention.explicit_status = False  # "will appear in Houston since returning to Earth"
        mention.opens_sentence = s - lo <= 2  # "Following splashdown, his spacecraft's hatch blew off"
        mention.offset, offset_end = _offset(rules_, lowers, s, e, lo, hi)
        mention.offset_end = starts[offset_end] if offset_end is not None and offset_end < len(starts) else None
        opening = _opening_offset(rules_, lowers, lo, s) if mention.offset is None else None
        if opening is not None:  # "Two months earlier, he showed his cool when on the first attempt ..."
            mention.offset, mention.offset_end = "other_day", starts[opening]  # "Eight days later, on April 17"
        ordinal_word = next((w for w in reversed(lowers[max(lo, s - 3):s])
                             if w in ORDINALS or _ORDINAL_DIGITS.match(w)), None)
        if ordinal_word:
            digits = _ORDINAL_DIGITS.match(ordinal_word)
            mention.ordinal = int(digits.group(1)) if digits else ORDINALS[ordinal_word]
        if type_ == "undocking" and sum(w in rules_.port_words for w in lowers[lo:hi]) >= 2:
            mention.type = "relocation"  # "undocked Resilience from the forward port ... to the space-facing port"
            mention.slot_names = frozenset(rules_.types["relocation"].slots)
        by_sentence.setdefault(k, []).append(mention)
        mentions.append(mention)

    for k, triggers in by_sentence.items():
        _fill_sentence(article, rules_, k, triggers)
    _aboard_sentences(article, rules_, by_sentence)

    kept = []
    for mention in mentions:
        spec = rules_.types[mention.type]
        words = set(lowers[slice(*article.sentences[mention.sentence])])
        vehicle = mention.own_vehicle or (mention.pronoun_subject and mention.slots["spacecraft"])
        if spec.needs_vehicle and not vehicle and not (
                spec.needs_vehicle == "spacecraft_or_crew" and mention.slots["participants"]):
            continue  # "CubeSats to be released later": a vehicle of the story before is not what is released
        if mention.form in spec.arrival_words and not (
                (mention.slots["spacecraft"] or mention.slots["participants"])
                and (mention.stations or article.entry_names(mention.entry, {"station", "module"}))):
            continue  # "arrived at Kennedy" is no docking; a vehicle arriving where its entry names the station is
        if mention.form in spec.needs_module and not mention.slots["module"]:
            continue
        if mention.form in spec.needs_port and not words & rules_.port_words:
            continue  # "installed on the Unity module's Earth-facing port", not "installed in Tranquility"
        if spec.needs_arm and mention.form not in spec.arm_free:
            entry_words = article.entry_words(mention.first_token)
            if not (entry_words & rules_.arm_words or any("canadarm" in w for w in entry_words)):
                continue
        if mention.noun and not mention.weak and _passing(mention):
            mention.weak = True  # "a news conference after the launch", "the goal of a Moon landing"
        kept.append(mention)
    _schedule_dates(article, kept)
    for mention in kept:  # the day told just before it (or anywhere before, "minutes later")
        if mention.date is not None or mention.offset == "other_day":
            continue
        k = bisect_left(article.date_starts, mention.start) - 1
        while k >= 0 and (k in article.not_event_dates or not _a_when(article.dates[k])):
            k -= 1
        if k < 0:
            continue
        # told in its paragraph or the one just before ("departs ... on Sunday, April 28" / "Dragon will undock
        # from the station's zenith port ... at 1:05 p.m.")
        nearby = mention.entry - entry_index(article.entry_starts, article.dates[k].start) in {0, 1}
        words = set(lowers[slice(*article.sentences[mention.sentence])])
        if words & rules_.day_words:
            continue  # "undocked ... at 9:20 a.m. Wednesday": its day is written, though unresolved
        if nearby or words & rules_.later_words:
            mention.soft_date = k
    return kept


def _passing(mention: Mention) -> bool:
    """A noun mention that only passes by: set off from its day, a reference ("before launch") that tells
    nothing after it unless it opens its sentence on a known flight ("Following splashdown, his spacecraft's
    hatch blew off"), or a noun with nothing of its own, no status and no date."""
    if mention.offset:
        return True
    if mention.referenced:
        opens_story = mention.opens_sentence and bool(mention.slots["spacecraft"] or mention.slots["mission"])
        return not (mention.date_follows or mention.told_after or opens_story)
    return not (mention.identified() or mention.explicit_status or mention.date_follows)


def _context(article: _Article, k: int, types: set[str], crew_only: bool = False) -> list[NormalizedEntity]:
    """Entities of the given types in the nearest earlier sentence of the same entry that names any."""
    rules_ = rules()
    entry = article.sentence_entry[k]
    for j in range(k - 1, -1, -1):
        if article.sentence_entry[j] != entry:
            break
        found = []
        for _, _, entity in article.entities_in[j]:
            if entity.type in types and entity not in found and (not crew_only or _is_participant(rules_, entity)):
                found.append(entity)
        if found:
            return found
    return []


def _new_people(article: _Article, k: int, trigger: Mention) -> bool:
    """'For the Crew-8 mission, a Falcon 9 will launch the crew aboard a Dragon. Dyson will launch from
    Baikonur': people the entry has not named before start a story of their own."""
    own = set(trigger.slots["participants"])
    if not own:
        return False
    entry = article.sentence_entry[k]
    earlier = {e.id for j in range(k - 1, -1, -1) if article.sentence_entry[j] == entry
               for _, _, e in article.entities_in[j] if e.type == "person"}
    return not own & earlier


def _fill_sentence(article: _Article, rules_: Rules, k: int, triggers: list[Mention]) -> None:
    """The slots of the triggers of one sentence, from its entities, dates and times."""
    lo, hi = article.sentences[k]
    sentence_start, sentence_end = article.sentence_chars[k]
    shared: dict[str, list[tuple[int, str]]] = {s: [] for s in SLOTS}  # (start, entity id)
    for start, end, entity in article.entities_in[k]:
        if entity.type in {"station", "module"}:
            for trigger in triggers:
                trigger.stations = True
        slot = SLOT_OF_ENTITY_TYPE.get(entity.type)
        if slot is not None:
            if slot == "participants" and not _is_participant(rules_, entity):
                continue
            shared[slot].append((start, entity.id))
            for trigger in _nearest(start, end, triggers, slot):
                if slot == "module" and trigger.type == "spacewalk" and not _is_airlock(entity):
                    continue
                if slot == "location" and not _site_or_region(rules_, entity, start, trigger):
                    continue
                if slot == "spacecraft" and trigger.pronoun_subject and start > trigger.end:
                    continue  # "It docked to Poisk, which the Progress had vacated": the Progress is not "it"
                if entity.id not in trigger.slots[slot]:
                    trigger.slots[slot].append(entity.id)
                    trigger.reach(start, end)
                    if start >= trigger.end:
                        trigger.told_after = True
                        trigger.after_ids.add(entity.id)
    for trigger in triggers:  # "Armstrong's historic Moonwalk": the possessor is who took part
        owner = _possessor(article, rules_, k, trigger)
        if owner is not None:
            trigger.slots["participants"] = [owner.id]
    words = set(article.lowers[lo:hi])
    for trigger in triggers:
        trigger.own_identity = bool(trigger.slots["spacecraft"] or trigger.slots["mission"]
                                    or trigger.slots["participants"])
    for trigger in triggers:
        spec = rules_.types[trigger.type]
        if not trigger.pronoun_subject:  # "will launch aboard Starliner ... and dock": the dock shares them
            for slot in ("spacecraft", "mission", "participants"):
                if slot in spec.slots and not trigger.slots[slot]:
                    trigger.slots[slot] = list(dict.fromkeys(i for start, i in shared[slot] if start < trigger.start))
        elif not trigger.slots["spacecraft"]:  # "capture the Cygnus ..., and the spacecraft was then attached"
            before = [i for start, i in shared["spacecraft"] if start < trigger.start]
            trigger.slots["spacecraft"] = before[-1:]
        trigger.own_vehicle = bool(trigger.slots["spacecraft"])
        if trigger.type != "spacewalk" and not trigger.slots["spacecraft"] and (
                trigger.pronoun_subject or (not trigger.slots["mission"] and not _new_people(article, k, trigger))):
            trigger.slots["spacecraft"] = [e.id for e in _context(article, k, {"spacecraft"})]
            if not trigger.slots["mission"]:
                trigger.slots["mission"] = [e.id for e in _context(article, k, {"mission"})
                                            if not _is_expedition(e)]
        if not trigger.slots["participants"] and (trigger.pronoun_subject or words & rules_.crew_words) \
                and (trigger.type in CREW_TYPES or trigger.type == "spacewalk"):
            trigger.slots["participants"] = [e.id for e in _context(article, k, {"person"}, crew_only=True)]

    # Dates and times: to the trigger before them, else after; never across a report, never to a trigger
    # set off by days.
    timed = [t for t in triggers if t.offset is None]
    claims: dict[int, list[tuple[tuple[int, int], int, int]]] = {}  # trigger -> (rank, date index, start)
    for start, end, index in article.dates_in[k]:
        owner = _owner(start, [*timed, *(t for t in triggers if t.offset_end is not None and start >= t.offset_end)])
        if owner is None:
            continue
        between = article.lowers[bisect_left(article.starts, min(end, owner.start)):
                                 bisect_left(article.starts, max(start, owner.end))]
        if any(w in rules_.reporting_words for w in between):
            article.not_event_dates.add(index)  # the report's day, no event's
            continue
        first = bisect_left(article.starts, start)
        if first > lo and article.lowers[first - 1] in rules_.not_event_date_before:
            article.not_event_dates.add(index)
            continue
        if owner.referenced and not (start >= owner.end and
                                     bisect_left(article.starts, start) - owner.last_token <= DATE_FOLLOWS_TOKENS):
            continue  # "captured on Oct. 5, after launching on an Antares": the date is the capture's
        # a date after its trigger before one ahead of it; of each, the nearest
        rank = (0, start - owner.end) if start >= owner.end else (1, owner.start - end)
        claims.setdefault(id(owner), []).append((rank, index, start))
    for trigger in triggers:
        if id(trigger) in claims:
            _, trigger.date, start = min(claims[id(trigger)])
            trigger.reach(start, article.dates[trigger.date].end)
            follows = bisect_left(article.starts, start) - trigger.last_token
            trigger.date_follows = 0 <= follows <= DATE_FOLLOWS_TOKENS
    for trigger in triggers:  # "less than six hours after lifting off": the day of its sentence
        if trigger.offset == "same_day" and trigger.date is None:
            owned = [t.date for t in triggers if t.date is not None]
            trigger.date = owned[0] if owned else None
    sentence = article.text[sentence_start:sentence_end]
    for match in rules_.time.finditer(sentence):
        owner = _owner(sentence_start + match.start(), [t for t in timed if not t.referenced])
        if owner is not None and owner.time is None:
            owner.time = match.group(0)
            owner.reach(sentence_start + match.start(), sentence_start + match.end())
    walks = [t for t in triggers if t.type == "spacewalk"]
    for length in article.durations_in(sentence_start, sentence_end) if walks else ():
        nearest = min(walks, key=lambda t: _distance(length.start, length.end, t))
        if nearest.duration is None:
            nearest.duration = length.value
            nearest.reach(length.start, length.end)


def _possessor(article: _Article, rules_: Rules, k: int, trigger: Mention) -> NormalizedEntity | None:
    """The person written with "'s" up to three words before the trigger."""
    lo = article.sentences[k][0]
    for i in range(trigger.first_token - 1, max(lo, trigger.first_token - 4) - 1, -1):
        if article.lowers[i] in {"'s", "’s"}:
            before = article.starts[i]
            for start, end, entity in article.entities_in[k]:
                if end == before and _is_participant(rules_, entity):
                    return entity
            return None
    return None


def _aboard_sentences(article: _Article, rules_: Rules, by_sentence: dict[int, list[Mention]]) -> None:
    """'On board were Crew-5 commander Nicole Mann, ...': the people of the launch or landing just told."""
    openers = {o.split()[0] for o in rules_.aboard_openers}
    for k in sorted({k + 1 for k in by_sentence} - set(by_sentence)):
        if k >= len(article.sentences) or article.sentence_entry[k - 1] != article.sentence_entry[k]:
            continue
        lo, hi = article.sentences[k]
        if article.lowers[lo] not in openers or not " ".join(article.lowers[lo:lo + 5]).startswith(
                rules_.aboard_openers):
            continue
        people = list(dict.fromkeys(e.id for _, _, e in article.entities_in[k] if _is_participant(rules_, e)))
        for trigger in by_sentence.get(k - 1, []):
            if trigger.type in CREW_TYPES and not trigger.slots["participants"]:
                trigger.slots["participants"] = list(people)


def _a_when(date: ResolvedDate) -> bool:
    """Whether a date can say when an event was: not "now" or "recently" (PRESENT_REF, PAST_REF), nor a
    relative date that no publication date resolved ("XXXX-XX-XX" for "today"), nor a time of day written
    without a date (its day is the publication date's, a guess)."""
    return "X" not in date.value and not date.value.endswith("_REF") and date.kind != "time"


def _schedule_dates(article: _Article, mentions: list[Mention]) -> None:
    """A schedule line ("3 a.m. – Targeted docking ...") takes its day from the heading above it ("Tuesday,
    March 5:"), a line that is a date and nothing else."""
    waiting = [m for m in mentions if m.date is None
               and _SCHEDULE_LINE.match(article.text, article.sentence_chars[m.sentence][0])]
    if not waiting:
        return
    entries = article.segmented.entries
    heading_dates: dict[int, int] = {}
    for index, date in enumerate(article.dates):
        if not _a_when(date):
            continue
        entry = entry_index(article.entry_starts, date.start)
        caption = entries[entry].caption.text if entry < len(entries) else ""
        if len(caption) < len(date.text) + 16 and _DAY_HEADING.fullmatch(caption.replace(date.text, "DATE", 1)):
            heading_dates[entry] = index
    if not heading_dates:
        return
    for mention in waiting:
        above = [e for e in heading_dates if e < mention.entry]
        if above:
            mention.date = heading_dates[max(above)]


def _is_expedition(entity: NormalizedEntity) -> bool:
    """An expedition is a station crew's tenure, not a flight: it ties no vehicle and no crew to an event."""
    return entity.type == "mission" and entity.name.lower().startswith("expedition")


# -- events ------------------------------------------------------------------------------------------------


@dataclass
class _Happening:
    type: str
    mentions: list[Mention]
    _values: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def add(self, mentions: list[Mention]) -> None:
        self.mentions.extend(mentions)
        self._values.clear()

    def values(self, slot: str) -> list[str]:
        """A slot's values from its mentions; a weak one (coverage, a passing noun) gives its day only."""
        if slot not in self._values:
            out: list[str] = []
            all_weak = all(m.weak for m in self.mentions)
            for m in self.mentions:
                if not m.weak or all_weak:
                    out.extend(v for v in m.slots[slot] if v not in out and not (
                        # "inside the Destiny laboratory ... after arriving": that place is the sentence's
                        m.referenced and slot in {"module", "location"} and v not in m.after_ids))
            self._values[slot] = out
        return self._values[slot]

    def dates(self) -> list[int]:
        return [m.date for m in self.mentions if m.date is not None]

    def cancelled(self) -> bool:
        return any(m.status == "cancelled" for m in self.mentions)

    def status(self) -> str:
        if self.cancelled():
            return "cancelled"
        stated = Counter(m.status for m in self.mentions if m.explicit_status and not m.weak) \
            or Counter(m.status for m in self.mentions if m.explicit_status)
        if not stated:
            return "happened"
        evidence = self.evidence()
        if stated.get(evidence.status) == max(stated.values()):
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


def _compatible(event: _Happening, mention: Mention, dates: list[ResolvedDate]) -> bool:
    cancelled = event.cancelled()  # what status() gives "cancelled" for
    if cancelled != (mention.status == "cancelled"):
        # a cancelled attempt joins a mention that states nothing ("suited up for a spacewalk ... the
        # spacewalk was called off"), never one told as happened or planned
        stated = mention.explicit_status if cancelled else any(m.explicit_status for m in event.mentions)
        if stated:
            return False
    if mention.date is not None and _dates_conflict(dates, event.dates(), [mention.date]):
        return False
    if mention.explicit_status and not mention.weak and mention.date is not None and any(
            m.explicit_status and not m.weak and m.status != mention.status and m.date is not None
            for m in event.mentions):
        return False  # "launched in March 2019" and "aim to launch ... in mid-2019" are two launches
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
    return not (ordinals and mention.ordinal and mention.ordinal not in ordinals)


def _shares(event: _Happening, mention: Mention, dates: list[ResolvedDate],
            flies: dict[str, str | None]) -> int:
    """How many things a mention shares with a happening: a vehicle, a mission, people, a day. A mission and a
    vehicle of the family it flies count as one ("Ax-3 ... returned to Earth" and "returned to Earth aboard a
    SpaceX Dragon spacecraft")."""
    shared = sum(bool(set(event.values(s)) & set(mention.slots[s]))
                 for s in ("spacecraft", "mission", "participants"))
    ours, theirs = (event.values("mission"), event.values("spacecraft")), (mention.slots["mission"],
                                                                           mention.slots["spacecraft"])
    for missions, vehicles in ((ours[0], theirs[1]), (theirs[0], ours[1])):
        families = {flies.get(m) for m in missions} - {None}
        if families and any(flies.get(v) in families for v in vehicles):
            shared += 1
    if mention.date is not None and any(dates[i].precision == "day" and dates[i].value == dates[mention.date].value
                                        for i in event.dates()):
        shared += 1
    return shared


def _vehicle_less(spacecraft: list[str], mission: list[str]) -> bool:
    return not spacecraft and not mission


def merge(mentions: list[Mention], dates: list[ResolvedDate], entities: list[NormalizedEntity]) -> list[_Happening]:
    """One happening per real event: strong mentions first, in text order, then the weak ones join."""
    happenings: list[_Happening] = []
    rules_ = rules()
    flies: dict[str, str | None] = {}  # mission -> the family it flies; vehicle -> its family
    for entity in entities:
        if entity.type == "mission":
            flies[entity.id] = _vehicle_family(rules_, entity)
        elif entity.type == "spacecraft":
            flies[entity.id] = entity.attributes.get("family") or entity.name

    def place(mention: Mention, create: bool) -> None:
        candidates = [h for h in happenings if h.type == mention.type and _compatible(h, mention, dates)]
        scored = [(_shares(h, mention, dates, flies), -abs(h.mentions[-1].start - mention.start), h) for h in candidates]
        linked = [s for s in scored if s[0] > 0]
        if linked:
            max(linked, key=lambda s: (s[0], s[1]))[2].add([mention])
            return
        loose = [s for s in scored if _vehicle_less(mention.slots["spacecraft"], mention.slots["mission"])
                 or _vehicle_less(s[2].values("spacecraft"), s[2].values("mission"))]
        of_type = [h for h in happenings if h.type == mention.type]
        loose = [s for s in loose if len(of_type) == 1 or any(m.entry == mention.entry for m in s[2].mentions)]
        if loose:
            max(loose, key=lambda s: s[1])[2].add([mention])
            return
        if create:
            happenings.append(_Happening(mention.type, [mention]))

    # A noun with a status but nothing of its own ("the planned liftoff") makes an event only where no other
    # event of its type is told ("Hatch opening will be ... after docking").
    tentative = [m for m in mentions if not m.weak and m.noun and not m.identified() and m.date is None
                 and not m.slots["spacecraft"] and not m.slots["mission"]]
    waiting = {id(m) for m in tentative}
    for mention in mentions:
        if not mention.weak and id(mention) not in waiting:
            place(mention, create=True)
    for mention in tentative:
        place(mention, create=not any(h.type == mention.type for h in happenings))
    for mention in mentions:
        if mention.weak:
            place(mention, create=False)
    _absorb_into_relocations(happenings)
    _absorb_into_releases(happenings)
    return happenings


def _absorb_into_releases(happenings: list[_Happening]) -> None:
    """'The Dragon CRS-16 cargo spacecraft undocked ... Canadarm2 just released SpaceX-16 capsule': a vehicle
    the arm lets go leaves by that release; its undocking told in the same entry is the release."""
    for release in [h for h in happenings if h.type == "release"]:
        vehicles = set(release.values("spacecraft"))
        entries = {m.entry for m in release.mentions}
        for other in [h for h in happenings if h.type == "undocking"]:
            if {m.entry for m in other.mentions} <= entries and set(other.values("spacecraft")) & vehicles \
                    and other.status() == release.status():
                release.add(other.mentions)
                happenings.remove(other)


def _absorb_into_relocations(happenings: list[_Happening]) -> None:
    """'will relocate the Dragon ... will undock from the forward port ... will then dock with the
    space-facing port': the undocking and docking of a relocated vehicle, told in its entry or the next two,
    are the relocation."""
    for relocation in [h for h in happenings if h.type == "relocation"]:
        vehicles = set(relocation.values("spacecraft")) | set(relocation.values("mission"))
        entries = {m.entry for m in relocation.mentions}
        for other in [h for h in happenings if h.type in {"undocking", "docking"}]:
            near = all(any(0 <= m.entry - e <= 2 for e in entries) for m in other.mentions)
            theirs = set(other.values("spacecraft")) | set(other.values("mission"))
            if near and (not theirs or theirs & vehicles) and other.status() == relocation.status():
                relocation.add(other.mentions)
                happenings.remove(other)


def _cooccurring(article: _Article) -> dict[str, Counter[str]]:
    """For each mission and spacecraft, the others of the two types named with it: in one sentence a vehicle
    goes with its nearest mission ("Crew-1 follows SpaceX's Demo-2 test flight, which carried ... aboard the
    Crew Dragon Endeavour": Endeavour flew Demo-2), weighing SAME_SENTENCE; in the next sentence of its entry,
    any of them, weighing 1."""
    near: dict[str, Counter[str]] = {}

    def add(a: str, b: str, weight: int) -> None:
        near.setdefault(a, Counter())[b] += weight
        near.setdefault(b, Counter())[a] += weight

    for k, spans in enumerate(article.entities_in):
        vehicles = [(s, e) for s, _, e in spans if e.type == "spacecraft"]
        missions = [(s, e) for s, _, e in spans if e.type == "mission" and not _is_expedition(e)]
        for start, vehicle in vehicles:
            if missions:
                nearest = min(missions, key=lambda m: abs(m[0] - start))[1]
                add(vehicle.id, nearest.id, SAME_SENTENCE)
        if k + 1 < len(article.entities_in) and article.sentence_entry[k + 1] == article.sentence_entry[k]:
            following = article.entities_in[k + 1]
            for _, _, a in spans:
                for _, _, b in following:
                    if {a.type, b.type} == {"mission", "spacecraft"}:
                        add(a.id, b.id, 1)
    return near


def _vehicle_family(rules_: Rules, mission: NormalizedEntity) -> str | None:
    return next((family for pattern, family in rules_.mission_vehicles if pattern.match(mission.name)), None)


def _fill_flights(article: _Article, happenings: list[_Happening], entities: list[NormalizedEntity],
                  values: list[dict[str, list[str]]]) -> None:
    rules_ = rules()
    by_id = {e.id: e for e in entities}
    near = _cooccurring(article)

    def family_fits(mission: str, spacecraft: str) -> bool:
        family = _vehicle_family(rules_, by_id[mission])
        return family is None or by_id[spacecraft].attributes.get("family") == family \
            or by_id[spacecraft].name == family

    def complete(v: dict[str, list[str]]) -> None:
        """A mission's vehicle, or a vehicle's mission, where the article names them together."""
        flights = [m for m in v["mission"] if not _is_expedition(by_id[m])]
        if flights and not v["spacecraft"]:
            counts: Counter[str] = Counter()
            for m in flights:
                counts.update({k: c for k, c in near.get(m, Counter()).items()
                               if by_id[k].type == "spacecraft" and family_fits(m, k)})
            if counts:
                v["spacecraft"] = [max(counts, key=lambda k: (counts[k], k))]
            else:  # the one vehicle of the mission's family the article names
                fitting = [e.id for e in entities if e.type == "spacecraft" and all(family_fits(m, e.id) for m in flights)
                           and any(_vehicle_family(rules_, by_id[m]) for m in flights)]
                if len(fitting) == 1:
                    v["spacecraft"] = fitting
        elif v["spacecraft"] and not flights:
            counts = Counter()
            for s in v["spacecraft"]:  # named in the same sentence only: a vehicle flies many missions
                counts.update({k: c for k, c in near.get(s, Counter()).items()
                               if by_id[k].type == "mission" and not _is_expedition(by_id[k])
                               and family_fits(k, s) and c >= SAME_SENTENCE})
            if counts:
                v["mission"] = [*v["mission"], max(counts, key=lambda k: (counts[k], k))]

    for h, v in zip(happenings, values):
        if h.type != "spacewalk":  # a spacewalk's vehicle is the one the text names, if any
            complete(v)

    dominant = _dominant_flight(entities)
    for i, h in enumerate(happenings):  # neither: the flight of its entry, else the article's
        v = values[i]
        if v["spacecraft"] or [m for m in v["mission"] if not _is_expedition(by_id[m])] or h.type == "spacewalk":
            continue
        entries = {m.entry for m in h.mentions}
        same_entry = [j for j, g in enumerate(happenings) if j != i and (values[j]["spacecraft"] or values[j]["mission"])
                      and any(m.entry in entries for m in g.mentions)]
        if same_entry:
            j = min(same_entry, key=lambda j: abs(happenings[j].mentions[0].start - h.mentions[0].start))
            v["spacecraft"] = v["spacecraft"] or list(values[j]["spacecraft"])
            v["mission"] = [*v["mission"], *(m for m in values[j]["mission"] if m not in v["mission"])]
        elif dominant is not None:
            v[dominant[0]] = [dominant[1]]
            complete(v)

    for i, v in enumerate(values):  # the crew of a flight fill its events that name none
        if happenings[i].type not in CREW_TYPES or v["participants"]:
            continue
        flight = _flight(v, by_id)
        crew: list[str] = []
        for j, w in enumerate(values):
            if j != i and happenings[j].type in CREW_TYPES and flight & _flight(w, by_id):
                crew.extend(p for p in w["participants"] if p not in crew)
        v["participants"] = crew


def _flight(values: dict[str, list[str]], by_id: dict[str, NormalizedEntity]) -> set[str]:
    """What ties events to one flight: its missions (not expeditions), else its vehicles."""
    return {m for m in values["mission"] if not _is_expedition(by_id[m])} or set(values["spacecraft"])


def _dominant_flight(entities: list[NormalizedEntity]) -> tuple[str, str] | None:
    """("mission" | "spacecraft", id) of the flight the article is about, when one leads its mentions."""
    counts: Counter[str] = Counter({e.id: len(e.mentions) for e in entities
                                    if e.type in {"mission", "spacecraft"} and not _is_expedition(e)})
    if not counts:
        return None
    best, count = max(counts.items(), key=lambda c: (c[1], c[0]))
    if count < DOMINANT_SHARE * sum(counts.values()):
        return None
    return next(e.type for e in entities if e.id == best), best


def find_events_in_slices(tokenize, text: str, segmented: Segmented, entities: list[NormalizedEntity],
                          dates: list[ResolvedDate], starts: list[int]) -> list[Event]:
    """The events of a long article, read slice by slice (`starts`: where its slices begin, each at a line
    start; `tokenize`: text -> Doc) so that no Doc of the whole article is made. A happening told in two slices
    gives an event in each."""
    events: list[Event] = []
    spans = entity_spans(entities)
    span_starts = [start for start, _, _ in spans]
    for begin, end in zip(starts, [*starts[1:], len(text)]):
        part = spans[bisect_left(span_starts, begin):bisect_left(span_starts, end)]
        events += find_events(tokenize(text[begin:end]), text, segmented, entities, dates, offset=begin,
                              spans=part)
    return events


def entity_spans(entities: list[NormalizedEntity]) -> list[tuple[int, int, NormalizedEntity]]:
    """(start, end, entity) of every mention, in text order."""
    spans = sorted((m.start, m.end, k) for k, e in enumerate(entities) for m in e.mentions)
    return [(start, end, entities[k]) for start, end, k in spans]


def find_events(doc: Doc, text: str, segmented: Segmented, entities: list[NormalizedEntity],
                dates: list[ResolvedDate], offset: int = 0,
                spans: list[tuple[int, int, NormalizedEntity]] | None = None) -> list[Event]:
    """The events of one article: `doc` is its spaCy document, or that of the part of `text` (the article's
    text) starting at `offset`; only the entries inside that part are read."""
    rules_ = rules()
    article = _Article(doc, text, segmented, entities, dates, offset=offset, spans=spans)
    happenings = merge(find_mentions(article), dates, entities)
    values = [{slot: h.values(slot) for slot in SLOTS} for h in happenings]
    _fill_flights(article, happenings, entities, values)

    day_of: list[int | None] = []
    for h in happenings:  # the most precise date the mentions give
        days = h.dates()
        evidence = h.evidence()
        day_of.append(max(days, key=lambda d: (len(dates[d].value), d == evidence.date)) if days else None)
    for i, h in enumerate(happenings):  # a hatch opening without a day opens on its docking's day
        other = rules_.types[h.type].same_day_as
        if day_of[i] is not None or not other or any(m.offset == "other_day" for m in h.mentions):
            continue
        flight = set(values[i]["mission"]) | set(values[i]["spacecraft"])
        for j, g in enumerate(happenings):
            if g.type == other and day_of[j] is not None and flight & (set(values[j]["mission"])
                                                                       | set(values[j]["spacecraft"])):
                day_of[i] = day_of[j]
                break
    for i, h in enumerate(happenings):  # else the day told just before its most informative mention
        if day_of[i] is None:
            soft = [m.soft_date for m in [h.evidence(), *h.mentions] if m.soft_date is not None]
            day_of[i] = soft[0] if soft else None

    events = []
    for i, h in enumerate(happenings):
        v = values[i]
        if not (v["spacecraft"] or v["mission"] or v["participants"] or day_of[i] is not None):
            continue  # a happening with nothing to tell it by ("the launch") is no event
        evidence = h.evidence()
        start, end = evidence.evidence_span(article.sentence_chars[evidence.sentence], article.text)
        times = [m.time for m in h.mentions if m.time and not m.weak]
        durations = [m.duration for m in h.mentions if m.duration]
        events.append(Event(
            type=h.type, status=h.status(), date_index=day_of[i],
            time=evidence.time if evidence.time and not evidence.weak else (times[0] if times else None),
            spacecraft=tuple(v["spacecraft"]), mission=tuple(v["mission"]), module=tuple(v["module"]),
            participants=tuple(v["participants"]), location=tuple(v["location"]),
            duration=durations[0] if durations else None,
            start=start, end=end, text=text[start:end], entry=entry_index(article.entry_starts, start)))
    events.sort(key=lambda e: (e.start, EVENT_TYPES.index(e.type)))
    return events
