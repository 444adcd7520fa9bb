"""Scores the date stage on TimeML documents (TempEval-3) by the TempEval-3 rules.

Each document's TEXT is taken with its tags stripped (offsets kept), its creation time (DCT) is the
publication date, and the whole pipeline runs on the text. What the pipeline finds becomes TIMEX3-like
expressions (`system_timexes`): dates are DATE (TIME when they carry a time of day), durations DURATION,
recurrences SET. The measures are those of the TempEval-3 scorer (UzZaman et al., 2013,
`evaluate_entities.py`): strict span match (same extent) and relaxed match (overlap), precision over the
expressions found and recall over the gold ones; value accuracy over the relaxed-matched gold expressions, and
value F1 = value accuracy x relaxed F1, as that scorer computes its attribute F1. The same measures are given
per TIMEX3 type (recall by the gold type, precision by the type the pipeline gave), and per part of the corpus
(the first folder under DIR, e.g. TimeBank and AQUAINT).

TimeML is parsed with the standard library's `xml.etree.ElementTree` (expat, which refuses external entities).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.load import Article
from schemas import Extraction

TYPES = ("DATE", "TIME", "DURATION", "SET")
# The TEXT element is a story's body: a title line is put before it so that no line of it is taken as the
# article's title (which the pipeline does not extract from). Offsets are shifted back after the run.
TITLE_LINE = "TimeML document\n\n"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    kind: str = ""  # for the pipeline's: what it found (calendar, relative, duration ...), to group false hits


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    part: str  # the folder under the evaluated one ("TimeBank", "AQUAINT"), or "" for a file at its top
    text: str
    creation_time: str | None  # YYYY-MM-DD
    timexes: list[Timex]


def read_timeml(path: Path, part: str = "") -> TimeMLDocument:
    """The TEXT of a TimeML file with its tags stripped, its gold TIMEX3 (with offsets into that text) and its
    creation time."""
    root = ElementTree.parse(path).getroot()
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no TEXT element")
    pieces: list[str] = []
    timexes: list[Timex] = []
    length = 0

    def walk(element: ElementTree.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3" and element is not body:  # its text is cut once the whole text is joined
            timexes.append(Timex(start, length, "", element.get("type", ""), element.get("value", "")))

    walk(body)
    text = "".join(pieces)
    timexes = [Timex(t.start, t.end, text[t.start:t.end], t.type, t.value) for t in timexes if t.end > t.start]
    return TimeMLDocument(path.stem, part, text, _creation_time(root), sorted(timexes, key=lambda t: t.start))


def _creation_time(root: ElementTree.Element) -> str | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            return value[:10] if len(value) >= 10 and value[4] == "-" else None
    return None


def find_documents(folder: Path) -> list[tuple[Path, str]]:
    """(file, part) for every .tml file under FOLDER, in a stable order; the part is its first folder."""
    if folder.is_file():
        return [(folder, "")]
    found = []
    for path in sorted(folder.rglob("*.tml")):
        relative = path.relative_to(folder).parts
        found.append((path, relative[0] if len(relative) > 1 else ""))
    return found


# -- the pipeline's expressions -------------------------------------------------------------------------------

def _timeml_date_value(value: str) -> str:
    """A date value as TimeML writes it: a year the text does not give is "XXXX"."""
    return "XXXX" + value[1:] if value.startswith("--") else value


def system_timexes(extraction: Extraction, shift: int = 0) -> list[Timex]:
    """The pipeline's dates, times, durations and recurrences as TIMEX3-like expressions (offsets minus
    SHIFT). A date with a time of day next to it is one TIME expression over both, as TimeML writes
    "Friday morning"; a time far from its date is a TIME of its own."""
    found: list[Timex] = []
    for date in extraction.dates:
        kind = date.kind
        value = _timeml_date_value(date.value)
        start, end, type_ = date.start, date.end, "DATE"
        time = date.time
        if time is not None:
            local = time.value[:5] if time.value[:1].isdigit() else time.value  # TimeML writes no zone
            combined = f"{value}T{local}"
            if time.start <= date.end + 4 and date.start <= time.end + 4:  # written together
                start, end, type_, value = min(start, time.start), max(end, time.end), "TIME", combined
            else:
                found.append(Timex(time.start - shift, time.end - shift, time.text, "TIME", combined, "time"))
        found.append(Timex(start - shift, end - shift, "", type_, value, kind))
    for duration in extraction.durations:
        type_ = "SET" if duration.kind == "recurrence" else "DURATION"
        found.append(Timex(duration.start - shift, duration.end - shift, duration.text, type_, duration.value,
                           duration.kind))
    return sorted(found, key=lambda t: (t.start, t.end))


# -- scoring --------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict_gold: int = 0  # gold expressions with a system one of exactly their extent
    strict_system: int = 0
    relaxed_gold: int = 0  # gold expressions overlapped by a system one
    relaxed_system: int = 0
    value_right: int = 0  # relaxed-matched gold expressions whose value the system got

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def measures(self) -> dict[str, float | int]:
        strict_p = self.strict_system / self.system if self.system else 0.0
        strict_r = self.strict_gold / self.gold if self.gold else 0.0
        relaxed_p = self.relaxed_system / self.system if self.system else 0.0
        relaxed_r = self.relaxed_gold / self.gold if self.gold else 0.0
        relaxed_f1 = self._f1(relaxed_p, relaxed_r)
        accuracy = self.value_right / self.relaxed_gold if self.relaxed_gold else 0.0
        return {
            "gold": self.gold, "system": self.system,
            "strict_precision": round(strict_p, 4), "strict_recall": round(strict_r, 4),
            "strict_f1": round(self._f1(strict_p, strict_r), 4),
            "relaxed_precision": round(relaxed_p, 4), "relaxed_recall": round(relaxed_r, 4),
            "relaxed_f1": round(relaxed_f1, 4),
            "value_accuracy": round(accuracy, 4), "value_f1": round(accuracy * relaxed_f1, 4),
        }


@dataclass
class DocumentScore:
    name: str
    part: str
    by_type: dict[str, Tally]
    misses: list[Timex] = field(default_factory=list)
    false_hits: list[Timex] = field(default_factory=list)
    wrong_values: list[tuple[Timex, Timex]] = field(default_factory=list)  # (gold, system)
    failure: str | None = None  # the pipeline's exception on this document, which then counts as finding nothing


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def score_document(document: TimeMLDocument, found: list[Timex]) -> DocumentScore:
    """Pairs each gold expression with the overlapping system expression that shares most of its extent (each
    system expression used once), then counts as the TempEval-3 scorer does."""
    tallies = {t: Tally() for t in TYPES}
    gold = document.timexes
    pairs: dict[int, int] = {}  # gold index -> system index
    candidates = sorted(((_overlap(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(found)
                         if _overlap(g, s) > 0), key=lambda c: (-c[0], c[1], c[2]))
    used: set[int] = set()
    for _, gi, si in candidates:
        if gi not in pairs and si not in used:
            pairs[gi] = si
            used.add(si)
    result = DocumentScore(document.name, document.part, tallies)
    for gi, g in enumerate(gold):
        tally = tallies.setdefault(g.type, Tally())
        tally.gold += 1
        if gi not in pairs:
            result.misses.append(g)
            continue
        s = found[pairs[gi]]
        tally.relaxed_gold += 1
        tally.strict_gold += (s.start, s.end) == (g.start, g.end)
        if s.value == g.value:
            tally.value_right += 1
        else:
            result.wrong_values.append((g, s))
    for s in found:
        tally = tallies.setdefault(s.type, Tally())
        tally.system += 1
        # A system expression overlapping any gold one counts for precision, as in the TempEval-3 scorer.
        overlapping = [g for g in gold if _overlap(g, s) > 0]
        if overlapping:
            tally.relaxed_system += 1
            tally.strict_system += any((g.start, g.end) == (s.start, s.end) for g in overlapping)
        else:
            result.false_hits.append(s)
    return result


def run_pipeline(documents: list[TimeMLDocument]) -> list[list[Timex] | Exception]:
    """The pipeline's expressions for each document, its creation time as the publication date (or the
    exception the pipeline raised on it)."""
    from pipeline.run import extract_articles

    articles = []
    for document in documents:
        text = TITLE_LINE + document.text
        data = text.encode("utf-8")
        articles.append(Article(path=Path(f"{document.name}.txt"), text=text,
                                sha256=hashlib.sha256(data).hexdigest(), published=document.creation_time))
    results: list[list[Timex] | Exception] = []
    for document, (article, outcome) in zip(documents, extract_articles(articles)):
        if isinstance(outcome, Exception):  # a bug to fix; the document is scored as finding nothing
            results.append(outcome)
            continue
        found = system_timexes(outcome, shift=len(TITLE_LINE))
        results.append([Timex(t.start, t.end, document.text[t.start:t.end], t.type, t.value, t.kind)
                        for t in found if t.start >= 0])
    return results


@dataclass
class Evaluation:
    documents: list[DocumentScore]

    def tally(self, part: str | None = None) -> dict[str, Tally]:
        """Per type and "ALL", pooled over the documents (of one part, when given)."""
        pooled = {t: Tally() for t in TYPES}
        for document in self.documents:
            if part is not None and document.part != part:
                continue
            for type_, tally in document.by_type.items():
                pooled.setdefault(type_, Tally()).add(tally)
        pooled["ALL"] = Tally()
        for type_ in list(pooled):
            if type_ != "ALL":
                pooled["ALL"].add(pooled[type_])
        return pooled

    def parts(self) -> list[str]:
        return sorted({d.part for d in self.documents if d.part})

    def grouped_errors(self, top: int = 15) -> dict[str, dict[str, list[tuple[str, int]]]]:
        """Misses by gold type, false hits by what the pipeline took them for, wrong values by gold type:
        the most frequent texts (lower-cased) of each, with their counts."""
        misses: dict[str, Counter] = {}
        false_hits: dict[str, Counter] = {}
        wrong: dict[str, Counter] = {}
        for document in self.documents:
            for g in document.misses:
                misses.setdefault(g.type, Counter())[g.text.lower()] += 1
            for s in document.false_hits:
                false_hits.setdefault(s.kind or s.type, Counter())[s.text.lower()] += 1
            for g, s in document.wrong_values:
                wrong.setdefault(g.type, Counter())[f"{g.text.lower()}: {s.value}, gold {g.value}"] += 1

        def top_of(groups: dict[str, Counter]) -> dict[str, list[tuple[str, int]]]:
            return {k: [("(all)", sum(c.values())), *c.most_common(top)] for k, c in sorted(groups.items())}

        return {"misses": top_of(misses), "false_hits": top_of(false_hits), "wrong_values": top_of(wrong)}

    def as_dict(self, top: int = 15) -> dict:
        result = {"documents": len(self.documents),
                  "overall": {t: s.measures() for t, s in self.tally().items()}}
        for part in self.parts():
            result[part] = {"documents": sum(d.part == part for d in self.documents),
                            **{t: s.measures() for t, s in self.tally(part).items()}}
        result["errors"] = self.grouped_errors(top)
        result["failed_documents"] = {d.name: d.failure for d in self.documents if d.failure}
        return result


def evaluate_folder(folder: Path, limit: int | None = None) -> Evaluation:
    paths = find_documents(folder)
    if limit is not None:
        paths = paths[:limit]
    documents = [read_timeml(path, part) for path, part in paths]
    scores = []
    for document, found in zip(documents, run_pipeline(documents)):
        failed = isinstance(found, Exception)
        scored = score_document(document, [] if failed else found)
        scored.failure = f"{type(found).__name__}: {found}" if failed else None
        scores.append(scored)
    return Evaluation(scores)


def format_evaluation(evaluation: Evaluation, top: int = 15) -> str:
    lines = []
    header = (f"{'':<10}{'gold':>6}{'found':>7}  {'strict P':>8}{'R':>7}{'F1':>7}  {'relaxed P':>9}{'R':>7}"
              f"{'F1':>7}  {'value acc':>9}{'F1':>7}")

    def table(title: str, tallies: dict[str, Tally]) -> None:
        lines.append(title)
        lines.append(header)
        for type_ in [*TYPES, "ALL"]:
            m = tallies[type_].measures()
            lines.append(f"{type_:<10}{m['gold']:>6}{m['system']:>7}  {m['strict_precision']:>8.3f}"
                         f"{m['strict_recall']:>7.3f}{m['strict_f1']:>7.3f}  {m['relaxed_precision']:>9.3f}"
                         f"{m['relaxed_recall']:>7.3f}{m['relaxed_f1']:>7.3f}  {m['value_accuracy']:>9.3f}"
                         f"{m['value_f1']:>7.3f}")

    table(f"== all ({len(evaluation.documents)} documents)", evaluation.tally())
    for part in evaluation.parts():
        count = sum(d.part == part for d in evaluation.documents)
        table(f"== {part} ({count} documents)", evaluation.tally(part))
    for group, kinds in evaluation.grouped_errors(top).items():
        lines.append(f"== {group.replace('_', ' ')}")
        for kind, texts in kinds.items():
            shown = "; ".join(f"{text} x{count}" for text, count in texts[1:])
            lines.append(f"{kind} ({texts[0][1]}): {shown}")
    failed = [d for d in evaluation.documents if d.failure]
    if failed:
        lines.append(f"== the pipeline failed on {len(failed)} documents (scored as finding nothing)")
        lines.extend(f"{d.name}: {d.failure}" for d in failed)
    return "\n".join(lines)
