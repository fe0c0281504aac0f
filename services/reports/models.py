from shared.audit import audit_table
from shared.idempotency import idempotency_table

SCHEMA = "reports"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)
