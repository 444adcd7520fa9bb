"""Organizations and places named by a head word (pipeline/components/institution_names.py), and numbered
missions in coordination (pipeline/components/patterned_names.py)."""

import pytest

from tests.conftest import names, one_caption


@pytest.mark.parametrize(
    "text, type_, expected",
    [
        ("She studied at Oregon State University before joining.", "organization", ["Oregon State University"]),
        ("He graduated from the University of Arizona in Tucson.", "organization", ["University of Arizona"]),
        ("The Space Operations Mission Directorate leads it.", "organization",
         ["Space Operations Mission Directorate"]),
        ("He flew with Strike Fighter Squadron 14 for years.", "organization", ["Strike Fighter Squadron 14"]),
        ("She attended the U.S. Air Force Test Pilot School.", "organization", ["U.S. Air Force Test Pilot School"]),
        ("Texas A&M University researchers built it.", "organization", ["Texas A&M University"]),
        ("Crews met in the Orbiter Processing Facility.", "location", ["Orbiter Processing Facility"]),
        ("He trained at Brigham and Women’s Hospital and the Empire Test Pilots’ School.", "organization",
         ["Brigham and Women’s Hospital", "Empire Test Pilots’ School"]),
        ("He flew with Strike Fighter Squadron 14 aboard the USS Nimitz and Strike Fighter Squadron 136.",
         "organization", ["Strike Fighter Squadron 136", "Strike Fighter Squadron 14"]),
        ("Papers are at the Richard Nixon Presidential Library and Museum.", "organization",
         ["Richard Nixon Presidential Library and Museum"]),
        ("He flew for Dubai Police and the KSC Amateur Radio Club’s station.", "organization",
         ["Dubai Police", "KSC Amateur Radio Club"]),
        ("They packed the Apollo Command and Service Module and won the Distinguished Service Medal. She holds "
         "an executive master’s in Public Administration.", "organization", []),
        ("The rocket rolled out to Launch Complex 39A on time.", "location", ["Launch Complex 39A"]),
        ("Under contract, Melpar, Inc., of Falls Church built it.", "organization", ["Melpar, Inc."]),
        ("He was treated at St. Luke’s Episcopal Hospital and studied at St. Mary's College.", "organization",
         ["St. Luke’s Episcopal Hospital", "St. Mary's College"]),
        ("She spoke to the Committee on Space Research and the Lovelace Foundation for Medical Education.",
         "organization", ["Committee on Space Research", "Lovelace Foundation for Medical Education"]),
        ("The Human Research Program on Monday thanked the Orbital Research Office for NASA support.",
         "organization", ["Human Research Program", "NASA", "Orbital Research Office"]),
        ("He trained at Naval Air Station Patuxent River and flew from Kelly AFB.", "location",
         ["Kelly AFB", "Naval Air Station Patuxent River"]),
    ],
)
def test_names_by_head_word(extract_text, text, type_, expected):
    assert names(extract_text(one_caption(text)), type_) == expected


def test_a_head_word_alone_names_nothing(extract_text):
    extraction = extract_text(one_caption("The Program grew, and the Office moved twice."))
    assert names(extraction, "organization") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He will serve during Expeditions 71 and 72 aboard the station.", ["Expedition 71", "Expedition 72"]),
        ("During Expedition 70/71 she will run experiments.", ["Expedition 70", "Expedition 71"]),
        ("NASA's SpaceX Crew-8 mission launched after Ax-3.", ["Ax-3", "Crew-8"]),
        ("The Apollo program ended after Gemini XII and Apollo 17.", ["Apollo", "Apollo 17", "Gemini XII"]),
        ("It used a spare bus from the Voyager program; the Mars 2020 Perseverance rover flew.",
         ["Mars 2020", "Voyager"]),
        ("Artemis II will be the first crewed flight to the Moon since Apollo, unlike post-Apollo plans. "
         "Mercury and Venus have no moons.", ["Apollo", "Artemis II"]),
    ],
)
def test_missions(extract_text, text, expected):
    assert names(extract_text(one_caption(text)), "mission") == expected


