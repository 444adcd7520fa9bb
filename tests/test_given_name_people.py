"""People named with no cue word, found by their given name (pipeline/components/given_name_people.py)."""

import pytest

from tests.conftest import names, one_caption


def people(extraction):
    return names(extraction, "person")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The briefing features Dana Hutcherson, deputy program manager.", ["Dana Hutcherson"]),
        ("Tests at the site were led by Eric van der Wal and Takayoshi Nishikawa.",
         ["Eric van der Wal", "Takayoshi Nishikawa"]),
        ("Pilot training with David M. Walker went well.", ["David M. Walker"]),
        ("Thanks go to José Hernández-Moreno for the photo.", ["José Hernández-Moreno"]),
        # a hyphenated given name whose second part the text writes in lower case, as the lexicon has it
        ("Kim So-yeon, a researcher with the lab, flew in 2009.", ["Kim So-yeon"]),
        ("The Dana Hutcherson-led team met Jin-woo Kim.", ["Dana Hutcherson", "Jin-woo Kim"]),
    ],
)
def test_people_without_a_cue(extract_text, text, expected):
    assert people(extract_text(one_caption(text))) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Engineers at the Jet Propulsion Laboratory built the probe.",   # an institution word in the run
        "The Richard Nixon Presidential Library holds the papers.",
        "The cargo craft was christened the S.S. Sally Ride before launch.",  # a vehicle named after a person
        "She sang Can Take You Home at the gala.",                       # ordinary words, capitalized
        "The crew trained at Kennedy Space Center in Florida.",           # a knowledge name claims the tokens
        "In May Station crews will test the device.",                    # a month, not a given name
    ],
)
def test_capitalized_words_that_are_no_person(extract_text, text):
    assert people(extract_text(one_caption(text))) == []


@pytest.mark.parametrize(
    "text, name, agency",
    [
        ("Jennifer Kunz, associate director, technical, NASA Kennedy", "Jennifer Kunz", "organization:nasa"),
        ("William Gerstenmaier, vice president, Build and Flight Reliability, SpaceX", "William Gerstenmaier",
         "organization:spacex"),
        ("JAXA (Japan Aerospace Exploration Agency) astronaut Satoshi Furukawa served.", "Satoshi Furukawa",
         "organization:jaxa"),
        ("Axiom Space astronauts, Michael López-Alegría and Walter Villadei, returned.", "Walter Villadei",
         "organization:axiom-space"),
        ("NASA astronaut Stephen Bowen and United Arab Emirates astronaut Sultan Alneyadi spoke.", "Sultan Alneyadi",
         "organization:mohammed-bin-rashid-space-centre"),
        ("NASA astronauts Loral O’Hara and Jasmin Moghbeli, and Satoshi Furukawa of JAXA flew.", "Satoshi Furukawa",
         "organization:jaxa"),
        ("NASA Acting Administrator Thomas O. Paine (the Senate confirmed him) led it.", "Thomas O. Paine",
         "organization:nasa"),
        ("They toured NASA Goddard. “It was great,” said Emily Wilson, an intern at Goddard.", "Emily Wilson",
         "organization:nasa"),
    ],
)
def test_agency_from_the_words_around_a_name(extract_text, text, name, agency):
    people = {e.name: e.attributes for e in extract_text(one_caption(text)).entities if e.type == "person"}
    assert people[name].get("agency") == agency


def test_a_crew_role_without_agency_takes_the_agency_the_article_is_about(extract_text):
    text = ("NASA chose the crew in 1988. NASA flew them on STS-30.\n"
            "Its crew of Commander David M. Walker and Pilot Ronald J. Grabe flew for four days.")
    people = {e.name: e.attributes for e in extract_text(one_caption(text)).entities if e.type == "person"}
    assert people["David M. Walker"]["agency"] == "organization:nasa"
    assert people["Ronald J. Grabe"]["agency"] == "organization:nasa"


def test_a_nickname_the_article_introduces_joins_the_two_forms(extract_text):
    text = ("The seven were Walter M. “Wally” Schirra and Virgil I. “Gus” Grissom, astronauts.\n"
            "Later, Wally Schirra and Gus Grissom flew.")
    assert people(extract_text(one_caption(text))) == ["Virgil I. Grissom", "Walter M. Schirra"]


def test_weak_cues_need_a_given_name_and_lists_are_no_headings(extract_text):
    text = ("Kennedy spoke during a Joint Session of Congress.\n"
            "Carla Koch, mission manager, Commercial Crew Program, NASA Kennedy\n"
            "The team briefed A. Lee Briscoe before launch.")
    assert people(extract_text(f"Title\n{text}\n")) == ["A. Lee Briscoe", "Carla Koch"]
