from pipeline.segment import segment

GALLERY = """Expedition 99: The Mission in Pictures
Meet the Crew
The Expedition 99 crew launched to the station on a Soyuz spacecraft and began a six-month stay.
A caption with no heading of its own follows the first one, describing another photo in the gallery.
Full Story: Crew Arrives at Station
Big Moment
The hatch opened and the crew floated into the station to greet their colleagues aboard.
Related: How Hatches Work
Gallery: More Hatch Photos
Join our Space Forums to keep talking space on the latest missions!
Get the Space.com Newsletter
Jane Writer joined the Space.com team in 2015 as a producer.
"""


def test_headings_captions_and_untitled_captions():
    s = segment(GALLERY)
    assert s.title.text == "Expedition 99: The Mission in Pictures"
    assert [e.title.text if e.title else None for e in s.entries] == ["Meet the Crew", None, "Big Moment"]
    assert s.entries[1].caption.text.startswith("A caption with no heading")


def test_references_attach_to_the_entry_they_follow():
    s = segment(GALLERY)
    refs = [[(r.kind, r.title.text) for r in e.references] for e in s.entries]
    assert refs == [[], [("full_story", "Crew Arrives at Station")],
                    [("related", "How Hatches Work"), ("gallery", "More Hatch Photos")]]


def test_footer_is_no_entry_and_gives_author():
    s = segment(GALLERY)
    assert all("Forums" not in e.caption.text and "Newsletter" not in e.caption.text for e in s.entries)
    assert s.footer.text.startswith("Join our Space Forums")
    assert s.author == "Jane Writer"


def test_offsets_point_at_their_text():
    s = segment(GALLERY)
    for e in s.entries:
        assert GALLERY[e.caption.start:e.caption.end] == e.caption.text
        for r in e.references:
            assert GALLERY[r.title.start:r.title.end] == r.title.text


def test_inline_headings_with_credits_and_counters():
    text = """Station Life in Pictures
By Sam Author
Welcome Aboard: On Nov. 17, the new crew floated through the hatch and joined the three already aboard.
Image 2 of 3
Window Seat: The Cupola gives the best view of Earth, and the crew spends free time photographing it.
(Image credit: NASA)
A caption that stands without a heading and describes the last photo of the gallery in detail.
"""
    s = segment(text)
    assert s.author == "Sam Author"
    assert [e.title.text if e.title else None for e in s.entries] == ["Welcome Aboard", "Window Seat", None]
    assert s.entries[0].caption.text.startswith("On Nov. 17")
    assert all("Image credit" not in e.caption.text and "Image 2" not in e.caption.text for e in s.entries)


def test_news_story_paragraphs_are_untitled_entries_and_comments_are_footer():
    text = """Rocket Launches Crew
Posted on April 21, 2019 by space_fan
The rocket lifted off at dawn with four astronauts aboard, bound for the space station.
Two days later, the capsule docked and the hatches opened after leak checks were complete.
2 Comments
Alex says: April 22, 2019 at 9:14 am
What a launch, I watched it from the beach with my whole family.
Reply
"""
    s = segment(text)
    assert s.author == "space_fan"
    assert [e.title for e in s.entries] == [None, None]
    assert s.footer.text.startswith("2 Comments")


def test_empty_text():
    s = segment("")
    assert s.entries == [] and s.title is None
