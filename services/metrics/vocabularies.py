"""The metrics service's controlled vocabularies. Forms of exploitation and sectors use the same
slugs as the directory (GET /v1/directory/vocabularies), so figures and organisations line up."""

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal, get_args

from shared.vocabularies import FORMS, SECTORS


class ValueType(StrEnum):
    COUNT = "count"
    AMOUNT = "amount"
    RATIO = "ratio"
    PERCENTAGE = "percentage"


class Aggregation(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"
    MIN = "min"
    MAX = "max"
    LATEST = "latest"


class IndicatorStatus(StrEnum):
    PROPOSED = "proposed"
    UNDER_REVIEW = "under_review"
    ADOPTED = "adopted"
    RETIRED = "retired"


class Sensitivity(StrEnum):
    NORMAL = "normal"
    SENSITIVE = "sensitive"


class Visibility(StrEnum):
    PRIVATE = "private"
    COALITION = "coalition"
    PUBLIC = "public"


class ObservationStatus(StrEnum):
    PROVISIONAL = "provisional"
    FINAL = "final"


class BatchStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    APPLIED = "applied"
    REJECTED = "rejected"
    FAILED = "failed"


def _labelled(terms: type[StrEnum], *labels: str) -> dict[str, str]:
    """A vocabulary as the API lists it: each term's slug and label, in the enum's order."""
    return dict(zip((term.value for term in terms), labels, strict=True))


VALUE_TYPES = _labelled(
    ValueType,
    "A whole number of people, cases or things (0 or more)",
    "A quantity in the indicator's unit (any number)",
    "A ratio (0 or more)",
    "A percentage (0 to 100)",
)
AGGREGATIONS = _labelled(
    Aggregation,
    "Sum across organisations",
    "Mean of the organisations' values",
    "Mean weighted by each observation's weight (e.g. people covered)",
    "Smallest value",
    "Largest value",
    "The most recent value",
)
STATUSES = _labelled(IndicatorStatus, "Proposed", "Under review", "Adopted", "Retired")
SENSITIVITY = _labelled(Sensitivity, "Normal", "Sensitive: small counts could identify survivors")
VISIBILITY = _labelled(Visibility, "Only the reporting organisation", "Members of a coalition", "Anyone")
OBSERVATION_STATUSES = _labelled(ObservationStatus, "Provisional", "Final")
DISAGGREGATIONS: dict[str, dict[str, str]] = {
    "sex": {"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"},
    "age_group": {"child": "Under 18", "adult": "18 and over", "unknown": "Unknown"},
    "form": FORMS,
    "sector": SECTORS,
    "migration_status": {
        "national": "National",
        "migrant": "International migrant",
        "internal_migrant": "Internal migrant",
        "refugee": "Refugee or asylum seeker",
        "unknown": "Unknown",
    },
}

# The languages an indicator version's name, unit and definition may be translated into. A
# version's own words are English; the reports service writes English, French and Spanish.
TranslationLanguage = Literal["fr", "es", "ar", "pt", "ru", "zh"]
TRANSLATION_LANGUAGES = dict(
    zip(get_args(TranslationLanguage), ("French", "Spanish", "Arabic", "Portuguese", "Russian", "Chinese"), strict=True)
)

ALL = {
    "value_types": VALUE_TYPES,
    "aggregations": AGGREGATIONS,
    "statuses": STATUSES,
    "sensitivity": SENSITIVITY,
    "visibility": VISIBILITY,
    "observation_statuses": OBSERVATION_STATUSES,
    "disaggregations": DISAGGREGATIONS,
    "translation_languages": TRANSLATION_LANGUAGES,
}


# The largest size of a value or a weight: beyond any count or amount ever reported, and small
# enough that the figures' sums and roundings of millions of them stay exact.
LARGEST = Decimal(10) ** 15

# How a value or a weight is written, in a request and in every file: the digits 0-9 with an
# optional sign, decimal point and exponent (`1200`, `-3.5`, `+5`, `2.5e3`), spaces around it
# left out. Python alone would also read `1_000`, other scripts' digits (`１２`, `١٢`), `NaN` and
# `Infinity`: none is how a figure is written in a report, and a CSV file read by PostgreSQL
# takes none of them, so a single report refuses them too. One pattern, read alike by Python's
# `re` and PostgreSQL's `~` (batches/repository.py).
NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$"

# A subdivision of a country, as ISO 3166-2 writes its codes: the country's alpha-2 code, '-' and
# one to three letters or digits (`KE-30`, `NP-P3`, `IN-MH`), in capitals once read (letters of
# the ASCII alphabet only are raised, alike in Python and PostgreSQL). Its first two letters are
# those of the observation's country. The directory holds no list of each country's
# subdivisions, so a well-formed code of the country is taken.
SUBDIVISION = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"

# The years an observation may be of: SDG 8.7's series start in 2000 (the first global estimates
# of child labour), and a year after next is still to come (next year's is allowed: a programme
# year that ends then, a clock a little ahead). Earlier and later periods are still asked about
# (targets run to 2030), never reported.
FIRST_YEAR = 2000


def observation_years() -> tuple[int, int]:
    """The first and last year an observation's period may start in, today (UTC)."""
    return FIRST_YEAR, datetime.now(UTC).year + 1


# What is wrong with a value, in the same words for single reports and batches (which check
# the same rules in SQL, see batches/repository.py), targets and aggregate questions. `{unit}`,
# `{allowed}` and `{term}` are filled in.
REASONS = {
    "number": (
        "a number in the digits 0-9, with an optional sign, decimal point and exponent (1200, -3.5, 2.5e3); "
        "no thousands separators, underscores, other digits, NaN or Infinity"
    ),
    "years": "a period from {first} to {last}: figures start in {first}, and a later year is still to come",
    "subdivision": "not an ISO 3166-2 code: the country's two letters, '-' and up to three letters or digits (KE-30)",
    "subdivision_country": "'{term}' is not a subdivision of {country}: its codes start with '{prefix}-'",
    "magnitude": "a number between -10^15 and 10^15",
    "count": "a count of {unit}: a whole number, 0 or more",
    "percentage": "a percentage between 0 and 100",
    "ratio": "a ratio, 0 or more",
    "weight": "this indicator is a weighted mean: give a positive weight",
    "unweighted": "this indicator's aggregation ({aggregation}) uses no weight: leave the weight out",
    "breakdown": "not a breakdown of this indicator ({allowed})",
    "term": "unknown term '{term}'",
    "country": "'{term}' is not an ISO 3166-1 alpha-3 code",
    "coalition": "the organisation is not an active member of this coalition",
}
