"""What a name shown to others may hold: nothing invisible, nothing that reorders the text around
it, no word that mixes look-alike alphabets, no letter buried under marks. The rules of Unicode's
security mechanisms (UTS #39) that a name needs, in the standard library's terms."""

import unicodedata

# Zero-width joiners shape the letters of some scripts (Persian, the scripts of India); between
# Latin, Greek or Cyrillic letters, or beside anything else, they only hide a difference.
JOINERS = frozenset("\u200c\u200d")
# Invisible characters outside the format category (Default_Ignorable_Code_Point): the combining
# grapheme joiner, the Hangul fillers, two Khmer vowels, the variation selectors.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)
# Controls, format characters (zero-width, bidirectional, soft hyphen, tags), line and paragraph
# separators, private use.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co"})
# Alphabets whose letters pass for each other's (Cyrillic "а" and Latin "a").
LOOKALIKE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE")
# More marks than any script puts on one letter (Vietnamese two, Hebrew or Tibetan three or four)
# only cover the letters around them.
MAX_MARKS = 4


def invisible(char: str) -> bool:
    """Shows nothing, or changes only how what is around it is shown."""
    point = ord(char)
    return unicodedata.category(char) in _HIDDEN_CATEGORIES or any(a <= point <= b for a, b in _IGNORABLE_RANGES)


def script(char: str) -> str | None:
    """Which of the look-alike alphabets a letter is of, if any."""
    if not unicodedata.category(char).startswith("L"):
        return None
    first = unicodedata.name(char, "").split(" ", 1)[0]
    return first if first in LOOKALIKE_SCRIPTS else None


def _joiner_in_place(text: str, at: int) -> bool:
    """A joiner between two letters or marks of a script that needs it."""
    if at == 0 or at == len(text) - 1:
        return False
    before, after = text[at - 1], text[at + 1]
    return all(unicodedata.category(c)[0] in "LM" and script(c) is None for c in (before, after))


def _hidden(text: str) -> str | None:
    for at, char in enumerate(text):
        if char in JOINERS and _joiner_in_place(text, at):
            continue
        if invisible(char):
            return f"must not contain invisible or formatting characters (U+{ord(char):04X})"
    return None


def _mixed(decomposed: str) -> str | None:
    for word in "".join(c if unicodedata.category(c)[0] in "LM" else " " for c in decomposed).split():
        scripts = {s for s in map(script, word) if s}
        if len(scripts) > 1:
            return f"must not mix {' and '.join(sorted(s.title() for s in scripts))} letters in one word"
    return None


def _buried(decomposed: str) -> str | None:
    run = 0
    for char in decomposed:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        if run > MAX_MARKS:
            return f"must not put more than {MAX_MARKS} marks on one letter"
    return None


def shown_text_problem(text: str) -> str | None:
    """Why a name or short text shown to others could be read as another, or None."""
    decomposed = unicodedata.normalize("NFKD", text)
    return _hidden(text) or _mixed(decomposed) or _buried(decomposed)
