from shared.audit import audit_table

SCHEMA = "reports"
AuditLog = audit_table(SCHEMA)
