"""Text folding for search: the same in Python and in every query, because the embedded
PostgreSQL has neither `unaccent` nor `pg_trgm`."""

import re
import unicodedata

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
