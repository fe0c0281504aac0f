"""The Jinja environments: HTML with autoescape on, Markdown with its own escaping of every
expression (see markdown.py)."""

from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment(kind: str, finalize: Callable[[object], object] | None = None) -> Environment:
    return Environment(
        loader=PackageLoader("services.reports.rendering", "templates"),
        autoescape=kind == "html",
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        # Markdown is line-oriented: block tags must not leave blank or indented lines behind.
        trim_blocks=kind == "markdown",
        lstrip_blocks=kind == "markdown",
    )
