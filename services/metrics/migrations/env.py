from alembic import context
from sqlmodel import SQLModel

from services.metrics.models import SCHEMA

# Every table of the service, so that the metadata describes the whole schema.
from services.metrics.models import batches as batches  # noqa: F401
from services.metrics.models import catalogue as catalogue  # noqa: F401
from services.metrics.models import observations as observations  # noqa: F401
from services.metrics.models import rollups as rollups  # noqa: F401
from services.metrics.models import targets as targets  # noqa: F401
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
