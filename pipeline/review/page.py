"""The review page: one self-contained HTML file for a whole run.

The document list is plain HTML, so it shows as soon as the file is read. Each document's data (its article
text, entries, entities, dates) sits in its own `<script type="application/json">` block, parsed and rendered
only when the document is opened: a run of a thousand documents loads as fast as its list.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Any

from pipeline.review.read import Reviewed

# One light colour per type, all with dark text (#111) well above WCAG's 4.5:1, and at least 20 apart in CIE
# Lab (tests/test_review.py checks both).
COLORS = {
    "person": "#ffd54f", "organization": "#90caf9", "spacecraft": "#ffab66", "module": "#aed581",
    "station": "#ce93d8", "launch_vehicle": "#ff8a80", "mission": "#80deea", "experiment": "#f8bbd0",
    "location": "#c5b89a", "date": "#e0e0e0", "duration": "#fff59d",
}
TEXT_COLOR = "#111111"
OTHER_COLOR = "#d7ccc8"  # a type this version does not know (from a newer pipeline)
ENTITY_TYPES = [t for t in COLORS if t not in ("date", "duration")]

# Why a stretch of the article is in no entry: the segmenter's reasons, shown on the struck-through text.
EXCLUDED_KINDS = {
    "footer": "footer (not extracted)",
    "credit": "photo credit line (not extracted)",
    "counter": "image counter (not extracted)",
    "byline": "byline (read for the author only)",
    "dateline": "dateline (not extracted)",
    "dropped": "not in any entry (not extracted)",
}
_CREDIT_WORD = re.compile(r"\bcredits?\b", re.IGNORECASE)
_WORD = re.compile(r"\w")


def _resource(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


# -- what the page shows of a document ------------------------------------------------------------------------

def checks(output: dict[str, Any]) -> dict[str, list]:
    """What an analyst should look at: unresolved dates and people with no agency (a warning each), and
    entities of other types that carry no attributes at all (listed, no warning: many things have none)."""
    entities = output["entities"]
    return {
        "unresolved": [i for i, d in enumerate(output["dates"]) if not d.get("resolved", True)],
        "no_agency": [e["id"] for e in entities if e["type"] == "person" and not e["attributes"].get("agency")],
        "bare": [e["id"] for e in entities if e["type"] != "person" and not e["attributes"]],
    }


def _line_start(text: str, offset: int) -> int:
    start = text.rfind("\n", 0, offset) + 1
    while start < offset and text[start] in " \t\r":
        start += 1
    return start


def regions(text: str, output: dict[str, Any]) -> list[list]:
    """[start, end, kind] covering every line of the article: the parts the output kept ("doc-title",
    "heading", "caption", "reference") and, for the rest, why it was left out (EXCLUDED_KINDS)."""
    from pipeline.segment import segment, split_lines

    kept: list[tuple[int, int, str]] = []
    lines = split_lines(text)
    title = output["document"].get("title")
    if lines and title and lines[0].text == title:
        kept.append((lines[0].start, lines[0].end, "doc-title"))
    for entry in output["entries"]:
        if entry.get("title"):
            kept.append((entry["start"], entry["start"] + len(entry["title"]), "heading"))
        if entry["caption"]:
            kept.append((entry["caption_start"], entry["caption_start"] + len(entry["caption"]), "caption"))
        for ref in entry.get("references", []):
            kept.append((_line_start(text, ref["start"]), ref["end"], "reference"))
    kept.sort()

    segmented = segment(text)
    skipped = {(line.start, line.end): line.text for line in segmented.skipped}
    first_entry = min((s for s, _, k in kept if k != "doc-title"), default=len(text))

    def why(start: int, line_start: int, line_end: int) -> str:
        if segmented.footer is not None and start >= segmented.footer.start:
            return "footer"
        if (line_start, line_end) in skipped:
            return "credit" if _CREDIT_WORD.search(skipped[(line_start, line_end)]) else "counter"
        if segmented.dateline is not None and segmented.dateline.start <= start < segmented.dateline.end:
            return "dateline"
        return "byline" if start < first_entry else "dropped"

    excluded = []
    k = 0
    for line in lines:
        cursor = line.start
        while k < len(kept) and kept[k][1] <= line.start:
            k += 1
        j = k
        pieces = []
        while j < len(kept) and kept[j][0] < line.end:
            pieces.append((cursor, kept[j][0]))
            cursor = max(cursor, kept[j][1])
            j += 1
        pieces.append((cursor, line.end))
        for start, end in pieces:
            piece = text[start:end]
            if _WORD.search(piece):  # not the ": " joining an inline heading to its caption
                start += len(piece) - len(piece.lstrip())
                end -= len(piece) - len(piece.rstrip())
                excluded.append((start, end, why(start, line.start, line.end)))
    return [list(r) for r in sorted(kept + excluded)]


def _strings(value: Any) -> list[str]:
    """A slot of a newer output's event as a list of strings (it may be a string, a list or null)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v.get("name") or v.get("id") or v.get("text")) if isinstance(v, dict) else str(v)
            for v in items if v not in (None, "")]


