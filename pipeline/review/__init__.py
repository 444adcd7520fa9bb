"""`space-news-extract review`: one self-contained HTML page for checking a run by eye.

Given one output, a folder of outputs or a JSON Lines run (`extract --jsonl`), the page lists the documents
(title, entity counts by type, a warning where a date is unresolved or a person has no agency) and opens each
in the same page: the article with every extracted span highlighted (a `<mark>` with `data-type` and
`data-id`), what was left out struck through, an index of entities with their details, and a timeline. No
network: styles and script are inline. `--displacy` also writes the spans for spaCy's displaCy.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.review.page import COLORS, DISPLACY_COLORS, displacy_docs, render
from pipeline.review.read import Reviewed, read_run

__all__ = ["COLORS", "DISPLACY_COLORS", "Reviewed", "default_html", "displacy_docs", "read_run", "render",
           "review"]


def default_html(paths: list[Path]) -> Path:
    """Where the page goes without --html: OUTPUT.html beside one file, FOLDER/review.html for a folder."""
    first = paths[0]
    return first / "review.html" if first.is_dir() else first.with_suffix(".html")


def _name(paths: list[Path]) -> str:
    names = [p.resolve().name or str(p) for p in paths]
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


def review(paths: Path | list[Path], html_path: Path | None = None,
           text_paths: Path | list[Path] | None = None, displacy_path: Path | None = None) -> Path:
    """Write the page for the documents in `paths` (and the displaCy export when asked); the page's path."""
    from pipeline.write import write_atomic

    paths = [paths] if isinstance(paths, Path) else list(paths)
    text_paths = [text_paths] if isinstance(text_paths, Path) else list(text_paths or [])
    docs = read_run(paths, text_paths)  # any bad input is one line naming the file, before anything is written
    page = render(docs, _name(paths))
    exported = json.dumps(displacy_docs(docs), ensure_ascii=False, indent=1) + "\n" if displacy_path else None
    target = html_path or default_html(paths)
    write_atomic(target, page)
    if exported is not None:
        write_atomic(displacy_path, exported)
    return target
