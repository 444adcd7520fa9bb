"""Stage 5 - dates: date, time and duration spans -> ISO 8601 values with a precision.

Calendar dates. A date written without a year takes it from an anchor (`choose_anchor`): the day before it in
the same entry, else the publication date, else the article's earlier days, else its later ones; dates
resolved this way anchor the ones after them, as a story's timeline goes on. Of the years around the anchor, a
weekday written beside the date picks the one it fits; against the publication date, a future cue in its
sentence picks the first such day on or after it and a past-tense verb the last one on or before it, as
HeidelTime does for news; otherwise the closest wins (`resolve_year`). With no anchor at all it keeps the parts
the text gives ("--12-03") and is marked unresolved; today's date is never used.

Relative dates ("yesterday", "last May", "three weeks ago", "this quarter", "next summer") are worked out from
the publication date, and anaphoric ones ("a year later", "the following week") from the story's last date
before them, else the publication date; the date they were worked out from is recorded as `anchor`. Without
one they keep what the text gives, with TimeML's X for the rest ("XXXX-XX" for "next month"), unresolved.
Decades and centuries need no anchor ("the 1990s" -> "199"), nor do references ("now" -> "PRESENT_REF").

Times of day go onto the date written with them (else the nearest date in their sentence, else a date of
their own: the publication date, or unresolved) as an ISO time with the zone's UTC offset where the zone is
known. Durations ("six hours and 39 minutes" -> "PT6H39M") and recurrences ("every week" -> "P1W")
are a list of their own.

dateparser parses calendar strings (one `DateDataParser` per process, each distinct string once). Relative
expressions are date arithmetic from the knowledge file instead: dateparser's RELATIVE_BASE is fixed when a
parser is built, and a relative string costs it 0.4-0.6 ms (measured on this machine), about a tenth of an
article's whole budget per expression, with nothing to cache across anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from pipeline.components.date_spans import AMOUNT_SEPARATOR, TEMPORAL, DateSpan
from pipeline.segment import entry_index
from schemas.models import DATE_VALUE

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DATE_VALUE = re.compile(DATE_VALUE)
_PART_OF_MONTH = re.compile(r"^(mid|early|late)\s*-\s*", re.IGNORECASE)  # "mid-February" is February, as written
_MONTH_RANGE = re.compile(r"^([A-Z][a-z]+\.?)\s*[-–]\s*[A-Z][a-z]+\.?$")
# Any leap year: parses "Feb. 29" when no year is known, and is never shown to the user.
_PLACEHOLDER_YEAR = 2000

MONTH_NUMBERS = {**TEMPORAL["months"], **TEMPORAL["month_abbreviations"],
                 **{m.upper(): n for m, n in TEMPORAL["months"].items()}}
WEEKDAY_NUMBERS = {w.lower(): n for w, n in TEMPORAL["weekdays"].items()}
SEASONS = TEMPORAL["seasons"]
SEASON_START = TEMPORAL["season_start_month"]
PARTS_OF_DAY = TEMPORAL["parts_of_day"]
NAMED_TIMES = TEMPORAL["named_times"]
MODIFIERS = {" ".join(k.split()): v for k, v in TEMPORAL["modifiers"].items()}
RELATIONS = TEMPORAL["relations"]
DEICTIC_DAYS = TEMPORAL["deictic_days"]
ANAPHORIC_RELATIONS = {" ".join(k.split()): v for k, v in TEMPORAL["anaphoric_relations"].items()}
REFERENCES = {" ".join(w.split()).lower(): ref for ref, words in TEMPORAL["references"].items() for w in words}
UNITS = TEMPORAL["units"]
# one further amount of a compound length, as date_spans found it: ", 55 minutes", " and 9 minutes", ", 39-minute"
_FURTHER_AMOUNT = re.compile(AMOUNT_SEPARATOR + r"(?P<num>.+?)[-\s]+(?P<unit>"
                             + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")\b", re.IGNORECASE)
TIME_UNITS = set(TEMPORAL["time_units"])
NUMBERS = {" ".join(k.split()): v for k, v in TEMPORAL["numbers"].items()}
VAGUE_NUMBERS = {" ".join(w.split()) for w in TEMPORAL["vague_numbers"]}
ORDINALS = {" ".join(k.split()).replace(" ", "-"): v for k, v in TEMPORAL["ordinals"].items()}
DECADE_WORDS = TEMPORAL["decade_words"]
RECURRENCES = TEMPORAL["recurrences"]
FIXED_ZONES = TEMPORAL["zones"]["fixed"]
NAMED_ZONES = {" ".join(k.split()).lower(): v for k, v in TEMPORAL["zones"]["named"].items()}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}


@dataclass(frozen=True)
class TimeOfDay:
    start: int
    end: int
    text: str
    value: str  # "19:27", "19:27-05:00" (ISO 8601), or a part of the day as TimeML writes it: MO, AF, EV, NI
    zone: str | None = None  # the zone as written ("EST", "Baikonur time")


@dataclass(frozen=True)
class ResolvedDate:
    start: int
    end: int
    text: str
    value: str
    precision: str  # day | week | weekend | month | season | quarter | half | year | decade | century | vague
    resolved: bool
    kind: str = "calendar"  # calendar | weekday | relative | season | quarter | decade | century | reference | time
    modifier: str | None = None  # early | mid | late
    anchor: str | None = None  # the day the value was worked out from, when it was
    time: TimeOfDay | None = None
    end_value: str | None = None  # the last day of a range ("June 5-6")


@dataclass(frozen=True)
class ResolvedDuration:
    start: int
    end: int
    text: str
    value: str  # ISO 8601 duration ("PT6H39M"); X where the text gives no number ("PXY" for "years")
    kind: str = "duration"  # duration | recurrence
    modifier: str | None = None  # "about", "more than" ... as written


class ResolvedDates(list):
    """The stage's result: the dates in text order (a list of `ResolvedDate`, as the stages after it read it)
    and, beside them, the durations and recurrences found in the same text."""

    def __init__(self, dates: list[ResolvedDate], durations: list[ResolvedDuration] | None = None) -> None:
        super().__init__(dates)
        self.durations: list[ResolvedDuration] = list(durations or [])


@lru_cache(maxsize=1)
def date_parser() -> DateDataParser:
    """One parser per process: building a parser per call costs tens of milliseconds. It compiles its
    expressions on first use (a tenth of a second), so it parses one date here, with the build, rather than in
    the first article."""
    parser = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    parser.get_date_data("March 5")
    return parser


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


PUBLICATION_LAG = 3  # days before the publication date that a future cue still counts as the coming one
SENTENCE_CHARS = 400  # farther apart than this, a time and a date are not of one sentence
QUARTER_VIEW = 600  # characters after a quarter is spoken of in which "a year ago" means that quarter a year before


@dataclass(frozen=True)
class Anchor:
    day: date
    narrative: bool  # an article date (the story's own timeline), not the publication date


def resolve_year(month: int, day: int, anchor: Anchor, weekday: int | None = None, future: bool = False,
                 tense: str | None = None, whole_month: bool = False, published: date | None = None) -> int:
    """The year of a date written without one, from its anchor. A weekday written with it ("Tuesday,
    March 19") picks the years where it fits. Against the publication date, a future cue in its sentence
    ("will launch", "no later than") picks the first such day on or after it, and a past-tense verb ("landed")
    the last one on or before it (when they disagree, neither does); otherwise the year that puts it closest
    to the anchor. Against a story's own day, the tense still rules out the years on the wrong side of the
    PUBLISHED date ("stepped down in March" is no March after the story was written). WHOLE_MONTH: the date
    is a month ("in August"), which is not past while it lasts."""
    base = anchor.day.year
    years = range(base - 1, base + 2)
    if weekday is not None:
        fitting = [y for y in range(base - WEEKDAY_YEARS, base + WEEKDAY_YEARS + 1)
                   if _valid(y, month, day) and date(y, month, day).weekday() == weekday]
        years = fitting or years
    candidates = [(date(y, month, day), y) for y in years if _valid(y, month, day)]
    if not candidates:
        return base
    if anchor.narrative and published is not None:
        lag = timedelta(days=PUBLICATION_LAG)
        if tense == "past" and not future:
            candidates = [c for c in candidates if c[0] <= published + lag] or candidates
    if not anchor.narrative:  # the tense looks from the day it was written, not from a story's
        near = [c for c in candidates if abs((c[0] - anchor.day).days) <= 366 + 31]
        if (future and tense != "past") or (tense == "future" and not future):
            # a day just before the publication date is still the one meant: news is published a day or so late
            ahead = [c for c in near if (_month_end(c[0]) if whole_month else c[0] + timedelta(days=PUBLICATION_LAG))
                     >= anchor.day]
            if ahead:
                return min(ahead)[1]
        elif tense == "past" and not future:
            behind = [c for c in near if c[0] <= anchor.day]
            if behind:
                return max(behind)[1]
    weight = NARRATIVE_FUTURE_WEIGHT if anchor.narrative else PUBLISHED_FUTURE_WEIGHT
    return min(candidates, key=lambda c: ((c[0] - anchor.day).days * weight if c[0] > anchor.day
                                          else (anchor.day - c[0]).days, c[1]))[1]


def _month_end(day: date) -> date:
    return _add_months(day.replace(day=1), 1) - timedelta(days=1)


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


# -- arithmetic on dates --------------------------------------------------------------------------------------

def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = [31, 29 if _valid(year, 2, 29) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]
    return date(year, month + 1, min(day.day, last))


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shift(day: date, amount: float, unit: str) -> tuple[str, str]:
    """The day AMOUNT units from DAY, as a value at the unit's precision: (value, precision)."""
    whole = round(amount)
    if unit == "D":
        return (day + timedelta(days=whole)).isoformat(), "day"
    if unit == "W":
        return _week(day + timedelta(weeks=whole)), "week"
    if unit == "2W":
        return _week(day + timedelta(weeks=2 * whole)), "week"
    if unit == "M":
        return _add_months(day, round(amount * 1)).isoformat()[:7], "month"
    if unit == "Q":
        year, quarter = _quarter(_add_months(day, 3 * whole))
        return f"{year}-Q{quarter}", "quarter"
    if unit == "Y":
        if amount != whole:
            return _add_months(day, round(amount * 12)).isoformat()[:7], "month"
        return str(day.year + whole), "year"
    if unit == "DE":
        return str(day.year + 10 * whole)[:3], "decade"
    if unit == "CE":
        return str(day.year + 100 * whole)[:2], "century"
    return day.isoformat(), "day"  # hours, minutes: the day they fall on


def _number(text: str | None) -> float | None:
    """ "27", "twenty four", "2 1/2", "a couple of", "two and a half" -> the number; None for "several"."""
    if text is None:
        return 1.0
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    for suffix in (" 1/2", " and a half", "½", " ½"):
        if words.endswith(suffix.strip() if suffix == "½" else suffix):
            words, half = words[: -len(suffix.strip() if suffix == "½" else suffix)].strip(), 0.5
            break
    if words in VAGUE_NUMBERS:
        return None
    if not words:
        return half or None
    try:
        return float(words.replace(",", "")) + half
    except ValueError:
        pass
    if words in NUMBERS:
        return NUMBERS[words] + half
    parts = words.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBERS and NUMBERS[parts[1]] < 10:
        return _TENS[parts[0]] + NUMBERS[parts[1]] + half
    return None


_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("TM", 60), "TM": ("S", 60)}
_DATE_UNITS = ["Y", "M", "W", "D"]
_TIME_UNITS = ["H", "TM", "S"]


