"""Events: triggers, slots, status, one event per happening, and their scoring. Each fixture is a small
article named for the mechanism it exercises."""

import json

import pytest
from pydantic import ValidationError

from pipeline.evaluate import _date_agrees, score_events
from pipeline.knowledge import load_file
from schemas import Extraction
from tests.conftest import one_caption

ADVISORY = one_caption(
    "NASA astronauts Butch Wilmore and Suni Williams will launch aboard Starliner on a United Launch Alliance "
    "Atlas V rocket and dock at the orbiting laboratory. Liftoff is targeted for 10:34 p.m. EDT on Monday, "
    "May 6, 2024, from Space Launch Complex-41 at Cape Canaveral Space Force Station in Florida.")
DOCKING = one_caption(
    "The Soyuz MS-25 spacecraft docked to the Prichal module at 11:03 a.m. EDT on March 25, 2024, with "
    "Roscosmos cosmonaut Oleg Novitskiy and NASA astronaut Tracy Dyson aboard. The docking came two days "
    "after the Soyuz MS-25 launched from the Baikonur Cosmodrome.")
SPACEWALK = one_caption(
    "NASA astronauts Anne McClain and Nick Hague spent six hours and 39 minutes outside the International "
    "Space Station on March 22, 2019, leaving from the Quest airlock.")
SCRUB = one_caption(
    "The launch of the Soyuz MS-23 spacecraft was scrubbed on Feb. 20, 2023. Soyuz MS-23 lifted off from the "
    "Baikonur Cosmodrome on Feb. 24, 2023.")
NO_EVENTS = one_caption(
    "Each spacewalk is risky, and the crew practiced a launch rehearsal at Launch Complex 39A. Canadian "
    "astronaut David Saint-Jacques captured a view of auroras from the Cupola. NASA released a statement.")
STORY = (
    "Supply Run\n"
    "Roscosmos cosmonauts Sergey Prokopyev and Dmitri Petelin and NASA astronaut Frank Rubio pose in front of "
    "their Soyuz MS-22 spacecraft at the Baikonur Cosmodrome. "
    "The trio launched atop a Soyuz-2.1a rocket on Sept. 21, 2022.\n"
    "Catching a Cygnus\n"
    "With Wakata as backup, NASA astronaut Nicole Mann used the Canadarm2 robotic arm to capture the Cygnus "
    "NG-18 freighter on Nov. 9, 2022, and flight controllers later attached it to the Earth-facing port of the "
    "Unity module.\n")
SCHEDULE = (
    "Crew Arrival\n"
    "The SpaceX Crew-8 mission will carry NASA astronauts Matthew Dominick and Jeanette Epps aboard the "
    "Crew Dragon Endeavour.\n"
    "Tuesday, March 5:\n"
    "3 a.m. – Targeted docking to the forward-facing port of the station’s Harmony module\n")


def names(extraction, ids):
    by_id = {e.id: e.name for e in extraction.entities}
    return [by_id[i] for i in ids]


def only(extraction, type_):
    found = [e for e in extraction.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.text) for e in extraction.events]
    return found[0]


def day(extraction, event):
    return extraction.dates[event.date_index].value if event.date_index is not None else None


def test_an_advisory_plans_a_launch_with_its_time_site_crew_and_vehicle(extract_text):
    extraction = extract_text(ADVISORY)
    launch = only(extraction, "launch")
    assert launch.status == "planned"
    assert day(extraction, launch) == "2024-05-06" and launch.time == "10:34 p.m. EDT"
    assert names(extraction, launch.spacecraft) == ["Starliner"]
    assert names(extraction, launch.participants) == ["Butch Wilmore", "Suni Williams"]
    assert "Space Launch Complex 41" in names(extraction, launch.location)
    docking = only(extraction, "docking")  # "will launch aboard Starliner ... and dock": it shares the vehicle
    assert docking.status == "planned" and names(extraction, docking.spacecraft) == ["Starliner"]