def _offsets(item: dict[str, Any], text: str, quote: str | None) -> tuple[int, int] | None:
    for start_key, end_key in (("start", "end"), ("evidence_start", "evidence_end")):
        start, end = item.get(start_key), item.get(end_key)
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            return start, end
    if quote:
        found = text.find(quote)
        if found >= 0:
            return found, found + len(quote)
    return None


def _date_extras(date: dict[str, Any]) -> dict[str, Any]:
    """Time of day and a range's ends, where a newer output carries them: `time` (a string or {"text" ...}),
    and `range`/`interval` ({"start", "end"} or a pair), `start_value`/`end_value`, or a value "A/B"."""
    extras: dict[str, Any] = {}
    time = date.get("time")
    if isinstance(time, dict):
        time = time.get("text") or time.get("value")
    if time:
        extras["time"] = str(time)
    span = date.get("range") or date.get("interval")
    ends = None
    if isinstance(span, dict):
        ends = (span.get("start"), span.get("end"))
    elif isinstance(span, list | tuple) and len(span) == 2:
        ends = tuple(span)
    elif date.get("start_value") or date.get("end_value"):
        ends = (date.get("start_value") or date.get("value"), date.get("end_value"))
    elif "/" in str(date.get("value", "")):
        ends = tuple(str(date["value"]).split("/", 1))
    if ends and any(ends):
        extras["range"] = [str(e) if e else "" for e in ends]
    return extras


def _events(output: dict[str, Any], text: str) -> list[dict[str, Any]]:
    events = []
    for event in output.get("events") or []:
        if not isinstance(event, dict):
            continue
        evidence = event.get("evidence")
        quote = evidence.get("text") if isinstance(evidence, dict) else evidence
        where = _offsets(evidence if isinstance(evidence, dict) else {}, text, None) or _offsets(event, text, quote)
        date = event.get("date")
        if isinstance(date, dict):
            date = date.get("value") or date.get("text")
        index = event.get("date_index")
        if date is None and isinstance(index, int) and 0 <= index < len(output.get("dates") or []):
            date = output["dates"][index].get("value")  # the output's own form: an index into its dates
        vehicles = _strings(event.get("spacecraft")) + _strings(event.get("vehicle")) + _strings(
            event.get("vehicles")) + _strings(event.get("launch_vehicle"))
        # As a list in this order (the script names the fields): a run's page holds thousands of events.
        events.append([
            str(event.get("type") or "event"), event.get("status"), date,
            _strings(event.get("time"))[0] if event.get("time") else None,
            vehicles, _strings(event.get("mission")), _strings(event.get("module")),
            _strings(event.get("participants")), _strings(event.get("location")),
            event.get("duration") if isinstance(event.get("duration"), str) else None,
            # The quote is the article's own text where its offsets are known: the page slices it from there.
            None if where else (quote if isinstance(quote, str) else None),
            list(where) if where else None,
        ])
    return events


def _durations(output: dict[str, Any], text: str) -> list[dict[str, Any]]:
    durations = []
    for item in output.get("durations") or []:
        if not isinstance(item, dict):
            continue
        where = _offsets(item, text, item.get("text"))
        durations.append({"text": item.get("text") or (text[where[0]:where[1]] if where else ""),
                          "value": str(item.get("value") or ""), "entry": item.get("entry"),
                          "span": list(where) if where else None})
    return durations


