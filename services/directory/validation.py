"""Validators the directory's request schemas share: vocabulary terms and country codes."""

from collections.abc import Callable, Collection
from enum import StrEnum

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from services.directory import seed


def known_terms(vocabulary: Collection[str], name: str, values: list[str]) -> list[str]:
    """The terms, deduplicated and sorted, if the vocabulary has each of them."""
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        raise ValueError(f"unknown {name} {', '.join(map(repr, unknown))}; see /v1/directory/vocabularies")
    return sorted(set(values))


def check_terms(vocabulary: Collection[str], name: str) -> Callable[[list[str] | None], list[str] | None]:
    """A validator for a list of vocabulary terms: known, deduplicated, sorted."""
    return lambda values: None if values is None else known_terms(vocabulary, name, values)


def _codes(values: list[str]) -> list[str]:
    """The codes in capitals, each known; an unknown one is named as it was sent."""
    unknown = [v for v in values if v.strip().upper() not in seed.country_codes()]
    if unknown:
        what = "not an ISO 3166-1 alpha-3 code" if len(unknown) == 1 else "not ISO 3166-1 alpha-3 codes"
        raise ValueError(f"{what}: {', '.join(map(repr, unknown))}")
    return sorted({v.strip().upper() for v in values})


def check_countries(values: list[str] | None) -> list[str] | None:
    return None if values is None else _codes(values)


def check_country(value: str | None) -> str | None:
    return None if value is None else _codes([value])[0]


Terms = list[str] | None


def enum_json(names: type[StrEnum]) -> WithJsonSchema:
    """An enumeration's values as a plain string enum in the OpenAPI document (no component)."""
    return WithJsonSchema({"enum": [n.value for n in names], "type": "string"})


def one_of(names: type[StrEnum]) -> AfterValidator:
    """A check that a string is one of the enumeration's values, answering as a Literal of them
    would."""
    values = [n.value for n in names]
    expected = ", ".join(map(repr, values[:-1])) + f" or {values[-1]!r}"

    def check(value: str) -> str:
        if value not in values:
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
        return value

    return AfterValidator(check)
