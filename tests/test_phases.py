"""The process phase imports only the modules that mark tests `process`, and no test marked some
other way can slip out of both phases (tests/support/phases.py)."""

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from tests.support import phases


def config(markexpr: str) -> pytest.Config:
    return cast(pytest.Config, SimpleNamespace(getoption=lambda name: markexpr if name == "markexpr" else None))


def item(path: Path, *, marked: bool) -> pytest.Item:
    marker = pytest.mark.process.mark if marked else None
    return cast(pytest.Item, SimpleNamespace(path=path, get_closest_marker=lambda name: marker))


def module(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_process_phase_skips_modules_that_do_not_mark_process_tests(tmp_path: Path) -> None:
    marking = module(tmp_path, "test_a.py", "import pytest\npytestmark = pytest.mark.process\n")
    decorating = module(tmp_path, "test_b.py", "import pytest\n@pytest.mark.process\ndef test_x(): ...\n")
    plain = module(tmp_path, "test_c.py", "def test_x(): ...\n")
    helper = module(tmp_path, "helpers.py", "X = 1\n")

    process: dict[Path, Any] = {
        p: phases.skip_module(p, config("process")) for p in (marking, decorating, plain, helper)
    }
    other = {p: phases.skip_module(p, config("not process")) for p in (marking, decorating, plain)}

    assert process == {marking: False, decorating: False, plain: True, helper: None}
    assert set(other.values()) == {None}


def test_a_test_marked_process_some_other_way_stops_the_run(tmp_path: Path) -> None:
    hidden = module(tmp_path, "test_d.py", "import pytest\npytestmark = getattr(pytest.mark, 'process')\n")
    seen = module(tmp_path, "test_e.py", "import pytest\npytestmark = pytest.mark.process\n")

    phases.check_mark(item(seen, marked=True))
    phases.check_mark(item(hidden, marked=False))
    with pytest.raises(pytest.UsageError, match="test_d.py"):
        phases.check_mark(item(hidden, marked=True))
