"""Stage 5 - dates: date spans -> ISO 8601 values with a precision.

A date written without a year takes it from context: the nearest date before it that gives a year (else the
nearest after it), else the publication date; the year chosen is the one that puts the date closest to that
anchor ("Dec. 3" after "December 2018" is 2018-12-03; "Jan. 7" after "Dec. 20, 2018" is 2019-01-07). With no
anchor at all it keeps the parts the text gives ("--12-03") and is marked unresolved; today's date is never used.
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
    rest = (text[:year.start()] + text[year.end():]).strip(" ,")
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


# News looks back more often than ahead: a date after its anchor counts this much farther away.
FUTURE_WEIGHT = 1.5


def _closest_year(month: int, day: int, anchor: date) -> int:
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            days = (date(year, month, day) - anchor).days
        except ValueError:  # Feb. 29 in a common year
            continue
        candidates.append((days * FUTURE_WEIGHT if days > 0 else -days, year))
    return min(candidates)[1]


def resolve_year(month: int, day: int, same_entry: list[date], published: date | None,
                 before: list[date], after: list[date]) -> int | None:
    """The year of a date written without one: the anchor is the nearest earlier full date in the same entry,
    else the publication date, else the nearest earlier full date in the article, else the nearest later one.
    Of the years around the anchor, the one that puts the date closest to it wins."""
    anchor = (same_entry[-1] if same_entry else published or
              (before[-1] if before else after[0] if after else None))
    return _closest_year(month, day, anchor) if anchor else None


def _weekday(text: str, published: date) -> date:
    """The nearest such weekday on or before the publication date."""
    target = _WEEKDAYS.index(text.lower())
    return published - timedelta(days=(published.weekday() - target) % 7)


def resolve_dates(spans: list[DateSpan], published: str | None, entry_starts: list[int]) -> list[ResolvedDate]:
    published_day = date.fromisoformat(published) if published else None

    # Per span: (entry, date) when the text gives a year and a month. A bare year ("in 1967") is often history
    # told in passing and anchors nothing.
    explicit: list[tuple[int, date] | None] = []
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
        explicit.append((entry_index(entry_starts, span.start), result[0]) if result and result[1] != "year" else None)

    resolved: list[ResolvedDate] = []
    for index, span in enumerate(spans):
        result = parsed[index]
        if result is not None:
            day, precision = result
            resolved.append(ResolvedDate(span.start, span.end, span.text, _iso(day, precision), precision, True))
            continue
        if span.written_precision == "weekday":
            if published_day is not None:
                day = _weekday(span.text, published_day)
                resolved.append(ResolvedDate(span.start, span.end, span.text, day.isoformat(), "day", True))
            continue
        partial = _parse(f"{span.text} {_PLACEHOLDER_YEAR}")
        if partial is None:
            continue
        day, precision = partial
        before = [d for d in explicit[:index] if d]
        after = [d for d in explicit[index + 1:] if d]
        entry = entry_index(entry_starts, span.start)
        year = resolve_year(day.month, day.day if precision == "day" else 1,
                            [d for e, d in before if e == entry], published_day,
                            [d for _, d in before], [d for _, d in after])
        if year is None:
            value = f"--{day.month:02d}-{day.day:02d}" if precision == "day" else f"--{day.month:02d}"
            resolved.append(ResolvedDate(span.start, span.end, span.text, value, precision, False))
            continue
        try:
            full = date(year, day.month, day.day if precision == "day" else 1)
        except ValueError:  # Feb. 29 with no leap year near the anchor
            continue
        resolved.append(ResolvedDate(span.start, span.end, span.text, _iso(full, precision), precision, True))
    return resolved
