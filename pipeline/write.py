"""Stage 8 - write: deterministic JSON, written atomically (temp file in the same folder, then rename), so a
reader or an interrupted run never sees half a file.

Atomic rename is for regular files. A symlink is written through (its target is replaced, the link stays), and
a special file (FIFO, terminal, `/dev/stdout`) is written into as it is: replacing either would break what the
user pointed the path at.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

from schemas import Extraction

STDOUT = "-"  # as a path: write to standard output


def to_json(extraction: Extraction) -> str:
    """Indented, key order as in the models, UTF-8 kept as is: the same extraction gives the same bytes."""
    return extraction.model_dump_json(indent=2) + "\n"


def read_output(path: Path) -> Extraction:
    """An output file read back; anything else is a one-line InputError naming the file."""
    from pydantic import ValidationError

    from pipeline.load import InputError

    try:
        return Extraction.model_validate_json(path.read_bytes())
    except IsADirectoryError:
        raise InputError(path, "is a folder, not an output file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, f"cannot read it ({error.strerror or error})") from None
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        where = ".".join(str(part) for part in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise InputError(path, f"not a pipeline output ({detail}{more}); give a file that extract wrote") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes files only their owner can read; outputs get the usual permissions instead.
FILE_MODE = 0o666 & ~_umask()


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


def _temp_beside(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(temp, FILE_MODE)
    return handle, temp


def write_atomic(path: Path, content: str) -> None:
    if str(path) == STDOUT:
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    if writes_through(path):
        with open(path, "a", encoding="utf-8", newline="\n") as out:
            out.write(content)
        return
    path = _target(path)
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
        self.out.close()
        if self.temp is None:
            return
        if kind is None:
            os.replace(self.temp, self.target)
        else:
            Path(self.temp).unlink(missing_ok=True)


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
