"""Names of the directory's jobs (shared by the code that enqueues and tasks.py)."""

IMPORT_RUN = "directory.import.run"
IMPORT_SWEEP = "directory.import.sweep"
IMPORT_MAX_TRIES = 3
SWEEP_EVERY_SECONDS = 30