def _duration_value(amounts: list[tuple[float | None, str, bool]]) -> str:
    """ISO 8601 duration from (amount, unit code, is a time unit) parts: [(6, H), (39, M)] -> "PT6H39M";
    a fraction goes to the next smaller unit ("2 1/2 years" -> "P2Y6M"); no number gives TimeML's X."""
    totals: dict[str, float | None] = {}
    for amount, unit, is_time in amounts:
        code = "TM" if unit == "M" and is_time else unit
        if unit == "DE":
            code, amount = "Y", None if amount is None else amount * 10
        elif unit == "CE":
            code, amount = "Y", None if amount is None else amount * 100
        elif unit == "2W":
            code, amount = "W", None if amount is None else amount * 2
        elif unit == "Q":
            code, amount = "M", None if amount is None else amount * 3
        if amount is None:
            totals[code] = None
            continue
        whole = int(amount)
        totals[code] = (totals.get(code) or 0) + whole
        rest = amount - whole
        if rest and code in _SMALLER:
            smaller, factor = _SMALLER[code]
            totals[smaller] = (totals.get(smaller) or 0) + round(rest * factor)
    date_part = "".join(f"{'X' if totals[c] is None else int(totals[c])}{c}" for c in _DATE_UNITS if c in totals)
    time_part = "".join(f"{'X' if totals[c] is None else int(totals[c])}{c[-1]}" for c in _TIME_UNITS
                        if c in totals)
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def _year_number(text: str | None) -> int | None:
    """ "1989", "nineteen ninety-six", "two thousand and one" -> the year; None for anything else."""
    if not text:
        return None
    text = text.strip()
    if text.isdigit():
        return int(text) if len(text) == 4 else None
    words = " ".join(text.lower().replace("-", " ").split()).split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        number = _number(" ".join(rest)) if rest else 0
        return 2000 + int(number) if number is not None and number < 100 else None
    if len(words) >= 2 and words[0] in {"eighteen", "nineteen"}:
        century = 1800 if words[0] == "eighteen" else 1900
        rest = words[1:]
        if rest == ["hundred"]:
            return century
        if rest[0] == "o":
            rest = rest[1:]
        number = _number(" ".join(rest))
        return century + int(number) if number is not None and number < 100 else None
    return None


