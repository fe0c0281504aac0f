"""Validators the directory's request schemas share: vocabulary terms and country codes."""

from typing import Any

from services.directory import seed


def check_terms(vocabulary: dict[str, str] | frozenset[str], name: str) -> Any:
    """A validator for a list of vocabulary terms: known, deduplicated, sorted."""

    def check(values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        unknown = [v for v in values if v not in vocabulary]
        if unknown:
            raise ValueError(f"unknown {name} {', '.join(map(repr, unknown))}; see /v1/directory/vocabularies")
        return sorted(set(values))

    return check


def check_countries(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    codes = [v.strip().upper() for v in values]
    unknown = [c for c in codes if c not in seed.country_codes()]
    if unknown:
        raise ValueError(f"not ISO 3166-1 alpha-3 codes: {', '.join(map(repr, unknown))}")
    return sorted(set(codes))


def check_country(value: str | None) -> str | None:
    return None if value is None else check_countries([value])[0]  # type: ignore[index]


Terms = list[str] | None
