"""Scores pipeline output against hand-made gold annotations (format: tests/data/GOLD_GUIDELINES.md).

Per entity type: precision, recall and F1 over entities, an output entity matching a gold one when its
canonical name (or else one of the forms it says the article writes) equals the gold name or one of the
gold's accepted names (case-insensitive); a gold entity
marked optional counts neither way. Dates: span
precision/recall/F1 (an output date matches the gold occurrence it overlaps) and value accuracy over the
matched ones, counting only the dates the guidelines annotate (`guideline_dates`). Also entry-title recall, references, person agency and role accuracy, footer text leaking into
entries, and offsets that do not point at their text.
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
        }


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
    matched_people: dict[str, object] = {}
    for type_ in types:
        output = [e for e in extraction.entities if e.type == type_]
        by_type[type_], matched = _score_type(output, gold["entities"].get(type_, []))
        if type_ == "person":
            matched_people = matched

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
    )


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
    return Extraction(document=document, entries=[], entities=[], dates=[])


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


def pooled_agency_accuracy(reports: list[Report]) -> float:
    checks = sum(r.agency_checks for r in reports)
    right = sum(r.agency_right for r in reports)
    return right / checks if checks else 1.0


def pooled_date_value_accuracy(reports: list[Report]) -> float:
    matched = sum(r.dates.true_positives for r in reports)
    right = sum(r.date_values_right for r in reports)
    return right / matched if matched else 1.0


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
        for error in report.date_value_errors + report.attribute_errors:
            lines.append(f"  ! {error}")
    if len(reports) > 1:
        lines.append(f"== overall ({len(reports)} articles)")
        for type_, s in sorted(overall(reports).items()):
            lines.append(f"{type_:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                         f"   tp {s.true_positives} fp {s.false_positives} fn {s.false_negatives}")
        lines.append(f"person agency {pooled_agency_accuracy(reports):.3f}  "
                     f"date values {pooled_date_value_accuracy(reports):.3f}")
    return "\n".join(lines)
