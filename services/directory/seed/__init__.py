"""Reference data owned by the directory service.

`countries.csv`: every ISO 3166-1 country with its UN M49 region and sub-region.
Pathfinder Countries: the fifteen that sent Alliance 8.7 a written expression of interest,
with the date of their national strategic planning workshop where one was held or set
("TBC" where it was planned without a date; none where no workshop was listed).
"""

import csv
from datetime import date
from functools import cache
from pathlib import Path
from typing import TypedDict

COUNTRIES_CSV = Path(__file__).with_name("countries.csv")

# iso3 -> (workshop date, note)
PATHFINDERS: dict[str, tuple[date | None, str | None]] = {
    "ALB": (date(2019, 4, 12), None),
    "CHL": (date(2019, 3, 28), None),
    "FJI": (date(2019, 5, 16), None),
    "MDG": (date(2018, 10, 25), None),
    "MWI": (None, None),
    "MRT": (date(2019, 3, 4), None),
    "MEX": (None, None),
    "MAR": (None, None),
    "NPL": (date(2019, 2, 7), None),
    "NGA": (None, "Workshop planned for 2018/2019, date to be confirmed"),
    "PER": (None, "Workshop planned for 2018/2019, date to be confirmed"),
    "LKA": (None, None),
    "TUN": (date(2019, 3, 28), None),
    "UGA": (date(2019, 4, 17), None),
    "VNM": (date(2019, 5, 24), None),
}

ACTION_GROUPS: list[dict[str, str]] = [
    {
        "slug": "supply-chains",
        "name": "Supply Chains",
        "description": "Forced labour and child labour in global and domestic supply chains: "
        "research, business engagement and due diligence.",
    },
    {
        "slug": "migration",
        "name": "Migration",
        "description": "Protection of migrant workers and people on the move from forced labour, "
        "trafficking and child labour.",
    },
    {
        "slug": "rule-of-law-and-governance",
        "name": "Rule of Law and Governance",
        "description": "Laws, enforcement and institutions that prevent exploitation and "
        "bring perpetrators to justice.",
    },
    {
        "slug": "conflict-and-humanitarian-settings",
        "name": "Conflict and Humanitarian Settings",
        "description": "Exploitation in conflict and crisis, including the recruitment and use of child soldiers.",
    },
]


class CountryRow(TypedDict):
    iso3: str
    iso2: str
    m49: str
    name: str
    region: str | None
    subregion: str | None
    pathfinder: bool
    pathfinder_workshop_date: date | None
    pathfinder_workshop_note: str | None


def country_rows() -> list[CountryRow]:
    with COUNTRIES_CSV.open(newline="", encoding="utf-8") as f:
        rows: list[CountryRow] = []
        for row in csv.DictReader(f):
            workshop, note = PATHFINDERS.get(row["iso3"], (None, None))
            rows.append(
                {
                    "iso3": row["iso3"],
                    "iso2": row["iso2"],
                    "m49": row["m49"],
                    "name": row["name"],
                    "region": row["region"] or None,
                    "subregion": row["subregion"] or None,
                    "pathfinder": row["iso3"] in PATHFINDERS,
                    "pathfinder_workshop_date": workshop,
                    "pathfinder_workshop_note": note,
                }
            )
    missing = set(PATHFINDERS) - {r["iso3"] for r in rows}
    if missing:
        raise ValueError(f"Pathfinder countries missing from countries.csv: {sorted(missing)}")
    return rows


@cache
def country_codes() -> frozenset[str]:
    with COUNTRIES_CSV.open(newline="", encoding="utf-8") as f:
        return frozenset(row["iso3"] for row in csv.DictReader(f))


@cache
def country_regions() -> dict[str, str]:
    with COUNTRIES_CSV.open(newline="", encoding="utf-8") as f:
        return {row["iso3"]: row["region"] for row in csv.DictReader(f) if row["region"]}


def action_group_slugs() -> frozenset[str]:
    return frozenset(g["slug"] for g in ACTION_GROUPS)
