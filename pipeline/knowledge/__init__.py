"""Knowledge files: curated facts about agencies, companies, modules, spacecraft, places and people's roles.

Each JSON file in this folder holds {"about", "sources", "records"}; entity files give one record per
real-world thing (id, type, name, aliases, misspellings, attributes, optional wikidata id). They are read once
per process and cached.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

# Files whose records are real-world things (as opposed to rules such as footer markers or role words).
ENTITY_FILES = (
    "agencies.json",
    "companies.json",
    "modules.json",
    "stations.json",
    "spacecraft.json",
    "launch_vehicles.json",
    "experiments.json",
    "locations.json",
    "missions.json",
)


def slug(text: str) -> str:
    """The part of an id after its type: "Dragon CRS-16" -> "dragon-crs-16"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", "")).strip("-") or "x"


@lru_cache(maxsize=None)
def load_file(name: str) -> dict[str, Any]:
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_records_file(name: str) -> list[Any]:
    return load_file(name)["records"]


@dataclass(frozen=True)
class Record:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    needs_context: bool = False
    context_words: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    wikidata: str | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        """The name, its aliases and misspellings: every way the text may write it."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class KnowledgeBase:
    records: dict[str, Record]
    _by_type: dict[str, list[Record]] = field(default_factory=dict, compare=False, repr=False)

    def by_type(self, type_: str) -> list[Record]:
        if type_ not in self._by_type:
            self._by_type[type_] = [r for r in self.records.values() if r.type == type_]
        return self._by_type[type_]

    def get(self, record_id: str) -> Record | None:
        return self.records.get(record_id)


def _record(raw: dict[str, Any]) -> Record:
    aliases = tuple(dict.fromkeys([*raw.get("aliases", []), *raw.get("misspellings", [])]))
    return Record(
        id=raw["id"],
        type=raw["type"],
        name=raw["name"],
        aliases=tuple(a for a in aliases if a != raw["name"]),
        needs_context=bool(raw.get("needs_context", False)),
        context_words=tuple(raw.get("context_words", ())),
        attributes=dict(raw.get("attributes", {})),
        wikidata=raw.get("wikidata"),
    )


# Modules that only read outputs (scoring, the review page): changing them changes no output, so they are
# left out of the pipeline version and an archive is not redone for them.
READERS_OF_OUTPUT = {"review", "evaluate.py", "timeml.py"}


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of the pipeline's code and knowledge files: any change to either is a new pipeline version,
    so incremental runs redo what it may change."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for p in package.rglob("*") if p.suffix in {".py", ".json"} and p.is_file()
                       and p.relative_to(package).parts[0] not in READERS_OF_OUTPUT):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    records: dict[str, Record] = {}
    for name in ENTITY_FILES:
        for raw in load_records_file(name):
            record = _record(raw)
            if record.id in records:
                raise ValueError(f"knowledge id {record.id} is defined twice (second time in {name})")
            records[record.id] = record
    return KnowledgeBase(records)
