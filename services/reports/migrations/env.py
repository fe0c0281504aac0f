from alembic import context
from sqlmodel import SQLModel

from services.reports.models import SCHEMA

# Every table of the service, so that the metadata describes the whole schema.
from services.reports.models import accountability as accountability  # noqa: F401
from services.reports.models import authoring as authoring  # noqa: F401
from services.reports.models import runs as runs  # noqa: F401
from services.reports.models import signoff as signoff  # noqa: F401
from services.reports.models import testimonies as testimonies  # noqa: F401
from services.reports.models import webhooks as webhooks  # noqa: F401
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