def test_a_crew_flight_names_its_dragon_and_the_shuttle_alone_is_no_vehicle(extract_text):
    extraction = extract_text(one_caption(
        "The Crew-8 Dragon docked. Years earlier the space shuttle Discovery flew, and Discovery landed "
        "while the space shuttle program went on."))
    assert names(extraction, "spacecraft") == ["Crew Dragon", "Space Shuttle Discovery"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Three JAXA investigations, MHU-1, MHU-4, and MHU-5, used the system.", ["MHU-1", "MHU-4", "MHU-5"]),
        ("She joined the Complement of Integrated Protocols for Human Exploration Research on Varying Mission "
         "Durations (CIPHER) investigation.", ["CIPHER"]),
        ("Saffire-IV examined fire growth. The crew installed MISSE-18, which houses samples.",
         ["MISSE-18", "Saffire-IV"]),
        ("Recent studies show it. These investigations help. The experiments I liked were small.", []),
        ("JAXA ran a series of experiments, Germo-I, Germo-III, and Germo-IV, on the fungi.",
         ["Germo-I", "Germo-III", "Germo-IV"]),
        ("Kelpo, a long-running Roscosmos investigation, grew algae. Tello Rings, an experiment from ESA, "
         "flew too. She tested Zeppa, a technology demonstration.", ["Kelpo", "Tello Rings", "Zeppa"]),
        ("Additionally, a study found more. Over 3,700 investigations ran. In FY-23, studies ended.", []),
        ("Mia Rourke will conduct scientific investigations there.", []),
        ("Crews ran the ISS Quiet Sleep investigation and the International Space Station Dust Count study.",
         ["ISS Quiet Sleep", "International Space Station Dust Count"]),
        ("She joined the ZETA (Zero Energy Test Array) investigation. QBL-A (Quantum Bone Loss-A) examines "
         "cells. The MOTH (Mobile Orbital Test Hub) docked.", ["QBL-A", "ZETA"]),
        ("Studies in fiscal year (FY) 2023 found reduced fat in the bone marrow (Marrowin), changes in mice "
         "(Rodent Study-5) and more (Figure 1).", ["Marrowin", "Rodent Study-5"]),
        ("A current investigation, ISS Quiet Sleep, tests pillows. Known as Kelpo, the study grows algae.",
         ["ISS Quiet Sleep", "Kelpo"]),
        ("Heart Cell Cultures (HCC) used tissues to study the heart. Heart Cell Cultures-2 builds on it, "
         "and Kelp Growth, a study, led to Kelp Growth 2.0. Orbital Test Hub (OTH) docked.",
         ["Heart Cell Cultures", "Heart Cell Cultures-2", "Kelp Growth", "Kelp Growth 2.0"]),
        ("It carries the JANUS camera and the RIME radar, an LED sensor and a GoPro camera.", ["JANUS", "RIME"]),
        ("Many investigations ran. ISS Dust Counts provided a baseline; the ISS Program Office and the ISS "
         "Flight Director agreed, and Skylab Rescue Vehicle plans ended.", ["ISS Dust Counts"]),
    ],
)
def test_experiments_from_cues_and_series(extract_text, text, expected):
    assert names(extract_text(one_caption(text)), "experiment") == expected


def test_a_maker_inside_an_experiment_name_is_still_named(extract_text):
    extraction = extract_text(one_caption("She ran the Redwire Cardiac Printing Investigation for a week."))
    assert names(extraction, "experiment") == ["Redwire Cardiac Printing Investigation"]
    assert names(extraction, "organization") == ["Redwire"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The space shuttle flew again. Challenger’s payload bay held the Zeno-B2 communications satellite, "
         "and later the Zeno satellite failed.", ["Space Shuttle Challenger", "Zeno-B2"]),
        ("Crew-9 will fly aboard the SpaceX Dragon spacecraft, named Endurance. Endurance docked Friday.",
         ["Crew Dragon Endurance"]),
        ("Years after space shuttle Endeavour flew, a SpaceX Dragon spacecraft, named Endeavour, docked.",
         ["Crew Dragon Endeavour", "Space Shuttle Endeavour"]),
        ("Students built the KITE CubeSat and the Orbital Pallet Satellite-02B. The rover Spirit drove on.",
         ["KITE CubeSat", "Orbital Pallet Satellite-02B", "Spirit"]),
        ("Mars has two small satellites, Phobos and Deimos. A German-built deployable satellite flew.", []),
        ("The crew left in the Skylab 4 Command and Service Module. Workers kept Command and Service "
         "Module-119 (CSM-119) ready.", ["CSM-119", "Skylab 4 Command and Service Module"]),
    ],
)
def test_vehicles_from_cues_and_their_family(extract_text, text, expected):
    assert names(extract_text(one_caption(text)), "spacecraft") == expected


