"""Linking mentions inside one article into one entity each."""


def people(extraction):
    return {e.name: e for e in extraction.entities if e.type == "person"}


def test_typo_and_surname_link_to_the_fullest_correct_form(extract_text):
    text = ("Title\nNASA astronaut Anne McClain waved. Later McClain tweeted. Astronaut Anne McClain smiled, "
            "and according to astronaut Anna McClain the view was phenomenal.\n")
    found = people(extract_text(text))
    assert list(found) == ["Anne McClain"]
    assert found["Anne McClain"].aliases == ["McClain", "Anna McClain"]


def test_middle_initial_and_nickname(extract_text):
    text = ("Title\nNASA astronaut Michael S. Hopkins led the crew. Crew-1 commander Mike Hopkins said the "
            "ride was smooth. NASA astronaut Tom Marshburn and Thomas Marshburn are one man; Hopkins agreed.\n")
    found = people(extract_text(text))
    assert sorted(found) == ["Michael S. Hopkins", "Thomas Marshburn"] or sorted(found) == [
        "Michael Hopkins", "Thomas Marshburn"]
    hopkins = next(e for n, e in found.items() if "Hopkins" in n)
    assert hopkins.attributes["role"] == "commander"
    assert {m.text for m in hopkins.mentions} >= {"Michael S. Hopkins", "Mike Hopkins", "Hopkins"}


def test_commander_role_and_agency(extract_text):
    text = "Title\nExpedition 58 Cmdr. Oleg Kononenko of Roscosmos wrapped up work in the Zvezda service module.\n"
    person = people(extract_text(text))["Oleg Kononenko"]
    assert person.attributes == {"agency": "organization:roscosmos", "role": "commander"}


def test_adjective_ties_agency(extract_text):
    text = "Title\nCanadian astronaut Luc Tremblay and Russian cosmonaut Ivan Sokolov posed together.\n"
    found = people(extract_text(text))
    assert found["Luc Tremblay"].attributes["agency"] == "organization:canadian-space-agency"
    assert found["Ivan Sokolov"].attributes["agency"] == "organization:roscosmos"


def test_family_word_links_to_the_one_numbered_flight(extract_text):
    text = ("Title\nThe Cygnus NG-12 freighter arrived on Nov. 4, 2019. The Cygnus spacecraft carried supplies.\n")
    crafts = [e for e in extract_text(text).entities if e.type == "spacecraft"]
    assert [(c.name, len(c.mentions)) for c in crafts] == [("Cygnus NG-12", 2)]


def test_two_people_sharing_a_surname_stay_apart(extract_text):
    text = "Title\nNASA astronauts Mark Kelly and Scott Kelly trained together in Houston.\n"
    assert sorted(people(extract_text(text))) == ["Mark Kelly", "Scott Kelly"]


def test_first_name_alone_links_when_only_one_person_has_it(extract_text):
    text = ("Title\nNASA astronaut Jessica Meir and cosmonaut Oleg Skripochka checked the suits. Later that day "
            "Jessica photographed the aurora while Skripochka slept.\n")
    found = people(extract_text(text))
    assert sorted(found) == ["Jessica Meir", "Oleg Skripochka"]
    assert [m.text for m in found["Jessica Meir"].mentions] == ["Jessica Meir", "Jessica"]


def test_cue_needing_module_name_recurs_alone_once_introduced(extract_text):
    text = ("Title\nThe crew prepared the Quest airlock for the spacewalk. Inside Quest, they checked the suits, "
            "and their quest for a perfect seal took an hour.\n")
    modules = [e for e in extract_text(text).entities if e.type == "module"]
    assert [(m.name, [x.text for x in m.mentions]) for m in modules] == [("Quest", ["Quest airlock", "Quest"])]


def test_agency_after_coordinated_names_reaches_each(extract_text):
    text = ("Title\nThe backup crew, Ivan Belov and Pavel Orlov of Roscosmos, trained with NASA astronaut "
            "Mia Stone and Lars Berg of the European Space Agency.\n")
    found = people(extract_text(text))
    assert {n: p.attributes.get("agency") for n, p in found.items()} == {
        "Ivan Belov": "organization:roscosmos", "Pavel Orlov": "organization:roscosmos",
        "Mia Stone": "organization:nasa", "Lars Berg": "organization:european-space-agency"}


