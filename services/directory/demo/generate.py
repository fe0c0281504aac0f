"""A demo data set, generated (not real organisations): every record says so (`demo` is true,
external ids start with `demo-`, descriptions start with "[Demo data]").

Spreads are chosen to look like the field: most organisations work in one country, many in the
Pathfinder Countries; NGOs dominate; forms, interventions and sectors go together plausibly.
No two organisations have the same name. The demo figures of the metrics service
(`services/metrics/demo/generate.py`) are reported by these organisations."""

import random
import uuid
from dataclasses import dataclass
from typing import Any

from services.directory import seed, vocabularies
from services.directory.organisations import profile
from services.directory.statuses import MembershipStatus
from services.directory.text import skeleton

OTHER_COUNTRIES = [
    "IND",
    "BGD",
    "PAK",
    "BRA",
    "THA",
    "KHM",
    "MMR",
    "PHL",
    "IDN",
    "GHA",
    "CIV",
    "ETH",
    "KEN",
    "TZA",
    "COD",
    "USA",
    "GBR",
    "FRA",
    "DEU",
    "ITA",
    "ESP",
    "NLD",
    "ARG",
    "COL",
    "GTM",
    "HND",
    "BOL",
    "ZAF",
    "SEN",
    "MLI",
    "NER",
    "EGY",
    "JOR",
    "LBN",
    "ARE",
    "QAT",
    "MYS",
    "CHN",
    "AUS",
    "PNG",
]
KINDS = {
    "ngo": 55,
    "survivor_led": 6,
    "trade_union": 7,
    "business": 6,
    "employers_organisation": 2,
    "government_agency": 4,
    "international_organisation": 3,
    "academic_research": 7,
    "faith_based": 6,
    "foundation_funder": 4,
}
FORMS = {
    "forced_labour": 35,
    "child_labour": 30,
    "human_trafficking": 40,
    "commercial_sexual_exploitation": 15,
    "forced_marriage": 10,
    "debt_bondage": 12,
    "domestic_servitude": 10,
    "child_soldiers": 3,
}
INTERVENTIONS = {
    "prevention": 50,
    "protection": 35,
    "prosecution": 15,
    "policy_advocacy": 35,
    "research_data": 15,
    "capacity_building": 25,
    "supply_chains": 12,
}
SECTORS_FOR_FORM = {
    "forced_labour": ["agriculture", "fishing", "construction", "manufacturing", "mining", "textiles"],
    "child_labour": ["agriculture", "mining", "textiles", "begging", "domestic_work", "brick_kilns"],
    "human_trafficking": ["sex_industry", "domestic_work", "fishing", "hospitality", "construction"],
    "commercial_sexual_exploitation": ["sex_industry", "hospitality"],
    "forced_marriage": [],
    "debt_bondage": ["brick_kilns", "agriculture", "textiles"],
    "domestic_servitude": ["domestic_work", "care_work"],
    "child_soldiers": ["armed_groups"],
}
LANGUAGE_OF = {
    "Americas": ["es", "en"],
    "Africa": ["en", "fr"],
    "Europe": ["en", "fr"],
    "Asia": ["en"],
    "Oceania": ["en"],
}
LOCAL_LANGUAGE = {
    "NPL": "ne",
    "VNM": "vi",
    "LKA": "si",
    "MDG": "mg",
    "MWI": "ny",
    "FJI": "fj",
    "ALB": "sq",
    "UGA": "lg",
    "NGA": "ha",
    "TUN": "ar",
    "MAR": "ar",
    "MRT": "ar",
    "BGD": "bn",
    "IND": "hi",
    "THA": "th",
    "KHM": "km",
    "PER": "qu",
}
ADJECTIVES = [
    "Free",
    "Safe",
    "United",
    "Open",
    "New",
    "Bright",
    "Just",
    "Rising",
    "Together",
    "Hope",
    "Dignity",
    "Horizon",
    "Liberty",
    "Sunrise",
    "Harbour",
    "Bridge",
    "Compass",
    "Lantern",
    "Anchor",
    "Pathway",
]
NOUNS = [
    "Alliance",
    "Network",
    "Foundation",
    "Initiative",
    "Centre",
    "Collective",
    "Trust",
    "Forum",
    "Coalition",
    "Project",
    "Society",
    "Association",
    "Action",
    "Partnership",
    "Institute",
    "Council",
]
MISSIONS = [
    "Freedom",
    "Child Rights",
    "Workers' Rights",
    "Migrant Justice",
    "Survivor Support",
    "Fair Labour",
    "Anti-Trafficking",
    "Decent Work",
    "Safe Migration",
    "Women's Rights",
    "Ethical Trade",
    "Legal Aid",
]
SPANISH = ["Fundación", "Red", "Asociación", "Centro", "Colectivo", "Alianza", "Movimiento", "Instituto", "Mesa"]
SPANISH_MISSIONS = [
    "Libertad",
    "Derechos del Niño",
    "Trabajo Digno",
    "Migración Segura",
    "Justicia",
    "Esperanza",
    "Dignidad",
    "Infancia Libre",
    "Derechos Humanos",
    "Mujeres Libres",
]
FRENCH = ["Association", "Réseau", "Fondation", "Centre", "Collectif", "Alliance", "Mouvement", "Institut", "Union"]
FRENCH_MISSIONS = [
    "Liberté",
    "Droits de l'Enfant",
    "Travail Décent",
    "Solidarité",
    "Dignité",
    "Espoir",
    "Justice",
    "Enfance Libre",
    "Droits Humains",
    "Femmes Libres",
]
SPANISH_SPEAKING = {"PER", "CHL", "MEX", "ARG", "COL", "GTM", "HND", "BOL", "ESP"}
FRENCH_SPEAKING = {"MDG", "MRT", "TUN", "MAR", "CIV", "SEN", "MLI", "NER", "COD", "FRA"}


