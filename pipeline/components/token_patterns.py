"""Token patterns in spaCy's Matcher syntax, tried only where a match can start.

spaCy's `Matcher` starts every pattern at every token it is given and tests its attributes through a Token
object per token; for the few places in an article where a numbered flight or a calendar date can be (a
month, a year, "Soyuz", a serial with a hyphen) that cost more than any other step of recognition. These
patterns are matched instead by `TokenPatterns` at the start positions the caller names, from the token
texts alone. It takes the part of the Matcher's syntax the knowledge uses: per token, `ORTH`, `LOWER`, `TEXT`
or `SHAPE` equal to a string or `IN` a list, `TEXT` by `REGEX` (searched, as the Matcher does), `IS_LOWER`,
and the `"?"` operator. Any other key is refused when the patterns are built. `tests/test_token_patterns.py`
checks that it finds what the Matcher finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from itertools import product

from spacy.lang.lex_attrs import word_shape

ATTRIBUTES = {"ORTH", "TEXT", "LOWER", "SHAPE", "IS_LOWER", "OP"}

Test = Callable[[str], bool]  # on a token's text


def _test(spec: dict) -> Test:
    """One token's test, on its text; its attributes are those of the text's lexeme (spaCy's `LOWER`,
    `SHAPE` and `IS_LOWER` depend on nothing else)."""
    unknown = set(spec) - ATTRIBUTES
    if unknown:
        raise ValueError(f"token pattern attribute(s) not supported: {sorted(unknown)}")
    tests: list[Test] = []
    if spec.get("OP", "?") != "?":
        raise ValueError(f"token pattern operator not supported: {spec['OP']}")
    for key, value in spec.items():
        if key == "OP":
            continue
        if key == "IS_LOWER":
            tests.append(lambda text, want=bool(value): text.islower() == want)
            continue
        of = {"ORTH": None, "TEXT": None, "LOWER": str.lower, "SHAPE": _shape}[key]
        if isinstance(value, dict):
            (operator, operand), = value.items()
            if operator == "IN":
                words = frozenset(operand)
                tests.append(lambda text, of=of, words=words: (of(text) if of else text) in words)
            elif operator == "REGEX":
                expression = re.compile(operand)
                tests.append(lambda text, of=of, e=expression: e.search(of(text) if of else text) is not None)
            else:
                raise ValueError(f"token pattern operator not supported: {operator}")
        else:
            tests.append(lambda text, of=of, want=value: (of(text) if of else text) == want)
    if len(tests) == 1:
        return tests[0]
    return lambda text: all(test(text) for test in tests)


_SHAPES: dict[str, str] = {}


def _shape(text: str) -> str:
    """spaCy's word shape ("Xxxxx", "dd", "dddd"), memoized."""
    shape = _SHAPES.get(text)
    if shape is None:
        if len(_SHAPES) > 200_000:  # bounded: an archive's vocabulary keeps growing
            _SHAPES.clear()
        shape = _SHAPES[text] = word_shape(text)
    return shape


class TokenPatterns:
    """Named patterns, each a list of token specs; `matches` gives (name, start, end) for every match that
    starts at one of the positions given. A pattern with optional tokens is held as its fixed-length variants,
    and which variants a text can open is worked out once per text."""

    def __init__(self, patterns: Iterable[tuple[Hashable, list[dict]]]) -> None:
        self.variants: list[tuple[Hashable, list[Test]]] = []
        for name, specs in patterns:
            if not specs or specs[0].get("OP"):
                raise ValueError(f"pattern {name}: its first token must not be optional")
            tests = [(_test(spec), spec.get("OP") == "?") for spec in specs]
            for kept in product(*[(True, False) if optional else (True,) for _, optional in tests]):
                self.variants.append((name, [test for (test, _), keep in zip(tests, kept) if keep]))
        self.opened_by: dict[str, list[int]] = {}  # text -> the variants whose first token it passes

    def matches(self, texts: list[str], starts: Iterable[int]) -> list[tuple[Hashable, int, int]]:
        """In order of start, then pattern, then length; a match found by two variants is given once."""
        found: list[tuple[Hashable, int, int]] = []
        for start in starts:
            text = texts[start]
            opened = self.opened_by.get(text)
            if opened is None:
                if len(self.opened_by) > 200_000:  # bounded: an archive's vocabulary keeps growing
                    self.opened_by.clear()
                opened = self.opened_by[text] = [k for k, (_, tests) in enumerate(self.variants) if tests[0](text)]
            here = []
            for k in opened:
                name, tests = self.variants[k]
                end = start + len(tests)
                if end <= len(texts) and all(tests[j](texts[start + j]) for j in range(1, len(tests))):
                    match = (name, start, end)
                    if match not in here:
                        here.append(match)
            found.extend(here)
        return found
