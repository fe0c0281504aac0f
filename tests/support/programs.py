"""Programs a few tests need beyond the project's packages (Debian's chromium and wrk, kubectl):
found on the PATH, or the test is skipped on a developer's machine and fails in CI (`CI` set),
whose `.ci/run` installs them."""

import os
import shutil

import pytest


def program(name: str, why: str) -> str:
    """The program's path; without it, a skip that says `why`, or a failure in CI."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI: {why}")
    pytest.skip(f"{name} is not installed: {why}")
