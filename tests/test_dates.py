"""Date spans -> ISO values, with years from context and never from today's date."""


def values(extraction):
    return [(d.text, d.value, d.precision, d.resolved) for d in extraction.dates]


def test_year_comes_from_context(extract_text):
    text = ("Title\nThe mission began in December 2018. The crew launched Dec. 3 and the old crew left Dec. 20. "
            "A cargo ship arrived Jan. 7.\n")
    assert values(extract_text(text)) == [
        ("December 2018", "2018-12", "month", True),
        ("Dec. 3", "2018-12-03", "day", True),
        ("Dec. 20", "2018-12-20", "day", True),
        ("Jan. 7", "2019-01-07", "day", True),
    ]


def test_formats(extract_text):
    text = "Title\nIt flew on 12 June 2021, again on 2021-06-12, and once more on Sept. 3, 2014, in mid-2019.\n"
    assert [(d.text, d.value) for d in extract_text(text).dates] == [
        ("12 June 2021", "2021-06-12"), ("2021-06-12", "2021-06-12"), ("Sept. 3, 2014", "2014-09-03"),
        ("mid-2019", "2019")]


def test_durations_and_numbers_are_not_dates(extract_text):
    text = ("Title\nThe six-month mission lasted 27 hours longer than one week of tests; Expedition 58 used "
            "2 inches of tape and 2019 bolts.\n")
    assert extract_text(text).dates == []


def test_without_any_anchor_the_year_stays_unknown(extract_text):
    assert values(extract_text("Title\nThe capsule launched on Nov. 17 from Florida.\n")) == [
        ("Nov. 17", "--11-17", "day", False)]


def test_publication_date_anchors_years_and_weekdays(extract_text):
    text = "Title\nThe capsule launched on Sunday (Nov. 15) and docked on Monday, a day late.\n"
    assert values(extract_text(text, published="2020-11-17")) == [
        ("Nov. 15", "2020-11-15", "day", True), ("Monday", "2020-11-16", "day", True)]


def test_weekday_without_publication_date_is_dropped(extract_text):
    assert extract_text("Title\nThe capsule docked on Monday after a long chase.\n").dates == []


def test_time_and_zone_give_a_day(extract_text):
    text = "Title\nLiftoff came at 7:27 p.m. EST on Nov. 15, 2020, from Florida.\n"
    assert values(extract_text(text)) == [("Nov. 15, 2020", "2020-11-15", "day", True)]


def test_a_weekday_beside_a_date_picks_its_year(extract_text):
    text = ("Title\nThe crew returned in September 2023. Media may meet them at 9:30 a.m. Tuesday, March 19, "
            "at headquarters.\n")
    assert values(extract_text(text))[-1] == ("March 19", "2024-03-19", "day", True)


def test_a_story_told_from_its_own_dates_moves_forward(extract_text):
    text = "Title\nThe mission began Sept. 27, 2023, and ended April 5. Countdown began on Sept. 25.\n"
    assert [v for _, v, _, _ in values(extract_text(text))] == ["2023-09-27", "2024-04-05", "2024-09-25"]


def test_a_future_cue_looks_ahead_of_the_publication_date(extract_text):
    text = "Title\nThe crew landed Nov. 10. The next crew will launch Jan. 5 from Florida.\n"
    assert [v for _, v, _, _ in values(extract_text(text, published="2020-11-20"))] == [
        "2020-11-10", "2021-01-05"]


def test_ranges_and_parts_of_months(extract_text):
    text = ("Title\nIt flew in April-May 1985 and again in 1999-2005, in mid-February 2010, and in "
            "Kennedy’s 1961 speech (1962).\n")
    assert [(t, v, p) for t, v, p, _ in values(extract_text(text))] == [
        ("April-May 1985", "1985-04", "month"), ("1999-2005", "1999", "year"),
        ("mid-February 2010", "2010-02", "month"), ("1961", "1961", "year"), ("1962", "1962", "year")]


