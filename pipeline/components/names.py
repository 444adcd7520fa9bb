"""Reading proper names token by token: shared by the person and cue-name finders."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from pipeline.components import token_texts

# Lower-case words that may sit inside a name ("Sultan Al Neyadi", "Mohammed bin Rashid").
PARTICLES = {"bin", "al", "de", "da", "van", "von", "der", "del", "la", "le", "di", "dos", "ibn"}
# Capitalized words that are never part of a person's name.
NOT_NAMES = {
    "The", "A", "An", "And", "Or", "But", "In", "On", "At", "Of", "For", "From", "To", "With", "By", "As", "I",
    "He", "She", "They", "We", "It", "His", "Her", "Their", "Our", "This", "That", "These", "Those", "Here",
    "There", "When", "While", "After", "Before", "During", "Inside", "Aboard", "Using", "Following",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Earth", "Moon", "Sun",
    "Mars", "Expedition", "Mission", "Space", "Station", "International", "NASA", "Russian", "American",
    "Canadian", "Japanese", "European", "Chinese", "Indian", "Italian", "German", "French", "Emirati",
    "Commander", "Cmdr", "Flight", "Engineer", "Astronaut", "Astronauts", "Cosmonaut", "Cosmonauts", "Crew",
    "Left", "Right", "Center", "Prime", "Backup", "Mother", "U.S.", "Twitter", "Instagram", "Mr", "Ms", "Dr",
    "Administrator", "Deputy", "Associate", "Director", "Chief", "Manager", "Pilot", "Specialist", "President",
    "Vice", "Founder", "Spokesperson", "Spokeswoman", "Spokesman", "Scientist", "Captain", "Colonel", "General",
    "Sen", "Senator", "Rep", "Gov", "Governor", "Officer", "Lt", "Maj", "Col", "Capt", "Gen", "Prof", "Professor",
    "Major", "Lieutenant", "Sergeant", "Admiral", "Cmdr", "Navy", "Air", "Force", "Army", "Marine", "Marines",
    "King", "Queen", "Pope", "Prince", "Princess", "Sir", "Dame", "Lady", "Lord",
    "Minister", "Secretary", "Chairman", "Chairwoman", "Chairperson", "Ambassador", "Premier",
    "Engineers", "Specialists", "Commanders", "Pilots", "Officers", "Members", "Scientists", "Managers", "Directors",
}
# Capitalized only because they open a sentence: "Later McClain tweeted."
SENTENCE_OPENERS = {"Later", "Earlier", "Today", "Yesterday", "Tomorrow", "Finally", "Next", "Soon", "Still",
                    "Afterward", "Afterwards", "Instead", "Together", "Fellow", "Veteran", "Former", "Meanwhile",
                    "Eventually", "Suddenly", "Luckily", "Unfortunately", "Fortunately", "Overall", "Tonight"}
MAX_NAME_PARTS = 4


SENTENCE_ENDS = {".", "!", "?", "\"", "“", ":"}  # a token after one of these opens a sentence


def opens_sentence(token: Token) -> bool:
    i = token.i
    return i == 0 or token.doc[i - 1].is_space or token.doc[i - 1].text in SENTENCE_ENDS


def is_name_word(token: Token) -> bool:
    kind = _NAME_WORD_KIND.get(token.text)
    if kind is None:
        kind = _remember_kind(token)
    return kind == NAME_WORD or kind == NAME_WORD_INSIDE_SENTENCE and not opens_sentence(token)


def is_name_word_at(doc: Doc, texts: list[str], i: int) -> bool:
    """`is_name_word(doc[i])` from the doc's token texts (`token_texts`), making no Token where the text has
    been seen before."""
    kind = _NAME_WORD_KIND.get(texts[i])
    if kind is None:
        kind = _remember_kind(doc[i])
    if kind == NAME_WORD_INSIDE_SENTENCE:
        return not (i == 0 or texts[i - 1].isspace() or texts[i - 1] in SENTENCE_ENDS)
    return kind == NAME_WORD


def _remember_kind(token: Token) -> int:
    if len(_NAME_WORD_KIND) > 200_000:  # bounded: an archive's vocabulary keeps growing
        _NAME_WORD_KIND.clear()
    kind = _NAME_WORD_KIND[token.text] = _name_word_kind(token)
    return kind


# What a token's text alone says (its lexeme's attributes depend on nothing else), memoized per text: names
# are read token by token many times over.
NOT_NAME_WORD, NAME_WORD, NAME_WORD_INSIDE_SENTENCE = 0, 1, 2
_NAME_WORD_KIND: dict[str, int] = {}


def _name_word_kind(token: Token) -> int:
    text = token.text
    if text in NOT_NAMES or not text[:1].isupper():
        return NOT_NAME_WORD
    if len(text) == 2 and text[1] == ".":  # a middle initial, "S."
        kind = NAME_WORD
    elif not token.is_alpha and not text.replace("’", "").replace("'", "").isalpha():  # "O’Hara", "D'Souza"
        return NOT_NAME_WORD
    else:
        kind = NAME_WORD if any(c.islower() for c in text[1:]) else NOT_NAME_WORD
    if kind == NAME_WORD and (text in SENTENCE_OPENERS or token.is_stop):
        return NAME_WORD_INSIDE_SENTENCE  # "Later McClain tweeted."
    return kind


def _joins(doc: Doc, i: int) -> bool:
    """A hyphen or apostrophe tied to the words on both sides: "Saint-Jacques", "O'Brien", and a given name
    the lexicon writes with a hyphen, whatever the case of its second part ("Yi So-yeon")."""
    if not (doc[i].text in {"-", "'", "’"} and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and not doc[i].whitespace_):
        return False
    after = doc[i + 1]
    return is_name_word(after) or (doc[i].text == "-" and after.is_lower and after.is_alpha
                                   and f"{doc[i - 1].text}-{after.text}".casefold() in hyphenated_given_names())


@lru_cache(maxsize=1)
def hyphenated_given_names() -> frozenset[str]:
    """The given-name lexicon's hyphenated names, case-folded ("so-yeon", "jean-pierre")."""
    from pipeline.components.given_name_people import given_names  # it reads names with this module

    return frozenset(name.casefold() for name in given_names() if "-" in name)