def _agency_names(output: dict[str, Any]) -> dict[str, str]:
    """Names of organizations an attribute points to that the document itself never names (from the
    knowledge files), so the details can still say who `organization:roscosmos` is."""
    present = {e["id"] for e in output["entities"]}
    wanted = {v for e in output["entities"] for v in e["attributes"].values()
              if isinstance(v, str) and v.startswith("organization:") and v not in present}
    if not wanted:
        return {}
    from pipeline.knowledge import knowledge_base

    base = knowledge_base()
    return {id_: record.name for id_ in sorted(wanted) if (record := base.get(id_)) is not None}


def _mention_offsets(mentions: list[dict[str, Any]]) -> list[int]:
    """[gap, length, gap, length ...]: each mention's start as the distance from the previous one's, which
    keeps the numbers short."""
    flat, previous = [], 0
    for mention in sorted(mentions, key=lambda m: m["start"]):
        flat += [mention["start"] - previous, mention["end"] - mention["start"]]
        previous = mention["start"]
    return flat


class SharedAttributes:
    """Attribute sets shared across the run: a knowledge entity carries the same facts in every document that
    names it, so the page holds each set once and documents refer to it by number."""

    def __init__(self) -> None:
        self.sets: list[dict[str, Any]] = []
        self._numbers: dict[str, int] = {}

    def number(self, attributes: dict[str, Any]) -> int:
        key = json.dumps(attributes, sort_keys=True, ensure_ascii=False)
        if key not in self._numbers:
            self._numbers[key] = len(self.sets)
            self.sets.append(attributes)
        return self._numbers[key]


def document_data(doc: Reviewed, shared: SharedAttributes) -> dict[str, Any]:
    """What the page's script needs to render one document, compact: texts of mentions and dates are the
    article's and their entries follow from their offsets; mentions as gaps and lengths, dates as
    [start, length, value, precision, resolved (, newer fields)], attribute sets by number."""
    output, text = doc.output, doc.text
    return {
        "document": output["document"],
        "where": doc.where,
        "text": text,
        "regions": regions(text, output),
        "entries": [[e.get("title"), e["start"]] for e in output["entries"]],
        "entities": [
            {"id": e["id"], "type": e["type"], "name": e["name"], "aliases": e.get("aliases", []),
             "attributes": shared.number(e["attributes"]),
             "mentions": _mention_offsets(e["mentions"])}
            for e in output["entities"]],
        "dates": [[d["start"], d["end"] - d["start"], d["value"], d["precision"], int(d.get("resolved", True))]
                  + ([extras] if (extras := _date_extras(d)) else []) for d in output["dates"]],
        "durations": _durations(output, text),
        "events": _events(output, text),
        "checks": checks(output),
        "known": _agency_names(output),
    }


def _script_json(data: Any) -> str:
    """JSON that cannot end its <script> block: `<`, `>` and `&` as escapes (the article is untrusted)."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- the page -----------------------------------------------------------------------------------------------

def _type_label(type_: str) -> str:
    return type_.replace("_", " ")


def _style() -> str:
    types = "".join(f".t-{t}{{background:{c}}}" for t, c in COLORS.items())
    return _resource("review.css").replace("/* TYPE COLOURS */", types).replace("TEXT_COLOR", TEXT_COLOR)


def _check_line(found: dict[str, list]) -> tuple[str, str]:
    """(warning text, note text) for the document list."""
    warn = []
    if found["unresolved"]:
        n = len(found["unresolved"])
        warn.append(f"{n} unresolved date{'s' if n > 1 else ''}")
    if found["no_agency"]:
        n = len(found["no_agency"])
        warn.append(f"{n} {'person' if n == 1 else 'people'} without agency")
    note = f"{len(found['bare'])} without attributes" if found["bare"] else ""
    return " · ".join(warn), note


def _row(index: int, doc: Reviewed) -> tuple[str, bool]:
    output = doc.output
    document = output["document"]
    counts: dict[str, int] = {}
    for entity in output["entities"]:
        counts[entity["type"]] = counts.get(entity["type"], 0) + 1
    order = ENTITY_TYPES + sorted(t for t in counts if t not in ENTITY_TYPES)
    chips = "".join(
        f'<span class="chip t-{html.escape(t) if t in COLORS else "other"}" title="{html.escape(_type_label(t))}">'
        f'{counts[t]} {html.escape(_type_label(t))}</span>' for t in order if t in counts)
    warn, note = _check_line(checks(output))
    mark = (f'<span class="warn-mark" role="img" aria-label="warning" title="{html.escape(warn)}">⚠</span> '
            f'{html.escape(warn)}' if warn else "")
    title = document.get("title") or document["id"]
    row = (f'<tr data-doc="{index}"{" class=warn" if warn else ""}><td class="n">{index + 1}</td>'
           f'<td class="doc"><a href="#doc={index}" class="doc-link">{html.escape(title)}</a>'
           f'<div class="src">{html.escape(document["source"])} · {len(output["entries"])} entries · '
           f'{len(output["dates"])} dates</div></td>'
           f'<td class="chips">{chips}</td>'
           f'<td class="checks">{mark}{"<br>" if warn and note else ""}'
           f'{f"<span class=note>{html.escape(note)}</span>" if note else ""}</td></tr>')
    return row, bool(warn)


def render(docs: list[Reviewed], name: str) -> str:
    """The page for `docs`; `name` (the run's file or folder) heads it."""
    rows, warned = [], 0
    for i, doc in enumerate(docs):
        row, warn = _row(i, doc)
        rows.append(row)
        warned += warn
    shared = SharedAttributes()
    blocks = "\n".join(f'<script type="application/json" id="doc-{i}">{_script_json(document_data(d, shared))}'
                       "</script>" for i, d in enumerate(docs))
    if len(docs) == 1:
        first = docs[0].output["document"]
        title = first.get("title") or first["id"]
    else:
        title = f"{name}: {len(docs)} documents"
    legend = "".join(f'<span class="chip t-{t}">{_type_label(t)}</span>' for t in COLORS)
    settings = _script_json({"colors": COLORS, "excluded": EXCLUDED_KINDS, "count": len(docs),
                             "attributes": shared.sets})
    summary = f"{len(docs):,} document{'s' if len(docs) != 1 else ''} · {warned:,} with warnings"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} — review</title>
