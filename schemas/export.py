"""The JSON Schema of the output, exported from the Pydantic models (committed as output.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.models import Extraction

SCHEMA_FILE = Path(__file__).with_name("output.schema.json")


def schema_json() -> str:
    return json.dumps(Extraction.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_json(), encoding="utf-8")