def test_a_docking_gets_its_module_time_and_crew_and_one_event_per_happening(extract_text):
    extraction = extract_text(DOCKING)
    docking = only(extraction, "docking")  # "docked ... The docking came": one docking
    assert docking.status == "happened"
    assert names(extraction, docking.module) == ["Prichal"]
    assert day(extraction, docking) == "2024-03-25" and docking.time == "11:03 a.m. EDT"
    assert sorted(names(extraction, docking.participants)) == ["Oleg Novitskiy", "Tracy Dyson"]
    launch = only(extraction, "launch")  # "two days after ... launched": not the docking's day
    assert launch.date_index is None
    assert names(extraction, launch.location) == ["Baikonur Cosmodrome"]


def test_a_spacewalk_takes_its_walkers_length_day_and_airlock(extract_text):
    extraction = extract_text(SPACEWALK)
    walk = only(extraction, "spacewalk")
    assert sorted(names(extraction, walk.participants)) == ["Anne McClain", "Nick Hague"]
    assert walk.duration == "PT6H39M" and day(extraction, walk) == "2019-03-22"
    assert names(extraction, walk.module) == ["Quest"]
    assert walk.spacecraft == []  # a spacewalk's vehicle is only one the text names


def test_a_scrubbed_attempt_and_the_launch_that_followed_are_two_events(extract_text):
    extraction = extract_text(SCRUB)
    launches = sorted((e.status, day(extraction, e)) for e in extraction.events if e.type == "launch")
    assert launches == [("cancelled", "2023-02-20"), ("happened", "2023-02-24")]


def test_generic_statements_names_and_photographs_are_no_events(extract_text):
    assert extract_text(NO_EVENTS).events == []


def test_a_pronoun_subject_takes_the_vehicle_and_crew_of_the_sentence_before(extract_text):
    extraction = extract_text(STORY)
    launch = only(extraction, "launch")
    assert names(extraction, launch.spacecraft) == ["Soyuz MS-22"]
    assert sorted(names(extraction, launch.participants)) == ["Dmitri Petelin", "Frank Rubio", "Sergey Prokopyev"]
    capture = only(extraction, "capture")  # "used the Canadarm2 robotic arm to capture": an act, not a purpose
    assert names(extraction, capture.spacecraft) == ["Cygnus NG-18"] and day(extraction, capture) == "2022-11-09"
    berthing = only(extraction, "berthing")
    assert names(extraction, berthing.module) == ["Unity"]


def test_a_schedule_line_takes_its_day_from_the_heading_and_its_flight_from_the_story(extract_text):
    extraction = extract_text(SCHEDULE, published="2024-02-20")
    docking = only(extraction, "docking")
    assert docking.status == "planned" and docking.time == "3 a.m."
    assert day(extraction, docking) == "2024-03-05"
    assert names(extraction, docking.module) == ["Harmony"]
    assert names(extraction, docking.mission) == ["Crew-8"]
    assert names(extraction, docking.spacecraft) == ["Crew Dragon Endeavour"]
    assert sorted(names(extraction, docking.participants)) == []  # no event of the flight names its crew


@pytest.mark.parametrize("text", [ADVISORY, DOCKING, SPACEWALK, SCRUB, STORY, SCHEDULE])
def test_every_event_quotes_the_article_and_points_at_known_entities_and_dates(extract_text, text):
    extraction = extract_text(text)
    assert extraction.events
    ids = {e.id for e in extraction.entities}
    for event in extraction.events:
        assert text[event.start:event.end] == event.text
        assert extraction.entries[event.entry].start <= event.start <= extraction.entries[event.entry].end
        assert set([*event.spacecraft, *event.mission, *event.module, *event.participants, *event.location]) <= ids
        assert event.date_index is None or 0 <= event.date_index < len(extraction.dates)


def test_the_schema_refuses_events_that_point_nowhere(extract_text):
    data = json.loads(extract_text(DOCKING).model_dump_json())
    event = data["events"][0]
    with pytest.raises(ValidationError, match="unknown entities"):
        Extraction.model_validate({**data, "events": [{**event, "spacecraft": ["spacecraft:nowhere"]}]})
    with pytest.raises(ValidationError, match="date index"):
        Extraction.model_validate({**data, "events": [{**event, "date_index": len(data["dates"])}]})
    with pytest.raises(ValidationError):
        Extraction.model_validate({**data, "events": [{**event, "type": "flyby"}]})
    moved = Extraction.model_validate({**data, "events": [{**event, "start": event["start"] + 1}]})
    assert moved.check_offsets(DOCKING)  # offsets that do not point at the evidence are reported