def test_a_weekday_before_the_first_day_of_year_one_is_dropped(extract_text):
    """Crash class found by randomized article-like documents: a publication date in the first days of year 1 put the
    weekday before it out of range (OverflowError)."""
    text = "Title\nThe capsule docked on Friday and undocked on Monday.\n"
    assert values(extract_text(text, published="0001-01-01")) == [("Monday", "0001-01-01", "day", True)]


# -- relative and partial dates, times, ranges, durations ------------------------------------------------------

def relative(extraction):
    return [(d.text, d.value, d.precision, d.kind, d.anchor) for d in extraction.dates]


def test_relative_dates_from_the_publication_date(extract_text):
    text = ("Title\nThe crew flew yesterday and last year, returns next month, and trained three weeks ago and "
            "earlier this month.\n")
    assert relative(extract_text(text, published="2024-03-06")) == [
        ("yesterday", "2024-03-05", "day", "relative", "2024-03-06"),
        ("last year", "2023", "year", "relative", "2024-03-06"),
        ("next month", "2024-04", "month", "relative", "2024-03-06"),
        ("three weeks ago", "2024-W07", "week", "relative", "2024-03-06"),
        ("earlier this month", "2024-03", "month", "relative", "2024-03-06")]


def test_named_months_with_a_relation_and_a_modifier(extract_text):
    dates = extract_text("Title\nIt docked late last July, left last May and returns next March.\n",
                         published="2024-03-06").dates
    assert [(d.text, d.value, d.modifier, d.kind) for d in dates] == [
        ("late last July", "2023-07", "late", "calendar"), ("last May", "2023-05", None, "calendar"),
        ("next March", "2025-03", None, "calendar")]


def test_without_a_publication_date_relative_dates_stay_unresolved(extract_text):
    dates = extract_text("Title\nLast year the crew docked, and next month they return home.\n").dates
    assert [(d.text, d.value, d.resolved, d.anchor) for d in dates] == [
        ("Last year", "XXXX", False, None), ("next month", "XXXX-XX", False, None)]


def test_the_tense_picks_the_year_of_a_month_without_one(extract_text):
    """A spring story about last summer: the past August, not the coming one; a future cue looks ahead."""
    dates = extract_text("Title\nThe crew landed in August. The next crew will launch in August.\n",
                         published="2024-04-10").dates
    assert [d.value for d in dates] == ["2023-08", "2024-08"]


def test_the_tense_is_read_from_the_verb_the_date_belongs_to(extract_text):
    """A participle after "be" is no past tense, "the plan" is no plan ahead, "by" sets a deadline, and a past
    verb says nothing of the date of the infinitive after it."""
    text = ("Title\nShe will be named commander for a mission in December. The company announced the plan in "
            "February. They expect it completed by January. The council decided to admit them in early March. "
            "The crew landed in March.\n")
    dates = extract_text(text, published="2024-02-10").dates
    assert [(d.text, d.value) for d in dates] == [
        ("December", "2024-12"), ("February", "2024-02"), ("January", "2025-01"), ("early March", "2024-03"),
        ("March", "2023-03")]


def test_a_reporting_verb_right_beside_a_weekday_is_its_tense(extract_text):
    """ "would appeal" looks ahead, but the weekday is the announcement's, the verb beside it."""
    text = "Title\nThe lawyers would fight the verdict, announced Wednesday by the court.\n"
    assert [d.value for d in extract_text(text, published="2000-01-06").dates] == ["2000-01-05"]


def test_a_past_tense_date_is_not_after_the_publication_date_whatever_its_anchor(extract_text):
    text = "Title\nThe change takes effect Nov. 13. He succeeds a chief who stepped down in March.\n"
    assert [d.value for d in extract_text(text, published="1989-11-02").dates] == ["1989-11-13", "1989-03"]


