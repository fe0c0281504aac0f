"""The roll-up tables, as the migrations create them (0005, 0010, 0011). The repository reads
and writes them in SQL only; these declarations let the schema be compared with the migrations
(`tests/test_migrations_match_models.py`). `rollups` has no primary key: the refresh replaces a
whole year of a key at once."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlmodel import SQLModel

from services.metrics.models import SCHEMA

Rollups = Table(
    "rollups",
    SQLModel.metadata,
    Column("indicator_code", String(64), nullable=False),
    Column("country", String(3), nullable=False),
    Column("year", String(4), nullable=False),
    Column("period", String(7), nullable=False),
    Column("grain", SmallInteger, nullable=False),
    Column("top", SmallInteger, nullable=False),
    Column("shape", Text, nullable=False),
    Column("label", JSONB, nullable=False),
    Column("remainder", Boolean, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("organisations", ARRAY(UUID(as_uuid=True)), nullable=False),
    Column("amounts", ARRAY(Numeric), nullable=False),
    Column("weighted_amounts", ARRAY(Numeric), nullable=False),
    Column("weights", ARRAY(Numeric), nullable=False),  # each organisation's weights' sum
    Column("n", BigInteger, nullable=False),
    Column("total", Numeric, nullable=False),
    Column("weighted_total", Numeric),
    Column("weight_total", Numeric),
    Column("min", Numeric, nullable=False),
    Column("max", Numeric, nullable=False),
    Column("refreshed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_rollups_read", "indicator_code", "shape", "grain", "top"),
    Index("ix_rollups_key", "indicator_code", "year", "country"),
    schema=SCHEMA,
)

# The keys whose observations changed since their roll-ups were computed; `seq` numbers the
# changes (the sequence `rollup_change_seq`), so an indicator's figures know their state.
RollupChanges = Table(
    "rollup_changes",
    SQLModel.metadata,
    Column("indicator_code", String(64), primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("country", String(3), primary_key=True),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("seq", BigInteger, nullable=False, server_default=text(f"nextval('{SCHEMA}.rollup_change_seq')")),
    schema=SCHEMA,
)

# Each indicator's generation: a number of the same sequence, taken anew by every refresh of its
# roll-ups.
RollupGenerations = Table(
    "rollup_generations",
    SQLModel.metadata,
    Column("indicator_code", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    schema=SCHEMA,
)
