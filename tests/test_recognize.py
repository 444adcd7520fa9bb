"""Recognition on text the knowledge files were not written for: other crews, flights and years."""

import pytest

from tests.conftest import names, one_caption


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Soyuz MS-12 spacecraft docked while Progress MS-10 waited.", ["Progress MS-10", "Soyuz MS-12"]),
        ("The Cygnus NG-11 freighter and Dragon CRS-17 arrived a week apart.", ["Cygnus NG-11", "Dragon CRS-17"]),
        ("Japan's HTV-8 cargo ship, also called Kounotori 8, was grappled.", ["HTV-8"]),
        ("SpaceX's Crew-1 mission flew the Resilience capsule to orbit.", ["Crew Dragon Resilience"]),
        ("The SpX-20 capsule splashed down on schedule with science samples.", ["Dragon CRS-20"]),
    ],
)
def test_spacecraft_families_by_pattern(extract_text, text, expected):
    assert names(extract_text(one_caption(text)), "spacecraft") == expected


@pytest.mark.parametrize(
    "text, module",
    [
        ("The crew gathered in the Quest airlock to check their suits before the spacewalk.", "Quest"),
        ("She worked inside Japan's Kibo laboratory module for most of the afternoon.", "Kibo"),
        ("He floated through the U.S. Destiny laboratory on his way to the galley.", "Destiny"),
        ("The Tranquility module houses the exercise equipment and the toilet.", "Tranquility"),
        ("The Nauka module arrived and docked to the Zvezda service module in 2021.", "Nauka"),
    ],
)
def test_modules_however_written(extract_text, text, module):
    assert module in names(extract_text(one_caption(text)), "module")


def test_module_words_alone_are_not_modules(extract_text):
    text = "The crew showed great unity and harmony during their quest for answers about their destiny."
    assert names(extract_text(one_caption(text)), "module") == []


def test_people_from_context_alone(extract_text):
    text = ("NASA astronaut Zora Quintero and cosmonaut Pavel Yermakov of Roscosmos checked the hatch seals. "
            "Quintero later tweeted a photo. From left to right: Ines Halvorsen, Tobias Mbeki and Quintero.")
    x = extract_text(one_caption(text))
    assert names(x, "person") == ["Ines Halvorsen", "Pavel Yermakov", "Tobias Mbeki", "Zora Quintero"]
    people = {e.name: e for e in x.entities if e.type == "person"}
    assert people["Zora Quintero"].attributes["agency"] == "organization:nasa"
    assert people["Pavel Yermakov"].attributes["agency"] == "organization:roscosmos"
    assert [m.text for m in people["Zora Quintero"].mentions] == ["Zora Quintero", "Quintero", "Quintero"]


def test_a_list_with_home_towns_shares_its_role_and_agency(extract_text):
    """ "NASA astronauts are A of Town, State; B of Town, State; and C of Town, State": each listed person is a
    NASA astronaut; "of JAXA" after a name is that person's own agency."""
    text = ("The graduating NASA astronauts are Ines Halvorsen of Colorado Springs, Colorado; Tobias Mbeki of "
            "Guaynabo, Puerto Rico; and Zora Quintero of Wasilla, Alaska. The flight carries NASA astronauts "
            "Pavel Yermakov and Lena Ortiz of JAXA.")
    people = {e.name: e.attributes for e in extract_text(one_caption(text)).entities if e.type == "person"}
    assert {n: (a.get("agency"), a.get("role")) for n, a in people.items()} == {
        "Ines Halvorsen": ("organization:nasa", "astronaut"), "Tobias Mbeki": ("organization:nasa", "astronaut"),
        "Zora Quintero": ("organization:nasa", "astronaut"), "Pavel Yermakov": ("organization:nasa", "astronaut"),
        "Lena Ortiz": ("organization:jaxa", "astronaut")}


def test_toys_planets_and_headings_are_not_people(extract_text):
    text = """Mother Earth Smiles
NASA astronaut Rita Okafor showed her plush toy Earth the view of Mother Earth from the Cupola.
Earth Practices Too
So, Earth practiced putting on an emergency mask with Okafor."""
    x = extract_text(f"Title\n{text}\n")
    assert names(x, "person") == ["Rita Okafor"]


def test_misspelled_company_is_folded_into_canonical_name(extract_text):
    x = extract_text(one_caption("The Cygnus freighter from Northrup Grumman left the station on Friday."))
    assert names(x, "organization") == ["Northrop Grumman"]


def test_mentions_align_with_text(extract_text):
    text = one_caption("Canadian Space Agency astronaut Jenni Sidey-Gibbons floated in the Cupola on Jan. 5, 2025.")
    x = extract_text(text)
    for entity in x.entities:
        for m in entity.mentions:
            assert text[m.start:m.end] == m.text
    assert x.check_offsets(text) == []


def test_a_role_word_marks_a_name_in_a_caption_line_but_not_a_things_name(extract_text):
    text = ("Title\nThe crew ran many investigations this year.\n\nNASA astronaut Rita Okafor collects samples. "
            "NASA\n\nShe trained others to fly the Astronaut Maneuvering Unit, the backpack’s predecessor.\n")
    assert names(extract_text(text), "person") == ["Rita Okafor"]


def test_a_cue_word_before_of_and_a_known_name_is_no_crash(extract_text):
    """Crash class found by randomized article-like documents: "<Name> University of <known place>" read past "of" into
    tokens already claimed ("America", "Washington") and failed with a TypeError."""
    x = extract_text(one_caption("She studied at the Catholic University of America and at Western University of "
                                 "Washington before she joined NASA."))
    assert "Catholic University of America" in names(x, "organization")


def test_a_rockets_named_stages_are_launch_vehicles(extract_text):
    extraction = extract_text(one_caption(
        "Workers stacked the S-IC first stage, then the S-II and the S-IVB, for the Saturn V; the Soviet N-1 "
        "flew later."))
    assert names(extraction, "launch_vehicle") == ["N1", "S-IC", "S-II", "S-IVB", "Saturn V"]


def test_a_telescopes_science_instruments_are_experiments(extract_text):
    extraction = extract_text(one_caption(
        "Spacewalkers swapped COSTAR and the Wide Field and Planetary Camera-2 for the Wide Field Camera-3."))
    assert names(extraction, "experiment") == ["Corrective Optics Space Telescope Axial Replacement",
                                               "Wide Field Camera 3", "Wide Field and Planetary Camera 2"]


def test_a_coast_named_after_its_country_or_state_is_one_place(extract_text):
    extraction = extract_text(one_caption(
        "The jet crossed the U.S. East Coast, then the Texas Gulf Coast and at last the Gulf Coast."))
    assert names(extraction, "location") == ["Gulf Coast", "Texas Gulf Coast", "U.S. East Coast"]