def _modifier(text: str | None) -> str | None:
    if not text:
        return None
    return MODIFIERS.get(" ".join(text.lower().replace("-", " ").split()))


def _zone_offset(zone: str | None, day: date | None) -> str | None:
    """The UTC offset of a zone as written: fixed for "EST", from the IANA database at DAY for "Eastern
    time" or "Baikonur time" (none without a day)."""
    if not zone:
        return None
    if zone in FIXED_ZONES:
        return FIXED_ZONES[zone]
    name = NAMED_ZONES.get(" ".join(zone.lower().split()))
    if not name or day is None:
        return None
    try:
        from zoneinfo import ZoneInfo

        offset = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(name)).utcoffset()
    except Exception:  # noqa: BLE001 - a zone the system's database lacks gives no offset, never an error
        return None
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# -- the stage ------------------------------------------------------------------------------------------------

class _Resolver:
    """One article's dates in text order, with what earlier ones established (the story's days, the last date
    and quarter mentioned)."""

    def __init__(self, spans: list[DateSpan], published: str | None, entry_starts: list[int]) -> None:
        self.spans = spans
        self.published = date.fromisoformat(published) if published else None
        self.entry_starts = entry_starts
        self.entries = [entry_index(entry_starts, span.start) for span in spans]
        self.days_before: list[tuple[int, date]] = []  # days known so far, in text order, with their entries
        self.last_day_of: dict[int, date] = {}  # entry -> its last day in days_before
        self.months_before: list[date] = []
        self.last_day: date | None = None  # the story's last date so far, any precision, as a day
        self.last_exact_day: tuple[date, int] | None = None  # the story's last date given to the day, its entry
        self.last_quarter: tuple[int, int] | None = None
        self.last_quarter_at = -1  # where the story last spoke of a quarter
        self.dates: list[ResolvedDate] = []
        self.durations: list[ResolvedDuration] = []
        self.times: list[tuple[DateSpan, TimeOfDay]] = []

    # Calendar dates from the token patterns, as before: their year from the text or from an anchor.
    def calendar_parse(self) -> list[tuple[date, str] | None]:
        parsed: list[tuple[date, str] | None] = []
        for span in self.spans:
            year = _YEAR.search(span.text)
            if span.parts:
                result = None
            elif span.written_precision == "year" and year:
                result = (date(int(year.group()), 1, 1), "year")
            elif span.written_precision in {"day", "month"} and year:
                result = _parse_with_year(span.text, year)
            else:
                result = None
            parsed.append(result)
        return parsed

    def run(self) -> ResolvedDates:
        self.parsed = self.calendar_parse()
        # The first day or month given in full after each span, in one backward pass.
        self.following: list[date | None] = [None] * len(self.spans)
        upcoming = None
        for index in range(len(self.spans) - 1, -1, -1):
            self.following[index] = upcoming
            if self.parsed[index] and self.parsed[index][1] in {"day", "month"}:
                upcoming = self.parsed[index][0]
        for index, span in enumerate(self.spans):
            label = span.written_precision
            if span.parts and label in _FAMILY_HANDLERS:
                name = _FAMILY_HANDLERS[label]
            elif label in {"day", "month", "year"}:
                name = "_calendar"
            else:
                name = f"_{label}"
            handler = getattr(self, name, None)
            if handler is None:
                continue
            try:
                handler(index, span)
            except (OverflowError, ValueError):  # arithmetic beyond year 1 or 9999 (a publication date near them)
                continue
        self._attach_times()
        self.dates.sort(key=lambda d: (d.start, d.end))
        self.durations.sort(key=lambda d: (d.start, d.end))
        return ResolvedDates(self.dates, self.durations)

    # -- helpers

    def _add(self, span: DateSpan, value: str, precision: str, resolved: bool, kind: str,
             modifier: str | None = None, anchor: date | None = None, time: TimeOfDay | None = None,
             end_value: str | None = None, day: date | None = None) -> None:
        if not _DATE_VALUE.match(value) or (end_value is not None and not _DATE_VALUE.match(end_value)):
            return  # beyond the years 1-9999 that ISO 8601 writes in four digits (a publication date near them)
        self.dates.append(ResolvedDate(span.start, span.end, span.text, value, precision, resolved, kind,
                                       modifier, anchor.isoformat() if anchor else None, time, end_value))
        if day is not None and resolved:
            self.last_day = day
            if precision == "day":
                self.last_exact_day = (day, entry_index(self.entry_starts, span.start))

    def _anchor(self, index: int) -> Anchor | None:
        """Only the entry's last day and the article's last day can anchor (passed alone, in text order), and
        the first day or month given in full after the span: each found without a scan of the article."""
        entry = self.entries[index]
        recent = ([(entry, self.last_day_of[entry])] if entry in self.last_day_of else []) + self.days_before[-1:]
        later = [self.following[index]] if self.following[index] is not None else []
        return choose_anchor(entry, recent, self.months_before[-1:], later, self.published)

    def _story_day(self, index: int, day: date) -> None:
        """A day of the story's timeline, which later dates without a year count from."""
        self.days_before.append((self.entries[index], day))
        self.last_day_of[self.entries[index]] = day

    def _spoke_of_quarter(self, span: DateSpan, quarter: tuple[int, int]) -> None:
        self.last_quarter, self.last_quarter_at = quarter, span.start

    def _quarter_in_view(self, span: DateSpan) -> bool:
        """Whether the story spoke of a quarter in this sentence or the few before: "a year ago" then means
        that quarter a year before, as in a company's quarterly results."""
        return self.last_quarter is not None and 0 <= span.start - self.last_quarter_at <= QUARTER_VIEW

    def _reference(self, index: int, unit: str = "Y") -> date | None:
        """Where an anaphoric date counts from: the story's last date ("a year later"); for a day or a week
        ("the next day", "two days later") its last day, told in this paragraph or the one before (not
        "November 1984" named in passing, nor a day pages back); else the publication date."""
        if unit in {"D", "W", "2W"}:
            if self.last_exact_day is not None and self.last_exact_day[1] >= self.entries[index] - 1:
                return self.last_exact_day[0]
            return self.published
        return self.last_day or self.published

    def _part_of_day(self, span: DateSpan) -> TimeOfDay | None:
        part = span.parts.get("part")
        if not part:
            return None
        at = span.text.lower().rfind(part.lower())
        start = span.start + at
        return TimeOfDay(start, start + len(part), span.text[at:at + len(part)], PARTS_OF_DAY[part.lower()])

    # -- calendar

    def _calendar(self, index: int, span: DateSpan) -> None:
        result = self.parsed[index]
        modifier = _modifier(m.group(1)) if (m := _PART_OF_MONTH.match(span.text)) else None
        if result is not None:
            day, precision = result
            self._add(span, _iso(day, precision), precision, True, "calendar", modifier, day=day)
            if precision == "day":
                self._story_day(index, day)
            elif precision == "month":
                self.months_before.append(day)
            return
        partial = _parse(f"{_PART_OF_MONTH.sub('', span.text)} {_PLACEHOLDER_YEAR}")
        if partial is None:
            return
        day, precision = partial
        self._yearless(index, span, day.month, day.day if precision == "day" else None, modifier)

    def _yearless(self, index: int, span: DateSpan, month: int, day_of_month: int | None,
                  modifier: str | None, end_value: tuple[int, int] | None = None) -> None:
        precision = "day" if day_of_month else "month"
        anchor = self._anchor(index)
        if anchor is None:
            value = f"--{month:02d}-{day_of_month:02d}" if day_of_month else f"--{month:02d}"
            self._add(span, value, precision, False, "calendar", modifier)
            return
        month_day = day_of_month or 1
        if span.range_year is not None and _valid(span.range_year, month, month_day):
            year, worked_from = span.range_year, None  # "from September to November 2014": the range's year
        else:
            year = resolve_year(month, month_day, anchor, span.weekday if day_of_month else None, span.future,
                                span.tense, whole_month=not day_of_month, published=self.published)
            worked_from = anchor.day
        if not _valid(year, month, month_day):
            return
        full = date(year, month, month_day)
        if day_of_month:
            self._story_day(index, full)  # the story's timeline goes on from here
        end = self._end_value(full, end_value)
        self._add(span, _iso(full, precision), precision, True, "calendar", modifier, worked_from, day=full,
                  end_value=end)

    @staticmethod
    def _end_value(first: date, last: tuple[int, int] | None) -> str | None:
        if last is None:
            return None
        month, day = last
        year = first.year + (1 if month < first.month else 0)
        return date(year, month, day).isoformat() if _valid(year, month, day) else None

    def _range(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        month = MONTH_NUMBERS[parts["month"]]
        first_day = int(re.match(r"\d+", parts["day"]).group())
        last_month = MONTH_NUMBERS[parts["month2"]] if "month2" in parts else month
        last_day = int(re.match(r"\d+", parts["day2"]).group())
        if not _valid(_PLACEHOLDER_YEAR, month, first_day) or not _valid(_PLACEHOLDER_YEAR, last_month, last_day):
            return
        if "year" in parts:
            year = _year_number(parts["year"])
            if year is None or not _valid(year, month, first_day):
                return
            first = date(year, month, first_day)
            self._story_day(index, first)
            self._add(span, first.isoformat(), "day", True, "calendar", day=first,
                      end_value=self._end_value(first, (last_month, last_day)))
            return
        self._yearless(index, span, month, first_day, None, (last_month, last_day))

    def _relation_month(self, month: int, day_of_month: int | None, relation: int, base: date) -> date | None:
        """ "last May" / "next May" / "this May" from BASE: the latest such month before it, the first after
        it, or the one of its year."""
        day = day_of_month or 1
        for year in ([base.year, base.year - 1] if relation < 0 else [base.year, base.year + 1] if relation > 0
                     else [base.year]):
            if not _valid(year, month, day):
                continue
            candidate = date(year, month, day)
            if relation < 0 and (candidate < base if day_of_month else (year, month) < (base.year, base.month)):
                return candidate
            if relation > 0 and (candidate > base if day_of_month else (year, month) > (base.year, base.month)):
                return candidate
            if relation == 0:
                return candidate
        return None

    def _month_family(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        month = MONTH_NUMBERS.get(parts["month"])
        if month is None:
            return
        day_of_month = int(re.match(r"\d+", parts["day"]).group()) if "day" in parts else None
        if day_of_month and not _valid(_PLACEHOLDER_YEAR, month, day_of_month):
            return
        precision = "day" if day_of_month else "month"
        modifier = _modifier(parts.get("mod"))
        if (year := _year_number(parts.get("year"))) is not None:
            if not _valid(year, month, day_of_month or 1):
                return
            full = date(year, month, day_of_month or 1)
            self._add(span, _iso(full, precision), precision, True, "calendar", modifier, day=full)
            return
        relation = parts.get("rel") or parts.get("yrel")
        if relation is None:
            self._yearless(index, span, month, day_of_month, modifier)
            return
        offset = RELATIONS.get(relation.lower().split()[-1], 0)
        if self.published is None:
            value = f"--{month:02d}-{day_of_month:02d}" if day_of_month else f"--{month:02d}"
            self._add(span, value, precision, False, "calendar", modifier)
            return
        if "yrel" in parts:  # "May last year"
            year = self.published.year + offset
            if not _valid(year, month, day_of_month or 1):
                return
            full = date(year, month, day_of_month or 1)
        else:
            full = self._relation_month(month, day_of_month, offset, self.published)
            if full is None:
                return
        self._add(span, _iso(full, precision), precision, True, "calendar", modifier, self.published, day=full)

    def _year_family(self, index: int, span: DateSpan) -> None:
        year = _year_number(span.parts["year"])
        if year is None:
            return
        self._add(span, str(year), "year", True, "calendar", _modifier(span.parts.get("mod")),
                  day=date(year, 1, 1))

    # -- weekdays, deictic words, references

    @staticmethod
    def _weekday_date(weekday: int, relation: str | None, span: DateSpan, base: date) -> date:
        """A weekday from the day it was written: "last Friday" the one before it, "next Friday" the one after;
        a bare "Friday" the one after only when its sentence looks ahead before it and the verb nearest it is
        in the future ("will meet Friday"), else the one on or before it: news reports what happened."""
        back = (base.weekday() - weekday) % 7
        forward = (weekday - base.weekday()) % 7
        if relation in {"last", "this past"}:
            return base - timedelta(days=back or 7)
        if relation in {"next", "this coming"}:
            return base + timedelta(days=forward or 7)
        if (span.future and span.tense == "future") or (relation == "this" and span.tense != "past"):
            return base + timedelta(days=forward)
        return base - timedelta(days=back)

    def _weekday_family(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        weekday = WEEKDAY_NUMBERS[parts["weekday"].lower()]
        if "plural" in parts:  # "on Mondays"
            self.durations.append(ResolvedDuration(span.start, span.end, span.text, f"XXXX-WXX-{weekday + 1}",
                                                   "recurrence"))
            return
        if self.published is None:
            return  # a weekday alone says nothing without the day it was written
        relation = parts.get("rel", "").lower() or None
        modifier = _modifier(relation) if relation in {"early", "late", "earlier", "later"} else None
        if modifier:
            relation = None
        day = self._weekday_date(weekday, relation, span, self.published)
        self._add(span, day.isoformat(), "day", True, "weekday", modifier, self.published,
                  self._part_of_day(span), day=day)

    def _deictic(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        time = self._part_of_day(span)
        offset = 0
        if "day" in parts:
            word = parts["day"].lower()
            offset = DEICTIC_DAYS[word]
            if word == "tonight":
                at = span.text.lower().rfind("tonight")
                time = TimeOfDay(span.start + at, span.start + at + 7, span.text[at:at + 7], "NI")
        elif parts.get("rel", "").lower() == "last":  # "last night"
            offset = -1
        modifier = _modifier(parts.get("mod"))
        if self.published is None:
            self._add(span, "XXXX-XX-XX", "day", False, "relative", modifier, time=time)
            return
        day = self.published + timedelta(days=offset)
        self._add(span, day.isoformat(), "day", True, "relative", modifier, self.published, time, day=day)

    def _reference_family(self, index: int, span: DateSpan) -> None:
        value = REFERENCES.get(" ".join(span.parts["ref"].lower().split()))
        if value:
            self._add(span, value, "vague", True, "reference")

    # -- relative units, offsets, quarters, seasons, decades, centuries

    def _relative(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        modifier = _modifier(parts.get("mod"))
        if "unit" not in parts:  # "year-end", "by year's end"
            if self.published is None:
                self._add(span, "XXXX", "year", False, "relative", "late")
            else:
                self._add(span, str(self.published.year), "year", True, "relative", "late", self.published)
            return
        unit = " ".join(parts["unit"].lower().split())
        relation = " ".join(parts.get("rel", "this").lower().split())
        anaphoric = relation in ANAPHORIC_RELATIONS
        offset = ANAPHORIC_RELATIONS.get(relation, RELATIONS.get(relation.split()[-1], 0))
        if relation in {"the", "that", "that same", "the same"}:
            offset = 0
        if relation in {"the latest", "the most recent"}:
            offset = -1
        precision = {"week": "week", "weekend": "weekend", "month": "month", "year": "year", "fiscal year": "year",
                     "full year": "year", "decade": "decade", "half": "half", "quarter": "quarter"}.get(unit, "day")
        # "the next day" counts from the story's last day; "the following year" from its last date
        base = (self._reference(index, "D" if precision in {"day", "week", "weekend"} else "Y") if anaphoric
                else self.published)
        if base is None:
            unknown = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
                       "decade": "XXX", "half": "XXXX-HX", "quarter": "XXXX-QX", "day": "XXXX-XX-XX"}[precision]
            self._add(span, unknown, precision, False, "relative", modifier)
            return
        time = None
        if unit == "week":
            value = _week(base + timedelta(weeks=offset))
        elif unit == "weekend":
            saturday = base + timedelta(days=(5 - base.weekday()) % 7)
            if relation in {"last", "this past", "the previous"} or (relation in {"the", "this"}
                                                                      and span.tense == "past"):
                saturday = base - timedelta(days=(base.weekday() - 5) % 7 or 7)
            elif relation in {"next", "the following"}:
                saturday += timedelta(weeks=1) if saturday > base else timedelta(0)
            value = _week(saturday) + "-WE"
        elif unit == "month":
            value = _add_months(base, offset).isoformat()[:7]
        elif unit in {"year", "fiscal year", "full year"}:
            value = str(base.year + offset)
        elif unit == "decade":
            value = str(base.year + 10 * offset)[:3]
        elif unit == "quarter":
            year, quarter = _quarter(_add_months(base, 3 * offset))
            value = f"{year}-Q{quarter}"
        elif unit == "half":
            half = 1 if base.month <= 6 else 2
            count = base.year * 2 + half - 1 + offset
            value = f"{count // 2}-H{count % 2 + 1}"
        else:  # a day, or a part of one: "that day", "the next morning"
            day = base + timedelta(days=offset)
            value = day.isoformat()
            if unit in PARTS_OF_DAY:
                at = span.text.lower().rfind(unit)
                time = TimeOfDay(span.start + at, span.start + at + len(unit), span.text[at:at + len(unit)],
                                 PARTS_OF_DAY[unit])
        self._add(span, value, precision, True, "relative", modifier, base, time)

    def _offset(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        unit = UNITS.get(parts["unit"].lower(), "Y")
        word = " ".join(parts.get("offset", "ago").lower().split())
        direction = -1 if word in {"ago", "earlier", "before"} else 1
        deictic = word in {"ago", "from now", "hence"}
        amount = _number(parts.get("num"))
        if "num" not in parts:  # "year-ago", "year-earlier": the period a year before the one spoken of
            amount = 1.0
        if parts["unit"].lower() in TIME_UNITS:
            unit = "D"
            amount = 0.0
        base = self.published if deictic else self._reference(index, unit)
        if unit == "Y" and amount == 1 and self._quarter_in_view(span):
            # "up from $2 million a year ago" after a quarter's results: that quarter of the year before
            year, quarter = self.last_quarter
            self._add(span, f"{year - 1}-Q{quarter}", "quarter", True, "relative", anchor=base)
            return
        if amount is None:  # "several years ago"
            self._add(span, "PAST_REF" if direction < 0 else "FUTURE_REF", "vague", True, "relative")
            return
        if base is None:
            precision = {"D": "day", "W": "week", "2W": "week", "M": "month", "Q": "quarter", "Y": "year",
                         "DE": "decade", "CE": "century"}.get(unit, "year")
            unknown = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
                       "year": "XXXX", "decade": "XXX", "century": "XX"}[precision]
            self._add(span, unknown, precision, False, "relative")
            return
        value, precision = _shift(base, direction * amount, unit)
        self._add(span, value, precision, True, "relative", anchor=base)

    def _quarter_family(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        unit = parts["unit"].lower()
        base = self.published or self.last_day
        if "ord" in parts:
            number = ORDINALS.get(parts["ord"].lower(), 1)
            if unit == "half" and number > 2 or unit != "half" and number > 4:
                return
            year: int | None = None
            for key in ("year", "qyear"):
                if key in parts and (found := _year_number(parts[key].split("'")[0].split("’")[0])):
                    year = found
            relative = parts.get("yrel") or (parts["qyear"].split()[0] if "qyear" in parts
                                             and not parts["qyear"][:1].isdigit() else None)
            anchor = None
            if year is None and relative is not None and self.published is not None:
                year, anchor = self.published.year + RELATIONS.get(relative.lower(), 0), self.published
            elif year is None and base is not None:
                year, anchor = base.year, base
            letter = "H" if unit == "half" else "Q"
            if year is None:
                self._add(span, f"XXXX-{letter}{number}", unit if unit == "half" else "quarter", False, "quarter")
                return
            if "ago" in parts or "ago2" in parts:  # "the year-ago third quarter", "the third quarter a year ago"
                year -= 1
            elif letter == "Q":
                self._spoke_of_quarter(span, (year, number))
            self._add(span, f"{year}-{letter}{number}", "half" if letter == "H" else "quarter", True, "quarter",
                      anchor=anchor)
            return
        relation = " ".join((parts.get("qrel") or parts.get("qrel2") or "").lower().split())
        if relation in {"year-ago", "year-earlier", "prior-year", "year-before", "last year's", "the year-ago",
                        "the year-earlier"} or "ago2" in parts:
            reference = self.last_quarter or (_quarter(_add_months(base, -3)) if base else None)
            if reference is None:
                self._add(span, "XXXX-QX", "quarter", False, "quarter")
                return
            self._add(span, f"{reference[0] - 1}-Q{reference[1]}", "quarter", True, "quarter", anchor=base)
            return
        if unit == "half":
            return
        ended = self._end_of_period(index, span)
        if ended is not None:  # "the quarter ended Sept. 30": the quarter that day closes
            self._spoke_of_quarter(span, ended)
            self._add(span, f"{ended[0]}-Q{ended[1]}", "quarter", True, "quarter", anchor=base)
            return
        if base is None:
            self._add(span, "XXXX-QX", "quarter", False, "quarter")
            return
        if relation in {"this", "current"}:
            year, quarter = _quarter(base)
        elif relation == "next":
            year, quarter = _quarter(_add_months(base, 3))
        elif relation == "last" or relation in {"latest", "most recent", "just-ended", "recent", "previous",
                                                "past", "final"} or self.last_quarter is None:
            year, quarter = _quarter(_add_months(base, -3))  # the quarter just reported
        else:  # "the quarter", "the same quarter": the one the story is about
            year, quarter = self.last_quarter
        self._spoke_of_quarter(span, (year, quarter))
        self._add(span, f"{year}-Q{quarter}", "quarter", True, "quarter", anchor=base)

    def _end_of_period(self, index: int, span: DateSpan) -> tuple[int, int] | None:
        """The quarter closed by the date written right after "ended"/"ending" ("the quarter ended Sept. 30"):
        its year as written, else that of the publication date or the story's last date."""
        if "ended" not in span.parts or index + 1 >= len(self.spans):
            return None
        following = self.spans[index + 1]
        words = following.text.replace(",", " ").split()
        month = MONTH_NUMBERS.get(words[0]) if words else None
        if month is None or following.start - span.end > 12:
            return None
        year = next((y for w in words[1:] if (y := _year_number(w)) is not None), None)
        base = self.published or self.last_day
        if year is None and base is not None:
            year = base.year if month <= base.month + 1 else base.year - 1
        return (year, (month - 1) // 3 + 1) if year is not None else None

    def _season(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        code = SEASONS[parts["season"].lower()]
        modifier = _modifier(parts.get("mod"))
        if (year_written := _year_number(parts.get("year"))) is not None:
            self._add(span, f"{year_written}-{code}", "season", True, "season", modifier)
            return
        relation = " ".join(parts.get("rel", "the").lower().split())
        base = self.published if relation != "the" else (self.published or self.last_day)
        if base is None:
            self._add(span, f"XXXX-{code}", "season", False, "season", modifier)
            return
        start_month = SEASON_START[code]

        def start_of(year: int) -> date:
            return date(year, start_month, 1)

        def end_of(year: int) -> date:
            return _add_months(start_of(year), 3) - timedelta(days=1)

        years = [base.year - 2, base.year - 1, base.year, base.year + 1]
        current = [y for y in years if start_of(y) <= base <= end_of(y)]
        if relation in {"last", "this past", "the past"}:
            year = max(y for y in years if end_of(y) < base)
        elif relation in {"next", "this coming", "the coming"}:
            year = min(y for y in years if start_of(y) > base)
        elif relation == "this":  # "this summer": the one of the year written in (this winter began in December)
            year = current[0] if current else base.year
        elif span.tense == "past":
            year = max(y for y in years if start_of(y) <= base)
        elif span.tense == "future" or span.future:
            year = min(y for y in years if end_of(y) >= base)
        else:
            year = current[0] if current else (base.year - 1 if code == "WI" and base.month < 3 else base.year)
        self._add(span, f"{year}-{code}", "season", True, "season", modifier, base)

    def _decade(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        modifier = _modifier(parts.get("mod"))
        if "decade" in parts:
            self._add(span, parts["decade"][:3], "decade", True, "decade", modifier)
            return
        digit = int(parts["short"][0]) if "short" in parts else DECADE_WORDS[parts["word"].lower()]
        base = self.published or self.last_day
        if base is None:
            self._add(span, f"XX{digit}", "decade", False, "decade", modifier)
            return
        century = base.year // 100 if digit * 10 <= base.year % 100 else base.year // 100 - 1
        self._add(span, f"{century}{digit}", "decade", True, "decade", modifier, base)

    def _century(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        modifier = _modifier(parts.get("mod"))
        if "ord" in parts:
            number = ORDINALS.get(" ".join(parts["ord"].lower().replace("-", " ").split()).replace(" ", "-"))
            if number is None:
                return
            self._add(span, f"{number - 1:02d}", "century", True, "century", modifier)
            return
        relation = " ".join(parts["rel"].lower().split())
        base = self.published or self.last_day
        if base is None:
            self._add(span, "XX", "century", False, "century", modifier)
            return
        offset = {"new": 0, "coming": 1}.get(relation.split()[-1], RELATIONS.get(relation.split()[-1], 0))
        self._add(span, f"{base.year // 100 + offset:02d}", "century", True, "century", modifier, base)

    # -- durations, recurrences, times

    def _duration(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        unit_word = parts["unit"].lower()
        unit = UNITS.get(unit_word)
        if unit is None:
            return
        if "x" in parts or "vague" in parts or ("num" not in parts and parts.get("suffix", "").lower() == "long"
                            and unit_word.endswith("s")):
            value = _duration_value([(None, unit, unit_word in TIME_UNITS)])
        else:
            amount = _number(parts.get("num")) if "num" in parts else 1.0
            if "half" in parts and amount is not None:
                amount += 0.5
            amounts = [(amount, unit, unit_word in TIME_UNITS)]
            for more in _FURTHER_AMOUNT.finditer(parts.get("more", "")):
                word = more.group("unit").lower()
                amounts.append((_number(more.group("num")), UNITS.get(word, "D"), word in TIME_UNITS))
            value = _duration_value(amounts)
        approx = parts.get("approx")
        self.durations.append(ResolvedDuration(span.start, span.end, span.text, value, "duration",
                                               " ".join(approx.lower().split()) if approx else None))

    def _set(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        if "rec" in parts:
            value = RECURRENCES[parts["rec"].lower()]
        else:
            word = parts["unit"]
            lower = word.lower()
            if lower in UNITS:
                amount = _number(parts.get("num")) if "num" in parts else 1.0
                if "other" in parts and amount is not None:
                    amount *= 2
                value = _duration_value([(amount, UNITS[lower], lower in TIME_UNITS)])
            elif lower in WEEKDAY_NUMBERS:
                value = f"XXXX-WXX-{WEEKDAY_NUMBERS[lower] + 1}"
            elif word in MONTH_NUMBERS:
                value = f"XXXX-{MONTH_NUMBERS[word]:02d}"
            elif lower in PARTS_OF_DAY:
                value = f"XXXX-XX-XXT{PARTS_OF_DAY[lower]}"
            elif lower in SEASONS:
                value = f"XXXX-{SEASONS[lower]}"
            elif lower == "weekend":
                value = "XXXX-WXX-WE"
            else:
                return
        self.durations.append(ResolvedDuration(span.start, span.end, span.text, value, "recurrence"))

    def _time(self, index: int, span: DateSpan) -> None:
        parts = span.parts
        if "named" in parts:
            clock = NAMED_TIMES[parts["named"].lower()]
        else:
            hour_text = parts["hour"].lower()
            hour = int(hour_text) if hour_text.isdigit() else int(_number(hour_text) or 0)
            minute = int(parts.get("minute", 0))
            ampm = parts.get("ampm", "").lower().replace(".", "").replace(" ", "")
            part = parts.get("part", "").lower()
            if ampm == "pm" or part in {"afternoon", "evening"}:
                hour = hour % 12 + 12
            elif ampm == "am" or part == "morning":
                hour %= 12
            if hour > 23 or minute > 59:
                return
            clock = f"{hour:02d}:{minute:02d}"
        self.times.append((span, TimeOfDay(span.start, span.end, span.text, clock, parts.get("zone"))))

    def _attach_times(self) -> None:
        """Each time onto the date written beside it, else the nearest date of its sentence, else a date of its
        own: the publication date, or unresolved without one."""
        if not self.times:
            return
        sentence_of = {(s.start, s.end): s.start - s.sentence_start for s in self.spans}  # where it starts
        self.dates.sort(key=lambda d: (d.start, d.end))
        by_sentence: dict[int, list[int]] = {}
        for k, d in enumerate(self.dates):
            by_sentence.setdefault(sentence_of.get((d.start, d.end), -1), []).append(k)
        taken: set[int] = set()
        for span, time in self.times:
            best, best_gap = None, None
            for k in by_sentence.get(span.start - span.sentence_start, ()):
                d = self.dates[k]
                if k in taken or d.time is not None or d.kind in {"reference", "decade", "century"}:
                    continue
                gap = time.start - d.end if d.end <= time.start else d.start - time.end
                # a sentence's dates are near it (a long article's slices number their sentences alike)
                if 0 <= gap <= SENTENCE_CHARS and (best_gap is None or gap < best_gap):
                    best, best_gap = k, gap
            if best is not None:
                d = self.dates[best]
                day = date.fromisoformat(d.value) if d.precision == "day" and d.resolved else None
                taken.add(best)
                self.dates[best] = _with_time(d, _zoned(time, day))
                continue
            day = self.published  # a story's days are too many to guess which one a lone time is of
            if day is None:
                self.dates.append(ResolvedDate(time.start, time.end, time.text, "XXXX-XX-XX", "day", False, "time",
                                               time=_zoned(time, None)))
            else:
                self.dates.append(ResolvedDate(time.start, time.end, time.text, day.isoformat(), "day", True, "time",
                                               anchor=day.isoformat(), time=_zoned(time, day)))
        self.dates.sort(key=lambda d: (d.start, d.end))


def _zoned(time: TimeOfDay, day: date | None) -> TimeOfDay:
    offset = _zone_offset(time.zone, day)
    if offset is None or not time.value[:1].isdigit():
        return time
    return TimeOfDay(time.start, time.end, time.text, f"{time.value}{offset}", time.zone)


def _with_time(d: ResolvedDate, time: TimeOfDay) -> ResolvedDate:
    return ResolvedDate(d.start, d.end, d.text, d.value, d.precision, d.resolved, d.kind, d.modifier, d.anchor,
                        time, d.end_value)


_FAMILY_HANDLERS = {"month": "_month_family", "year": "_year_family", "weekday": "_weekday_family",
                    "reference": "_reference_family", "quarter": "_quarter_family"}


def resolve_dates(spans: list[DateSpan], published: str | None, entry_starts: list[int]) -> ResolvedDates:
    return _Resolver(spans, published, entry_starts).run()
