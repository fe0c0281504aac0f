"""`make test` runs the suite in two phases: `-m "not process"`, then `-m process`. The second
phase's workers import only the modules that mark tests `process` (collecting the whole suite
cost each of its four workers about 4 s of CPU more); the first phase checks that every test
marked `process` lives in a module this text search finds, so none can drop out of both."""

from functools import cache
from pathlib import Path

import pytest

MARKER = "process"
SPELLING = f"mark.{MARKER}"  # `pytest.mark.process`, as a decorator or in `pytestmark`


@cache
def marks_process(path: Path) -> bool:
    return SPELLING in path.read_text(encoding="utf-8")


def skip_module(path: Path, config: pytest.Config) -> bool | None:
    """True for a test module the process phase need not import."""
    is_test_module = path.suffix == ".py" and path.name.startswith("test_")
    if config.getoption("markexpr") == MARKER and is_test_module:
        return not marks_process(path)
    return None


def check_mark(item: pytest.Item) -> None:
    """Stop the run at a test marked `process` in a way `marks_process` does not see."""
    if item.get_closest_marker(MARKER) and not marks_process(item.path):
        raise pytest.UsageError(f"{item.path} marks tests {MARKER!r} without the words {SPELLING!r}")
