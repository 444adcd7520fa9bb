"""Scores pipeline output against hand-made gold annotations (format: tests/data/GOLD_GUIDELINES.md).

Per entity type: precision, recall and F1 over entities, an output entity matching a gold one when its
canonical name (or else one of the forms it says the article writes) equals the gold name or one of the
gold's accepted names (case-insensitive); a gold entity
marked optional counts neither way. Dates: span
precision/recall/F1 (an output date matches the gold occurrence it overlaps) and value accuracy over the
matched ones, counting only the dates the guidelines annotate (`guideline_dates`). Also entry-title recall, references, person agency and role accuracy, footer text leaking into
entries, and offsets that do not point at their text.

Events (where the gold file has an "events" list; absent means not annotated, and the article is skipped):
an output event matches a gold one of the same type whose date agrees at the gold's precision (a gold date of
null agrees with any) and that shares a vehicle with it (a spacecraft, by the output entity the entity score
matched to the gold name, or by canonical name or alias); for a spacewalk, a participant; where the gold names
neither, type and date decide. Each gold event matches at most one output event and the other way round
(a maximum matching). Over the matched pairs: module, participants (the same set of names) and status
accuracy.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.knowledge import knowledge_base
from schemas import Extraction


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.true_positives, "fp": self.false_positives, "fn": self.false_negatives,
                "misses": self.misses, "false_hits": self.false_hits}


@dataclass
class Report:
    stem: str
    types: dict[str, Score]
    dates: Score
    date_value_accuracy: float
    date_values_right: int
    date_value_errors: list[str]
    title_recall: float
    references: Score
    agency_accuracy: float
    agency_checks: int  # gold people with an agency that the output found
    agency_right: int
    role_accuracy: float
    attribute_errors: list[str]
    footer_leaks: list[str]
    misaligned_offsets: int
    events: EventScore | None = None  # None: the gold file has no events annotated

    def as_dict(self) -> dict:
        return {
            "article": self.stem,
            "types": {t: s.as_dict() for t, s in self.types.items()},
            "dates": self.dates.as_dict(),
            "date_value_accuracy": round(self.date_value_accuracy, 4),
            "date_value_errors": self.date_value_errors,
            "entry_title_recall": round(self.title_recall, 4),
            "references": self.references.as_dict(),
            "person_agency_accuracy": round(self.agency_accuracy, 4),
            "person_role_accuracy": round(self.role_accuracy, 4),
            "attribute_errors": self.attribute_errors,
            "footer_leaks": self.footer_leaks,
            "misaligned_offsets": self.misaligned_offsets,
            **({"events": self.events.as_dict()} if self.events is not None else {}),
        }


EVENT_SLOTS = ("module", "participants", "status")


@dataclass
class EventScore:
    events: Score = field(default_factory=Score)
    slot_checks: Counter = field(default_factory=Counter)  # slot -> matched pairs compared
    slot_right: Counter = field(default_factory=Counter)
    slot_errors: list[str] = field(default_factory=list)

    def slot_accuracy(self, slot: str) -> float:
        return self.slot_right[slot] / self.slot_checks[slot] if self.slot_checks[slot] else 1.0

    def as_dict(self) -> dict:
        return {**self.events.as_dict(),
                **{f"{slot}_accuracy": round(self.slot_accuracy(slot), 4) for slot in EVENT_SLOTS},
                "slot_errors": self.slot_errors}

    def add(self, other: EventScore) -> None:
        self.events.true_positives += other.events.true_positives
        self.events.false_positives += other.events.false_positives
        self.events.false_negatives += other.events.false_negatives
        self.slot_checks.update(other.slot_checks)
        self.slot_right.update(other.slot_right)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _score_type(output_entities: list, gold_entities: list[dict]) -> tuple[Score, dict[str, object]]:
    score = Score()
    matched: dict[str, object] = {}
    remaining = list(output_entities)
    # Required entities first, so an optional one ("optional": true, e.g. a person in a contact block) never
    # takes the output entity a required one would have matched.
    # A gold entity matches an output entity by canonical name, or else by one of the forms the output says the
    # article writes it in ("Launch Pad 39B" for the output's "Launch Complex 39B").
    ordered = sorted(gold_entities, key=lambda g: bool(g.get("optional")))
    names_of = {id(g): {_key(g["name"]), *(_key(a) for a in g.get("accept", []))} for g in ordered}
    by_name = {id(g): next((e for e in output_entities if _key(e.name) in names_of[id(g)]), None) for g in ordered}
    for gold in ordered:
        names = names_of[id(gold)]
        hit = by_name[id(gold)] if by_name[id(gold)] in remaining else None
        if hit is None:
            claimed = {id(e) for g, e in by_name.items() if e is not None and g != id(gold)}
            hit = next((e for e in remaining if id(e) not in claimed
                        and names & {_key(a) for a in e.aliases}), None)
        if gold.get("optional"):
            if hit is not None:  # found or not, an optional entity changes no count
                remaining.remove(hit)
            continue
        if hit is None:
            score.false_negatives += 1
            score.misses.append(gold["name"])
        else:
            remaining.remove(hit)
            score.true_positives += 1
            matched[gold["name"]] = hit
    score.false_positives = len(remaining)
    score.false_hits = [e.name for e in remaining]
    return score, matched


def _gold_date_offsets(text: str, dates: list[dict]) -> list[tuple[int, int, dict]]:
    located, cursor = [], 0
    for date in dates:
        at = text.find(date["text"], cursor)
        if at < 0:
            raise ValueError(f"gold date {date['text']!r} not found in order in the article")
        located.append((at, at + len(date["text"]), date))
        cursor = at + len(date["text"])
    return located


# What GOLD_GUIDELINES.md counts as a date: calendar dates, months and years, and weekdays (resolved from a
# publication date). Relative words, decades, centuries, references ("now"), times and durations are not.
COUNTED_KINDS = {"calendar", "weekday"}
_WRITTEN_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class GuidelineDate:
    start: int
    end: int
    text: str
    value: str
    precision: str


def guideline_dates(extraction: Extraction) -> list[GuidelineDate]:
    """The output's dates as the gold guidelines annotate them: the kinds they count, and a season or quarter
    of a written year ("the summer of 1969") as that year, the part the guidelines annotate."""
    found = []
    for d in extraction.dates:
        if d.kind in COUNTED_KINDS:
            found.append(GuidelineDate(d.start, d.end, d.text, d.value, d.precision))
        elif d.kind in {"season", "quarter"} and (year := _WRITTEN_YEAR.search(d.text)):
            found.append(GuidelineDate(d.start + year.start(), d.start + year.end(), year.group(), year.group(),
                                       "year"))
    return found


def score(extraction: Extraction, gold: dict, text: str) -> Report:
    types = sorted(set(gold["entities"]) | {e.type for e in extraction.entities})
    by_type: dict[str, Score] = {}
    matched_by_type: dict[str, dict[str, object]] = {}
    for type_ in types:
        output = [e for e in extraction.entities if e.type == type_]
        by_type[type_], matched_by_type[type_] = _score_type(output, gold["entities"].get(type_, []))
    matched_people = matched_by_type.get("person", {})

    # People's agency and role, where the gold states them.
    # An agency the article only implies ("Russian cosmonaut") is a knowledge id with no entity in the output.
    id_to_name = {r.id: r.name for r in knowledge_base().records.values()}
    id_to_name.update({e.id: e.name for e in extraction.entities})
    agency_checks, role_checks, attribute_errors = [], [], []
    for person in gold["entities"].get("person", []):
        entity = matched_people.get(person["name"])
        if entity is None:
            continue
        if person.get("agency"):
            got = entity.attributes.get("agency")
            got_name = id_to_name.get(got, got)
            ok = got_name is not None and _key(got_name) == _key(person["agency"])
            agency_checks.append(ok)
            if not ok:
                attribute_errors.append(f"{person['name']}: agency {got_name!r}, gold {person['agency']!r}")
        if person.get("role"):
            ok = entity.attributes.get("role") == person["role"]
            role_checks.append(ok)
            if not ok:
                attribute_errors.append(f"{person['name']}: role {entity.attributes.get('role')!r}, "
                                        f"gold {person['role']!r}")

    # Dates: overlap matching, then value accuracy.
    dates = Score()
    value_ok, value_errors = 0, []
    unmatched = guideline_dates(extraction)
    for start, end, gold_date in _gold_date_offsets(text, gold.get("dates", [])):
        hit = next((d for d in unmatched if d.start < end and start < d.end), None)
        if hit is None:
            dates.false_negatives += 1
            dates.misses.append(f"{gold_date['text']}@{start}")
            continue
        unmatched.remove(hit)
        dates.true_positives += 1
        if hit.value == gold_date["value"] and hit.precision == gold_date["precision"]:
            value_ok += 1
        else:
            value_errors.append(f"{gold_date['text']}@{start}: {hit.value}/{hit.precision}, "
                                f"gold {gold_date['value']}/{gold_date['precision']}")
    dates.false_positives = len(unmatched)
    dates.false_hits = [f"{d.text}@{d.start}" for d in unmatched]

    titles = Counter(e.title for e in extraction.entries if e.title)
    gold_titles = Counter(gold.get("entry_titles", []))
    title_recall = sum((titles & gold_titles).values()) / sum(gold_titles.values()) if gold_titles else 1.0

    refs_out = Counter((r.kind, r.title) for e in extraction.entries for r in e.references)
    refs_gold = Counter((r["kind"], r["title"]) for r in gold.get("references", []))
    common = refs_out & refs_gold
    references = Score(sum(common.values()), sum((refs_out - refs_gold).values()),
                       sum((refs_gold - refs_out).values()),
                       [f"{k}: {t}" for k, t in (refs_gold - refs_out)],
                       [f"{k}: {t}" for k, t in (refs_out - refs_gold)])

    entry_text = [f"{e.title or ''}\n{e.caption}" for e in extraction.entries]
    leaks = [s for s in gold.get("footer_snippets", []) if any(s in t for t in entry_text)]

    return Report(
        stem=extraction.document.id,
        types=by_type,
        dates=dates,
        date_value_accuracy=value_ok / dates.true_positives if dates.true_positives else 1.0,
        date_values_right=value_ok,
        date_value_errors=value_errors,
        title_recall=title_recall,
        references=references,
        agency_accuracy=sum(agency_checks) / len(agency_checks) if agency_checks else 1.0,
        agency_checks=len(agency_checks),
        agency_right=sum(agency_checks),
        role_accuracy=sum(role_checks) / len(role_checks) if role_checks else 1.0,
        attribute_errors=attribute_errors,
        footer_leaks=leaks,
        misaligned_offsets=len(extraction.check_offsets(text)),
        events=score_events(extraction, gold, matched_by_type) if "events" in gold else None,
    )


def _date_agrees(gold: str | None, output: str | None) -> bool:
    """At the gold's precision: "2024-03" takes any day of March 2024; "--01-18" (no year in the text) takes
    Jan. 18 of any year; a gold null takes anything."""
    if gold is None:
        return True
    if output is None:
        return False
    if gold.startswith("--"):
        month_day = output[4:] if output[:1].isdigit() else output[1:]
        return len(month_day) >= len(gold) - 1 and month_day[:len(gold) - 1] == gold[1:]
    return len(output) >= len(gold) and output[:len(gold)] == gold


def score_events(extraction: Extraction, gold: dict, matched_entities: dict[str, dict[str, object]]) -> EventScore:
    """Maximum matching of output events to gold events (see the module doc), then slot accuracy."""
    result = EventScore()
    entities = {e.id: e for e in extraction.entities}
    accepted: dict[tuple[str, str], set[str]] = {}  # (entity type, gold name) -> accepted forms
    for type_, golds in gold.get("entities", {}).items():
        for g in golds:
            accepted[(type_, g["name"])] = {_key(g["name"]), *(_key(a) for a in g.get("accept", []))}

    def same(type_: str, gold_name: str, entity_id: str) -> bool:
        hit = matched_entities.get(type_, {}).get(gold_name)
        if hit is not None and getattr(hit, "id", None) == entity_id:
            return True
        entity = entities.get(entity_id)
        if entity is None:
            return False
        forms = accepted.get((type_, gold_name), {_key(gold_name)})
        return bool(forms & {_key(entity.name), *(_key(a) for a in entity.aliases)})

    def shared(type_: str, gold_names: list[str], entity_ids: list[str]) -> bool:
        return any(same(type_, g, e) for g in gold_names for e in entity_ids)

    def same_set(type_: str, gold_names: list[str], entity_ids: list[str]) -> bool:
        return all(any(same(type_, g, e) for e in entity_ids) for g in gold_names) and \
            all(any(same(type_, g, e) for g in gold_names) for e in entity_ids)

    def value(event) -> str | None:
        return extraction.dates[event.date_index].value if event.date_index is not None else None

    def matches(g: dict, event) -> bool:
        if event.type != g["type"] or not _date_agrees(g.get("date"), value(event)):
            return False
        if g["type"] == "spacewalk" and g.get("participants"):
            return shared("person", g["participants"], list(event.participants))
        if g.get("spacecraft"):
            return shared("spacecraft", g["spacecraft"], list(event.spacecraft))
        return True

    gold_events = gold.get("events", [])
    candidates = [[j for j, e in enumerate(extraction.events) if matches(g, e)] for g in gold_events]
    owner: dict[int, int] = {}  # output event -> gold event

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold_events)):
        augment(i, set())
    pairs = {i: j for j, i in owner.items()}
    for i, g in enumerate(gold_events):
        label = f"{g['type']} {g.get('date')} {'/'.join(g.get('spacecraft') or g.get('participants') or [])}"
        if i not in pairs:
            result.events.false_negatives += 1
            result.events.misses.append(label)
            continue
        result.events.true_positives += 1
        event = extraction.events[pairs[i]]
        checks = {"module": same_set("module", g.get("module", []), list(event.module)),
                  "participants": same_set("person", g.get("participants", []), list(event.participants)),
                  "status": g["status"] == event.status}
        for slot, ok in checks.items():
            result.slot_checks[slot] += 1
            result.slot_right[slot] += ok
            if not ok:
                got = {"module": [entities[e].name for e in event.module],
                       "participants": [entities[e].name for e in event.participants],
                       "status": event.status}[slot]
                result.slot_errors.append(f"{label}: {slot} {got}, gold {g.get(slot)}")
    for j, event in enumerate(extraction.events):
        if j not in owner:
            result.events.false_positives += 1
            result.events.false_hits.append(
                f"{event.type} {value(event)} {'/'.join(entities[e].name for e in event.spacecraft)}"
                f" @{event.start}")
    return result


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def article_text(gold: dict, root: Path) -> str:
    return (root / gold["article"]).read_text(encoding="utf-8")


def match_paths(output: Path, gold: Path) -> tuple[dict[str, tuple[Path, Path]], list[str]]:
    """({stem: (output file, gold file)}, stems of gold files with no output): matched by file stem. A gold
    file is missing its output only when OUTPUT is a folder (a single output file is scored alone).
    A missing path, or no match at all, is an InputError."""
    from pipeline.load import InputError

    for path in (output, gold):
        if not path.exists():
            raise InputError(path, "no such file or folder")
    outputs = {p.stem: p for p in (sorted(output.glob("*.json")) if output.is_dir() else [output])}
    golds = {p.stem: p for p in (sorted(gold.glob("*.json")) if gold.is_dir() else [gold])}
    if not golds:
        raise InputError(gold, "holds no gold .json files; give a gold file or a folder of them")
    pairs = {stem: (outputs[stem], golds[stem]) for stem in sorted(outputs.keys() & golds.keys())}
    if not pairs:
        raise InputError(output, f"no output matches a gold file in {gold} by file stem (gold: "
                                 f"{', '.join(sorted(golds)[:3])}{' ...' if len(golds) > 3 else ''}); "
                                 "give the folder extract wrote for those articles")
    missing = sorted(golds.keys() - outputs.keys()) if output.is_dir() else []
    return pairs, missing


def evaluate_paths(output: Path, gold: Path, root: Path | None = None) -> list[Report]:
    """Score every output file that has a gold file of the same stem; a gold file without an output (in an
    OUTPUT folder) is scored as an empty extraction, every gold entity and date a miss."""
    from pipeline.load import InputError
    from pipeline.write import read_output

    pairs, missing = match_paths(output, gold)
    gold_dir = gold if gold.is_dir() else gold.parent
    reports = []
    for stem in sorted([*pairs, *missing]):
        gold_file = pairs[stem][1] if stem in pairs else gold_dir / f"{stem}.json"
        try:
            gold_data = load_gold(gold_file)
            text = article_text(gold_data, root or _repo_root(gold_file))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InputError(gold_file, f"not a usable gold file ({type(error).__name__}: {error})") from None
        extraction = read_output(pairs[stem][0]) if stem in pairs else _nothing_found(stem)
        try:
            reports.append(score(extraction, gold_data, text))
        except (KeyError, ValueError) as error:
            raise InputError(gold_file, f"not a usable gold file ({type(error).__name__}: {error})") from None
    return reports


def _nothing_found(stem: str) -> Extraction:
    from schemas.models import Document

    document = Document(id=stem, source=f"{stem}.txt", sha256="0" * 64, title=None, author=None,
                        reference_date=None, pipeline_version="none")
    return Extraction(document=document, entries=[], entities=[], dates=[], events=[])


def _repo_root(gold_file: Path) -> Path:
    for parent in gold_file.resolve().parents:
        if (parent / "pyproject.toml").exists():
            return parent
    return Path.cwd()


def overall(reports: list[Report]) -> dict[str, Score]:
    totals: dict[str, Score] = {}
    for report in reports:
        for type_, s in [*report.types.items(), ("dates", report.dates)]:
            total = totals.setdefault(type_, Score())
            total.true_positives += s.true_positives
            total.false_positives += s.false_positives
            total.false_negatives += s.false_negatives
    return totals


def pooled_events(reports: list[Report]) -> EventScore | None:
    """Events pooled over the articles whose gold annotates them; None when none does."""
    scored = [r.events for r in reports if r.events is not None]
    if not scored:
        return None
    total = EventScore()
    for events in scored:
        total.add(events)
    return total


def pooled_agency_accuracy(reports: list[Report]) -> float:
    checks = sum(r.agency_checks for r in reports)
    right = sum(r.agency_right for r in reports)
    return right / checks if checks else 1.0


def pooled_date_value_accuracy(reports: list[Report]) -> float:
    matched = sum(r.dates.true_positives for r in reports)
    right = sum(r.date_values_right for r in reports)
    return right / matched if matched else 1.0


def _event_line(events: EventScore) -> str:
    s = events.events
    return (f"{'events':<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}   tp {s.true_positives} "
            f"fp {s.false_positives} fn {s.false_negatives}; module {events.slot_accuracy('module'):.3f} "
            f"participants {events.slot_accuracy('participants'):.3f} status {events.slot_accuracy('status'):.3f}")


def format_report(reports: list[Report]) -> str:
    lines = []
    for report in reports:
        lines.append(f"== {report.stem}")
        lines.append(f"{'type':<16}{'P':>7}{'R':>7}{'F1':>7}   misses / false hits")
        for type_, s in [*report.types.items(), ("dates", report.dates)]:
            extra = "; ".join([*(f"-{m}" for m in s.misses), *(f"+{h}" for h in s.false_hits)])
            lines.append(f"{type_:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}   {extra}")
        lines.append(f"date values {report.date_value_accuracy:.3f}  titles {report.title_recall:.3f}  "
                     f"references F1 {report.references.f1:.3f}  agency {report.agency_accuracy:.3f}  "
                     f"role {report.role_accuracy:.3f}  footer leaks {len(report.footer_leaks)}  "
                     f"misaligned {report.misaligned_offsets}")
        if report.events is not None:
            lines.append(_event_line(report.events))
            extra = "; ".join([*(f"-{m}" for m in report.events.events.misses),
                               *(f"+{h}" for h in report.events.events.false_hits)])
            if extra:
                lines.append(f"  events: {extra}")
        for error in report.date_value_errors + report.attribute_errors + (
                report.events.slot_errors if report.events is not None else []):
            lines.append(f"  ! {error}")
    if len(reports) > 1:
        lines.append(f"== overall ({len(reports)} articles)")
        for type_, s in sorted(overall(reports).items()):
            lines.append(f"{type_:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                         f"   tp {s.true_positives} fp {s.false_positives} fn {s.false_negatives}")
        lines.append(f"person agency {pooled_agency_accuracy(reports):.3f}  "
                     f"date values {pooled_date_value_accuracy(reports):.3f}")
        events = pooled_events(reports)
        if events is not None:
            annotated = sum(r.events is not None for r in reports)
            lines.append(f"{_event_line(events)}   ({annotated} articles with gold events)")
    return "\n".join(lines)
