"""Stage 7 - assemble and validate: the stages' results -> one `schemas.Extraction`, checked by Pydantic and
against the article text (every carried string equals the text at its offsets)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from pydantic import TypeAdapter

from pipeline import pipeline_version
from pipeline.dates import ResolvedDates, TimeOfDay
from pipeline.events import Event
from pipeline.load import Article
from pipeline.normalize import NormalizedEntity
from pipeline.segment import Segmented, entry_index
from schemas import Extraction
from schemas.models import Entity


class ValidationFailure(Exception):
    pass


ENTITIES = TypeAdapter(list[Entity])
CHUNK = 1000  # entities validated at a time: a long article's whole tree of plain data is never held at once


def _in_chunks(adapter: TypeAdapter, items: Iterator[dict]) -> list:
    """The items validated a chunk at a time (the Extraction then takes the models as they are)."""
    validated: list = []
    while chunk := list(islice(items, CHUNK)):
        validated += adapter.validate_python(chunk)
    return validated


def assemble(article: Article, segmented: Segmented, entities: list[NormalizedEntity],
             dates: ResolvedDates, events: list[Event]) -> Extraction:
    starts = [e.start for e in segmented.entries]

    entity_ids: list[list[str]] = [[] for _ in segmented.entries]
    for entity in entities:
        for mention in entity.mentions:
            if entity.id not in entity_ids[mention.entry]:
                entity_ids[mention.entry].append(entity.id)
    first = {e.id: min(m.start for m in e.mentions) for e in entities}
    for ids in entity_ids:
        ids.sort(key=lambda i: first[i])

    # Plain data, validated in one call: Pydantic checks the whole tree at once, far faster than model by model.
    date_values = [
        {"text": d.text, "value": d.value, "precision": d.precision, "resolved": d.resolved, "kind": d.kind,
         "modifier": d.modifier, "anchor": d.anchor, "time": _time(d.time), "end_value": d.end_value,
         "start": d.start, "end": d.end, "entry": entry_index(starts, d.start)}
        for d in dates
    ]
    duration_values = [
        {"text": d.text, "value": d.value, "kind": d.kind, "modifier": d.modifier, "start": d.start, "end": d.end,
         "entry": entry_index(starts, d.start)}
        for d in dates.durations
    ]
    dates_of: dict[int, list[int]] = {}
    for k, d in enumerate(date_values):
        dates_of.setdefault(d["entry"], []).append(k)
    durations_of: dict[int, list[int]] = {}
    for k, d in enumerate(duration_values):
        durations_of.setdefault(d["entry"], []).append(k)
    entries = [
        {
            "index": i,
            "title": e.title.text if e.title else None,
            "caption": e.caption.text,
            "start": e.start,
            "end": e.end,
            "caption_start": e.caption.start,
            "references": [{"kind": r.kind, "title": r.title.text, "start": r.title.start, "end": r.title.end}
                           for r in e.references],
            "entity_ids": entity_ids[i],
            "date_indexes": dates_of.get(i, []),
            "duration_indexes": durations_of.get(i, []),
        }
        for i, e in enumerate(segmented.entries)
    ]
    extraction = Extraction.model_validate({
        "document": {
            "id": article.stem,
            "source": article.path.name,
            "sha256": article.sha256,
            "encoding": article.encoding,
            "title": segmented.title.text if segmented.title else None,
            "author": segmented.author,
            "reference_date": article.published,
            "pipeline_version": pipeline_version(),
        },
        "entries": entries,
        "entities": _in_chunks(ENTITIES, (
            {"id": e.id, "type": e.type, "name": e.name, "aliases": e.aliases, "attributes": e.attributes,
             "mentions": [{"start": m.start, "end": m.end, "text": m.text, "entry": m.entry} for m in e.mentions]}
            for e in entities)),
        "dates": date_values,
        "durations": duration_values,
        "events": [
            {"type": e.type, "status": e.status, "date_index": e.date_index, "time": e.time,
             "spacecraft": list(e.spacecraft), "mission": list(e.mission), "module": list(e.module),
             "participants": list(e.participants), "location": list(e.location), "duration": e.duration,
             "start": e.start, "end": e.end, "text": e.text, "entry": e.entry}
            for e in events
        ],
    })
    problems = extraction.check_offsets(article.text)
    if problems:
        raise ValidationFailure(f"{article.path}: misaligned offsets: {problems[:3]}")
    return extraction


def _time(time: TimeOfDay | None) -> dict | None:
    if time is None:
        return None
    return {"text": time.text, "value": time.value, "zone": time.zone, "start": time.start, "end": time.end}
