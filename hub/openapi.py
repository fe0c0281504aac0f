"""The public API's OpenAPI document, merged as the gateway serves it, made without running
anything: what `clients/` is generated from (`make clients`)."""

import json
from typing import Any

from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.gateway.openapi import TITLE, merge
from services.metrics.app import create_app as create_metrics
from services.metrics.config import MetricsSettings
from services.reports.app import create_app as create_reports
from services.reports.config import ReportsSettings

VERSION = "0.1.0"  # every app's (shared/app.py)
# Building an app opens nothing (the lifespan does): these only satisfy the settings.
OFFLINE: dict[str, Any] = {
    "database_url": "postgresql://offline/none",
    "redis_url": "redis://offline/0",
    "environment": "development",
    "secret_key": "openapi-document-only-" + "x" * 16,
}


def document() -> dict[str, Any]:
    apps = {
        "directory": create_directory(DirectorySettings(**OFFLINE)),
        "metrics": create_metrics(MetricsSettings(**OFFLINE)),
        "reports": create_reports(ReportsSettings(**OFFLINE)),
    }
    return merge({name: app.openapi() for name, app in apps.items()}, title=TITLE, version=VERSION)


def dumps(doc: dict[str, Any]) -> str:
    """The one spelling of the document kept in the repository."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
