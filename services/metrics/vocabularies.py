"""The metrics service's controlled vocabularies. Forms of exploitation and sectors use the same
slugs as the directory (GET /v1/directory/vocabularies), so figures and organisations line up."""

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
    "form": {
        "forced_labour": "Forced labour",
        "child_labour": "Child labour",
        "human_trafficking": "Human trafficking",
        "commercial_sexual_exploitation": "Commercial sexual exploitation",
        "forced_marriage": "Forced marriage",
        "debt_bondage": "Debt bondage",
        "domestic_servitude": "Domestic servitude",
        "child_soldiers": "Recruitment and use of child soldiers",
    },
    "sector": {
        "agriculture": "Agriculture",
        "fishing": "Fishing and aquaculture",
        "mining": "Mining and quarrying",
        "manufacturing": "Manufacturing",
        "textiles": "Textiles and garments",
        "construction": "Construction",
        "brick_kilns": "Brick kilns",
        "domestic_work": "Domestic work",
        "hospitality": "Hospitality and tourism",
        "sex_industry": "Sex industry",
        "care_work": "Care work",
        "electronics": "Electronics",
        "logistics": "Transport and logistics",
        "begging": "Forced begging and street work",
        "armed_groups": "Armed forces and groups",
    },
    "migration_status": {
        "national": "National",
        "migrant": "International migrant",
        "internal_migrant": "Internal migrant",
        "refugee": "Refugee or asylum seeker",
        "unknown": "Unknown",
    },
}

ALL = {
    "value_types": VALUE_TYPES,
    "aggregations": AGGREGATIONS,
    "statuses": STATUSES,
    "sensitivity": SENSITIVITY,
    "visibility": VISIBILITY,
    "observation_statuses": OBSERVATION_STATUSES,
    "disaggregations": {k: v for k, v in DISAGGREGATIONS.items()},
}