QUOTES = {'"', "“", "”"}
BRACKETED = {"(": ")"}  # "Chris (Christina) Birch": the other form of the given name, in brackets


def _quoted_nickname(doc: Doc, i: int) -> int:
    """End of a quoted nickname inside a name (Barry "Butch" Wilmore, Walter M. “Wally” Schirra), or i when
    there is none."""
    if doc[i].text in QUOTES and i + 2 < len(doc) and is_name_word(doc[i + 1]) and doc[i + 2].text in QUOTES \
            and i + 3 < len(doc) and is_name_word(doc[i + 3]):
        return i + 3
    if doc[i].text in BRACKETED and i + 3 < len(doc) and is_name_word(doc[i + 1]) \
            and doc[i + 2].text == BRACKETED[doc[i].text] and is_name_word(doc[i + 3]):
        return i + 3
    return i


def read_name_forward(doc: Doc, i: int, blocked: set[int]) -> tuple[int, int] | None:
    """Token range (start, end) of a person-like name starting at token i, or None."""
    if i >= len(doc) or i in blocked or not is_name_word(doc[i]):
        return None
    if doc[i].text.endswith("."):  # "T. Keith Glennan": an initial opens a name only before a name word
        if i + 1 >= len(doc) or i + 1 in blocked or not is_name_word(doc[i + 1]) or doc[i + 1].text.endswith("."):
            return None
    end, parts = i + 1, 1
    while end < len(doc) and end not in blocked and parts < MAX_NAME_PARTS:
        token = doc[end]
        if _joins(doc, end):
            end += 2
            continue
        if (parts == 1 or doc[end - 1].text.endswith(".")) and _quoted_nickname(doc, end) > end:
            end = _quoted_nickname(doc, end)
            continue
        if is_name_word(token):
            parts += 1
            end += 1
            continue
        if token.lower_ in PARTICLES:  # "van der Wal", "bin Rashid"
            k = end
            while k < len(doc) and doc[k].lower_ in PARTICLES and k - end < 3:
                k += 1
            if k < len(doc) and k not in blocked and is_name_word(doc[k]):
                end = k
                continue
        break
    while end > i + 1 and doc[end - 1].text.endswith("."):  # a name does not end on an initial
        end -= 1
    return (i, end)


def read_name_backward(doc: Doc, j: int, blocked: set[int]) -> tuple[int, int] | None:
    """Token range of a name that ends just before token j."""
    start, parts = j, 0
    while start > 0 and parts < MAX_NAME_PARTS:
        k = start - 1
        if k in blocked:
            break
        if is_name_word(doc[k]):
            start, parts = k, parts + 1
            continue
        if parts and k >= 3 and doc[k].text in QUOTES and doc[k - 2].text in QUOTES and is_name_word(doc[k - 1]) \
                and k - 3 not in blocked and is_name_word(doc[k - 3]):
            start = k - 2  # 'Virgil I. “Gus” Grissom' read from its end
            continue
        if k > 0 and _joins(doc, k) and parts:
            start = k
            continue
        if k > 1 and not is_name_word(doc[k]) and _joins(doc, k - 1):
            start = k - 1  # "So-yeon" read from its end: its capitalized part comes next
            continue
        if doc[k].lower_ in PARTICLES and parts:
            start = k
            continue
        break
    while start < j and (doc[start].lower_ in PARTICLES or doc[start].text in {"-", "'"}):
        start += 1
    if parts == 0 or start >= j:
        return None
    return (start, j)


def name_parts(doc: Doc, start: int, end: int) -> int:
    """How many name words tokens START to END hold, initials not counted."""
    texts = token_texts(doc)
    return sum(1 for i in range(start, end) if not texts[i].endswith(".") and is_name_word_at(doc, texts, i))
