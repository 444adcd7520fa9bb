"""Stage 4 - normalize: mentions -> entities. One entity per real-world thing, with its canonical name,
the other forms the article writes it in, and its attributes.

- Knowledge-file names link by their knowledge id; numbered flights by their pattern id.
- A bare family word ("the Cygnus spacecraft") links to the one numbered flight of that family the article
  names, or stays the family when it names none or several.
- People: mentions sharing a surname are one person when their first names agree (the same name, a
  nickname, an initial, or a near spelling: "Anna"/"Anne"); misspelled surnames join by fuzzy match. The
  canonical name is the most frequent full form; the role is the highest the context states; the agency the
  one the context states most often.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from pipeline.components.names import PARTICLES
from pipeline.knowledge import knowledge_base, load_file, load_records_file, slug
from pipeline.recognize import RecognizedMention
from pipeline.segment import Entry, entry_index

FIRST_NAME_SIMILARITY = 75.0  # "Anne"/"Anna" = 75, "Anne"/"Andrew" = 60
FULL_NAME_SIMILARITY = 90.0  # "Alexander Skvortzov"/"Alexander Skvortsov" = 94.7


@dataclass
class EntityMention:
    start: int
    end: int
    text: str
    entry: int


@dataclass
class NormalizedEntity:
    id: str
    type: str
    name: str
    aliases: list[str]
    attributes: dict[str, str]
    mentions: list[EntityMention] = field(default_factory=list)


def _nicknames() -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for group in load_records_file("nicknames.json"):
        for name in group:
            groups.setdefault(name.lower(), set()).update(n.lower() for n in group)
    return groups


_NICKNAMES = _nicknames()


_NICKNAME = re.compile(r"\s*[\"“][^\"”]+[\"”]")


# "Chris (Christina) Birch": two forms of one given name; the longer is the formal one.
_BRACKETED = re.compile(r"^(?P<given>\S+) \((?P<other>[^()\s]+)\)")


def without_nickname(name: str) -> str:
    """'Barry "Butch" Wilmore' -> 'Barry Wilmore'; 'Chris (Christina) Birch' -> 'Christina Birch'."""
    bracketed = _BRACKETED.match(name)
    if bracketed:
        given = max(bracketed.group("given"), bracketed.group("other"), key=len)
        name = given + name[bracketed.end():]
    return _NICKNAME.sub("", name)


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"\s+", without_nickname(name)) if w)


def surname(name: str) -> str:
    return _words(name)[-1].lower()


def first_name(name: str) -> str | None:
    words = _words(name)
    if len(words) > 2 and re.fullmatch(r"[A-Z]\.", words[0]):
        words = words[1:]  # "L. Gordon Cooper" goes by Gordon
    return words[0].lower() if len(words) > 1 and words[0].lower() not in PARTICLES else None


def _initials_agree(a: str, b: str) -> bool:
    """ "Malcolm S. Carpenter" and "M. Scott Carpenter": the same given names, each written in full in one and
    as an initial in the other."""
    a_words, b_words = _words(a)[:-1], _words(b)[:-1]
    if len(a_words) != len(b_words) or len(a_words) < 2 or a_words == b_words:
        return False
    for x, y in zip(a_words, b_words):
        x, y = x.rstrip("."), y.rstrip(".")
        if x.lower() != y.lower() and not ((len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))):
            return False
    return True


def same_first_name(a: str, b: str, local: dict[str, set[str]] | None = None) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if b in _NICKNAMES.get(a, set()) or b in (local or {}).get(a, set()):
        return True
    return fuzz.ratio(a, b) >= FIRST_NAME_SIMILARITY


_QUOTED = re.compile(r"^(?P<given>\S+)\s.*?[\"“](?P<nick>[^\"”]+)[\"”]")


def article_nicknames(mentions: list[tuple[RecognizedMention, int]]) -> dict[str, set[str]]:
    """Nicknames an article introduces itself: 'Virgil I. “Gus” Grissom' makes "Gus" and "Virgil" one first
    name wherever the article writes either."""
    local: dict[str, set[str]] = {}
    for mention, _ in mentions:
        match = _QUOTED.match(mention.text)
        if match:
            given, nick = match.group("given").lower(), match.group("nick").lower()
            local.setdefault(given, set()).add(nick)
            local.setdefault(nick, set()).add(given)
    return local


class _Person:
    def __init__(self, local_nicknames: dict[str, set[str]] | None = None) -> None:
        self.mentions: list[tuple[RecognizedMention, int]] = []
        self.local_nicknames = local_nicknames or {}
        # Kept up to date by `add`, so a person with many mentions is not re-read per mention.
        self.full_forms: Counter[str] = Counter()  # full forms (with a first name), in order of appearance
        self.first_names: set[str] = set()

    def add(self, mention: RecognizedMention, entry: int) -> None:
        self.mentions.append((mention, entry))
        first = first_name(mention.text)
        if first:
            self.full_forms[without_nickname(mention.text)] += 1
            self.first_names.add(first)

    def accepts(self, mention: RecognizedMention) -> bool:
        first = first_name(mention.text)
        return first is None or not self.first_names or any(same_first_name(first, f, self.local_nicknames)
                                                             for f in self.first_names) or any(
            _initials_agree(mention.text, form) for form in self.full_forms)

    def canonical_name(self) -> str:
        forms = self.full_forms
        if not forms:
            return self.mentions[0][0].text
        # A short form ("Mike") gives way to the full given name ("Michael") when both appear.
        firsts = {first_name(f) for f in forms}
        nicknames = {k: _NICKNAMES.get(k, set()) | self.local_nicknames.get(k, set()) for k in firsts}
        formal = [f for f in forms
                  if not any(first_name(f) in nicknames.get(o, set()) and len(o) > len(first_name(f))
                             for o in firsts)]
        pool = formal or list(forms)
        return max(pool, key=lambda f: (forms[f], len(_words(f)) == 2, len(f), f))

    def crew(self) -> bool:
        """Named as crew with no title of their own ("crewmates A and B", "their backups C and D")."""
        return self._flagged("crew")

    def foreign(self) -> bool:
        """Tied by the text to a country with no space agency known here ("France’s first female astronaut")."""
        return self._flagged("foreign")

    def _flagged(self, flag: str) -> bool:
        return any((mention.cue or {}).get(flag) for mention, _ in self.mentions)

    def attributes(self) -> dict[str, str]:
        role, rank, agencies, first = None, 0, Counter(), {}
        for mention, _ in self.mentions:
            cue = mention.cue or {}
            if cue.get("rank", 0) > rank and cue.get("role"):
                role, rank = cue["role"], cue["rank"]
            if cue.get("agency"):
                agencies[cue["agency"]] += 1
                first[cue["agency"]] = min(first.get(cue["agency"], mention.start), mention.start)
        attributes = {}
        if agencies:  # the agency stated most often; on a tie, the one stated first
            attributes["agency"] = max(agencies, key=lambda a: (agencies[a], -first[a]))
        if role:
            attributes["role"] = role
        return attributes


def _cluster_people(mentions: list[tuple[RecognizedMention, int]]) -> list[_Person]:
    people: list[_Person] = []
    lone: list[tuple[RecognizedMention, int]] = []
    local = article_nicknames(mentions)
    by_surname: dict[str, list[_Person]] = {}
    # Full names first, so a bare surname finds its person whichever comes first in the text.
    ordered = sorted(mentions, key=lambda item: (first_name(item[0].text) is None, item[0].start))
    for mention, entry in ordered:
        key = surname(mention.text)
        candidates = by_surname.get(key, [])
        if not candidates:
            candidates = [p for p in people if any(
                fuzz.ratio(mention.text.lower(), f.lower()) >= FULL_NAME_SIMILARITY for f in p.full_forms)]
        match = next((p for p in candidates if p.accepts(mention)), None)
        if match is None:
            if first_name(mention.text) is None and candidates:
                match = candidates[0]
            elif first_name(mention.text) is None:
                lone.append((mention, entry))  # a first name alone, or a surname of nobody named in full
                continue
            else:
                match = _Person(local)
                people.append(match)
        match.add(mention, entry)
        by_surname.setdefault(key, [])
        if match not in by_surname[key]:
            by_surname[key].append(match)
    # "Anne said": a first name alone is the one person who has it.
    for mention, entry in lone:
        owners = [p for p in people if mention.text.lower() in p.first_names]
        if len(owners) == 1:
            owners[0].add(mention, entry)
    return people


# Roles of people who fly: with no agency stated, they fly for the agency the article is about.
CREW_ROLES = {"commander", "pilot", "flight engineer", "mission specialist", "payload specialist", "astronaut",
              "astronaut candidate"}
# Jobs held at a space agency (mission control, agency management): the same default holds for them. Company
# titles (president, founder, chief executive) are left alone.
STAFF_ROLES = {"flight director", "capcom", "administrator", "deputy administrator", "associate administrator",
               "program manager", "manager", "director"}


def _article_agency(mentions: list[RecognizedMention]) -> str | None:
    """The space agency an article is about: named at least twice as often as any other (and at least twice)."""
    kb = knowledge_base()
    counts = Counter(m.knowledge_id for m in mentions if m.type == "organization" and kb.get(m.knowledge_id or "")
                     and kb.get(m.knowledge_id).attributes.get("kind") == "space agency")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _text_id(mention: RecognizedMention) -> str:
    """The entity id of a mention that no knowledge record names: its type and its text."""
    return f"{mention.type}:{slug(mention.text)}"


def _family_links(mentions: list[RecognizedMention]) -> dict[str, str]:
    """Family id -> the id of the one vehicle of that family the article names. Named vehicles from the
    knowledge files ("Crew Dragon Resilience") come before numbered flights ("Crew-1"), which fly in them."""
    kb = knowledge_base()
    named: dict[str, set[str]] = {}
    numbered: dict[str, set[str]] = {}
    for m in mentions:
        family = (m.cue or {}).get("family")
        if m.type == "spacecraft" and family:  # a numbered flight, or a vehicle named after its family
            numbered.setdefault(family, set()).add(m.knowledge_id or _text_id(m))
        record = kb.get(m.knowledge_id or "")
        if record and record.type == "spacecraft" and record.attributes.get("family") \
                and record.name != record.attributes["family"]:
            named.setdefault(record.attributes["family"], set()).add(record.id)
    # Families a crew mission of the article flies in ("Crew-8" flies a Crew Dragon), and families named alone.
    flown = {(m.cue or {}).get("vehicle") for m in mentions} | {
        kb.get(m.knowledge_id).attributes.get("vehicle") for m in mentions if kb.get(m.knowledge_id or "")}
    mentioned = {kb.get(m.knowledge_id).name for m in mentions if kb.get(m.knowledge_id or "")}
    links = {}
    for record in kb.by_type("spacecraft"):
        family = record.attributes.get("family")
        if not family or record.name != family:
            continue
        members = named.get(family) or numbered.get(family, set())
        variant = record.attributes.get("crew_variant")
        if not members and variant and (named.get(variant) or variant in flown or variant in mentioned):
            # "Dragon" in a crew flight's story is its Crew Dragon: the one named capsule, or the family.
            members = named.get(variant) or {_family_records()[variant].id}
        if len(members) == 1:
            links[record.id] = next(iter(members))
    return links


@lru_cache(maxsize=1)
def _family_records() -> dict[str, object]:
    return {r.name: r for r in knowledge_base().by_type("spacecraft") if r.attributes.get("family") == r.name}


def _knowledge_attributes(record_id: str) -> dict[str, str]:
    record = knowledge_base().get(record_id)
    if record is None:
        return {}
    # facts only: a flag ("names_follow") is how the pipeline reads the record, not something about it
    attributes = {k: str(v) for k, v in record.attributes.items()
                  if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    if record.wikidata:
        attributes["wikidata"] = record.wikidata
    return attributes


def _agency_vehicles(mentions: list[RecognizedMention], entries: list[Entry]) -> dict[int, list[tuple[int, str]]]:
    """Entry index -> [(offset, space agency)] of the vehicles named there that a space agency flies (Soyuz,
    Shenzhou; not a company's Dragon)."""
    kb = knowledge_base()
    agencies = {r.name: r.id for r in kb.by_type("organization") if r.attributes.get("kind") == "space agency"}
    starts = [e.start for e in entries]
    found: dict[int, list[tuple[int, str]]] = {}
    for mention in mentions:
        if mention.type != "spacecraft":
            continue
        record = kb.get(mention.knowledge_id or "") or _family_records().get((mention.cue or {}).get("family"))
        agency = agencies.get(record.attributes.get("operator", "")) if record is not None else None
        if agency:
            found.setdefault(entry_index(starts, mention.start), []).append((mention.start, agency))
    return found


def _crew_vehicle_agency(person: _Person, vehicles: dict[int, list[tuple[int, str]]]) -> str | None:
    """The agency flying the vehicle named last before a crew member, in the same paragraph, when that
    paragraph names vehicles of one agency only."""
    mention, entry = min(person.mentions, key=lambda item: item[0].start)
    before = {agency for start, agency in vehicles.get(entry, ()) if start < mention.start}
    return next(iter(before)) if len(before) == 1 else None


@lru_cache(maxsize=1)
def _unit_heads() -> frozenset[str]:
    return frozenset(load_file("institutions.json").get("unit_heads", []))


def _names_a_unit(entity: NormalizedEntity | None) -> bool:
    """ "Human Research Program", "Strike Fighter Squadron 14": a unit of some larger body, not an employer
    of its own ("Space Development Agency", "Ohio State University"). Unknown: a unit."""
    if entity is None:
        return True
    words = [w for w in entity.name.split() if not w[:1].isdigit()]
    return not words or words[-1] in _unit_heads() or (
        "of" in words and words[0] in _unit_heads())  # "Office of Communications"


def _served_stations(mentions: list[RecognizedMention]) -> set[str]:
    """ "The trio spent 220 days aboard the orbiting laboratory" in a Soyuz story that names no station: the
    station its modules and investigations belong to, or its vehicles' families serve ("station" in the
    knowledge files)."""
    kb = knowledge_base()
    by_name = {r.name: r.id for r in kb.by_type("station")}
    served = set()
    for mention in mentions:
        record = kb.get(mention.knowledge_id or "") if mention.type in {"module", "spacecraft", "experiment"} else None
        if mention.type == "spacecraft" and (record is None or "station" not in record.attributes):
            record = _family_records().get((mention.cue or {}).get("family") or (
                record.attributes.get("family") if record is not None else None))
        station = by_name.get(record.attributes.get("station", "")) if record is not None else None
        if station:
            served.add(station)
    return served


def _fold_predecessors(entities: dict[str, NormalizedEntity]) -> None:
    """ "Japan’s National Space Development Agency (NASDA), now the Japan Aerospace Exploration Agency": an
    organization the knowledge files give a successor is that successor when the article names both."""
    kb = knowledge_base()
    by_name = {e.name: e for e in entities.values() if e.type == "organization"}
    for entity in list(by_name.values()):
        record = kb.get(entity.id)
        successor = by_name.get(record.attributes.get("successor", "")) if record is not None else None
        if successor is not None and successor is not entity:
            successor.mentions.extend(entities.pop(entity.id).mentions)


def _fold_short_vehicle_names(entities: dict[str, NormalizedEntity]) -> None:
    """ "the Palapa satellite" after "the Palapa-B2 communications satellite": a vehicle no knowledge file
    names, written short, is the one vehicle of the article whose name it opens (a serial after it)."""
    kb = knowledge_base()
    vehicles = sorted((e.name, e.id) for e in entities.values() if e.type == "spacecraft")
    names = [name for name, _ in vehicles]
    for name, entity_id in vehicles:
        if kb.get(entity_id) is not None:
            continue
        longer = []
        for k in range(bisect_right(names, name), len(names)):  # names that open with it sort right after
            if not names[k].startswith(name):
                break
            if names[k][len(name)] in "- " and vehicles[k][1] in entities:
                longer.append(vehicles[k][1])
        if len(longer) == 1:
            entities[longer[0]].mentions.extend(entities.pop(entity_id).mentions)


@lru_cache(maxsize=1)
def _naming_patterns() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    cues = load_file("cues.json")["vehicle_naming"]
    verbs, nouns = "|".join(cues["verbs"]), "|".join(cues["nouns"])
    given = re.compile(rf"\b(?:{verbs}),?\s+(?:(?:the|their|its)\s+(?:{nouns})\s+)?(?P<name>[A-Z][a-z]+)\b")
    is_name = re.compile(rf"\b(?P<name>[A-Z][a-z]+) is the name of (?:this|the|their|its)\b")
    return given, is_name, cues["window"]


def _named_vehicles(mentions: list[RecognizedMention], entries: list[Entry]) -> list[RecognizedMention]:
    """A capsule the text names ("the SpaceX Dragon spacecraft, named Endeavour"; "Endeavour is the name of
    this Dragon spacecraft"): a mention of the knowledge record of that name in a family written within the
    window, so that the family's bare word ("Dragon") then links to it."""
    given, is_name, window = _naming_patterns()
    records = [r for r in knowledge_base().by_type("spacecraft")
               if r.attributes.get("family") and r.name != r.attributes["family"]]
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for entry in entries:
        text, offset = entry.caption.text, entry.caption.start
        for pattern in (given, is_name):
            for match in pattern.finditer(text):
                name = match.group("name")
                near = text[max(0, match.start() - window):match.end() + window]
                fitting = [r for r in records if r.name.endswith(" " + name)
                           and r.attributes["family"].split()[-1] in near]
                start, end = offset + match.start("name"), offset + match.end("name")
                if len(fitting) == 1 and not any(s < end and start < e for s, e in taken):
                    found.append(RecognizedMention(start, end, name, "spacecraft", fitting[0].id,
                                                   fitting[0].name, None))
                    taken.append((start, end))
    return found


def normalize(mentions: list[RecognizedMention], entries: list[Entry]) -> list[NormalizedEntity]:
    starts = [e.start for e in entries]
    kb = knowledge_base()
    named = _named_vehicles(mentions, entries)
    if named:
        mentions = sorted([*mentions, *named], key=lambda m: (m.start, m.end))
    links = _family_links(mentions)
    entities: dict[str, NormalizedEntity] = {}
    people_mentions = []

    def attach(entity_id: str, type_: str, name: str, mention: RecognizedMention, attributes: dict) -> None:
        entity = entities.get(entity_id)
        if entity is None:
            entity = entities[entity_id] = NormalizedEntity(entity_id, type_, name, [], attributes)
        elif attributes and not entity.attributes:  # "the lunar module" came first, "Spider" tells the family
            entity.attributes.update(attributes)
        entity.mentions.append(EntityMention(mention.start, mention.end, mention.text,
                                             entry_index(starts, mention.start)))

    # Numbered flights and vehicles named after their family know their own name; a family word linked to one
    # ("Farewell Dragon!", "the lunar module") does not.
    names = {m.knowledge_id or _text_id(m): m.name for m in mentions
             if m.name and (m.knowledge_id or (m.cue or {}).get("family"))}
    # "the space station": the one station the article names, if it names exactly one.
    stations = {m.knowledge_id for m in mentions if m.type == "station" and m.knowledge_id} or _served_stations(mentions)
    for mention in mentions:
        if mention.type == "person":
            people_mentions.append((mention, entry_index(starts, mention.start)))
            continue
        if (mention.cue or {}).get("generic"):
            if len(stations) == 1 and mention.type == "station":
                attach(next(iter(stations)), "station", kb.get(next(iter(stations))).name, mention,
                       _knowledge_attributes(next(iter(stations))))
            continue
        entity_id = links.get(mention.knowledge_id or "", mention.knowledge_id)
        record = kb.get(entity_id or "")
        if record is not None and record.attributes.get("alone_names_no_vehicle"):
            continue  # "the space shuttle" alone is the program's vehicle type, not one vehicle
        if entity_id is None:
            entity_id = _text_id(mention)
        record = kb.get(entity_id)
        if record is not None:
            name, attributes = record.name, _knowledge_attributes(entity_id)
        else:
            name = names.setdefault(entity_id, mention.name or mention.text)
            attributes = {}
            family = (mention.cue or {}).get("family")
            family_record = _family_records().get(family)
            if family_record is not None:
                attributes = {"family": family, **{k: v for k, v in _knowledge_attributes(family_record.id).items()
                                                   if k in {"operator", "role"}}}
        attach(entity_id, mention.type, name, mention, attributes)

    default_agency = _article_agency(mentions)
    vehicles = _agency_vehicles(mentions, entries)
    for person in _cluster_people(people_mentions):
        name = person.canonical_name()
        entity_id = f"person:{slug(name)}"
        while entity_id in entities:
            entity_id += "-2"
        attributes = person.attributes()
        if "agency" not in attributes and attributes.get("role") in CREW_ROLES and not person.foreign():
            crew_of = _crew_vehicle_agency(person, vehicles)
            if crew_of:
                attributes["agency"] = crew_of  # "China launched Shenzhou-18 ... commander Ye Guangfu"
        if default_agency and "agency" not in attributes and not person.foreign() and (
                attributes.get("role") in CREW_ROLES | STAFF_ROLES or person.crew()):
            attributes["agency"] = default_agency  # "Commander David M. Walker" in a NASA mission's story
        if default_agency and attributes.get("agency") and kb.get(attributes["agency"]) is None \
                and _names_a_unit(entities.get(attributes["agency"])):
            attributes["agency"] = default_agency  # a unit ("Human Research Program") of the article's agency
        unit = kb.get(attributes.get("agency") or "")
        if unit is not None and unit.attributes.get("kind") == "government unit" and unit.attributes.get("parent"):
            parent = next((r.id for r in kb.by_type("organization") if r.name == unit.attributes["parent"]), None)
            attributes["agency"] = parent or attributes["agency"]  # "Space Task Group" staff work for NASA
        for mention, _ in sorted(person.mentions, key=lambda item: item[0].start):
            attach(entity_id, "person", name, mention, attributes)

    _fold_short_vehicle_names(entities)
    _fold_predecessors(entities)
    result = []
    for entity in entities.values():
        entity.mentions.sort(key=lambda m: (m.start, m.end))
        entity.aliases = list(dict.fromkeys(m.text for m in entity.mentions if m.text != entity.name))
        result.append(entity)
    return sorted(result, key=lambda e: (e.mentions[0].start, e.id))
