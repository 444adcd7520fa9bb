"""Reading what `review` is given: one output, a folder of outputs, or a JSON Lines run (`extract --jsonl`),
and the article each document was made from.

An output is checked against the models, but fields the models do not know yet are tolerated, so a page can
be made from a newer pipeline's output (dates with times, events ...) with this version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.load import InputError, checksum, decode
from pipeline.write import read_output_bytes

@dataclass(frozen=True)
class Reviewed:
    """One document to review: the output as plain data, the article text, and where the output was read."""

    where: str  # "out/story.json" or "run.jsonl, line 3": named in messages
    output: dict[str, Any]
    text: str


def _newer_schema(problem: dict[str, Any]) -> bool:
    """A validation problem that only says the output is from a newer minor version: a field these models do
    not know, or a schema_version 1.x other than 1.0."""
    if problem["type"] == "extra_forbidden":
        return True
    return (tuple(problem["loc"]) == ("schema_version",) and problem["type"] == "literal_error"
            and str(problem.get("input", "")).startswith("1."))


def parse_output(data: str | bytes, where: str) -> dict[str, Any]:
    """An output as plain data; anything else is a one-line InputError naming `where`."""
    from pydantic import ValidationError

    from schemas import Extraction

    try:
        raw = json.loads(data)
    except UnicodeDecodeError:
        raise InputError(where, "not a pipeline output (not UTF-8 text); give a file that extract wrote") from None
    except ValueError as error:
        reason = f"{error.msg}, line {error.lineno}" if isinstance(error, json.JSONDecodeError) else str(error)
        raise InputError(where, f"not a pipeline output (not JSON: {reason}); give a file that extract wrote"
                         ) from None
    try:
        Extraction.model_validate(raw)
    except ValidationError as error:
        problems = [p for p in error.errors() if not _newer_schema(p)]
        if problems:
            first = problems[0]
            place = ".".join(str(part) for part in first["loc"])
            detail = f"{place}: {first['msg']}" if place else first["msg"]
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise InputError(where, f"not a pipeline output ({detail}{more}); give a file that extract wrote"
                             ) from None
    return raw


def _json_lines(path: Path, data: bytes) -> list[tuple[str, dict[str, Any]]]:
    outputs = []
    for number, line in enumerate(data.splitlines(), 1):
        if line.strip():
            outputs.append((f"{path}, line {number}", parse_output(line, f"{path}, line {number}")))
    if not outputs:
        raise InputError(path, "holds no documents; give a JSON Lines run that extract --jsonl wrote")
    return outputs


def read_outputs(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(where, output) for each document in `path`: an output file, a folder of them, or a JSON Lines run."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.is_file() and not p.name.startswith("."))
        if not files:
            raise InputError(path, "is a folder with no output files (*.json) in it; give an output, a folder "
                                   "of outputs or a JSON Lines run")
        return [(str(file), parse_output(read_output_bytes(file), str(file))) for file in files]
    data = read_output_bytes(path)
    if not data.strip():
        raise InputError(path, "is empty; give an output, a folder of outputs or a JSON Lines run")
    try:
        json.loads(data)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # one document a line: a JSON Lines run, whatever its name
            return _json_lines(path, data)
    except ValueError:
        pass  # parse_output names the problem
    return [(str(path), parse_output(data, str(path)))]


class ArticleFinder:
    """The article each output was made from, checked by its checksum.

    Looked up by the output's `document.source` file name: in the --text paths (an article itself, or a
    folder searched to any depth), else beside the output, in `raw/` beside the output's folder, and in
    `./raw`."""

    def __init__(self, text_paths: list[Path]) -> None:
        self.text_paths = text_paths
        self._by_name: dict[Path, dict[str, list[Path]]] = {}

    def _indexed(self, folder: Path, name: str) -> list[Path]:
        if folder not in self._by_name:
            index: dict[str, list[Path]] = {}
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    index.setdefault(file.name, []).append(file)
            self._by_name[folder] = index
        return self._by_name[folder].get(name, [])

    def _candidates(self, base: Path, source: str) -> list[Path]:
        if not self.text_paths:
            return [base / source, base.parent / "raw" / source, Path("raw") / source]
        candidates = []
        for path in self.text_paths:
            if path.is_dir():
                direct = path / source
                candidates += [direct] + [p for p in self._indexed(path, source) if p != direct]
            else:
                candidates.append(path)
        return candidates

    def find(self, where: str, base: Path, document: dict[str, Any]) -> str:
        source = Path(document["source"]).name
        for path in self.text_paths:
            if not path.exists():
                raise InputError(where, f"cannot find the article {source}: {path} does not exist; pass --text "
                                        "the article or a folder holding the articles")
        mismatched = None
        for candidate in self._candidates(base, source):
            if not candidate.is_file():
                continue
            data = candidate.read_bytes()
            if checksum(data) == document["sha256"]:
                return decode(candidate, data, document.get("encoding"))[0]
            mismatched = mismatched or candidate
        if mismatched is not None:
            raise InputError(mismatched, f"is not the article {where} was made from (checksum differs); pass "
                                         "--text the article it was made from")
        raise InputError(where, f"cannot find the article {source}; pass --text the article or a folder "
                                "holding the articles")


def read_run(paths: list[Path], text_paths: list[Path] | None = None) -> list[Reviewed]:
    """Every document in `paths`, in the order given, each with its article."""
    text_paths = list(text_paths or [])
    outputs = [(path if path.is_dir() else path.parent, where, output)
               for path in paths for where, output in read_outputs(path)]
    if len(text_paths) == 1 and text_paths[0].is_file() and len(outputs) > 1:
        raise InputError(text_paths[0], f"is one article, but there are {len(outputs)} documents; pass --text "
                                        "a folder holding the articles")
    finder = ArticleFinder(text_paths)
    return [Reviewed(where, output, finder.find(where, base, output["document"])) for base, where, output in outputs]