<style>{_style()}</style></head>
<body{' class="single"' if len(docs) == 1 else ''}>
<header class="bar">
<a class="run" href="#" id="to-list">{html.escape(name)}</a> <span class="muted" id="summary">{summary}</span>
<nav id="doc-nav" hidden><a href="#" id="back">← all documents</a>
<button type="button" id="prev-doc" title="previous document (shortcut: [)">‹ previous</button>
<span id="position"></span>
<button type="button" id="next-doc" title="next document (shortcut: ])">next ›</button></nav>
</header>
<section id="list-view">
<div class="filters"><label>Filter <input type="search" id="filter" placeholder="title or file name"></label>
<label><input type="checkbox" id="only-warned"> only documents with warnings</label>
<span class="muted" id="shown"></span></div>
<table class="docs"><thead><tr><th>#</th><th>Document</th><th>Entities by type</th><th>Checks</th></tr></thead>
<tbody id="rows">
{chr(10).join(rows)}
</tbody></table>
</section>
<section id="doc-view" hidden>
<main id="doc-main"></main>
<aside id="side">
<section id="details" aria-live="polite"><p class="muted">Click an entity in the index, a highlighted name or a
timeline item for its details.</p></section>
<details class="legend" open><summary>Legend</summary>{legend}
<span class="chip excluded-sample">struck: left out</span></details>
<details id="index" open><summary>Entities</summary></details>
<details id="timeline" open><summary>Timeline</summary></details>
</aside>
</section>
<script type="application/json" id="settings">{settings}</script>
{blocks}
<script>{_resource("review.js")}</script>
</body></html>
"""


# -- displaCy ---------------------------------------------------------------------------------------------------

def displacy_docs(docs: list[Reviewed]) -> list[dict[str, Any]]:
    """`[{"text", "ents": [{"start", "end", "label"}], "title"}]` for `displacy.render(..., style="ent",
    manual=True)`: every mention and date, labelled by type in capitals (PERSON, LAUNCH_VEHICLE, DATE).
    displaCy draws no nested spans, so of overlapping ones the earlier (then the longer) is kept."""
    exported = []
    for doc in docs:
        spans = [(m["start"], m["end"], e["type"].upper()) for e in doc.output["entities"] for m in e["mentions"]]
        spans += [(d["start"], d["end"], "DATE") for d in doc.output["dates"]]
        kept: list[tuple[int, int, str]] = []
        for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, label))
        document = doc.output["document"]
        exported.append({"text": doc.text,
                         "ents": [{"start": s, "end": e, "label": label} for s, e, label in kept],
                         "title": document.get("title") or document["id"]})
    return exported


DISPLACY_COLORS = {t.upper(): c for t, c in COLORS.items()}
