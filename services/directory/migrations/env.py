from alembic import context
from sqlmodel import SQLModel

from services.directory.models import SCHEMA

# Every table of the directory, so the metadata is whole (autogenerate compares it).
from services.directory.models import accounts as _accounts  # noqa: F401
from services.directory.models import coalitions as _coalitions  # noqa: F401
from services.directory.models import imports as _imports  # noqa: F401
from services.directory.models import memberships as _memberships  # noqa: F401
from services.directory.models import organisations as _organisations  # noqa: F401
from services.directory.models import reference as _reference  # noqa: F401
from services.directory.models import shared_services as _shared_services  # noqa: F401
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
