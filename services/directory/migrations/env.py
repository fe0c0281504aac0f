from alembic import context
from sqlmodel import SQLModel

from services.directory.models import SCHEMA
from shared.migrations import run_env

run_env(context, SQLModel.metadata, SCHEMA)
