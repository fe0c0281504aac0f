"""Names of the reports service's jobs (shared by the code that enqueues and tasks.py)."""

SWEEP_EVERY_SECONDS = 30

WEBHOOK_DELIVER = "reports.webhook.deliver"
WEBHOOK_SWEEP = "reports.webhook.sweep"
# arq's own cap on retries of one delivery job; REPORTS_WEBHOOKS_MAX_ATTEMPTS decides when to give up.
WEBHOOK_DELIVER_MAX_TRIES = 100

REPORT_GENERATE = "reports.report.generate"
REPORT_SWEEP = "reports.report.sweep"
REPORT_MAX_TRIES = 5
