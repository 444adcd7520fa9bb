"""People named with no cue word, found by their given name (pipeline/components/given_name_people.py)."""

import pytest


def people(extraction):
    return sorted(e.name for e in extraction.entities if e.type == "person")


def one_caption(text: str) -> str:
    return f"Gallery Title\n{text}\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The briefing features Dana Hutcherson, deputy program manager.", ["Dana Hutcherson"]),
        ("Tests at the site were led by Eric van der Wal and Takayoshi Nishikawa.",
         ["Eric van der Wal", "Takayoshi Nishikawa"]),
        ("Pilot training with David M. Walker went well.", ["David M. Walker"]),
        ("Thanks go to José Hernández-Moreno for the photo.", ["José Hernández-Moreno"]),
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