def test_upper_stages_and_stations_of_history(extract_text):
    extraction = extract_text(one_caption(
        "Plans called for a Centaur upper stage; NASA later canceled the Centaur and used the Inertial Upper "
        "Stage (IUS). Space Station Freedom and Mir-2 were never built, and Gateway program work goes on."))
    assert names(extraction, "launch_vehicle") == ["Centaur", "Inertial Upper Stage"]
    assert names(extraction, "station") == ["Gateway", "Mir-2", "Space Station Freedom"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("She taught at the University of California in Riverside and Oregon State University, Corvallis.",
         ["Corvallis", "Riverside"]),
        ("Nora Vance, born in Sharjah, grew up in Guaynabo, Puerto Rico.", ["Guaynabo", "Puerto Rico", "Sharjah"]),
        ("The grant went to Purdue University, Ashley Smith said, and she was born in 1965.", []),
        ("He flew over Northern Alberta and Southeast Asia from Oklahoma City and Brevard County.",
         ["Brevard County", "Northern Alberta", "Oklahoma City", "Southeast Asia"]),
        ("Sailors of the U.S.S. New Orleans waved; the crew stayed aboard the New Orleans for a day.", []),
        ("The tour visits Toronto-Ottawa-Montreal-Quebec City.", ["Montreal", "Ottawa", "Quebec City", "Toronto"]),
        ("Measuring Space Station Impacts\nThe Wasilla, Alaska native ran the Materials International Space "
         "Station Experiment-9.", ["Alaska", "Wasilla"]),
    ],
)
def test_places_from_context(extract_text, text, expected):
    assert names(extract_text(one_caption(text)), "location") == expected


def test_vehicles_and_companies_of_recent_years(extract_text):
    extraction = extract_text(one_caption(
        "A Long March 2D rocket lifted off for Galactic Energy's rival, and Eutelsat signed with Isar Aerospace. "
        "Intuitive Machines said the Odysseus lander touched down; Odysseus tipped over. Lucy Hart of SES "
        "watched the Hera spacecraft leave on Europa Clipper's heels."))
    assert names(extraction, "launch_vehicle") == ["Long March 2D"]
    assert names(extraction, "spacecraft") == ["Europa Clipper", "Hera", "Odysseus"]
    assert {"Eutelsat", "Galactic Energy", "Intuitive Machines", "Isar Aerospace", "SES"} <= set(
        names(extraction, "organization"))
    assert names(extraction, "person") == ["Lucy Hart"]


def test_companies_by_an_industry_head_word(extract_text):
    extraction = extract_text(one_caption("The satellite was built by Canon Electronics and Kestrel Robotics. "
                                          "She earned a degree in Aerospace Engineering."))
    assert names(extraction, "organization") == ["Canon Electronics", "Kestrel Robotics"]


def test_a_capsule_name_inside_another_name_is_not_the_capsule(extract_text):
    extraction = extract_text(one_caption("The SpaceX Dragon flew. She won the Presidential Medal of Freedom, "
                                          "and Freedom docked."))
    crafts = [e for e in extraction.entities if e.type == "spacecraft"]
    assert [(e.name, [m.text for m in e.mentions]) for e in crafts] == [
        ("Crew Dragon Freedom", ["SpaceX Dragon", "Freedom"])]


def test_a_company_by_its_short_form_a_service_by_its_own_name_and_lunar_seas_are_no_people(extract_text):
    extraction = extract_text(one_caption(
        "Firefly Aerospace raised money. “A pivotal moment for Firefly,” said Jason Kim, Firefly's chief "
        "executive. The lander will touch down in Mare Crisium, and the Space Force paid."))
    orgs = {e.name: len(e.mentions) for e in extraction.entities if e.type == "organization"}
    assert orgs == {"Firefly Aerospace": 3, "U.S. Space Force": 1}
    assert names(extraction, "person") == ["Jason Kim"]


def test_a_name_typed_by_an_appositive_keeps_that_type_elsewhere(extract_text):
    extraction = extract_text(one_caption(
        "The crew deployed the Orbital Shield Facility, a free-flying satellite, on day three. Later the arm "
        "stowed the Orbital Shield Facility in the payload bay."))
    assert names(extraction, "spacecraft") == ["Orbital Shield Facility"]
    assert names(extraction, "location") == []


def test_a_cue_noun_that_modifies_another_noun_types_nothing(extract_text):
    extraction = extract_text(one_caption("Funding went to Orbital Relay Works, a satellite operator, this year."))
    assert names(extraction, "spacecraft") == []
