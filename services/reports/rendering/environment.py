"""The Jinja environments: HTML with autoescape on, Markdown with its own escaping of every
expression (see markdown.py)."""

import re
from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

# Bidirectional controls: an embedding, override or isolate left open in words someone wrote
# would reorder the page's own words after them, to the end of the paragraph.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolated(value: object) -> Markup:
    """Words someone wrote, in `<bdi>` when they hold a bidirectional control: closed or not, it
    cannot reorder the report's words around them."""
    escaped = escape(value)
    return Markup("<bdi>") + escaped + Markup("</bdi>") if BIDI_CONTROLS.search(escaped) else escaped


def _isolate_controls(value: object) -> object:
    """Every expression of a page that holds a bidirectional control is isolated, wherever a
    template puts it (names, findings, recommendations, assessments, evidence, commitments)."""
    if isinstance(value, str) and BIDI_CONTROLS.search(value) and not value.startswith("<bdi>"):
        return isolated(value)
    return value


@cache
def environment(kind: str, finalize: Callable[[object], object] | None = None) -> Environment:
    return Environment(
        loader=PackageLoader("services.reports.rendering", "templates"),
        autoescape=kind == "html",
        undefined=StrictUndefined,
        finalize=finalize or (_isolate_controls if kind == "html" else None),
        keep_trailing_newline=True,
        # Markdown is line-oriented: block tags must not leave blank or indented lines behind.
        trim_blocks=kind == "markdown",
        lstrip_blocks=kind == "markdown",
    )
