from alembic import context
from sqlmodel import SQLModel

# Every table of the service, so that the metadata describes the whole schema.
from services.reports.accountability import models as accountability  # noqa: F401
from services.reports.authoring import models as authoring  # noqa: F401
from services.reports.models import SCHEMA
from services.reports.runs import models as runs  # noqa: F401
from services.reports.signoff import models as signoff  # noqa: F401
from services.reports.testimonies import models as testimonies  # noqa: F401
from services.reports.webhooks import models as webhooks  # noqa: F401
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
