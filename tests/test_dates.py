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