def test_the_knowledge_file_notes_its_sources_and_every_type_has_triggers_and_slots():
    knowledge = load_file("events.json")
    assert knowledge["sources"]
    assert set(knowledge["types"]) == set(Extraction.model_fields["events"].annotation.__args__[0]
                                          .model_fields["type"].annotation.__args__)
    for spec in knowledge["types"].values():
        assert spec["triggers"] and spec["slots"]


# -- scoring -----------------------------------------------------------------------------------------------


def gold_for(extraction, events):
    return {"entities": {"spacecraft": [{"name": "Soyuz MS-25"}], "module": [{"name": "Prichal"}],
                         "person": [{"name": "Oleg Novitskiy"}, {"name": "Tracy Dyson"}]},
            "events": events}


def gold_docking(**changes):
    return {"type": "docking", "status": "happened", "date": "2024-03-25", "time": "11:03 a.m. EDT",
            "spacecraft": ["Soyuz MS-25"], "mission": [], "module": ["Prichal"],
            "participants": ["Oleg Novitskiy", "Tracy Dyson"], "location": [], "duration": None,
            "evidence": "docked to the Prichal module", **changes}


def test_an_event_matches_by_type_date_at_the_gold_precision_and_vehicle(extract_text):
    extraction = extract_text(DOCKING)
    for gold, hit in [(gold_docking(), True), (gold_docking(date="2024-03"), True), (gold_docking(date=None), True),
                      (gold_docking(date="2024-03-26"), False), (gold_docking(spacecraft=["Soyuz MS-24"]), False),
                      (gold_docking(type="undocking"), False), (gold_docking(spacecraft=[]), True)]:
        result = score_events(extraction, gold_for(extraction, [gold]), {})
        assert result.events.true_positives == hit, gold
    result = score_events(extraction, gold_for(extraction, [gold_docking(status="planned", module=[])]), {})
    assert result.slot_accuracy("status") == 0 and result.slot_accuracy("module") == 0
    assert result.slot_accuracy("participants") == 1
    assert result.events.false_positives == 1  # the launch, which the gold does not annotate


def test_each_gold_event_takes_one_output_event_at_most(extract_text):
    extraction = extract_text(DOCKING)
    result = score_events(extraction, gold_for(extraction, [gold_docking(), gold_docking(date=None)]), {})
    assert (result.events.true_positives, result.events.false_negatives) == (1, 1)


def test_dates_agree_at_the_gold_precision_and_without_a_year():
    assert _date_agrees("2024-03", "2024-03-05") and _date_agrees("2024", "2024-03")
    assert _date_agrees("--01-18", "2024-01-18") and _date_agrees("--01-18", "--01-18")
    assert not _date_agrees("2024-03-05", "2024-03") and not _date_agrees("--01-18", "--01-19")
    assert _date_agrees(None, None) and not _date_agrees("2024", None)


def test_a_long_article_read_in_slices_finds_the_events_of_every_slice(extract_text):
    """Over the slice size, events are found slice by slice (no Doc of the whole article): each slice's
    happenings are there, with their evidence in the article's own offsets. The same docking told in every
    entry is one happening, so one event a slice (a happening told in two slices gives one in each)."""
    from pipeline.recognize import SLICE_CHARS, slice_starts

    story = DOCKING.split("\n", 1)[1]
    copies = SLICE_CHARS // len(story) * 3
    text = "Dockings\n" + "".join(f"Docking {k}\n{story}" for k in range(copies))
    extraction = extract_text(text)
    dockings = [e for e in extraction.events if e.type == "docking"]
    assert dockings and dockings[-1].start > 2 * SLICE_CHARS
    assert all(text[e.start:e.end] == e.text for e in extraction.events)
    assert len(dockings) == len(slice_starts(text)) >= 3


def test_a_threatened_scrub_is_no_cancellation_and_a_plan_given_up_is_cancelled(extract_text):
    extraction = extract_text("Title\nOriginally, plans called for the Falcon 9 to launch Dragon in April 2019. "
                              "With clouds threatening to scrub the launch, the Falcon 9 lifted off on May 4, 2019.\n")
    statuses = sorted(e.status for e in extraction.events if e.type == "launch")
    assert statuses == ["cancelled", "happened"]
