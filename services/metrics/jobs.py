"""Names of the metrics service's jobs (shared by the code that enqueues and tasks.py)."""

BATCH_APPLY = "metrics.batch.apply"
BATCH_SWEEP = "metrics.batch.sweep"
ROLLUPS_REFRESH = "metrics.rollups.refresh"
ROLLUPS_SWEEP = "metrics.rollups.sweep"

BATCH_MAX_TRIES = 3
SWEEP_EVERY_SECONDS = 30
# Keys refreshed per transaction: small enough that a refresh never holds locks for long.
ROLLUPS_PER_TRANSACTION = 500
# A statement of a large batch (a million rows) may run for minutes.
BATCH_STATEMENT_SECONDS = 1800
