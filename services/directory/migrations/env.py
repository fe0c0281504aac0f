from alembic import context

from services.directory.models import SCHEMA
from shared.migrations import run_env
from sqlmodel import SQLModel

run_env(context, SQLModel.metadata, SCHEMA)
