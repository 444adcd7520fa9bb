"""The output contract: one `Extraction` per input article.

Every offset is a character offset into the decoded article text, and every model checks that the text it
carries is exactly `text[start:end]` of that article (see `Extraction.check_offsets`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.3"

# Date values, ISO 8601 where ISO has a form, else as TimeML writes them: a day "2018-12-03", a week
# "2013-W12" (its weekend "2013-W12-WE"), a month "2012-08", a season "2012-SU" (SP, SU, FA, WI), a quarter
# "2012-Q3" or half "2012-H1", a year "2012", a decade "199", a century "19"; "--MM-DD" / "--MM" when the text
# gives no year and nothing anchors one, X for each digit a relative date leaves unknown without a publication
# date ("XXXX-XX" for "next month"); PRESENT_REF / PAST_REF / FUTURE_REF for "now", "recently", "the future".
DATE_VALUE = (r"^([\dX]{4}(-([\dX]{2}(-[\dX]{2})?|W[\dX]{2}(-WE)?|SP|SU|FA|WI|Q[1-4X]|H[12X]))?|[\dX]{2,3}"
              r"|--\d{2}(-\d{2})?|PRESENT_REF|PAST_REF|FUTURE_REF)$")
# The `durations` list's values: ISO 8601 ("PT6H39M", "P6M", "P2Y6M"), X where the text gives no number ("PXY"
# for "for years"); a recurrence is its period ("P1W" for "every week") or, for a named day or month, TimeML's
# pattern ("XXXX-WXX-1" for "on Mondays", "XXXX-07" for "each July").
DURATION_LIST_VALUE = (r"^(P([\dX]+[YMWD])+(T([\dX]+[HMS])+)?|PT([\dX]+[HMS])+"
                       r"|XXXX-(WXX-([1-7]|WE)|\d{2}|SP|SU|FA|WI|XX-XXT(MO|AF|EV|NI)))$")
DATE_PRECISION = Literal["day", "week", "weekend", "month", "season", "quarter", "half", "year", "decade", "century",
                         "vague"]

# An event's duration, ISO 8601: "PT6H39M", "PT45M", "P2DT3H".
DURATION_VALUE = r"^P(\d+D(T(\d+H)?(\d+M)?(\d+S)?)?|T(\d+H(\d+M)?(\d+S)?|\d+M(\d+S)?|\d+S))$"
EventType = Literal["launch", "docking", "undocking", "capture", "berthing", "release", "relocation", "spacewalk",
                    "landing", "hatch_opening"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Model):
    """A "Full Story: X", "Related: X" or "Gallery: X" line that follows an entry."""

    kind: Literal["full_story", "related", "gallery"]
    title: str = Field(min_length=1)
    start: int = Field(ge=0, description="Offset of the referenced title (after 'Full Story: ').")
    end: int = Field(ge=0)


class Entry(_Model):
    """One gallery slide (heading + caption) or one paragraph of a story."""

    index: int = Field(ge=0)
    title: str | None = Field(description="The heading; null for a caption that stands without one.")
    caption: str
    start: int = Field(ge=0, description="Start of the entry (its heading, or its caption when untitled).")
    end: int = Field(ge=0, description="End of the caption.")
    caption_start: int = Field(ge=0)
    references: list[Reference]
    entity_ids: list[str] = Field(description="Entities mentioned in this entry, in order of first mention.")
    date_indexes: list[int] = Field(description="Indexes into `dates` of the dates in this entry.")
    duration_indexes: list[int] = Field(default_factory=list,
                                        description="Indexes into `durations` of the durations in this entry.")


class Mention(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(min_length=1)
    entry: int = Field(ge=0, description="Index of the entry the mention is in.")


class Entity(_Model):
    """One real-world thing, however often and however it is written."""

    id: str = Field(pattern=r"^[a-z_]+:[a-z0-9][a-z0-9-]*$", description="Stable id: '<type>:<slug>'.")
    type: str = Field(pattern=r"^[a-z_]+$", description="person, organization, spacecraft, module, station, ...")
    name: str = Field(min_length=1, description="Canonical name.")
    aliases: list[str] = Field(description="Other forms the article writes it in.")
    attributes: dict[str, str] = Field(
        description="For a person: 'agency' (an organization id) and 'role'; for a knowledge-base "
        "entity: its facts (segment, builder, operator, wikidata, ...)."
    )
    mentions: list[Mention] = Field(min_length=1)


class TimeOfDay(_Model):
    """A time written with a date ("7:27 p.m. EST on Nov. 15", "Friday morning")."""

    text: str = Field(min_length=1)
    value: str = Field(pattern=r"^(([01]\d|2[0-4]):[0-5]\d([+-]\d{2}:\d{2})?|MO|AF|EV|NI)$",
                       description="ISO 8601 time, with the zone's UTC offset where the zone is known "
                                   "('19:27-05:00'); or a part of the day as TimeML writes it: MO, AF, EV, NI.")
    zone: str | None = Field(default=None, description="The zone as written ('EST', 'Baikonur time').")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class DateValue(_Model):
    text: str = Field(min_length=1)
    value: str = Field(pattern=DATE_VALUE)
    precision: DATE_PRECISION = Field(description="What the value pins down: a day ... a century; 'vague' for "
                                                  "PRESENT_REF / PAST_REF / FUTURE_REF.")
    resolved: bool = Field(description="False when the text leaves part of the value unknown and nothing in "
                                       "context (a publication date, the article's other dates) supplies it.")
    kind: Literal["calendar", "weekday", "relative", "season", "quarter", "decade", "century", "reference",
                  "time"] = Field(
        default="calendar",
        description="calendar: a named day, month or year ('Dec. 3', 'last May', '2019'); weekday: a weekday "
                    "alone; relative: worked out from another day ('yesterday', 'next month', 'three weeks "
                    "ago'); season, quarter, decade, century; reference: 'now', 'recently', 'the future'; "
                    "time: a time of day written with no date in its sentence, on the publication date.")
    modifier: Literal["early", "mid", "late"] | None = Field(
        default=None, description="'early December', 'mid-2019', 'the end of 1990' (late).")
    anchor: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                               description="The day the value was worked out from (the publication date, or "
                                           "the story's date before it), when it was.")
    time: TimeOfDay | None = Field(default=None, description="The time of day written with the date.")
    end_value: str | None = Field(default=None, pattern=DATE_VALUE,
                                  description="The last day of a range ('June 5-6'); `value` is the first.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    entry: int = Field(ge=0)


class DurationValue(_Model):
    """A length of time ("six hours and 39 minutes", "a six-month mission") or a recurrence ("every week")."""

    text: str = Field(min_length=1)
    value: str = Field(pattern=DURATION_LIST_VALUE)
    kind: Literal["duration", "recurrence"]
    modifier: str | None = Field(default=None, description="'about', 'more than' ... as written.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    entry: int = Field(ge=0)


class Event(_Model):
    """One real happening the article tells (a launch, a docking, a spacewalk ...), however many times it
    tells it: the slots come from all its mentions, the evidence is the most informative one."""

    type: EventType
    status: Literal["happened", "planned", "cancelled"]
    date_index: int | None = Field(ge=0, description="Index into `dates` of the event's date; null when the "
                                   "article dates it nowhere.")
    time: str | None = Field(description="The time of day as written, with its zone ('7:27 p.m. EST').")
    spacecraft: list[str] = Field(description="Entity ids of the vehicles that launch, dock, land ...")
    mission: list[str] = Field(description="Entity ids of the missions the event belongs to.")
    module: list[str] = Field(description="Entity ids of the module or port docked or berthed to, undocked "
                              "from, relocated to; the airlock of a spacewalk.")
    participants: list[str] = Field(description="Person ids: crew aboard, spacewalkers, the arm's operator.")
    location: list[str] = Field(description="Entity ids of the launch or landing site.")
    duration: str | None = Field(pattern=DURATION_VALUE, description="ISO 8601 duration ('PT6H39M').")
    start: int = Field(ge=0, description="Start of the evidence, the most informative mention.")
    end: int = Field(ge=0)
    text: str = Field(min_length=1, description="The evidence: the article's text at [start:end].")
    entry: int = Field(ge=0, description="Index of the entry the evidence is in.")


class Document(_Model):
    id: str = Field(min_length=1, description="The input file's stem.")
    source: str = Field(description="The input file's name.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Checksum of the input bytes.")
    encoding: str = Field("utf-8", description="The encoding the input bytes were decoded from (Python's name: "
                          "utf-8, utf-16-le, cp1252, iso8859-1 ...); every offset counts characters of the "
                          "decoded text. Since schema 1.1; a 1.0 document was read as UTF-8.")
    title: str | None
    author: str | None
    reference_date: str | None = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date given by the user, if any."
    )
    pipeline_version: str


class Extraction(_Model):
    # What this version writes; older outputs read too, taking the defaults of the fields added since.
    schema_version: Literal["1.3", "1.2", "1.1", "1.0"] = SCHEMA_VERSION
    document: Document
    entries: list[Entry]
    entities: list[Entity]
    dates: list[DateValue]
    durations: list[DurationValue] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list, description="What happened, to which vehicle, where, "
                                "who and when (absent from outputs older than 1.3).")

    @model_validator(mode="after")
    def _links_resolve(self) -> Extraction:
        ids = {entity.id for entity in self.entities}
        if len(ids) != len(self.entities):
            raise ValueError("entity ids are not unique")
        for entry in self.entries:
            missing = [e for e in entry.entity_ids if e not in ids]
            if missing:
                raise ValueError(f"entry {entry.index} names unknown entities {missing}")
            if any(not 0 <= i < len(self.dates) for i in entry.date_indexes):
                raise ValueError(f"entry {entry.index} names a date index out of range")
            if any(not 0 <= i < len(self.durations) for i in entry.duration_indexes):
                raise ValueError(f"entry {entry.index} names a duration index out of range")
        for event in self.events:
            named = [*event.spacecraft, *event.mission, *event.module, *event.participants, *event.location]
            missing = [e for e in named if e not in ids]
            if missing:
                raise ValueError(f"an event names unknown entities {missing}")
            if event.date_index is not None and event.date_index >= len(self.dates):
                raise ValueError("an event names a date index out of range")
            if event.entry >= len(self.entries):
                raise ValueError("an event names an entry out of range")
        for entity in self.entities:
            # An agency is an organization id; the organization is among `entities` when the article names
            # it, and is known from the knowledge files when only an adjective ties them ("Russian cosmonaut").
            agency = entity.attributes.get("agency")
            if entity.type == "person" and agency is not None and not agency.startswith("organization:"):
                raise ValueError(f"{entity.id} has agency {agency}, which is no organization id")
        return self

    def check_offsets(self, text: str) -> list[str]:
        """Every place where a carried string is not the text at its offsets (empty when all align)."""
        problems = []

        def check(what: str, start: int, end: int, expected: str) -> None:
            if text[start:end] != expected:
                problems.append(f"{what} [{start}:{end}] is {text[start:end]!r}, expected {expected!r}")

        for entry in self.entries:
            check(f"entry {entry.index} caption", entry.caption_start, entry.caption_start + len(entry.caption),
                  entry.caption)
            if entry.title is not None:
                check(f"entry {entry.index} title", entry.start, entry.start + len(entry.title), entry.title)
            for ref in entry.references:
                check(f"entry {entry.index} reference", ref.start, ref.end, ref.title)
        for entity in self.entities:
            for m in entity.mentions:
                check(entity.id, m.start, m.end, m.text)
        for d in self.dates:
            check("date", d.start, d.end, d.text)
            if d.time is not None:
                check("time", d.time.start, d.time.end, d.time.text)
        for d in self.durations:
            check("duration", d.start, d.end, d.text)
        for event in self.events:
            check(f"{event.type} event", event.start, event.end, event.text)
        return problems
