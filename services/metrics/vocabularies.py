"""The metrics service's controlled vocabularies. Forms of exploitation and sectors use the same
slugs as the directory (GET /v1/directory/vocabularies), so figures and organisations line up."""

from shared.vocabularies import FORMS, SECTORS

VALUE_TYPES = {
    "count": "A whole number of people, cases or things (0 or more)",
    "amount": "A quantity in the indicator's unit (any number)",
    "ratio": "A ratio (0 or more)",
    "percentage": "A percentage (0 to 100)",
}
AGGREGATIONS = {
    "sum": "Sum across organisations",
    "mean": "Mean of the organisations' values",
    "weighted_mean": "Mean weighted by each observation's weight (e.g. people covered)",
    "min": "Smallest value",
    "max": "Largest value",
    "latest": "The most recent value",
}
STATUSES = {"proposed": "Proposed", "under_review": "Under review", "adopted": "Adopted", "retired": "Retired"}
SENSITIVITY = {"normal": "Normal", "sensitive": "Sensitive: small counts could identify survivors"}
VISIBILITY = {"private": "Only the reporting organisation", "coalition": "Members of a coalition", "public": "Anyone"}
OBSERVATION_STATUSES = {"provisional": "Provisional", "final": "Final"}
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
TRANSLATION_LANGUAGES = {
    "fr": "French",
    "es": "Spanish",
    "ar": "Arabic",
    "pt": "Portuguese",
    "ru": "Russian",
    "zh": "Chinese",
}

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


# What is wrong with a value, in the same words for single reports and batches (which check
# the same rules in SQL, see repository/batches.py), targets and aggregate questions. `{unit}`,
# `{allowed}` and `{term}` are filled in.
REASONS = {
    "finite": "must be a finite number",
    "count": "a count of {unit}: a whole number, 0 or more",
    "percentage": "a percentage between 0 and 100",
    "ratio": "a ratio, 0 or more",
    "weight": "this indicator is a weighted mean: give a positive weight",
    "breakdown": "not a breakdown of this indicator ({allowed})",
    "term": "unknown term '{term}'",
    "country": "'{term}' is not an ISO 3166-1 alpha-3 code",
    "coalition": "the organisation is not an active member of this coalition",
}
