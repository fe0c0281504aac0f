"""An organisation's profile, declared once: its fields in the order exports write them, what
each holds and which vocabulary its terms come from. The request schemas' validators, the
import, the export, the demo set and the queries derive their lists from here; the table
(`models/organisations.py`) and the migrations declare the columns."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from services.directory import seed, vocabularies
from services.directory.text import fold, skeleton, trigrams


@dataclass(frozen=True)
class ProfileField:
    name: str
    default: Any = None
    terms: bool = False  # a list of terms (in a CSV cell, separated by ';')
    clearable: bool = False  # a PATCH clears it by sending null


FIELDS = (
    ProfileField("name"),
    ProfileField("acronym", clearable=True),
    ProfileField("kind", "ngo"),
    ProfileField("hq_country", clearable=True),
    *(
        ProfileField(name, (), terms=True)
        for name in (
            "countries",
            "regions",
            "forms",
            "interventions",
            "sectors",
            "languages",
            "survivor_leadership",
            "action_groups",
        )
    ),
    ProfileField("alliance87_partner", False),
    ProfileField("size_band", clearable=True),
    ProfileField("website", clearable=True),
    ProfileField("contact_email", clearable=True),
    ProfileField("contact_phone", clearable=True),
    ProfileField("description", ""),
)
NAMES = tuple(f.name for f in FIELDS)
TERM_FIELDS = frozenset(f.name for f in FIELDS if f.terms)
CLEARABLE = frozenset(f.name for f in FIELDS if f.clearable)
# Search columns, derived from the profile on every write (`derived`).
DERIVED = ("name_folded", "name_skeleton", "search_text", "name_trigrams")
# What an import writes; `version`, times and ids are kept by its upsert.
STORED = (*NAMES, *DERIVED)
# What public answers show (search, reads, exports, HSDS), in the exports' order.
COLUMNS = ("id", "external_id", *NAMES, "demo", "status", "version", "created_at", "updated_at")
EXPORTED = ("id", "external_id", *NAMES, "demo")
# In exports or reads and ignored on import, so that an export imports back.
READ_ONLY = frozenset({"id", "demo", "version", "created_at", "updated_at"})

# The vocabulary of each field of terms, and what a term is called in an error.
VOCABULARIES: dict[str, tuple[Collection[str], str]] = {
    "kind": (vocabularies.KINDS, "kind"),
    "size_band": (vocabularies.SIZE_BANDS, "size band"),
    "regions": (vocabularies.REGIONS, "region"),
    "forms": (vocabularies.FORMS, "form of exploitation"),
    "interventions": (vocabularies.INTERVENTIONS, "intervention"),
    "sectors": (vocabularies.SECTORS, "sector"),
    "languages": (vocabularies.LANGUAGES, "language"),
    "survivor_leadership": (vocabularies.SURVIVOR_LEADERSHIP, "survivor leadership term"),
    "action_groups": (seed.action_group_slugs(), "action group"),
}


def blank() -> dict[str, Any]:
    """Every field of a profile at its default."""
    return {f.name: list(f.default) if f.terms else f.default for f in FIELDS}


def derived(name: str, acronym: str | None, description: str | None) -> dict[str, Any]:
    """The search columns of a profile."""
    return {
        "name_folded": fold(name),
        "name_skeleton": skeleton(name),
        "search_text": fold(" ".join(filter(None, [acronym, description]))),
        "name_trigrams": trigrams(" ".join(filter(None, [name, acronym]))),
    }
