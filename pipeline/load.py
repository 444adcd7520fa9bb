"""Stage 1 - load: read an article's bytes, checksum them and decode them: UTF-8 by default, UTF-16 and UTF-32
when a byte-order mark says so, or the encoding the user names (`--encoding NAME`) or lets charset-normalizer
guess (`--encoding auto`). Every offset in the output counts characters of the decoded text."""

from __future__ import annotations

import codecs
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
    encoding: str = "utf-8"  # what the bytes were decoded from (Python's name for it)

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


AUTO = "auto"  # --encoding auto: detected
UTF8 = "utf-8"
# Byte-order marks, longest first (the UTF-32 little-endian mark begins with the UTF-16 one).
BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, UTF8),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
WIDE = ("utf-16", "utf-32")  # encodings whose text holds NUL bytes
# How much less likely than charset-normalizer's best guess Windows-1252 may be and still be chosen.
WESTERN_TOLERANCE = 0.2


def encoding_name(name: str) -> str:
    """Python's name for a text encoding ("latin-1" -> "iso8859-1", "windows-1252" -> "cp1252"); LookupError
    for a name that is none."""
    info = codecs.lookup(name)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name} is no text encoding")
    return info.name


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, name in BOMS:
        if data.startswith(mark):
            return name, len(mark)
    return None


def detect(data: bytes) -> str | None:
    """The encoding `--encoding auto` reads `data` in: the one its byte-order mark names, else UTF-8 when the
    bytes are UTF-8, else charset-normalizer's guess. Text that is mostly English with a few accents or curly
    quotes fits several 8-bit encodings; Windows-1252, the usual one of Western newsroom exports, is chosen
    when charset-normalizer finds it about as likely as its best guess. None when nothing fits."""
    bom = _bom(data)
    if bom:
        return bom[0]
    try:
        data.decode(UTF8)
        return UTF8
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + WESTERN_TOLERANCE \
                and match.coherence >= best.coherence - WESTERN_TOLERANCE:
            return "cp1252"
    return encoding_name(best.encoding)


def choose_encoding(data: bytes, encoding: str | None) -> str | None:
    """The encoding `data` is decoded from, given the user's choice (None: UTF-8; a name; or "auto"): a
    byte-order mark wins, as it names the encoding exactly."""
    bom = _bom(data)
    if bom:
        return bom[0]
    if encoding == AUTO:
        return detect(data)
    return encoding_name(encoding) if encoding else UTF8


def decode(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, the encoding it was decoded from). A byte-order mark is no text: offsets count from after it."""
    bom = _bom(data)
    if not bom and not data.strip():
        raise InputError(path, "file is empty")
    named_wide = encoding not in (None, AUTO) and encoding_name(encoding).startswith(WIDE)
    if not bom and not named_wide and b"\x00" in data:
        raise InputError(path, "file is binary (it holds NUL bytes), not text")
    used = choose_encoding(data, encoding)
    if used is None:
        raise InputError(path, "cannot tell its encoding; give it with --encoding NAME (such as cp1252)")
    try:
        text = data[bom[1] if bom else 0:].decode(used)
    except UnicodeDecodeError as exc:
        at = exc.start + (bom[1] if bom else 0)
        where = f"byte {at}: {data[at:at + 1]!r}"
        if encoding is None and not bom:
            raise InputError(path, f"file is not UTF-8 ({where}); give its encoding with --encoding NAME (such as "
                                   "cp1252 or latin-1), or --encoding auto to detect it") from None
        raise InputError(path, f"file is not {used} ({where}); give its encoding with --encoding NAME") from None
    if not text.strip():
        raise InputError(path, "file is empty")
    if "\x00" in text:
        raise InputError(path, "file is binary (it holds NUL characters), not text")
    return text, used


def read_input(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(path, f"file is {size} bytes, above the {MAX_BYTES}-byte limit")
    return path.read_bytes()


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_from_bytes(path: Path, data: bytes, published: str | None, encoding: str | None = None) -> Article:
    """An article from bytes already read (by this process or, on a cluster, by the client)."""
    text, used = decode(path, data, encoding)
    return Article(path=path, text=text, sha256=checksum(data), published=published, encoding=used)


def load_article(path: Path, reference_date: str | None = None, encoding: str | None = None) -> Article:
    return article_from_bytes(path, read_input(path), read_published(path, reference_date), encoding)
