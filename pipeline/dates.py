"""Stage 5 - dates: date spans -> ISO 8601 values with a precision.

A date written without a year takes it from an anchor (`choose_anchor`): the day before it in the same entry,
else the publication date, else the article's earlier days, else its later ones; dates resolved this way anchor
the ones after them, as a story's timeline goes on. Of the years around the anchor, a weekday written beside
the date picks the one it fits, a future cue in its sentence the first on or after the publication date, and
otherwise the
closest wins (`resolve_year`). With no anchor at all it keeps the parts the text gives ("--12-03") and is marked
unresolved; today's date is never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from pipeline.recognize import DateSpan
from pipeline.segment import entry_index

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PART_OF_MONTH = re.compile(r"^(mid|early|late)\s*-\s*", re.IGNORECASE)  # "mid-February" is February, as written
_MONTH_RANGE = re.compile(r"^([A-Z][a-z]+\.?)\s*[-–]\s*[A-Z][a-z]+\.?$")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Any leap year: parses "Feb. 29" when no year is known, and is never shown to the user.
_PLACEHOLDER_YEAR = 2000


@dataclass(frozen=True)
class ResolvedDate:
    start: int
    end: int
    text: str
    value: str
    precision: str  # day | month | year
    resolved: bool


@lru_cache(maxsize=1)
def date_parser() -> DateDataParser:
    """One parser per process: building a parser per call costs tens of milliseconds."""
    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[date, str] | None:
    """Parsed once per distinct string: archives repeat the same date strings many times over."""
    data = date_parser().get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period


def _parse_with_year(text: str, year: re.Match[str]) -> tuple[date, str] | None:
    """ "Jan. 7, 2019": dateparser reads "Jan. 7" (cached: an archive repeats month-day strings across years far
    more than whole dates) and the year is the one written. Forms the year cannot be cut from, such as
    "2019-01-07", are parsed whole."""
    text = _PART_OF_MONTH.sub("", text)
    year = _YEAR.search(text)
    rest = (text[:year.start()] + text[year.end():]).strip(" ,")
    span_of_months = _MONTH_RANGE.match(rest)
    if span_of_months:  # "April-May 1985": the range starts in April
        rest = span_of_months.group(1)
    if not rest or "-" in rest:
        return _parse(text)
    partial = _parse(f"{rest} {_PLACEHOLDER_YEAR}")
    if partial is None:
        return _parse(text)
    day, precision = partial
    try:
        return date(int(year.group()), day.month, day.day), precision
    except ValueError:  # Feb. 29 of a common year: let dateparser judge the whole text
        return _parse(text)


def _iso(day: date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


# How much farther a date after its anchor counts: news looks back from its publication date, while a story
# told from its own dates moves forward ("began Sept. 27, 2023, and ended April 5" is the next April).
PUBLISHED_FUTURE_WEIGHT = 1.5
NARRATIVE_FUTURE_WEIGHT = 0.75
WEEKDAY_YEARS = 7  # years either side of the anchor searched for the one where the written weekday fits


@dataclass(frozen=True)
class Anchor:
    day: date
    narrative: bool  # an article date (the story's own timeline), not the publication date


def resolve_year(month: int, day: int, anchor: Anchor, weekday: int | None = None, future: bool = False) -> int:
    """The year of a date written without one, from its anchor. A weekday written with it ("Tuesday,
    March 19") picks the years where it fits; a future cue in its sentence ("will launch", "no later than")
    the first such day on or after the publication date; otherwise the year that puts it closest to the
    anchor."""
    base = anchor.day.year
    years = range(base - 1, base + 2)
    if weekday is not None:
        fitting = [y for y in range(base - WEEKDAY_YEARS, base + WEEKDAY_YEARS + 1)
                   if _valid(y, month, day) and date(y, month, day).weekday() == weekday]
        years = fitting or years
    candidates = [(date(y, month, day), y) for y in years if _valid(y, month, day)]
    if not candidates:
        return base
    if future and not anchor.narrative:  # "will launch" looks ahead of the day it was written, not of a story's
        ahead = [c for c in candidates if c[0] >= anchor.day]
        if ahead:
            return min(ahead)[1]
    weight = NARRATIVE_FUTURE_WEIGHT if anchor.narrative else PUBLISHED_FUTURE_WEIGHT
    return min(candidates, key=lambda c: ((c[0] - anchor.day).days * weight if c[0] > anchor.day
                                          else (anchor.day - c[0]).days, c[1]))[1]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:  # Feb. 29 of a common year
        return False
    return True


def choose_anchor(entry: int, days_before: list[tuple[int, date]], months_before: list[date],
                  later: list[date], published: date | None) -> Anchor | None:
    """The nearest earlier day in the same entry (the story's timeline), else the publication date, else the
    nearest earlier day in the article, else an earlier month-and-year, else the nearest later date."""
    same_entry = [d for e, d in days_before if e == entry]
    if same_entry:
        return Anchor(same_entry[-1], True)
    if published:
        return Anchor(published, False)
    if days_before:
        return Anchor(days_before[-1][1], True)
    if months_before:
        return Anchor(months_before[-1], True)
    return Anchor(later[0], True) if later else None


def _weekday(text: str, published: date) -> date | None:
    """The nearest such weekday on or before the publication date; None when that is before 1 January of
    year 1, the first day a date can hold."""
    target = _WEEKDAYS.index(text.lower())
    try:
        return published - timedelta(days=(published.weekday() - target) % 7)
    except OverflowError:
        return None


def resolve_dates(spans: list[DateSpan], published: str | None, entry_starts: list[int]) -> list[ResolvedDate]:
    published_day = date.fromisoformat(published) if published else None

    # Per span, what the text gives: a year and a month make an anchor for the dates around it. A bare year
    # ("in 1967") is often history told in passing and anchors nothing; a month and year ("in July 1975")
    # anchors only where no day does.
    parsed: list[tuple[date, str] | None] = []
    for span in spans:
        year = _YEAR.search(span.text)
        if span.written_precision == "year" and year:
            result = (date(int(year.group()), 1, 1), "year")
        elif year:
            result = _parse_with_year(span.text, year)
        else:
            result = None
        parsed.append(result)
    entries = [entry_index(entry_starts, span.start) for span in spans]

    # The first day or month given in full after each span (what a date with nothing before it anchors on),
    # found in one backward pass rather than by a scan of the rest of the article per date.
    following: list[date | None] = [None] * len(spans)
    upcoming = None
    for index in range(len(spans) - 1, -1, -1):
        following[index] = upcoming
        if parsed[index] and parsed[index][1] in {"day", "month"}:
            upcoming = parsed[index][0]

    resolved: list[ResolvedDate] = []
    days_before: list[tuple[int, date]] = []  # days known so far, in text order, with their entries
    last_day_of: dict[int, date] = {}  # entry -> its last day in days_before
    months_before: list[date] = []
    for index, span in enumerate(spans):
        result = parsed[index]
        if result is not None:
            day, precision = result
            resolved.append(ResolvedDate(span.start, span.end, span.text, _iso(day, precision), precision, True))
            if precision == "day":
                days_before.append((entries[index], day))
                last_day_of[entries[index]] = day
            elif precision == "month":
                months_before.append(day)
            continue
        if span.written_precision == "weekday":
            if published_day is not None and (day := _weekday(span.text, published_day)) is not None:
                resolved.append(ResolvedDate(span.start, span.end, span.text, day.isoformat(), "day", True))
            continue
        partial = _parse(f"{_PART_OF_MONTH.sub('', span.text)} {_PLACEHOLDER_YEAR}")
        if partial is None:
            continue
        day, precision = partial
        later = [following[index]] if following[index] is not None else []
        # Only the entry's last day and the article's last day can anchor: passed alone, in text order.
        entry = entries[index]
        recent = ([(entry, last_day_of[entry])] if entry in last_day_of else []) + days_before[-1:]
        anchor = choose_anchor(entry, recent, months_before, later, published_day)
        if anchor is None:
            value = f"--{day.month:02d}-{day.day:02d}" if precision == "day" else f"--{day.month:02d}"
            resolved.append(ResolvedDate(span.start, span.end, span.text, value, precision, False))
            continue
        month_day = day.day if precision == "day" else 1
        year = resolve_year(day.month, month_day, anchor, span.weekday if precision == "day" else None,
                            span.future)
        if not _valid(year, day.month, month_day):
            continue
        full = date(year, day.month, month_day)
        if precision == "day":
            days_before.append((entries[index], full))  # the story's timeline goes on from here
            last_day_of[entries[index]] = full
        resolved.append(ResolvedDate(span.start, span.end, span.text, _iso(full, precision), precision, True))
    return resolved
