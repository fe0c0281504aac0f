"""The SDMX structure of the aggregates: one dataflow, `COALITION_HUB:IMPACT(1.0)`, its data
structure definition and the codelists its coded components take, built with pysdmx and written
as SDMX-ML structure messages. Every SDMX-CSV export (service/exports.py) is an instance of it.

The structure is versioned by its components, not by an indicator: adding an indicator, a
country or a unit adds a code to a codelist (codes are only added, never removed or changed in
meaning, so the codelists are not final); a new dimension or attribute would be version 2.0.
See docs/formats.md."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.model import (
    Code,
    Codelist,
    Component,
    Components,
    Concept,
    ConceptScheme,
    Dataflow,
    DataStructureDefinition,
    DataType,
    Role,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.catalogue import repository as catalogue_repository
from services.metrics.clients import DirectoryClient
from services.metrics.vocabularies import DISAGGREGATIONS, STATUSES
from shared.errors import NotFound

AGENCY = "COALITION_HUB"
VERSION = "1.0"
DATAFLOW, DSD, CONCEPTS = "IMPACT", "DSD_IMPACT", "CS_IMPACT"
DATAFLOW_REF = f"{AGENCY}:{DATAFLOW}({VERSION})"
TOTAL, UNSTATED = "_T", "_U"  # SDMX's codes for "all values" and "not stated"

# Where the structure is published: the SDMX REST API's `/{artefact type}/{agency}/{id}/{version}`.
_URL = f"/v1/metrics/sdmx/{{kind}}/{AGENCY}/{{id}}/{VERSION}"
DATAFLOW_URL = _URL.format(kind="dataflow", id=DATAFLOW)
DSD_URL = _URL.format(kind="datastructure", id=DSD)
CODELIST_URL = _URL.format(kind="codelist", id="{codelist_id}")

# Structure messages by media type (Accept); the first is the default.
STRUCTURE_FORMATS = {
    "application/vnd.sdmx.structure+xml;version=2.1": Format.STRUCTURE_SDMX_ML_2_1,
    "application/vnd.sdmx.structure+xml;version=3.0.0": Format.STRUCTURE_SDMX_ML_3_0,
}

FREQUENCIES = {"year": "A", "quarter": "Q", "month": "M"}
FREQUENCY_NAMES = {"A": "Annual", "Q": "Quarterly", "M": "Monthly"}
# The five UN regions by their M49 codes, so that a region's total has an area code of its own.
REGIONS = {"Africa": "002", "Americas": "019", "Asia": "142", "Europe": "150", "Oceania": "009"}
OBS_CONF = {"F": "Free", "C": "Confidential statistical information"}


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    codelist: str  # its codelist's id; TIME_PERIOD has none
    query: str | None = None  # the aggregates' `by` term it answers, if any


# In the order of the key; the time dimension last, as SDMX wants it.
DIMENSIONS = [
    Dimension("FREQ", "Frequency", "CL_FREQ"),
    Dimension("INDICATOR", "Indicator", "CL_INDICATOR"),
    Dimension("REF_AREA", "Reference area", "CL_AREA", "country"),
    Dimension("SEX", "Sex", "CL_SEX", "sex"),
    Dimension("AGE", "Age group", "CL_AGE", "age_group"),
    Dimension("FORM", "Form of exploitation", "CL_FORM", "form"),
    Dimension("SECTOR", "Economic sector", "CL_SECTOR", "sector"),
    Dimension("MIGRATION_STATUS", "Migration status", "CL_MIGRATION_STATUS", "migration_status"),
    Dimension("TIME_PERIOD", "Time period", "", "period"),
]
BREAKDOWNS = [d for d in DIMENSIONS if d.query in DISAGGREGATIONS]
MEASURE = "OBS_VALUE"
ATTRIBUTES = {  # id -> (name, codelist or data type, required)
    "UNIT_MEASURE": ("Unit of measure", "CL_UNIT", True),
    "OBS_CONF": ("Observation confidentiality", "CL_OBS_CONF", True),
    "CONTRIBUTORS": ("Contributing organisations", DataType.INTEGER, False),
}
COLUMNS = [*(d.id for d in DIMENSIONS), MEASURE, *ATTRIBUTES]


def negotiate(accept: str | None, offered: list[str]) -> str:
    """The first of `offered` (media type and version) that the Accept header names, else the first."""
    ranges = [r.split(";q=")[0] for r in (accept or "").replace(" ", "").lower().split(",")]
    named = (m for m in offered if any(r == m or r.startswith(f"{m};") for r in ranges))
    return next(named, offered[0])


def unit_code(unit: str) -> str:
    """An SDMX id for a unit written as free text: its letters and digits in capitals, and a
    short hash of the text when that loses anything (case aside), so two units never share one."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", unit).strip("_").upper()[:40]
    if slug and slug.lower() == unit.lower():
        return slug
    return f"{slug or 'UNIT'}_{hashlib.sha256(unit.encode()).hexdigest()[:8].upper()}"


