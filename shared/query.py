"""Query parameters that no parameter of the route names are refused, not ignored: a misspelt
filter (`contry=NPL`) would otherwise be answered as if absent, with every country's figures.
So is a parameter of one value given several times (`limit=1&limit=2`), which FastAPI reads as
its last value and a proxy or cache in front may read as its first."""

from dataclasses import dataclass

from fastapi import Request
from fastapi._compat import field_annotation_is_sequence
from fastapi.routing import APIRoute

from shared.errors import InvalidInput


@dataclass(frozen=True)
class _Taken:
    names: frozenset[str]
    repeatable: frozenset[str]  # those of several values (a list), given by repeating them


def _taken(route: APIRoute) -> _Taken:
    """The query parameters `route` takes, its dependencies' included (by their names in the
    URL); found once per route and kept on it."""
    known: _Taken | None = getattr(route, "query_names", None)
    if known is None:
        names: set[str] = set()
        repeatable: set[str] = set()
        dependants = [route.dependant]
        while dependants:
            dependant = dependants.pop()
            for param in dependant.query_params:
                names.add(param.alias)
                if field_annotation_is_sequence(param.field_info.annotation):
                    repeatable.add(param.alias)
            dependants.extend(dependant.dependencies)
        known = _Taken(frozenset(names), frozenset(repeatable))
        setattr(route, "query_names", known)  # noqa: B010 - an attribute of our own on a FastAPI route
    return known


async def known_query_parameters(request: Request) -> None:
    """A dependency of every route of a service (shared.app)."""
    if not request.query_params:
        return
    route = request.scope.get("route")
    taken = _taken(route) if isinstance(route, APIRoute) else _Taken(frozenset(), frozenset())
    if unknown := sorted(set(request.query_params) - taken.names):
        listed = ", ".join(sorted(taken.names)) or "none"
        raise InvalidInput(
            f"Unknown query parameter: {', '.join(unknown)}.",
            errors=[
                {"field": f"query.{name}", "reason": f"not a parameter of this endpoint (it takes: {listed})"}
                for name in unknown
            ],
        )
    counts = {name: len(request.query_params.getlist(name)) for name in request.query_params}
    if repeated := sorted(name for name, n in counts.items() if n > 1 and name not in taken.repeatable):
        raise InvalidInput(
            f"Query parameter given more than once: {', '.join(repeated)}.",
            errors=[
                {"field": f"query.{name}", "reason": f"takes one value, given {counts[name]} times"}
                for name in repeated
            ],
        )