def test_a_month_opening_a_range_takes_the_year_of_its_end(extract_text):
    text = "Title\nHe served from September to November 2014 and from March through April 1, 2019.\n"
    assert [(d.text, d.value) for d in extract_text(text, published="2024-06-01").dates] == [
        ("September", "2014-09"), ("November 2014", "2014-11"), ("March", "2019-03"), ("April 1, 2019", "2019-04-01")]


def test_compound_lengths_are_one_duration(extract_text):
    text = ("Title\nThe spacewalk lasted 5 hours, 55 minutes; the flight 8 days, 7 hours, and 9 minutes; the "
            "next a six-hour, 39-minute spacewalk. The station is staffed 365 days a year, 24 hours a day.\n")
    assert [(d.text, d.value) for d in extract_text(text).durations] == [
        ("5 hours, 55 minutes", "PT5H55M"), ("8 days, 7 hours, and 9 minutes", "P8DT7H9M"),
        ("six-hour, 39-minute", "PT6H39M"), ("365 days", "P365D"), ("a year", "P1Y"), ("24 hours", "PT24H"),
        ("a day", "P1D")]


def test_seasons_quarters_decades_centuries_and_references(extract_text):
    text = ("Title\nLast summer, in the third quarter of 2023 and the first half, as in the 1990s and the "
            "20th century, the station is now busier.\n")
    dates = extract_text(text, published="2024-03-06").dates
    assert [(d.text, d.value, d.precision, d.kind) for d in dates] == [
        ("Last summer", "2023-SU", "season", "season"),
        ("the third quarter of 2023", "2023-Q3", "quarter", "quarter"),
        ("the first half", "2024-H1", "half", "quarter"),
        ("the 1990s", "199", "decade", "decade"),
        ("the 20th century", "19", "century", "century"),
        ("now", "PRESENT_REF", "vague", "reference")]


def test_times_of_day_go_onto_their_date_with_the_zone_offset(extract_text):
    text = ("Title\nLiftoff came at 7:27 p.m. EST on Nov. 15, 2020. Docking was at 12:32 a.m. Baikonur time "
            "Sept. 26, 2014, and at 3:25 p.m. Baikonur time Sept. 21, 2022. Hatches opened at 10 a.m. Eastern "
            "time July 4, 2024, and at 10 a.m. Eastern time Jan. 4, 2024.\n")
    dates = extract_text(text).dates
    assert [(d.text, d.time.text, d.time.value, d.time.zone) for d in dates] == [
        ("Nov. 15, 2020", "7:27 p.m. EST", "19:27-05:00", "EST"),
        ("Sept. 26, 2014", "12:32 a.m. Baikonur time", "00:32+06:00", "Baikonur time"),
        ("Sept. 21, 2022", "3:25 p.m. Baikonur time", "15:25+05:00", "Baikonur time"),
        ("July 4, 2024", "10 a.m. Eastern time", "10:00-04:00", "Eastern time"),
        ("Jan. 4, 2024", "10 a.m. Eastern time", "10:00-05:00", "Eastern time")]
    assert all(text[d.time.start:d.time.end] == d.time.text for d in dates)


def test_a_time_alone_is_on_the_publication_date(extract_text):
    """A time with no date in its sentence is of the day the story was written, as TimeML reads news; a
    story's other days are too many to guess from."""
    text = "Title\nThe crew launched Nov. 15, 2020. Docking came at 11:01 p.m. EST.\n"
    assert [(d.text, d.value, d.kind, d.resolved, d.time and d.time.value) for d in extract_text(text).dates] == [
        ("Nov. 15, 2020", "2020-11-15", "calendar", True, None),
        ("11:01 p.m. EST", "XXXX-XX-XX", "time", False, "23:01-05:00")]
    dates = extract_text(text, published="2020-11-16").dates
    assert (dates[1].value, dates[1].anchor, dates[1].resolved) == ("2020-11-16", "2020-11-16", True)