def test_people_listed_after_a_plural_role_word_take_its_role(extract_text):
    text = ("Title\nNASA Administrator Ada Reyes named the crew today. The 2031 astronaut candidates, pictured "
            "here at the training center, are Nora Vance, left, Tomas Ekberg, and Lia Moreau. NASA thanked "
            "them.\n\nThe class members are:\n\nPaul Hendry, major, U.S. Air Force, grew up in Ohio.\n\n"
            "Chris (Christine) Dale grew up in Iowa.\n\nTraining ends in May.\n")
    found = people(extract_text(text))
    for name in ["Nora Vance", "Tomas Ekberg", "Lia Moreau"]:
        assert found[name].attributes == {"agency": "organization:nasa", "role": "astronaut candidate"}
    assert "Christine Dale" in found  # the bracketed form is the formal given name
    assert "Paul Hendry" in found and "agency" not in found["Paul Hendry"].attributes  # no role word before


def test_mission_control_jobs_take_the_article_agency(extract_text):
    text = ("Title\nNASA launched the crew. NASA said Flight Director Jo Harlan and capcom Ben Ortiz led the "
            "team, and President Sam Dole watched.\n")
    found = people(extract_text(text))
    assert found["Jo Harlan"].attributes["agency"] == "organization:nasa"
    assert found["Ben Ortiz"].attributes == {"agency": "organization:nasa", "role": "capcom"}
    assert "agency" not in found["Sam Dole"].attributes


def test_an_agency_before_the_next_person_is_not_an_appositive(extract_text):
    text = ("Title\nThe crew flew with Rhea Okafor, as well as Roscosmos cosmonaut Ivan Belov, and with Mia Stone, "
            "and CSA (Canadian Space Agency) astronaut Luc Tremblay.\n")
    found = people(extract_text(text))
    assert "agency" not in found["Rhea Okafor"].attributes
    assert "agency" not in found["Mia Stone"].attributes
    assert found["Ivan Belov"].attributes["agency"] == "organization:roscosmos"


def test_contact_with_an_agency_email_address(extract_text):
    text = ("Title\nThe crew will speak on Friday. Media must RSVP to Hana Rourke at hana.b.rourke@nasa.gov, or "
            "call Piet Zomer: 281-483-5111; pzomer@esa.int. Write to Lou Berg at info@nasa.gov.\n")
    found = people(extract_text(text))
    assert found["Hana Rourke"].attributes.get("agency") == "organization:nasa"
    assert found["Piet Zomer"].attributes.get("agency") == "organization:european-space-agency"
    assert "Lou Berg" not in found or "agency" not in found["Lou Berg"].attributes  # not his own address


def test_a_predecessor_named_beside_its_successor_is_one_organization(extract_text):
    text = ("Title\nJapan’s National Space Development Agency (NASDA), now the Japan Aerospace Exploration "
            "Agency, joined. Cosmonaut Ivan Belov of the Russian Space Agency, now Roscosmos, flew.\n")
    orgs = {e.name: sorted({m.text for m in e.mentions}) for e in extract_text(text).entities
            if e.type == "organization"}
    assert orgs == {"JAXA": ["Japan Aerospace Exploration Agency", "NASDA", "National Space Development Agency"],
                    "Roscosmos": ["Roscosmos", "Russian Space Agency"]}


def test_an_institution_named_after_a_person_is_their_employer_and_a_unit_is_the_agency(extract_text):
    text = ("Title\nNASA chose the crew. Rhea Okafor, director of the Space Development Bureau, spoke. "
            "Ivo Marsh, manager of the Rover Operations Program, agreed. NASA’s Boeing Crew Flight Test "
            "astronaut Lia Moreau flew. Ben Ortiz, from Austin, graduated from Texas A&M University.\n")
    found = people(extract_text(text))
    assert found["Rhea Okafor"].attributes["agency"] == "organization:space-development-bureau"
    assert found["Ivo Marsh"].attributes["agency"] == "organization:nasa"
    assert found["Lia Moreau"].attributes["agency"] == "organization:nasa"
    assert "agency" not in found["Ben Ortiz"].attributes


def test_a_crew_member_flies_for_the_agency_of_the_vehicle_named_before(extract_text):
    text = ("Title\nNASA and JAXA said more. NASA and JAXA agreed.\n\nChina launched the Shenzhou-18 crew to "
            "Tiangong. The crew, commander Ye Guangfu, will stay six months.\n")
    found = people(extract_text(text))
    assert found["Ye Guangfu"].attributes["agency"] == "organization:china-manned-space-agency"


