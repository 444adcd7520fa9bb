"""Stage 7 - write: deterministic JSON, written atomically (temp file in the same folder, then rename), so a
reader or an interrupted run never sees half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from schemas import Extraction


def to_json(extraction: Extraction) -> str:
    return json.dumps(extraction.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_extraction(out_dir: Path, extraction: Extraction) -> Path:
    path = out_dir / f"{extraction.document.id}.json"
    write_atomic(path, to_json(extraction))
    return path
