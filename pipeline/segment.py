"""Stage 2 - segment: split an article into title, byline, entries (heading + caption), references and footer.

Works on lines, so every part keeps exact character offsets into the article text. Three layouts are told
apart per document: headings on a line of their own above the caption (the usual gallery), headings sharing
the line with the caption ("Welcome Aboard: On Nov. 17, ..."), and plain paragraphs (news stories, blog posts).
Captions that stand without a heading become entries with no title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.knowledge import load_records_file

_REFERENCE = re.compile(r"^(Full Story|Related|Gallery)\s*:\s*(?P<title>\S.*?)\s*$", re.IGNORECASE)
_REFERENCE_KIND = {"full story": "full_story", "related": "related", "gallery": "gallery"}
_CREDIT = re.compile(r"^\(?\s*(image|photo|video)s?\s+credits?\s*:.*$", re.IGNORECASE)
_COUNTER = re.compile(r"^(image|slide|photo|picture)\s+\d+\s+(of|/)\s+\d+$", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+(?P<name>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})\s*(?:[,|].*)?$")
_POSTED = re.compile(r"^(Posted|Published|Updated)\b.*?(?:\bby\s+(?P<name>[\w.'\-]+(?:\s+[\w.'\-]+){0,3}))?\s*$",
                     re.IGNORECASE)
_BIO = re.compile(r"^(?P<name>[A-Z][\w'\-]+(?:\s+[A-Z][\w.'\-]+){1,3})\s+(joined|is|has|was|covers|writes)\b")
_INLINE_HEADING = re.compile(r"^(?P<title>[A-Z0-9][^:.!?]{1,60}[!?]?)\s*:\s+(?P<caption>\S.*)$")

_APPOSITIVE = re.compile(r",\s+[a-z]")
MAX_HEADING_CHARS = 80
MAX_HEADING_WORDS = 12


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # exclusive, before the line break
    text: str


@dataclass(frozen=True)
class Reference:
    kind: str  # full_story | related | gallery
    title: Line  # the referenced title only


@dataclass(frozen=True)
class Entry:
    title: Line | None
    caption: Line
    references: tuple[Reference, ...] = ()

    @property
    def start(self) -> int:
        return self.title.start if self.title else self.caption.start

    @property
    def end(self) -> int:
        return self.caption.end


@dataclass(frozen=True)
class Segmented:
    title: Line | None
    author: str | None
    entries: list[Entry]
    footer: Line | None  # from the footer's first character to the end of the text
    dateline: Line | None = None  # "published November 17, 2020" / "Posted on ..." line
    skipped: list[Line] = field(default_factory=list)  # credit lines, slide counters

    def body_spans(self) -> list[tuple[int, int, str]]:
        """Character ranges whose content is extracted from, as (start, end, kind): entry titles ("title") and
        captions ("text")."""
        spans = []
        for entry in self.entries:
            if entry.title:
                spans.append((entry.title.start, entry.title.end, "title"))
            if entry.caption.end > entry.caption.start:
                spans.append((entry.caption.start, entry.caption.end, "text"))
        return sorted(spans)


def entry_index(entry_starts: list[int], offset: int) -> int:
    """Index of the entry an offset falls in, given the entries' start offsets in order."""
    return max(0, bisect_right(entry_starts, offset) - 1)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped of surrounding white space, with their offsets."""
    lines = []
    for match in re.finditer(r"[^\r\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(start, start + len(stripped), stripped))
    return lines


def _sub_line(line: Line, start: int, end: int) -> Line:
    return Line(line.start + start, line.start + end, line.text[start:end])


def _words(text: str) -> list[str]:
    return text.split()


def looks_like_heading(text: str) -> bool:
    """Short, title-cased, and not a sentence."""
    words = _words(text)
    if not words or len(text) > MAX_HEADING_CHARS or len(words) > MAX_HEADING_WORDS:
        return False
    if text[-1] in ".,;:" or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'"):
        return False
    if text.count(",") >= 2 or _APPOSITIVE.search(text):
        return False  # a list line ("Carla Koch, mission manager, Commercial Crew Program"), not a heading
    long_words = [w for w in words if len(w.strip("\"'()")) >= 4 and w[0].isalpha()]
    capitalized = [w for w in long_words if w[0].isupper()]
    return not long_words or len(capitalized) * 2 >= len(long_words)


def _is_caption(text: str) -> bool:
    return len(_words(text)) > MAX_HEADING_WORDS or (not looks_like_heading(text) and len(_words(text)) >= 4)


def _footer_markers() -> tuple[list[str], list[re.Pattern[str]]]:
    records = load_records_file("footer.json")
    phrases = [r["phrase"].lower() for r in records if "phrase" in r]
    lines = [re.compile(r["line"], re.IGNORECASE) for r in records if "line" in r]
    return phrases, lines


_FOOTER_PHRASES, _FOOTER_LINES = _footer_markers()


def is_footer_line(text: str) -> bool:
    lowered = text.lower()
    return any(p in lowered for p in _FOOTER_PHRASES) or is_footer_shape(text)


def is_footer_shape(text: str) -> bool:
    """A whole line shaped like a footer ("12 Comments", "© 2023 ...", an author bio)."""
    return any(p.search(text) for p in _FOOTER_LINES)


def find_footer(lines: list[Line]) -> int:
    """Index of the first footer line (len(lines) when there is none).

    Phrases ("newsletter") open the footer only in the second half of the lines, so a caption that happens to
    use one early on does not cut the article short; whole-line shapes ("12 Comments", an author bio) open it
    anywhere after the opening lines, since a long comment section can outnumber the article's own lines.
    """
    half = max(1, len(lines) // 2)
    for i in range(min(3, len(lines)), len(lines)):
        if is_footer_shape(lines[i].text) or (i >= half and is_footer_line(lines[i].text)):
            return i
    return find_signature(lines)


_NAME_LINE = re.compile(r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}$")
SIGNATURE_LINES = 6  # a sign-off starts this close to the end


def find_signature(lines: list[Line]) -> int:
    """Index of a closing sign-off block ("Jane Doe" / "Research Communications Team" / "Johnson Space
    Center"): a line holding only a name near the end, followed by a short line that is no sentence (the
    writer's team or office). len(lines) when there is none."""
    first = max(3, len(lines) - SIGNATURE_LINES)
    for i in range(first, len(lines) - 1):
        name, after = lines[i].text, lines[i + 1].text
        if _NAME_LINE.match(name) and len(_words(after)) <= MAX_HEADING_WORDS and after[-1] not in ".!?:" \
                and not _NAME_LINE.match(after):
            return i
    return len(lines)


def _author_from_footer(lines: list[Line]) -> str | None:
    for line in lines:
        match = _BIO.match(line.text)
        if match and is_footer_line(line.text):
            return match.group("name")
    return None


def _classify_reference(line: Line) -> Reference | None:
    match = _REFERENCE.match(line.text)
    if not match:
        return None
    kind = _REFERENCE_KIND[re.sub(r"\s+", " ", match.group(1).lower())]
    return Reference(kind, _sub_line(line, match.start("title"), match.end("title")))


def _split_inline(line: Line) -> tuple[Line, Line] | None:
    match = _INLINE_HEADING.match(line.text)
    if not match or not looks_like_heading(match.group("title")) or not _is_caption(match.group("caption")):
        return None
    return (_sub_line(line, match.start("title"), match.end("title").__index__()),
            _sub_line(line, match.start("caption"), len(line.text)))


def segment(text: str) -> Segmented:
    lines = split_lines(text)
    if not lines:
        return Segmented(title=None, author=None, entries=[], footer=None)
    title, body = lines[0], lines[1:]

    footer_at = find_footer(body)
    footer_lines = body[footer_at:]
    body = body[:footer_at]
    author = _author_from_footer(footer_lines)

    # Byline and dateline sit just under the title.
    dateline = None
    while body and (_BYLINE.match(body[0].text) or _POSTED.match(body[0].text)):
        byline = _BYLINE.match(body[0].text)
        posted = _POSTED.match(body[0].text)
        if byline:
            author = byline.group("name")
        else:
            dateline = body[0]
            if posted and posted.group("name"):
                author = posted.group("name")
        body = body[1:]

    skipped = [ln for ln in body if _CREDIT.match(ln.text) or _COUNTER.match(ln.text)]
    content = [ln for ln in body if not (_CREDIT.match(ln.text) or _COUNTER.match(ln.text))]
    entries = _entries(content)
    footer = Line(footer_lines[0].start, len(text), text[footer_lines[0].start:]) if footer_lines else None
    return Segmented(title=title, author=author, entries=entries, footer=footer, dateline=dateline,
                     skipped=skipped)


def _entries(content: list[Line]) -> list[Entry]:
    references = [_classify_reference(line) is not None for line in content]
    kinds = []  # "reference" | "heading" | "caption"
    for i, line in enumerate(content):
        if references[i]:
            kinds.append("reference")
            continue
        following = next((content[k] for k in range(i + 1, len(content)) if not references[k]), None)
        heading = looks_like_heading(line.text) and following is not None and _is_caption(following.text)
        kinds.append("heading" if heading else "caption")

    # Headings on lines of their own mark the gallery layout; without them, "Title: caption" lines are headings.
    inline = kinds.count("heading") < 2 and sum(
        1 for ln, k in zip(content, kinds) if k == "caption" and _split_inline(ln)) >= 2

    entries: list[Entry] = []
    pending_title: Line | None = None
    for line, kind in zip(content, kinds):
        if kind == "reference":
            ref = _classify_reference(line)
            if entries and pending_title is None:
                last = entries[-1]
                entries[-1] = Entry(last.title, last.caption, last.references + (ref,))
            # A reference with no entry before it has nothing to attach to and is dropped.
            continue
        if kind == "heading":
            if pending_title is not None:  # a heading with no caption of its own
                entries.append(Entry(pending_title, Line(pending_title.end, pending_title.end, "")))
            pending_title = line
            continue
        title, caption = pending_title, line
        if title is None and inline:
            split = _split_inline(line)
            if split:
                title, caption = split
        entries.append(Entry(title, caption))
        pending_title = None
    if pending_title is not None:
        entries.append(Entry(pending_title, Line(pending_title.end, pending_title.end, "")))
    return entries