def test_a_name_joined_to_a_person_and_a_name_set_off_after_a_role(extract_text):
    text = ("Title\nButch Wilmore and Suni Williams splashed down. The company's chief executive, Kelly Ortberg, "
            "spoke. Anne McClain and Kennedy Space Center staff cheered.\n")
    found = people(extract_text(text))
    assert sorted(found) == ["Anne McClain", "Butch Wilmore", "Kelly Ortberg", "Suni Williams"]
    assert found["Kelly Ortberg"].attributes["role"] == "chief executive"


def test_presidential_candidates_are_no_astronaut_candidates(extract_text):
    text = "Title\nNASA spoke twice. NASA said the presidential candidates, Ada Reyes and Sam Dole, visited.\n"
    found = people(extract_text(text))
    assert all("agency" not in p.attributes and "role" not in p.attributes for p in found.values())


def test_a_known_names_short_form_in_brackets_recurs_and_a_hyphenated_member_is_its_own(extract_text):
    text = ("Title\nShe worked in the BioFabrication Facility (BFF) for a week. Later the BFF printed cells, and "
            "BFF-Heart tested tissue.\n")
    found = {e.name: [m.text for m in e.mentions] for e in extract_text(text).entities if e.type == "experiment"}
    assert found == {"BioFabrication Facility": ["BioFabrication Facility", "BFF", "BFF"],
                     "BFF-Heart": ["BFF-Heart"]}


def test_the_space_station_of_an_article_that_names_none_is_the_one_its_vehicles_serve(extract_text):
    soyuz = extract_text("Title\nThe Soyuz MS-26 landed after 220 days aboard the orbiting laboratory.\n")
    assert [(e.name, [m.text for m in e.mentions]) for e in soyuz.entities if e.type == "station"] == [
        ("International Space Station", ["orbiting laboratory"])]
    mixed = extract_text("Title\nShenzhou 18 and Progress 91 flew; the station crews waved.\n")
    assert [e for e in mixed.entities if e.type == "station"] == []


def test_coordinated_names_with_their_roles_between_share_the_plural_role_words_agency(extract_text):
    text = ("Title\nOn board were NASA astronauts Rhea Okafor, the commander, and Ivo Marsh, the pilot, along with "
            "Roscosmos cosmonaut Ivan Belov.\n")
    found = people(extract_text(text))
    assert found["Rhea Okafor"].attributes == {"agency": "organization:nasa", "role": "commander"}
    assert found["Ivo Marsh"].attributes == {"agency": "organization:nasa", "role": "pilot"}
    assert found["Ivan Belov"].attributes["agency"] == "organization:roscosmos"


def test_agency_of_a_country_after_a_name_and_of_the_agency_owning_a_unit(extract_text):
    text = ("Title\nJoining them is Mission Specialist Omar Saleh of the UAE (United Arab Emirates). “We are "
            "ready,” said Dana Reyes, manager of NASA’s Lunar Surface Program.\n")
    found = people(extract_text(text))
    assert found["Omar Saleh"].attributes["agency"] == "organization:mohammed-bin-rashid-space-centre"
    assert found["Dana Reyes"].attributes["agency"] == "organization:nasa"


def test_a_listed_government_unit_gives_its_parent_agency(extract_text):
    text = "Title\nIvo Marsh, an engineer with the Space Task Group, designed the capsule.\n"
    assert people(extract_text(text))["Ivo Marsh"].attributes["agency"] == "organization:nasa"


def test_reporters_work_for_the_outlet_named_before_them(extract_text):
    text = "Title\nThe crew spoke with Associated Press reporters Ada Reyes and Sam Dole.\n"
    found = people(extract_text(text))
    assert {n: p.attributes.get("agency") for n, p in found.items()} == {
        "Ada Reyes": "organization:associated-press", "Sam Dole": "organization:associated-press"}


def test_an_appointing_organization_and_a_roles_own_place_give_the_employer(extract_text):
    text = ("Title\nNASA has also selected Ivo Marsh as the operations manager. Director of Johnson Space Center "
            "Rhea Okafor welcomed the crew, and Lia Moreau, director of Kennedy Space Center, waved.\n")
    found = people(extract_text(text))
    assert {n: p.attributes.get("agency") for n, p in found.items()} == {
        "Ivo Marsh": "organization:nasa", "Rhea Okafor": "organization:nasa", "Lia Moreau": "organization:nasa"}


