"""Query parameters that no parameter of the route names are refused, not ignored: a misspelt
filter (`contry=NPL`) would otherwise be answered as if absent, with every country's figures."""

from fastapi import Request
from fastapi.routing import APIRoute

from shared.errors import InvalidInput


def _names(route: APIRoute) -> frozenset[str]:
    """The query parameters `route` takes, its dependencies' included (by their names in the
    URL); found once per route and kept on it."""
    known: frozenset[str] | None = getattr(route, "query_names", None)
    if known is None:
        names: set[str] = set()
        dependants = [route.dependant]
        while dependants:
            dependant = dependants.pop()
            names.update(param.alias for param in dependant.query_params)
            dependants.extend(dependant.dependencies)
        known = frozenset(names)
        setattr(route, "query_names", known)  # noqa: B010 - an attribute of our own on a FastAPI route
    return known


async def known_query_parameters(request: Request) -> None:
    """A dependency of every route of a service (shared.app)."""
    if not request.query_params:
        return
    route = request.scope.get("route")
    taken = _names(route) if isinstance(route, APIRoute) else frozenset()
    unknown = sorted(set(request.query_params) - taken)
    if unknown:
        listed = ", ".join(sorted(taken)) or "none"
        raise InvalidInput(
            f"Unknown query parameter: {', '.join(unknown)}.",
            errors=[
                {"field": f"query.{name}", "reason": f"not a parameter of this endpoint (it takes: {listed})"}
                for name in unknown
            ],
        )
