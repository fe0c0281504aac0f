from alembic import context
from sqlmodel import SQLModel

# Every table of the directory, so the metadata is whole (autogenerate compares it).
from services.directory.accounts import models as _accounts  # noqa: F401
from services.directory.coalitions import models as _coalitions  # noqa: F401
from services.directory.imports import models as _imports  # noqa: F401
from services.directory.memberships import models as _memberships  # noqa: F401
from services.directory.models import SCHEMA
from services.directory.organisations import models as _organisations  # noqa: F401
from services.directory.reference import models as _reference  # noqa: F401
from services.directory.shared_services import models as _shared_services  # noqa: F401
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
