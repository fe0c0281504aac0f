from alembic import context
from sqlmodel import SQLModel

# Every table of the service, so that the metadata describes the whole schema.
from services.metrics.batches import models as batches  # noqa: F401
from services.metrics.catalogue import models as catalogue  # noqa: F401
from services.metrics.models import SCHEMA
from services.metrics.observations import models as observations  # noqa: F401
from services.metrics.rollups import models as rollups  # noqa: F401
from services.metrics.targets import models as targets  # noqa: F401
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