def test_a_name_with_initials_where_another_form_has_the_words_is_one_person(extract_text):
    text = ("Title\nThe astronauts are left to right: M. Scott Carpenter and John Glenn. The administrator read "
            "out “Malcolm S. Carpenter” first. Mark Kelly and Scott Kelly stayed two.\n")
    found = people(extract_text(text))
    carpenter = [n for n in found if n.endswith("Carpenter")]
    assert len(carpenter) == 1 and {m.text for m in found[carpenter[0]].mentions} == {
        "M. Scott Carpenter", "Malcolm S. Carpenter"}
    assert {"Mark Kelly", "Scott Kelly"} <= set(found)


def test_full_names_listed_with_a_person_are_people_and_titles_are_no_names(extract_text):
    text = ("Title\nIndian Air Force officers Prasanth Balakrishnan Nair, Ajit Krishnan and Shubhanshu Shukla were "
            "named, Prime Minister Narendra Modi said. Shukla flew with Peggy Whitson, Sławosz Uznański-Wiśniewski "
            "and Tibor Kapu. ISRO chairman Ivo Marsh agreed.\n")
    found = people(extract_text(text))
    assert {"Prasanth Balakrishnan Nair", "Ajit Krishnan", "Shubhanshu Shukla", "Narendra Modi", "Peggy Whitson",
            "Sławosz Uznański-Wiśniewski", "Tibor Kapu", "Ivo Marsh"} == set(found)
    assert found["Narendra Modi"].attributes == {"role": "prime minister"}
    assert found["Ivo Marsh"].attributes == {"agency": "organization:isro", "role": "chairman"}


def test_a_plural_role_word_capitalized_and_names_listed_before_a_plural_cue_noun(extract_text):
    text = ("Title\nExpedition 71 Flight Engineers Rhea Okafor and Ivo Marsh of NASA moved cargo between the "
            "Unity, Destiny and Kibo modules.\n")
    extraction = extract_text(text)
    found = people(extraction)
    assert {n: p.attributes for n, p in found.items()} == {
        "Rhea Okafor": {"agency": "organization:nasa", "role": "flight engineer"},
        "Ivo Marsh": {"agency": "organization:nasa", "role": "flight engineer"}}
    assert sorted(e.name for e in extraction.entities if e.type == "module") == ["Destiny", "Kibo", "Unity"]


def test_a_place_under_its_former_name_is_the_same_place(extract_text):
    text = ("Title\nThe crew flew to the Manned Spacecraft Center in Houston. At MSC they met engineers, and "
            "today the Johnson Space Center keeps the capsule.\n")
    places = [e for e in extract_text(text).entities if e.type == "location" and "Center" in e.name]
    assert [e.name for e in places] == ["Johnson Space Center"]
    assert {m.text for m in places[0].mentions} == {"Manned Spacecraft Center", "MSC", "Johnson Space Center"}


def test_crew_named_without_a_title_work_for_the_articles_agency(extract_text):
    """In an article about NASA (named at least twice), as any crew member does."""
    text = ("Title\nNASA astronauts Thomas P. Hale and John W. Marsh and their backups L. Gordon Pike and "
            "Donn F. Ellery trained. Later the crew of Neil A. Ostrand, Michael Colby, and Edwin E. Aldane "
            "flew, and Hale's crewmates James A. Lofton and William A. Andrus toured for NASA.\n")
    found = people(extract_text(text))
    assert {name: person.attributes.get("agency") for name, person in found.items()} == {
        name: "organization:nasa" for name in ["Thomas P. Hale", "John W. Marsh", "L. Gordon Pike",
                                               "Donn F. Ellery", "Neil A. Ostrand", "Michael Colby",
                                               "Edwin E. Aldane", "James A. Lofton", "William A. Andrus"]}


def test_a_country_before_the_role_ties_the_person_to_it_not_to_the_articles_agency(extract_text):
    text = ("Title\nNASA astronaut Shannon M. Lucid met Claudie André-Deshays, France’s first female astronaut, "
            "and China’s first female astronaut, Wang Yaping, at a NASA gala.\n")
    found = people(extract_text(text))
    assert {name: person.attributes.get("agency") for name, person in found.items()} == {
        "Shannon M. Lucid": "organization:nasa", "Claudie André-Deshays": None,
        "Wang Yaping": "organization:china-manned-space-agency"}
