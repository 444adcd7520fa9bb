"""One article through every stage: load -> segment -> recognize -> normalize -> dates -> assemble."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from pipeline.assemble import assemble
from pipeline.dates import resolve_dates
from pipeline.load import Article, load_article
from pipeline.normalize import normalize
from pipeline.recognize import recognize, shared_nlp
from pipeline.segment import segment
from schemas import Extraction


def extract_article(article: Article, nlp: Language | None = None) -> Extraction:
    segmented = segment(article.text)
    recognized = recognize(article.text, segmented, nlp or shared_nlp())
    entities = normalize(recognized.mentions, segmented.entries)
    dates = resolve_dates(recognized.dates, article.published, [e.start for e in segmented.entries])
    return assemble(article, segmented, entities, dates)


def extract_file(path: Path, reference_date: str | None = None, nlp: Language | None = None) -> Extraction:
    return extract_article(load_article(path, reference_date), nlp)