def test_ranges_are_one_date_with_an_end(extract_text):
    dates = extract_text("Title\nThe meeting is June 5-6, 2024, and the next one March 3 to 5.\n",
                         published="2024-05-01").dates
    assert [(d.text, d.value, d.end_value) for d in dates] == [
        ("June 5-6, 2024", "2024-06-05", "2024-06-06"), ("March 3 to 5", "2024-03-03", "2024-03-05")]


def test_durations_and_recurrences_are_a_list_of_their_own(extract_text):
    text = ("Title\nThe spacewalk lasted six hours and 39 minutes, the six-month mission 2 1/2 years of "
            "training and 27 hours of flight; a 44-year-old astronaut flies four flights a week and reports "
            "every week, checks the air daily and has worked for years.\n")
    extraction = extract_text(text)
    assert extraction.dates == []
    assert [(d.text, d.value, d.kind) for d in extraction.durations] == [
        ("six hours and 39 minutes", "PT6H39M", "duration"), ("six-month", "P6M", "duration"),
        ("2 1/2 years", "P2Y6M", "duration"), ("27 hours", "PT27H", "duration"),
        ("every week", "P1W", "recurrence"), ("daily", "P1D", "recurrence"), ("years", "PXY", "duration")]
    assert [e.duration_indexes for e in extraction.entries] == [list(range(7))]


def test_publication_dates_at_the_ends_of_the_calendar_raise_nothing(extract_text):
    text = ("Title\nNext week, yesterday, last year, next summer, the next century, 10 years from now, Dec. 31, "
            "three weeks later, next quarter, the '90s and the following day, at 7 p.m. Eastern time.\n")
    for published in ("0001-01-01", "9999-12-31"):
        extraction = extract_text(text, published=published)
        assert not extraction.check_offsets(text)


def test_article_gold_is_scored_on_the_dates_the_guidelines_count(extract_text):
    """tests/data/GOLD_GUIDELINES.md counts calendar dates and weekdays; a season of a written year counts as
    that year; relative words, decades, references and durations do not count."""
    from pipeline.evaluate import guideline_dates

    text = "Title\nLast year, in the summer of 1969 and on Dec. 3, 2019, the 1990s were now six months away.\n"
    counted = guideline_dates(extract_text(text, published="2024-03-06"))
    assert [(d.text, d.value, d.precision) for d in counted] == [("1969", "1969", "year"),
                                                                ("Dec. 3, 2019", "2019-12-03", "day")]
    assert all(text[d.start:d.end] == d.text for d in counted)


def test_review_page_shows_times_ranges_and_durations(extract_text):
    import json

    from pipeline.review.page import document_data, SharedAttributes
    from pipeline.review.read import Reviewed
    from pipeline.write import to_json

    text = "Title\nLiftoff came at 7:27 p.m. EST on Nov. 15, 2020; talks are June 5-6, 2021, for 27 hours.\n"
    output = json.loads(to_json(extract_text(text)))
    data = document_data(Reviewed("sample.json", output, text), SharedAttributes())
    extras = [d[5] for d in data["dates"] if len(d) > 5]
    assert extras == [{"time": "7:27 p.m. EST"}, {"range": ["2021-06-05", "2021-06-06"]}]
    assert [(d["text"], d["value"]) for d in data["durations"]] == [("27 hours", "PT27H")]


def test_a_1_0_output_still_reads(extract_text):
    """Schema 1.2 only added fields: an output written by 1.0 validates, its dates taking the defaults."""
    import json

    from pipeline.write import to_json
    from schemas import Extraction

    old = json.loads(to_json(extract_text("Title\nThe crew docked on Dec. 3, 2019.\n")))
    old["schema_version"] = "1.0"
    del old["document"]["encoding"]
    del old["durations"]
    for entry in old["entries"]:
        del entry["duration_indexes"]
    old["dates"] = [{k: d[k] for k in ("text", "value", "precision", "resolved", "start", "end", "entry")}
                    for d in old["dates"]]
    read = Extraction.model_validate(old)
    assert [(d.value, d.kind, d.time) for d in read.dates] == [("2019-12-03", "calendar", None)]
