"""The JSON log lines: what they carry, and what they leave out."""

import io
import json
import logging

import pytest

from shared import logging as hub_logging


def test_a_line_leaves_out_uvicorns_coloured_copy_of_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(hub_logging.sys, "stdout", out)
    monkeypatch.setattr(hub_logging, "_service", hub_logging._service)  # restored after the test
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        hub_logging.configure_logging("probe")
        logging.getLogger("tests.logging.probe").info(  # a line as uvicorn writes its own
            "Started server process [%d]", 42, extra={"color_message": "Started server process [\x1b[36m%d\x1b[0m]"}
        )
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)

    [line] = [json.loads(text) for text in out.getvalue().splitlines() if "Started" in text]
    assert line["message"] == "Started server process [42]" and line["service"] == "probe"
    assert "color_message" not in line
