"""Stage 8 - write: deterministic JSON, written atomically (temp file in the same folder, then rename), so a
reader or an interrupted run never sees half a file.

Atomic rename is for regular files. A symlink is written through (its target is replaced, the link stays), and
a special file (FIFO, terminal, `/dev/stdout`) is written into as it is: replacing either would break what the
user pointed the path at.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from schemas import Extraction

STDOUT = "-"  # as a path: write to standard output


def to_json(extraction: Extraction) -> str:
    """Indented, key order as in the models, UTF-8 kept as is: the same extraction gives the same bytes."""
    return extraction.model_dump_json(indent=2) + "\n"


LISTS = ("entries", "entities", "dates")  # the document's lists, which grow with the article


@dataclass(frozen=True)
class Output:
    """An output document as `to_json` writes it, kept in pieces: the document with its lists empty, and
    each entry, entity and date serialized on its own. A long article's output is tens of MB; serialized in
    one piece it would take several times that at once, in pieces never more than its own size."""

    outline: str
    items: dict[str, list[str]]  # list name -> its items, each as `to_json` indents it

    @classmethod
    def of(cls, extraction: Extraction) -> Output:
        outline = extraction.model_copy(update={name: [] for name in LISTS}).model_dump_json(indent=2)
        return cls(outline, {name: [item.model_dump_json(indent=2).replace("\n", "\n    ")
                                    for item in getattr(extraction, name)] for name in LISTS})

    def parts(self) -> Iterator[str]:
        """Pieces whose concatenation is `to_json(extraction)`."""
        rest = self.outline
        for name in LISTS:
            head, rest = rest.split(f'\n  "{name}": []', 1)
            yield f'{head}\n  "{name}": ['
            items = self.items[name]
            for k, item in enumerate(items):
                yield ("," if k else "") + "\n    " + item
            yield "\n  ]" if items else "]"
        yield rest + "\n"

    def text(self) -> str:
        return "".join(self.parts())

    def line(self) -> str:
        """The document on one line (JSON Lines), made piece by piece."""
        rest = one_line(self.outline)
        pieces = []
        for name in LISTS:
            head, rest = rest.split(f'"{name}":[]', 1)
            pieces += [head, f'"{name}":[', ",".join(one_line(item) for item in self.items[name]), "]"]
        return "".join([*pieces, rest])


def one_line(json_text: str | bytes) -> str:
    return json.dumps(json.loads(json_text), ensure_ascii=False, separators=(",", ":"))


def read_output_bytes(path: Path) -> bytes:
    """The bytes of an output file; a folder, a missing or an unreadable file is a one-line InputError."""
    from pipeline.load import InputError

    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not an output file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, f"cannot read it ({error.strerror or error})") from None


def read_output(path: Path) -> Extraction:
    """An output file read back; anything else is a one-line InputError naming the file."""
    from pydantic import ValidationError

    from pipeline.load import InputError

    data = read_output_bytes(path)
    try:
        return Extraction.model_validate_json(data)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        where = ".".join(str(part) for part in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise InputError(path, f"not a pipeline output ({detail}{more}); give a file that extract wrote") from None


def writes_through(path: Path) -> bool:
    """True for paths written into as they are: special files (FIFO, device, socket) and the /dev and /proc
    names of open descriptors (/dev/stdout, /dev/fd/3), whatever they lead to."""
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _target(path: Path) -> Path:
    """The regular file to replace: a symlink's target (so the link survives), else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


_PENDING: set[str] = set()  # temp files this process has made and not yet renamed or removed


def _temp_beside(path: Path) -> tuple[int, str]:
    """A temp file in the target's folder, named `.NAME.PID.RANDOM.tmp`: the process id tells a later run
    whether its writer is gone (see `remove_stale_temps`). It is listed as pending before it exists, so an
    interrupt that strikes anywhere still finds it (`discard_pending`)."""
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temp = str(path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        _PENDING.add(temp)
        try:  # the usual permissions (mkstemp would make it readable by its owner alone)
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            _PENDING.discard(temp)


def _done(temp: str, target: Path | None) -> None:
    """The temp file renamed to `target`, or removed when there is none."""
    if target is not None:
        os.replace(temp, target)
    else:
        Path(temp).unlink(missing_ok=True)
    _PENDING.discard(temp)


def discard_pending() -> None:
    """Remove every temp file this process has not finished (after an interrupt)."""
    for temp in list(_PENDING):
        Path(temp).unlink(missing_ok=True)
        _PENDING.discard(temp)


TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\..+\.(?P<pid>\d+)\.[a-z0-9_]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_temps(folder: Path) -> int:
    """Remove the temp files a killed run left in `folder` (a SIGKILL or a power cut leaves no chance to clean
    up): those this module names whose writing process is gone. A run still writing keeps its own. Returns
    how many were removed."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _TEMP_NAME.match(name)
        if match and int(match.group("pid")) != os.getpid() and not _alive(int(match.group("pid"))):
            try:
                os.unlink(folder / name)
                removed += 1
            except OSError:
                pass
    return removed


def write_atomic(path: Path, content: str | Iterable[str]) -> None:
    """Write `content` (a string, or pieces of one) to `path`: atomically for a regular file."""
    pieces = [content] if isinstance(content, str) else content
    if str(path) == STDOUT:
        sys.stdout.writelines(pieces)
        sys.stdout.flush()
        return
    if writes_through(path):
        with open(path, "a", encoding="utf-8", newline="\n") as out:
            out.writelines(pieces)
        return
    path = _target(path)
    handle, temp = _temp_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(pieces)
            out.flush()
            os.fsync(out.fileno())
        _done(temp, path)
    except BaseException:
        _done(temp, None)
        raise


class AtomicLines:
    """A file written line by line that appears, complete, only when the run finishes (JSON Lines output).

    Standard output (`-`) and special files get each line as it is written instead."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp: str | None = None
        self.out: IO[str]

    def __enter__(self) -> AtomicLines:
        if str(self.path) == STDOUT:
            self.out = sys.stdout
        elif writes_through(self.path):
            self.out = open(self.path, "a", encoding="utf-8", newline="\n")
        else:
            self.target = _target(self.path)
            handle, self.temp = _temp_beside(self.target)
            self.out = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        return self

    def write(self, line: str) -> None:
        self.out.write(line + "\n")
        if self.temp is None:
            self.out.flush()

    def __exit__(self, kind, value, traceback) -> None:
        if self.out is sys.stdout:
            self.out.flush()
            return
        try:
            self.out.close()
        finally:
            if self.temp is not None:
                _done(self.temp, self.target if kind is None else None)


def check_writable_folder(folder: Path) -> str | None:
    """Why files cannot be written into `folder` (created when missing), or None when they can."""
    if folder.exists() and not folder.is_dir():
        return "is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"cannot write there ({error.strerror or error})"
    return None


def check_writable_file(path: Path) -> str | None:
    """Why `path` cannot be written (its folder is created when missing), or None when it can."""
    if str(path) == STDOUT or writes_through(path):
        return None
    if path.is_dir():
        return "is a folder, not a file"
    return check_writable_folder(_target(path).parent)
