"""Vehicles named after their family's name or given a call sign for it
(pipeline/components/family_named_vehicles.py)."""

from tests.conftest import names, one_caption


def spacecraft(extraction):
    return {e.name: e for e in extraction.entities if e.type == "spacecraft"}


def test_a_name_after_the_family_and_its_acronym_is_a_vehicle_of_that_family(extract_text):
    found = spacecraft(extract_text(one_caption(
        "Our pilot took the Lunar Module (LM) Kestrel out. Later Kestrel docked again.")))
    assert found["Kestrel"].attributes["family"] == "Lunar Module"
    assert [m.text for m in found["Kestrel"].mentions] == ["Lunar Module", "LM", "Kestrel", "Kestrel"]


def test_call_signs_name_one_vehicle_each(extract_text):
    found = spacecraft(extract_text(one_caption(
        "The crew picked the call signs Sandy Heron for the CSM and Kestrel for the LM in May.")))
    assert found["Sandy Heron"].attributes["family"] == "Command and Service Module"
    assert found["Kestrel"].attributes["family"] == "Lunar Module"


def test_the_family_word_is_the_one_named_vehicle_of_that_family(extract_text):
    found = spacecraft(extract_text(one_caption(
        "The crew boarded the Lunar Module Eagle. The Lunar Module then landed.")))
    assert list(found) == ["Eagle"]
    assert [m.text for m in found["Eagle"].mentions] == ["Lunar Module", "Eagle", "Lunar Module"]


def test_hardware_words_and_headings_name_no_vehicle(extract_text):
    extraction = extract_text("Title\nThe Lunar Module Descent Engine\nThe Lunar Module Descent Engine fired twice.\n")
    assert "Descent" not in " ".join(names(extraction, "spacecraft"))
