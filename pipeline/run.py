"""Articles through every stage: load -> segment -> recognize -> normalize -> dates -> events -> assemble.

`extract_articles` streams: it runs spaCy over a batch of articles at a time with `nlp.pipe` and yields each
result as soon as its batch is done, so memory holds one batch whatever the number of inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.assemble import assemble
from pipeline.dates import resolve_dates
from pipeline.events import find_events
from pipeline.load import Article, load_article
from pipeline.normalize import normalize
from pipeline.recognize import make_doc, read_doc, shared_nlp
from pipeline.segment import Segmented, segment
from schemas import Extraction

BATCH_SIZE = 16


def _finish(article: Article, segmented: Segmented, doc: Doc) -> Extraction:
    recognized = read_doc(doc)
    entities = normalize(recognized.mentions, segmented.entries)
    dates = resolve_dates(recognized.dates, article.published, [e.start for e in segmented.entries])
    events = find_events(doc, article.text, segmented, entities, dates)
    return assemble(article, segmented, entities, dates, events)


def extract_article(article: Article, nlp: Language | None = None) -> Extraction:
    nlp = nlp or shared_nlp()
    segmented = segment(article.text)
    return _finish(article, segmented, nlp(make_doc(nlp, article.text, segmented)))


def extract_articles(articles: Iterable[Article], nlp: Language | None = None,
                     batch_size: int = BATCH_SIZE) -> Iterator[tuple[Article, Extraction | Exception]]:
    """(article, extraction) for each article in order; an article that fails gives its exception instead."""
    nlp = nlp or shared_nlp()
    articles = iter(articles)
    while batch := list(islice(articles, batch_size)):
        segmented = [segment(a.text) for a in batch]
        docs = [make_doc(nlp, a.text, s) for a, s in zip(batch, segmented)]
        try:
            processed = list(nlp.pipe(docs, batch_size=batch_size))
        except Exception:  # isolate the article that broke the batch
            processed = []
            for doc in docs:
                try:
                    processed.append(nlp(doc))
                except Exception as error:
                    processed.append(error)
        for article, segments, doc in zip(batch, segmented, processed):
            outcome: Extraction | Exception | None = doc if isinstance(doc, Exception) else None
            if outcome is None:
                try:
                    outcome = _finish(article, segments, doc)
                except Exception as error:  # only this article's own failure, never the consumer's
                    outcome = error
            yield article, outcome


def extract_file(path: Path, reference_date: str | None = None, nlp: Language | None = None) -> Extraction:
    return extract_article(load_article(path, reference_date), nlp)
