"""The metrics service's tables, in one package as in every service: what they share (the
schema, its audit and idempotency tables) here, and a module per feature's tables beside it
(`catalogue.py`, `observations.py`, ...), which any feature may import. This module imports
none of them; `migrations/env.py` imports them all."""

from shared.audit import audit_table
from shared.idempotency import idempotency_table

SCHEMA = "metrics"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)
