"""Every route of every service declares who may call it, so a route added later without a
rule fails here before it can ship."""

from fastapi import FastAPI
from fastapi.routing import APIRoute

from shared.auth import UNSIGNED_PATHS

KNOWN_RULES = {
    "public",
    "public_or_coalition_member",
    "authenticated",
    "org_member",
    "org_admin",
    "proposer",
    "any_org_admin",
    "coalition_admin",
    "reviewer",
    "platform_admin",
    "service",
    "authoring_coalition_admin",
    "coalition_member",
    "country_coalition_admin",
    "commitment_coalition_admin",
    "country_coalition_member",
    "org_own_member",
    "org_own_admin",
}


def service_apps(directory_app: FastAPI, metrics_app: FastAPI, reports_app: FastAPI) -> dict[str, FastAPI]:
    return {"directory": directory_app, "metrics": metrics_app, "reports": reports_app}


def test_every_documented_operation_declares_its_access_rule(
    directory_app: FastAPI, metrics_app: FastAPI, reports_app: FastAPI
) -> None:
    missing, operations = [], 0
    for name, app in service_apps(directory_app, metrics_app, reports_app).items():
        for path, item in app.openapi()["paths"].items():
            for method, operation in item.items():
                operations += 1
                if operation.get("x-access") not in KNOWN_RULES:
                    missing.append(f"{name}: {method.upper()} {path}")

    assert operations >= 15
    assert missing == []


def test_undocumented_routes_declare_one_too(
    directory_app: FastAPI, metrics_app: FastAPI, reports_app: FastAPI
) -> None:
    missing = [
        f"{route.methods} {route.path}"
        for app in service_apps(directory_app, metrics_app, reports_app).values()
        for route in app.routes
        if isinstance(route, APIRoute)
        and route.path not in UNSIGNED_PATHS
        and (route.openapi_extra or {}).get("x-access") not in KNOWN_RULES
    ]

    assert missing == []