def _urn(kind: str, artefact: str, item: str | None = None) -> str:
    return f"urn:sdmx:org.sdmx.infomodel.{kind}={AGENCY}:{artefact}({VERSION})" + (f".{item}" if item else "")


def _codelist(id_: str, name: str, codes: Iterable[tuple[str, str]]) -> Codelist:
    return Codelist(
        id=id_,
        agency=AGENCY,
        version=VERSION,
        name=name,
        is_final=False,
        items=[Code(id=code, name=label) for code, label in codes],
        urn=_urn("codelist.Codelist", id_),
    )


def _breakdown_codes(term: str) -> list[tuple[str, str]]:
    return [*DISAGGREGATIONS[term].items(), (UNSTATED, "Not stated"), (TOTAL, "Total")]


async def codelists(session: AsyncSession, directory: DirectoryClient) -> dict[str, Codelist]:
    """Every codelist of the structure, from the catalogue, the directory's countries and the
    vocabularies, as they stand now."""
    indicators = await catalogue_repository.listing(session, statuses=list(STATUSES), limit=100_000)
    units = await catalogue_repository.units(session)
    countries = await directory.country_names()
    areas = [
        *sorted(countries.items()),
        *((code, f"{name} (UN region)") for name, code in REGIONS.items()),
        (TOTAL, "All areas"),
    ]
    lists = [
        _codelist("CL_FREQ", "Frequency", FREQUENCY_NAMES.items()),
        _codelist("CL_INDICATOR", "Indicators of the shared catalogue", ((i.code, v.name) for i, v, _ in indicators)),
        _codelist("CL_AREA", "Countries (ISO 3166-1 alpha-3), UN regions (M49) and all areas", areas),
        *(_codelist(d.codelist, d.name, _breakdown_codes(d.query or "")) for d in BREAKDOWNS),
        _codelist("CL_UNIT", "Units of measure", sorted({(unit_code(u), u) for u in units})),
        _codelist("CL_OBS_CONF", "Observation confidentiality", OBS_CONF.items()),
    ]
    return {c.id: c for c in lists}


def _concepts() -> ConceptScheme:
    names = {
        **{d.id: d.name for d in DIMENSIONS},
        MEASURE: "Observation value",
        **{a: name for a, (name, _, _) in ATTRIBUTES.items()},
    }
    return ConceptScheme(
        id=CONCEPTS,
        agency=AGENCY,
        version=VERSION,
        name="Concepts of the collective impact figures",
        items=[Concept(id=c, name=n, urn=_urn("conceptscheme.Concept", CONCEPTS, c)) for c, n in names.items()],
        urn=_urn("conceptscheme.ConceptScheme", CONCEPTS),
    )


def _structure(lists: dict[str, Codelist]) -> tuple[DataStructureDefinition, ConceptScheme]:
    concepts = _concepts()
    concept = {c.id: c for c in concepts.items}
    components = [
        Component(
            id=d.id,
            required=True,
            role=Role.DIMENSION,
            concept=concept[d.id],
            local_codes=lists[d.codelist] if d.codelist else None,
            local_dtype=None if d.codelist else DataType.PERIOD,
        )
        for d in DIMENSIONS
    ]
    components.append(
        Component(id=MEASURE, required=False, role=Role.MEASURE, concept=concept[MEASURE], local_dtype=DataType.DECIMAL)
    )
    components += [
        Component(
            id=a,
            required=required,
            role=Role.ATTRIBUTE,
            concept=concept[a],
            local_codes=None if isinstance(kind, DataType) else lists[kind],
            local_dtype=kind if isinstance(kind, DataType) else None,
            attachment_level="O",
        )
        for a, (_, kind, required) in ATTRIBUTES.items()
    ]
    dsd = DataStructureDefinition(
        id=DSD,
        agency=AGENCY,
        version=VERSION,
        name="Collective impact figures",
        components=Components(components),
        urn=_urn("datastructure.DataStructure", DSD),
    )
    return dsd, concepts


async def message(
    session: AsyncSession, directory: DirectoryClient, artefact: str, media_type: str, codelist: str | None = None
) -> str:
    """A structure message: the dataflow, the DSD or one codelist, with what it refers to."""
    lists = await codelists(session, directory)
    dsd, concepts = _structure(lists)
    if artefact == "dataflow":
        objects = [
            Dataflow(
                id=DATAFLOW,
                agency=AGENCY,
                version=VERSION,
                name="Collective impact figures, with disclosure control",
                structure=dsd,
                urn=_urn("datastructure.Dataflow", DATAFLOW),
            ),
            dsd,
            concepts,
            *lists.values(),
        ]
    elif artefact == "datastructure":
        objects = [dsd, concepts, *lists.values()]
    elif codelist in lists:
        objects = [lists[codelist]]
    else:
        raise NotFound(f"No codelist {codelist!r} in {DATAFLOW_REF}.")
    written = write_sdmx(objects, STRUCTURE_FORMATS[media_type], prettyprint=True)
    assert written is not None
    return written
