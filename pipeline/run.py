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
from pipeline.events import find_events, find_events_in_slices
from pipeline.load import Article, load_article
from pipeline.normalize import normalize
from pipeline.recognize import SLICE_CHARS, make_doc, read_doc, recognize_in_slices, shared_nlp, slice_starts
from pipeline.segment import Segmented, segment
from schemas import Extraction

BATCH_SIZE = 16


def _finish(article: Article, segmented: Segmented, doc: Doc | None, nlp: Language) -> Extraction:
    """The stages after spaCy: `doc` is the article's processed Doc, or None for an article over SLICE_CHARS,
    which is recognized, and its events found, slice by slice so that no Doc of the whole of it is made."""
    if doc is not None:
        recognized = read_doc(doc)
    else:
        recognized = recognize_in_slices(nlp, article.text, segmented)
    entities = normalize(recognized.mentions, segmented.entries)
    dates = resolve_dates(recognized.dates, article.published, [e.start for e in segmented.entries])
    del recognized  # a long article's mentions are tens of MB: gone before the output is built
    if doc is not None:
        events = find_events(doc, article.text, segmented, entities, dates)
    else:
        events = find_events_in_slices(nlp.make_doc, article.text, segmented, entities, dates,
                                       slice_starts(article.text))
    return assemble(article, segmented, entities, dates, events)


def _take(items: list, k: int):
    """items[k], which the list no longer holds (so it is freed as soon as its taker is done with it)."""
    item, items[k] = items[k], None
    return item


def extract_article(article: Article, nlp: Language | None = None) -> Extraction:
    nlp = nlp or shared_nlp()
    segmented = segment(article.text)
    doc = None if len(article.text) > SLICE_CHARS else nlp(make_doc(nlp, article.text, segmented))
    return _finish(article, segmented, doc, nlp)


def extract_articles(articles: Iterable[Article], nlp: Language | None = None,
                     batch_size: int = BATCH_SIZE) -> Iterator[tuple[Article, Extraction | Exception]]:
    """(article, extraction) for each article in order; an article that fails, at any stage, gives its
    exception instead and the others go on."""
    nlp = nlp or shared_nlp()
    articles = iter(articles)
    while batch := list(islice(articles, batch_size)):
        outcomes: list[Segmented | Doc | Extraction | Exception] = []
        for article in batch:
            try:
                outcomes.append(segment(article.text))
            except Exception as error:
                outcomes.append(error)
        # Articles of ordinary length go through spaCy together; long ones are read in slices on their own.
        short = [k for k, article in enumerate(batch)
                 if not isinstance(outcomes[k], Exception) and len(article.text) <= SLICE_CHARS]
        segmented = list(outcomes)
        for k in short:
            try:
                outcomes[k] = make_doc(nlp, batch[k].text, segmented[k])
            except Exception as error:
                outcomes[k] = error
        short = [k for k in short if isinstance(outcomes[k], Doc)]
        try:
            processed = list(nlp.pipe([outcomes[k] for k in short], batch_size=batch_size))
        except Exception:  # isolate the article that broke the batch, each from a fresh Doc
            processed = []
            for k in short:
                try:
                    processed.append(nlp(make_doc(nlp, batch[k].text, segmented[k])))
                except Exception as error:
                    processed.append(error)
        for k, doc in zip(short, processed):
            outcomes[k] = doc
        del processed
        for k, article in enumerate(batch):
            if isinstance(outcomes[k], Exception):
                outcome = _take(outcomes, k)
            else:
                try:  # only this article's own failure, never the consumer's
                    doc = _take(outcomes, k) if k in short else None
                    outcome = _finish(article, segmented[k], doc, nlp)
                except Exception as error:
                    outcome = error
            segmented[k] = outcomes[k] = doc = None
            yield article, outcome
            outcome = None  # not kept while the next article is worked on


def extract_file(path: Path, reference_date: str | None = None, nlp: Language | None = None) -> Extraction:
    return extract_article(load_article(path, reference_date), nlp)
