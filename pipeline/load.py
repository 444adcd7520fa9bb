"""Stage 1 - load: read an article's bytes, checksum them and decode them as UTF-8."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

# Largest article accepted (a long feature is under 100 KB); beyond it a run refuses the file with an error
# instead of risking memory: spaCy holds several hundred bytes per token.
MAX_BYTES = 5 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be processed; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    sha256: str
    published: str | None  # "YYYY-MM-DD" publication date, when the user gave one

    @property
    def stem(self) -> str:
        return self.path.stem


def find_inputs(paths: list[Path]) -> tuple[list[Path], list[InputError]]:
    """Expand files and folders into the `.txt` files to process, in a stable order."""
    found: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not files:
                errors.append(InputError(path, "folder holds no .txt files"))
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            errors.append(InputError(path, "no such file or folder"))
    return found, errors


def read_published(path: Path, reference_date: str | None = None) -> str | None:
    """The publication date: `<stem>.meta.json` beside the input wins over the run's --reference-date."""
    meta = path.with_name(path.stem + ".meta.json")
    if meta.is_file():
        try:
            published = json.loads(meta.read_text(encoding="utf-8")).get("published")
        except (ValueError, UnicodeDecodeError, AttributeError) as exc:
            raise InputError(meta, f"unreadable meta file ({exc})") from None
        if published is not None:
            return check_date(meta, published)
    return reference_date


def check_date(source: Path | str, value: object) -> str:
    from datetime import date

    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError(source, f"publication date {value!r} is not YYYY-MM-DD") from None


def decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise InputError(path, "file is empty")
    if b"\x00" in data:
        raise InputError(path, "file is binary (it holds NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"file is not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    if text.startswith("\ufeff"):
        # A byte-order mark is an encoding marker, not text; offsets count from after it.
        text = text[1:]
    return text


def read_input(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(path, f"file is {size} bytes, above the {MAX_BYTES}-byte limit")
    return path.read_bytes()


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_from_bytes(path: Path, data: bytes, published: str | None) -> Article:
    """An article from bytes already read (by this process or, on a cluster, by the client)."""
    return Article(path=path, text=decode(path, data), sha256=checksum(data), published=published)


def load_article(path: Path, reference_date: str | None = None) -> Article:
    return article_from_bytes(path, read_input(path), read_published(path, reference_date))
