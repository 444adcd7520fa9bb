"""Stage 7 - write: deterministic JSON, written atomically (temp file in the same folder, then rename), so a
reader or an interrupted run never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from schemas import Extraction


def to_json(extraction: Extraction) -> str:
    """Indented, key order as in the models, UTF-8 kept as is: the same extraction gives the same bytes."""
    return extraction.model_dump_json(indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes files only their owner can read; outputs get the usual permissions instead.
FILE_MODE = 0o666 & ~_umask()


def _temp_beside(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(temp, FILE_MODE)
    return handle, temp


def write_atomic(path: Path, content: str) -> None:
    handle, temp = _temp_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise



class AtomicLines:
    """A file written line by line that appears, complete, only when the run finishes (JSON Lines output)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> AtomicLines:
        handle, self.temp = _temp_beside(self.path)
        self.out = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        return self

    def write(self, line: str) -> None:
        self.out.write(line + "\n")

    def __exit__(self, kind, value, traceback) -> None:
        self.out.close()
        if kind is None:
            os.replace(self.temp, self.path)
        else:
            Path(self.temp).unlink(missing_ok=True)
