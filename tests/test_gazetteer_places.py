"""Towns and cities from the GeoNames list (pipeline/components/gazetteer_places.py)."""

from tests.conftest import names, one_caption


def test_a_city_after_a_place_word_is_a_place(extract_text):
    extraction = extract_text(one_caption("He moved to Bonn in 1970 and was born in Hialeah, near El Paso."))
    assert names(extraction, "location") == ["Bonn", "El Paso", "Hialeah"]


def test_given_names_planets_units_and_longer_names_are_not_places(extract_text):
    extraction = extract_text(one_caption(
        "She spoke to Florence about the flight to Jupiter at Mach 25, then flew from Bonn Airport Authority."))
    assert names(extraction, "location") == []


def test_a_city_name_with_no_place_word_before_it_is_left_alone(extract_text):
    assert names(extract_text(one_caption("Bonn officials met the crew.")), "location") == []