def _pick(rng: random.Random, weights: dict[str, int], low: int, high: int) -> list[str]:
    chosen: set[str] = set()
    for _ in range(rng.randint(low, high)):
        chosen.add(rng.choices(list(weights), weights=list(weights.values()))[0])
    return sorted(chosen)


def _name(rng: random.Random, country: str, country_name: str) -> str:
    if country in SPANISH_SPEAKING and rng.random() < 0.7:
        return f"{rng.choice(SPANISH)} {rng.choice(SPANISH_MISSIONS)} {country_name}"
    if country in FRENCH_SPEAKING and rng.random() < 0.7:
        return f"{rng.choice(FRENCH)} {rng.choice(FRENCH_MISSIONS)} {country_name}"
    style = rng.random()
    if style < 0.4:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {country_name}"
    if style < 0.8:
        return f"{country_name} {rng.choice(MISSIONS)} {rng.choice(NOUNS)}"
    return f"{rng.choice(NOUNS)} for {rng.choice(MISSIONS)}"


NAME_ATTEMPTS = 20


def _unique_name(rng: random.Random, country: str, country_name: str, taken: set[str]) -> str:
    """A name no earlier organisation has (compared by what they read as, `text.skeleton`, as
    registration compares them): drawn again
    a few times, then numbered ("… 2"). Drawn from `rng` only, so the set stays the same every time."""
    for _ in range(NAME_ATTEMPTS):
        name = _name(rng, country, country_name)
        if skeleton(name) not in taken:
            break
    number = 2
    base = name
    while skeleton(name) in taken:
        name, number = f"{base} {number}", number + 1
    taken.add(skeleton(name))
    return name


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("'", "").split() if w[0].isupper())[:8]


@dataclass
class DemoSet:
    organisations: list[dict[str, Any]]
    coalitions: list[dict[str, Any]]
    memberships: list[dict[str, Any]]


# The order the draw of a membership's status has always used (the same seed, the same set).
STATUS_DRAW = [MembershipStatus.ACTIVE, MembershipStatus.INVITED, MembershipStatus.PENDING, MembershipStatus.LEFT]


def generate(organisations: int = 3000, coalitions: int = 60, *, random_seed: int = 87) -> DemoSet:
    rng = random.Random(random_seed)
    names = {row["iso3"]: row["name"] for row in seed.country_rows()}
    pathfinders = sorted(seed.PATHFINDERS)
    taken: set[str] = set()
    orgs = [_organisation(rng, n, names, pathfinders, taken) for n in range(organisations)]
    coalition_rows, memberships = _coalitions(rng, coalitions, orgs, names, pathfinders)
    return DemoSet(orgs, coalition_rows, memberships)


