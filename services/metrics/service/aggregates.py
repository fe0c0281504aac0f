"""Collective impact: figures across organisations, computed with each indicator's own method,
with contributor counts and coverage, and always passed through the privacy layer."""

import re
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import privacy
from services.metrics.clients import DirectoryClient
from services.metrics.repository import catalogue as catalogue_repository
from services.metrics.service.observations import REASONS
from shared.db import raw_connection, utcnow
from shared.errors import InvalidInput

GRANULARITY = {"year": r"^\d{4}$", "quarter": r"^\d{4}-Q[1-4]$", "month": r"^\d{4}-\d{2}$"}
# Each method merges the partial aggregates of roll-ups and single observations alike.
METHOD = {
    "sum": "sum(p.total)",
    "mean": "sum(p.total) / sum(p.n)",
    "weighted_mean": "sum(p.weighted_total) / nullif(sum(p.weight_total), 0)",
    "min": "min(p.min)",
    "max": "max(p.max)",
    "latest": "(array_agg(p.latest_value ORDER BY p.period_end DESC, p.latest_updated DESC))[1]",
}


async def aggregate(
    session: AsyncSession,
    directory: DirectoryClient,
    *,
    viewer_org: uuid.UUID | None,
    for_coalition: uuid.UUID | None = None,
    indicator: str,
    countries: list[str],
    regions: list[str],
    periods: list[str],
    granularity: str,
    by: list[str],
    rules: privacy.Rules,
) -> dict[str, Any]:
    found = await catalogue_repository.get(session, indicator)
    if found is None:
        raise InvalidInput(
            "Unknown indicator.", errors=[{"field": "indicator", "reason": f"no indicator {indicator!r}"}]
        )
    content = await catalogue_repository.version(session, found.code, found.current_version)
    assert content is not None
    allowed = {"country", "period", *content.disaggregations}
    errors = [
        {"field": "by", "reason": f"{b!r} is not one of {', '.join(sorted(allowed))}"} for b in by if b not in allowed
    ]
    if len(by) > 2:
        errors.append({"field": "by", "reason": "at most two dimensions"})
    if granularity not in GRANULARITY:
        errors.append({"field": "granularity", "reason": f"one of {', '.join(GRANULARITY)}"})
    region_of = await directory.country_regions()
    errors += [
        {"field": "country", "reason": REASONS["country"].format(term=c)} for c in countries if c not in region_of
    ]
    known_regions = {r for r in region_of.values() if r}
    errors += [{"field": "region", "reason": f"{r!r} is not a UN region"} for r in regions if r not in known_regions]
    errors += [
        {"field": "period", "reason": f"{p!r} is not a {granularity}"}
        for p in periods
        if not re.match(GRANULARITY.get(granularity, "^$"), p)
    ]
    if errors:
        raise InvalidInput("The aggregate request is not valid.", errors=errors)

    selected = set(countries) | {c for c, r in region_of.items() if r in regions}
    # A coalition's view (for its reports): public values and the coalition's, no one's private ones.
    if for_coalition is not None:
        viewer_org, viewer_coalitions = None, {for_coalition}
    else:
        viewer_coalitions = await directory.active_coalitions(viewer_org) if viewer_org else set()
    breakdowns = sorted(b for b in by if b not in ("country", "period"))
    args: list[Any] = [found.code, GRANULARITY[granularity], sorted(selected) if countries or regions else None]
    args += [periods or None, breakdowns, ";".join(breakdowns)]  # as metrics.dimensions_of() names them

    def matching(alias: str) -> str:
        """What the request selects, over roll-ups or observations alike. Only values broken
        down by exactly the requested dimensions add up without double counting (roll-ups name
        theirs in `dimensions`, indexed)."""
        exact = (
            f"{alias}.dimensions = $6"
            if alias == "r"
            else f"{alias}.disaggregation ?& $5::text[] AND {alias}.disaggregation - $5::text[] = '{{}}'::jsonb"
        )
        return (
            f"{alias}.indicator_code = $1 AND {alias}.period ~ $2"
            f" AND ($3::varchar[] IS NULL OR {alias}.country = ANY($3))"
            f" AND ($4::varchar[] IS NULL OR {alias}.period = ANY($4)) AND {exact}"
        )

    changed = (
        "EXISTS (SELECT 1 FROM metrics.rollup_changes c WHERE "
        "(c.indicator_code, c.period, c.country) = ({0}.indicator_code, {0}.period, {0}.country))"
    )
    args.append(privacy.visible_scopes(viewer_coalitions))
    scopes = f"${len(args)}::varchar[]"
    visible = privacy.visible_observations_sql(viewer_org, viewer_coalitions, args)
    observed = (
        "SELECT o.country, o.period, o.period_end, o.disaggregation, ARRAY[o.organisation_id], 1, o.value, "
        "o.value * o.weight, o.weight, o.value, o.value, o.value, o.updated_at"
    )
    # Partial aggregates: roll-ups of the scopes the viewer may see, except keys changed since
    # their refresh, which come from the observations (driven by the few changed keys, so the
    # index on indicator, period and country serves them), as do the viewer's own unrolled values.
    partials = f"""
        SELECT r.country, r.period, r.period_end, r.disaggregation, r.organisations, r.n, r.total,
               r.weighted_total, r.weight_total, r.min, r.max, r.latest_value, r.latest_updated
        FROM metrics.rollups r
        WHERE {matching("r")} AND r.scope = ANY({scopes}) AND NOT {changed.format("r")}
        UNION ALL
        {observed}
        FROM metrics.rollup_changes k
        JOIN metrics.observations o
          ON (o.indicator_code, o.period, o.country) = (k.indicator_code, k.period, k.country)
        WHERE k.indicator_code = $1 AND {matching("o")} AND {visible}
    """
    if viewer_org is not None:
        args.append(viewer_org)
        partials += f"""
        UNION ALL
        {observed}
        FROM metrics.observations o
        WHERE o.organisation_id = ${len(args)}::uuid AND {matching("o")} AND NOT {changed.format("o")}
          AND NOT (o.visibility = 'public' OR (o.visibility = 'coalition' AND o.coalition_id::text = ANY({scopes})))
        """
    columns = {
        b: ("p.country" if b == "country" else "p.period" if b == "period" else f"p.disaggregation->>'{b}'") for b in by
    }
    dims = [columns[b] for b in by]
    sets = ["(" + ", ".join(dims) + ")"] + ([f"({d})" for d in dims] if len(dims) == 2 else []) + ["()"]
    group = f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    select_dims = "".join(f"{d} AS d{i}, GROUPING({d}) AS g{i}, " for i, d in enumerate(dims))
    partial_dims = "".join(f"{d}, 0, " for d in dims)
    # One statement, one snapshot: the figures of every grouping set, then each partial's cell
    # and organisations, from which contributors are counted below. (count(DISTINCT) over the
    # grouping sets sorts every (figure, organisation) pair and cost most of the query.)
    sql = f"""
        WITH p AS MATERIALIZED ({partials}),
        v AS (SELECT {select_dims}{METHOD[content.aggregation]} AS value FROM p {group})
        SELECT v.*, NULL::text[] AS organisations FROM v
        UNION ALL
        SELECT {partial_dims}NULL, p.organisations::text[] FROM p
    """
    connection = await raw_connection(session)
    # Every branch is driven by an index and reads thousands of rows at most; compiling it
    # (JIT, on once estimates pass jit_above_cost) took ten times longer than running it.
    await connection.execute("SET LOCAL jit = off")
    rows = await connection.fetch(sql, *args)

    table = privacy.Table(list(by), _figures(rows, len(dims)))
    privacy.protect(table, rules, sensitive=content.sensitivity == "sensitive", additive=content.aggregation == "sum")

    country_dim = by.index("country") if "country" in by else None
    in_country = await directory.organisations_in(
        sorted({f.key[country_dim] for f in table.figures.values() if country_dim is not None and f.key[country_dim]})
    )

    def figure(f: privacy.Figure) -> dict[str, Any]:
        country = f.key[country_dim] if country_dim is not None else None
        known = in_country.get(country) if country else None
        return {
            **dict(zip(by, f.key, strict=True)),
            "value": _plain(f.value),
            "contributors": f.contributors,
            # Contributors among the organisations the directory knows in that country (at most 1).
            "coverage": round(min(1.0, f.contributors / known), 4) if known else None,
            "status": f.status,
            "note": f.reason,
        }

    ordered = sorted(table.figures.values(), key=lambda f: tuple((k is None, k or "") for k in f.key))
    return {
        "indicator": found.code,
        "indicator_version": content.version,
        "name": content.name,
        "unit": content.unit,
        "aggregation": content.aggregation,
        "granularity": granularity,
        "by": by,
        "cells": [figure(f) for f in ordered if None not in f.key],
        "totals": [figure(f) for f in ordered if None in f.key],
        "as_of": utcnow().isoformat(),
    }


def _figures(rows: list[Any], width: int) -> dict[privacy.Key, privacy.Figure]:
    """Figures from the answer of the query above. Rows with a value are grouping sets; rows with
    organisations are partials, whose organisations count once towards each figure they fall in:
    their cell and every total over it. A grouping set nobody contributed to is no figure."""
    organisations: dict[privacy.Key, set[str]] = {}
    for row in rows:
        if row["organisations"] is not None:
            for key in privacy.margins(tuple(row[f"d{i}"] for i in range(width))):
                organisations.setdefault(key, set()).update(row["organisations"])
    figures = {}
    for row in rows:
        key = tuple(None if row[f"g{i}"] else row[f"d{i}"] for i in range(width))
        if row["organisations"] is None and key in organisations:
            figures[key] = privacy.Figure(key, row["value"], len(organisations[key]))
    return figures


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize() if value == value.to_integral_value() else value, "f")
