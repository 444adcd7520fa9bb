from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.load import Article
from pipeline.recognize import shared_nlp
from pipeline.run import extract_article

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "data" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


@pytest.fixture(scope="session")
def nlp():
    return shared_nlp()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Run the whole pipeline on a string, as if it were the file `<stem>.txt`."""

    def run(text: str, published: str | None = None, stem: str = "sample"):
        article = Article(path=Path(f"{stem}.txt"), text=text, sha256="0" * 64, published=published)
        return extract_article(article, nlp)

    return run


def gold(stem: str) -> dict:
    return json.loads((GOLD_DIR / f"{stem}.json").read_text(encoding="utf-8"))


def one_caption(text: str) -> str:
    """A gallery of one untitled caption: the smallest article the pipeline reads."""
    return f"Gallery Title\n{text}\n"


def names(extraction, type_: str) -> list[str]:
    return sorted(e.name for e in extraction.entities if e.type == type_)