def _countries(rng: random.Random, pathfinders: list[str]) -> list[str]:
    spread = rng.random()
    if spread < 0.6:
        return [rng.choice(pathfinders)]
    if spread < 0.85:
        return [rng.choice(OTHER_COUNTRIES)]
    return sorted(set(rng.sample(pathfinders + OTHER_COUNTRIES, rng.randint(2, 6))))


def _organisation(
    rng: random.Random, n: int, names: dict[str, str], pathfinders: list[str], taken: set[str]
) -> dict[str, Any]:
    """The `n`th demo organisation: a whole profile (see organisations/profile.py)."""
    regions = seed.country_regions()
    countries = _countries(rng, pathfinders)
    home = countries[0]
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    forms = _pick(rng, FORMS, 1, 3)
    interventions = _pick(rng, INTERVENTIONS, 1, 3)
    sector_pool = sorted({s for f in forms for s in SECTORS_FOR_FORM[f]})
    sectors = sorted(set(rng.sample(sector_pool, min(len(sector_pool), rng.randint(0, 3))))) if sector_pool else []
    name = _unique_name(rng, home, names[home], taken)
    acronym = _acronym(name) if rng.random() < 0.6 else None
    forms_text = " and ".join(vocabularies.FORMS[f].lower() for f in forms)
    work_text = " and ".join(vocabularies.INTERVENTIONS[i].lower() for i in interventions)
    description = f"[Demo data] Works on {forms_text} in {', '.join(names[c] for c in countries)}, through {work_text}."
    survivor = ["survivor_led"] if kind == "survivor_led" else (["survivors_on_board"] if rng.random() < 0.1 else [])
    return {
        **profile.blank(),
        "id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "external_id": f"demo-{n + 1:06d}",
        "name": name,
        "acronym": acronym,
        "kind": kind,
        "hq_country": home,
        "countries": countries,
        "regions": sorted({regions[c] for c in countries if c in regions}),
        "forms": forms,
        "interventions": interventions,
        "sectors": sectors,
        "languages": sorted({*LANGUAGE_OF.get(regions.get(home, ""), ["en"])[:1], LOCAL_LANGUAGE.get(home, "en")}),
        "survivor_leadership": survivor,
        "action_groups": ["supply-chains"] if "supply_chains" in interventions and rng.random() < 0.3 else [],
        "alliance87_partner": rng.random() < 0.08,
        "size_band": rng.choice(list(vocabularies.SIZE_BANDS)),
        "description": description,
        "demo": True,
        **profile.derived(name, acronym, description),
    }


def _coalitions(
    rng: random.Random, count: int, orgs: list[dict[str, Any]], names: dict[str, str], pathfinders: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """National coalitions first, then regional networks, then five global alliances, each with
    members drawn from the organisations working where it does."""
    by_country: dict[str, list[dict[str, Any]]] = {}
    for org in orgs:
        for c in org["countries"]:
            by_country.setdefault(c, []).append(org)
    coalition_rows, memberships = [], []
    national = pathfinders + OTHER_COUNTRIES
    for n in range(count):
        if n < min(count - 15, len(national)):
            country, scope = national[n], "national"
            pool = by_country.get(country, [])
            name = f"{names[country]} Coalition against Modern Slavery"
        elif n < count - 5:
            region = rng.choice(list(vocabularies.REGIONS))
            country, scope = None, "regional"
            pool = [o for o in orgs if region in o["regions"]]
            name = f"{region} Anti-Slavery Network {n}"
        else:
            country, scope = None, "global"
            pool = orgs
            name = f"Global Alliance on {rng.choice(MISSIONS)} {n}"
        coalition_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        coalition_rows.append(
            {
                "id": coalition_id,
                "name": f"{name} (demo)",
                "scope": scope,
                "country": country,
                "name_skeleton": skeleton(f"{name} (demo)"),
            }
        )
        memberships += [
            _membership(rng, coalition_id, org) for org in rng.sample(pool, min(len(pool), rng.randint(5, 40)))
        ]
    return coalition_rows, memberships


def _membership(rng: random.Random, coalition_id: uuid.UUID, org: dict[str, Any]) -> dict[str, Any]:
    status = rng.choices(STATUS_DRAW, weights=[85, 5, 5, 5])[0]
    return {
        "coalition_id": coalition_id,
        "member_id": org["id"],
        "member_kind": "organisation",
        "role": "lead" if rng.random() < 0.05 else "member",
        "status": status.value,
    }
