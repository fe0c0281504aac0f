"""JSON log lines on stdout, each carrying the service name and the current request id."""

import logging
import sys

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from shared.request_context import request_id_var

_base_factory = logging.getLogRecordFactory()
_service = "hub"


def _record_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    # Every record, whoever handles it, knows the service and the request it belongs to.
    record = _base_factory(*args, **kwargs)
    record.service = _service
    record.request_id = request_id_var.get()
    return record


class _HubHandler(logging.StreamHandler):
    """Marks the handler we install, so configuring again replaces it and leaves others."""


def configure_logging(service: str, level: str = "INFO") -> None:
    global _service
    _service = service
    logging.setLogRecordFactory(_record_factory)
    handler = _HubHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}{service}{request_id}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            # uvicorn gives its lines a copy of the message with terminal colour codes, which
            # JSON shows as "\u001b[36m" noise on every start and stop line.
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _HubHandler)] + [handler]
    root.setLevel(level.upper())
    # Our middleware writes the access log (with the request id); uvicorn's would duplicate it.
    for name in ("uvicorn", "uvicorn.error", "arq"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)  # every hop is in the access log already
    # WeasyPrint logs every layout step of every page at INFO: hundreds of lines per report.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class QuietJobs(logging.Filter):
    """Drops arq's start and finish lines of the named jobs (the periodic sweeps: two lines each,
    a dozen every half minute, which bury everything else on a console). What a sweep finds and
    does, it logs itself; a sweep that fails is still logged by arq and the job wrapper."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = frozenset(names)

    def filter(self, record: logging.LogRecord) -> bool:
        # arq's lines are ("%6.2fs → %s(%s)%s" | "%6.2fs ← %s ● %s", seconds, job, ...).
        args = record.args if isinstance(record.args, tuple) else ()
        return not (record.levelno == logging.INFO and len(args) > 1 and args[1] in self.names)
