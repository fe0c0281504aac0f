"""Terms the whole platform shares: the directory describes organisations with them and the
metrics service breaks figures down by them, so both must use the same slugs."""

FORMS = {
    "forced_labour": "Forced labour",
    "child_labour": "Child labour",
    "human_trafficking": "Human trafficking",
    "commercial_sexual_exploitation": "Commercial sexual exploitation",
    "forced_marriage": "Forced marriage",
    "debt_bondage": "Debt bondage",
    "domestic_servitude": "Domestic servitude",
    "child_soldiers": "Recruitment and use of child soldiers",
}

SECTORS = {
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
}
