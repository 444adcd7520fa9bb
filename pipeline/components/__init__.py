"""spaCy pipeline components, one job each. Each is a factory registered by name and configured by a dict;
`pipeline.recognize.build_nlp` assembles them on top of `spacy.blank("en")`.

Every component adds candidate spans to `doc.spans["candidates"]` (label = entity type, id = knowledge id
when known; `span_info` holds the canonical name when the component knows it, and a person's cues);
`mention_resolver` then keeps the candidates inside the article body, settles overlaps and writes
`doc.spans["mentions"]`. Per-span facts live in `doc.user_data` rather than spaCy's `._` extensions, which
cost an object per access on the hot path.
"""

from bisect import bisect_right

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span

CANDIDATES = "candidates"
MENTIONS = "mentions"
DATES = "dates"

BODY = "body"  # doc.user_data key: the article body as sorted (start, end, kind), kind "title" or "text"
CANDIDATE_LIST = "candidate_list"  # doc.user_data key: the candidates as a list (see candidate_spans)
SPAN_INFO = "span_info"  # doc.user_data key: (start, end, label) -> {"name": ..., "cue": ...}


def set_body(doc: Doc, ranges: list[tuple[int, int, str]] | None) -> None:
    """The character ranges to extract from; None (the default) means the whole text."""
    doc.user_data[BODY] = sorted(ranges) if ranges is not None else None


def set_info(span: Span, **info) -> None:
    """Facts about a candidate: "name" (canonical name), "cue" (for a person: role, rank and agency; for a
    numbered flight: its family; for a generic word: {"generic": True})."""
    doc = span.doc
    doc.user_data.setdefault(SPAN_INFO, {}).setdefault((span.start, span.end, span.label_), {}).update(info)


def get_info(span: Span) -> dict:
    return span.doc.user_data.get(SPAN_INFO, {}).get((span.start, span.end, span.label_), {})


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, computed once per doc from the token array (cheaper than making Token objects).
    Tokens with the same text share one string, so a long article's list costs a pointer a token."""
    return _token_strings(doc, "token_texts", ORTH)


def token_lowers(doc: Doc) -> list[str]:
    """Every token's lower-case form, computed once per doc as `token_texts` is."""
    return _token_strings(doc, "token_lowers", LOWER)


def _token_strings(doc: Doc, key: str, attribute: int) -> list[str]:
    strings = doc.user_data.get(key)
    if strings is None or len(strings) != len(doc):
        store = doc.vocab.strings
        shared: dict[int, str] = {}
        strings = doc.user_data[key] = [
            shared[h] if h in shared else shared.setdefault(h, store[h]) for h in doc.to_array(attribute).tolist()]
    return strings


def covered_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens some candidate already covers, kept up to date by `add_candidates`."""
    covered = doc.user_data.get("covered")
    if covered is None:
        covered = doc.user_data["covered"] = {
            i for span in candidate_spans(doc) for i in range(span.start, span.end)}
    return covered


def candidate_spans(doc: Doc) -> list[Span]:
    """The candidates so far, as one list kept beside the SpanGroup: iterating a SpanGroup makes a new Span
    object per span each time, and most components read every candidate."""
    group = doc.spans.get(CANDIDATES)
    if group is None:
        return []
    spans = doc.user_data.get(CANDIDATE_LIST)
    if spans is None or len(spans) != len(group):  # the SpanRuler writes to the group directly
        spans = doc.user_data[CANDIDATE_LIST] = list(group)
    return spans


def release_candidates(doc: Doc) -> None:
    """Drops the list once the candidates are settled: its spans refer back to the doc."""
    doc.user_data.pop(CANDIDATE_LIST, None)


def add_candidates(doc: Doc, spans: list[Span]) -> None:
    if CANDIDATES not in doc.spans:
        doc.spans[CANDIDATES] = []
    group = doc.spans[CANDIDATES]
    listed = candidate_spans(doc)
    covered = doc.user_data.get("covered")
    for span in spans:
        group.append(span)
        listed.append(span)
        if covered is not None:
            covered.update(range(span.start, span.end))


def body_kind(doc: Doc, start_char: int, end_char: int) -> str | None:
    """'title' or 'text' when the range lies inside one body range, else None."""
    body = doc.user_data.get(BODY)
    if body is None:
        return "text"
    starts = doc.user_data.get("body_starts")
    if starts is None or len(starts) != len(body):
        starts = doc.user_data["body_starts"] = [start for start, _, _ in body]
    index = bisect_right(starts, start_char) - 1
    if index >= 0:
        start, end, kind = body[index]
        if end_char <= end:
            return kind
    return None
