"""The README's consumer examples, run as written: load with the models, validate with jsonschema, query a
JSON Lines run in SQLite."""

import json
import sqlite3

import jsonschema

from schemas import Extraction
from schemas.export import SCHEMA_FILE
from tests.conftest import ROOT

SEED_OUTPUT = ROOT / "output" / "000_2128df9dba18b72a.json"


def test_load_with_the_models():
    extraction = Extraction.model_validate_json(SEED_OUTPUT.read_text(encoding="utf-8"))
    people = [e.name for e in extraction.entities if e.type == "person"]
    assert "Anne McClain" in people


def test_validate_with_jsonschema_from_another_program():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(SEED_OUTPUT.read_text(encoding="utf-8")), schema)


def load_jsonl_into_sqlite(jsonl_path, db):
    """README example: every person with the dates of the entries they appear in."""
    db.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, body TEXT)")
    with open(jsonl_path, encoding="utf-8") as lines:
        db.executemany("INSERT INTO docs VALUES (json_extract(?, '$.document.id'), ?)",
                       ((line, line) for line in lines))
    return db.execute("""
        SELECT DISTINCT json_extract(e.value, '$.name') AS person, json_extract(d.value, '$.value') AS date
        FROM docs,
             json_each(docs.body, '$.entities') AS e,
             json_each(json_extract(e.value, '$.mentions')) AS m,
             json_each(docs.body, '$.dates') AS d
        WHERE json_extract(e.value, '$.type') = 'person'
          AND json_extract(d.value, '$.entry') = json_extract(m.value, '$.entry')
        ORDER BY person, date""").fetchall()


DOCKINGS_SQL = """
    SELECT json_extract(docs.body, '$.document.id') AS article,
           (SELECT group_concat(json_extract(e.value, '$.name'), ', ') FROM json_each(docs.body, '$.entities') e
            WHERE json_extract(e.value, '$.id') IN (SELECT value FROM json_each(ev.value, '$.spacecraft'))) AS vehicle,
           (SELECT group_concat(json_extract(e.value, '$.name'), ', ') FROM json_each(docs.body, '$.entities') e
            WHERE json_extract(e.value, '$.id') IN (SELECT value FROM json_each(ev.value, '$.module'))) AS module,
           json_extract(docs.body, '$.dates[' || json_extract(ev.value, '$.date_index') || '].value') AS date,
           json_extract(ev.value, '$.status') AS status
    FROM docs, json_each(docs.body, '$.events') AS ev
    WHERE json_extract(ev.value, '$.type') = 'docking'
    ORDER BY article, date"""


def dockings(db):
    """README example: every docking with its vehicle, module and date."""
    return db.execute(DOCKINGS_SQL).fetchall()


def test_jsonl_run_loads_into_sqlite(tmp_path):
    from pipeline.batch import RunOptions, Summary, run

    jsonl = tmp_path / "run.jsonl"
    run([ROOT / "raw" / "000_2128df9dba18b72a.txt"], RunOptions(out=tmp_path / "out", jsonl=jsonl), Summary())
    rows = load_jsonl_into_sqlite(jsonl, sqlite3.connect(":memory:"))
    assert ("Anne McClain", "2019-02-14") in rows
    assert ("Oleg Kononenko", "2019-01-14") in rows


def test_jsonl_run_lists_every_docking_in_sqlite(tmp_path):
    from pipeline.batch import RunOptions, Summary, run

    story = tmp_path / "soyuz_ms25.txt"
    story.write_text("Soyuz MS-25 Arrives\nThe Soyuz MS-25 spacecraft docked to the Prichal module at 11:03 a.m. "
                     "EDT on March 25, 2024, with Roscosmos cosmonaut Oleg Novitskiy aboard.\n", encoding="utf-8")
    jsonl = tmp_path / "run.jsonl"
    run([ROOT / "raw" / "000_2128df9dba18b72a.txt", story], RunOptions(out=tmp_path / "out", jsonl=jsonl), Summary())
    db = sqlite3.connect(":memory:")
    load_jsonl_into_sqlite(jsonl, db)
    rows = dockings(db)
    assert ("soyuz_ms25", "Soyuz MS-25", "Prichal", "2024-03-25", "happened") in rows
    assert ("000_2128df9dba18b72a", "Crew Dragon", None, "2019-03-03", "happened") in rows
