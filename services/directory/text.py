"""Text folding for search: the same in Python and in every query, because the embedded
PostgreSQL has neither `unaccent` nor `pg_trgm`."""

import re
import unicodedata

from shared.glyphs import invisible

_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str | None) -> str:
    """Lower case, accents removed, punctuation to spaces: 'Côte d'Ivoire' -> 'cote d ivoire'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def trigrams(text: str | None) -> list[str]:
    """The trigrams of each folded word, padded like pg_trgm ('  w', ' wo', 'wor', 'ord', 'rd ')."""
    grams: set[str] = set()
    for word in fold(text).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return sorted(grams)


# Letters of other alphabets, and digits, drawn as Latin letters (after NFKD, which has already
# taken fullwidth and mathematical letters to plain ones), each to the letter it passes for, as in
# Unicode's confusables (UTS #39). Case matters here: Greek "Ν" reads as N, "ν" as v; a capital I,
# a digit one and a small L read alike. Digits are drawn as letters only here, not in search.
_LOOKALIKES = str.maketrans(
    {
        **dict(zip("АВЕЅІЈКМНОРСТХУҮԚԜӀаеѕіјорсухһԁԛԝӏүгп", "ABESlJKMHOPCTXYYQWlaesijopcyxhdqwlyrn", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹͿαιορυνγϲϳ", "ABEZHlKMNOPTYXCJaiopuvycj", strict=True)),
        **dict(zip("ՕՍօոսհցզ", "OUounhgq", strict=True)),
        **dict(zip("ᎪᏴᏟᎬᎻᎫᏦᏞᎷᏢᏚᎢᏔᏃᎠᏀ", "ABCEHJKLMPSTWZDG", strict=True)),
        **dict(zip("Iı1|0ɑɡɩ", "lilloagi", strict=True)),
    }
)


def skeleton(text: str | None) -> str:
    """What a name reads as, whatever it is written in: `fold` after invisible characters are
    dropped and look-alike letters taken to the Latin ones they pass for. Two names of the same
    skeleton are one name to a reader ('Оpen Hоpe' in Cyrillic o's reads 'open hope'). A capital I
    passes for a small l and is itself a capital i, so i and l are one letter: 'ALLIANCE',
    'AIIiance' and 'alliance' all read 'alllance' (a name in capitals reads as itself)."""
    if not text:
        return ""
    visible = "".join(c for c in unicodedata.normalize("NFKD", text) if not invisible(c))
    return fold(visible.translate(_LOOKALIKES)).replace("i", "l")
